import { Component, inject, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';

import { ErrorAlert } from '../../core/ui/error-alert';
import { DialogFrame } from '../../core/ui/dialog-parts';
import { FormDialog } from '../../core/ui/form-dialog';
import { Toasts } from '../../core/ui/toasts';
import { typedValue } from '../../core/workflows/values';
import { VARIABLE_TYPES, VariablesService } from '../../core/workflows/variables.service';
import type { MissingValue } from '../domain/problems';

let instances = 0;

/** Create the project variable or secret a workflow's binding names but the project lacks. */
@Component({
  selector: 'fl-fix-binding-dialog',
  imports: [DialogFrame, FormsModule, ErrorAlert],
  template: `
    <dialog
      #dialog
      flDialog
      [titleId]="uid + '-title'"
      [submit]="'Save ' + missing().kind"
      [disabled]="busy()"
      noValidate
      (submitted)="submit()"
    >
      <ng-container ngProjectAs="[dialog-title]">
        @if (missing().name) {
          Set the {{ missing().kind }} <code>{{ missing().name }}</code>
        } @else {
          New project {{ missing().kind }}
        }
      </ng-container>
      <p ngProjectAs="[dialog-intro]" class="muted small">
        It is a project {{ missing().kind }}: every workflow of the project can use it.
      </p>
      <fl-error [error]="error()" />
      @if (!missing().name) {
        <div class="field">
          <label [for]="uid + '-name'">Name</label>
          <input
            [id]="uid + '-name'"
            name="name"
            class="input mono"
            required
            pattern="[A-Za-z0-9_.-]{1,128}"
            [(ngModel)]="name"
          />
        </div>
      }
      @if (missing().kind === 'variable') {
        <div class="field">
          <label [for]="uid + '-type'">Type</label>
          <select [id]="uid + '-type'" name="type" class="select" [(ngModel)]="type">
            @for (t of types; track t) {
              <option [value]="t">{{ t }}</option>
            }
          </select>
        </div>
      }
      <div class="field">
        <label [for]="uid + '-value'">Value</label>
        <input
          [id]="uid + '-value'"
          name="value"
          class="input"
          required
          [(ngModel)]="value"
          [type]="missing().kind === 'secret' || type === 'password' ? 'password' : 'text'"
        />
      </div>
    </dialog>
  `,
})
export class FixBindingDialog extends FormDialog {
  private readonly variables = inject(VariablesService);
  private readonly toasts = inject(Toasts);
  /** The variable or secret saved (its name and type). */
  readonly saved = output<MissingValue>();
  protected readonly types = VARIABLE_TYPES;
  /** Ids of its own: the workflow page and its editor each hold one. */
  protected readonly uid = `fix-${++instances}`;
  protected readonly missing = signal<MissingValue>({ kind: 'variable', name: '', type: 'string' });
  protected type = 'string';
  protected value = '';
  protected name = '';

  /** `missing.name` empty: the person names it too. */
  open(missing: MissingValue): void {
    this.missing.set(missing);
    this.name = missing.name;
    this.type = VARIABLE_TYPES.includes(missing.type) ? missing.type : 'string';
    this.value = '';
    this.show();
  }

  protected async submit(): Promise<void> {
    const { kind } = this.missing();
    const name = this.name.trim();
    this.busy.set(true);
    try {
      if (kind === 'secret') {
        await this.variables.setSecret(name, this.value);
      } else {
        await this.variables.setVariable(name, this.type, typedValue(this.type, this.value));
      }
      this.toasts.show(`${kind === 'secret' ? 'Secret' : 'Variable'} ${name} saved`);
      this.close();
      this.saved.emit({ kind, name, type: this.type });
    } catch (error) {
      this.error.set(error);
    } finally {
      this.busy.set(false);
    }
  }
}
