import { Component, inject, input, output } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';

import type { OutputSpec } from '../api/models';
import { ErrorAlert } from '../ui/error-alert';
import { DialogFrame } from '../ui/dialog-parts';
import { FormDialog } from '../ui/form-dialog';
import { isFileOutput, type RunForm } from './run-form';
import { RunStarter } from './run-starter';

const LONG_TYPES = ['longstring'];

/** A form generated from the manual trigger's outputs: one field per output, typed. The studio's
 * workflow page opens it; the started run's id is emitted. */
@Component({
  selector: 'fl-start-run-dialog',
  imports: [DialogFrame, FormsModule, RouterLink, ErrorAlert],
  template: `
    <dialog
      #dialog
      flDialog="Start a run"
      titleId="start-run-title"
      submit="Start run"
      [disabled]="busy()"
      noValidate
      (submitted)="submit()"
    >
      <p ngProjectAs="[dialog-intro]" class="muted small">
        The values the trigger hands to the workflow's steps.
      </p>
      <fl-error [error]="error()" />
      @for (spec of outputs(); track spec.name) {
        <div class="field">
          <label [for]="'run-' + spec.name"
            >{{ spec.name }}
            <span class="muted small"
              >({{ spec.type }}{{ spec.optional ? ', optional' : '' }})</span
            ></label
          >
          @if (isFile(spec)) {
            <input
              [id]="'run-' + spec.name"
              type="file"
              class="input"
              [required]="!spec.optional"
              (change)="values[spec.name] = $any($event.target).files?.[0] ?? null"
            />
          } @else if (spec.enum_values.length) {
            <select
              [id]="'run-' + spec.name"
              class="select"
              [name]="spec.name"
              [(ngModel)]="values[spec.name]"
            >
              @for (v of spec.enum_values; track v) {
                <option [value]="v">{{ v }}</option>
              }
            </select>
          } @else if (spec.type === 'boolean') {
            <select
              [id]="'run-' + spec.name"
              class="select"
              [name]="spec.name"
              [(ngModel)]="values[spec.name]"
            >
              <option value="true">true</option>
              <option value="false">false</option>
            </select>
          } @else if (isLong(spec)) {
            <textarea
              [id]="'run-' + spec.name"
              class="textarea"
              [name]="spec.name"
              [(ngModel)]="values[spec.name]"
            ></textarea>
          } @else {
            <input
              [id]="'run-' + spec.name"
              class="input"
              [name]="spec.name"
              [(ngModel)]="values[spec.name]"
              [type]="inputType(spec)"
              [required]="!spec.optional"
              [attr.step]="spec.type === 'float' ? 'any' : null"
            />
          }
        </div>
      } @empty {
        <p class="muted">This trigger takes no value.</p>
      }
      <p class="muted small script">
        From a script or CI:
        <a [routerLink]="['/runs']" [queryParams]="{ workflow: workflowId() }"
          >the workflow's webhook URL and a curl example</a
        >.
      </p>
    </dialog>
  `,
  styles: `
    .script {
      margin: 20px 0 0;
    }
  `,
})
export class StartRunDialog extends FormDialog {
  readonly workflowId = input.required<string>();
  readonly outputs = input.required<OutputSpec[]>();
  readonly started = output<string>();
  private readonly runs = inject(RunStarter);
  protected values: RunForm = {};

  open(): void {
    this.values = {};
    for (const spec of this.outputs()) {
      this.values[spec.name] = spec.enum_values[0] ?? (spec.type === 'boolean' ? 'false' : '');
    }
    this.show();
  }

  protected isFile(spec: OutputSpec): boolean {
    return isFileOutput(spec);
  }

  protected isLong(spec: OutputSpec): boolean {
    return LONG_TYPES.includes(spec.type);
  }

  protected inputType(spec: OutputSpec): string {
    if (spec.type === 'integer' || spec.type === 'float') {
      return 'number';
    }
    return spec.type === 'password' ? 'password' : 'text';
  }

  protected async submit(): Promise<void> {
    await this.submitting(async () => {
      const runId = await this.runs.start(this.workflowId(), this.outputs(), this.values);
      this.close();
      this.started.emit(runId);
    });
  }
}
