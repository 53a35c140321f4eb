import { Component, ElementRef, inject, output, signal, viewChild } from '@angular/core';
import { FormsModule } from '@angular/forms';

import { ErrorAlert } from '../../core/ui/error-alert';
import { Toasts } from '../../core/ui/toasts';
import { typedValue, VARIABLE_TYPES, VariablesService } from '../domain/variables.service';

export interface MissingValue {
  kind: 'variable' | 'secret';
  name: string;
  type: string;
}

/** Create the project variable or secret a workflow's binding names but the project lacks. */
@Component({
  selector: 'fl-fix-binding-dialog',
  imports: [FormsModule, ErrorAlert],
  template: `
    <dialog #dialog class="dialog" aria-labelledby="fix-title">
      <form (submit)="$event.preventDefault(); submit()">
        <header>
          <h2 id="fix-title">
            Set the {{ missing().kind }} <code>{{ missing().name }}</code>
          </h2>
          <p class="muted small">
            It is a project {{ missing().kind }}: every workflow of the project can use it.
          </p>
        </header>
        <fl-error [error]="error()" />
        @if (missing().kind === 'variable') {
          <div class="field">
            <label for="fix-type">Type</label>
            <select id="fix-type" name="type" class="select" [(ngModel)]="type">
              @for (t of types; track t) {
                <option [value]="t">{{ t }}</option>
              }
            </select>
          </div>
        }
        <div class="field">
          <label for="fix-value">Value</label>
          <input
            id="fix-value"
            name="value"
            class="input"
            required
            [(ngModel)]="value"
            [type]="missing().kind === 'secret' || type === 'password' ? 'password' : 'text'"
          />
        </div>
        <footer>
          <button class="btn" type="button" (click)="close()">Cancel</button>
          <button class="btn primary" type="submit" [disabled]="busy()">
            Save {{ missing().kind }}
          </button>
        </footer>
      </form>
    </dialog>
  `,
})
export class FixBindingDialog {
  private readonly variables = inject(VariablesService);
  private readonly toasts = inject(Toasts);
  private readonly dialog = viewChild.required<ElementRef<HTMLDialogElement>>('dialog');
  readonly saved = output<void>();
  protected readonly types = VARIABLE_TYPES;
  protected readonly missing = signal<MissingValue>({ kind: 'variable', name: '', type: 'string' });
  protected readonly busy = signal(false);
  protected readonly error = signal<unknown>(null);
  protected type = 'string';
  protected value = '';

  open(missing: MissingValue): void {
    this.missing.set(missing);
    this.type = VARIABLE_TYPES.includes(missing.type) ? missing.type : 'string';
    this.value = '';
    this.error.set(null);
    this.dialog().nativeElement.showModal();
  }

  close(): void {
    this.dialog().nativeElement.close();
  }

  protected async submit(): Promise<void> {
    const { kind, name } = this.missing();
    this.busy.set(true);
    try {
      if (kind === 'secret') {
        await this.variables.setSecret(name, this.value);
      } else {
        await this.variables.setVariable(name, this.type, typedValue(this.type, this.value));
      }
      this.toasts.show(`${kind === 'secret' ? 'Secret' : 'Variable'} ${name} saved`);
      this.close();
      this.saved.emit();
    } catch (error) {
      this.error.set(error);
    } finally {
      this.busy.set(false);
    }
  }
}
