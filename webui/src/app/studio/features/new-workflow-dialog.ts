import { Component, inject, output, signal } from '@angular/core';

import type { Workflow } from '../../core/api/models';
import { ErrorAlert } from '../../core/ui/error-alert';
import { Field } from '../../core/ui/field';
import { DialogFrame } from '../../core/ui/dialog-parts';
import { FormDialog } from '../../core/ui/form-dialog';
import { EditingService } from '../domain/editing.service';

/** Create an empty workflow to design in the graph editor. */
@Component({
  selector: 'fl-new-workflow-dialog',
  imports: [DialogFrame, Field, ErrorAlert],
  template: `
    <dialog
      #dialog
      flDialog="New workflow"
      titleId="new-workflow-title"
      submit="Create workflow"
      [disabled]="!name().trim() || busy()"
      (submitted)="submit()"
    >
      <p ngProjectAs="[dialog-intro]" class="muted small">
        An empty draft: choose its trigger and add steps in the editor.
      </p>
      <fl-error [error]="error()" />
      <div flField="Name" labelFor="new-workflow-name">
        <input
          id="new-workflow-name"
          class="input"
          required
          maxlength="255"
          [value]="name()"
          (input)="name.set($any($event.target).value)"
        />
      </div>
      <div flField="Description" labelFor="new-workflow-description">
        <input
          id="new-workflow-description"
          class="input"
          [value]="description()"
          (input)="description.set($any($event.target).value)"
        />
      </div>
    </dialog>
  `,
})
export class NewWorkflowDialog extends FormDialog {
  private readonly editing = inject(EditingService);
  readonly created = output<Workflow>();
  protected readonly name = signal('');
  protected readonly description = signal('');

  open(): void {
    this.name.set('');
    this.description.set('');
    this.show();
  }

  protected async submit(): Promise<void> {
    await this.submitting(async () => {
      const workflow = await this.editing.create(this.name().trim(), this.description().trim());
      this.close();
      this.created.emit(workflow);
    });
  }
}
