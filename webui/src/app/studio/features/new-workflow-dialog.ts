import { Component, inject, output, signal } from '@angular/core';

import type { Workflow } from '../../core/api/models';
import { ErrorAlert } from '../../core/ui/error-alert';
import { Field } from '../../core/ui/field';
import { FormDialog } from '../../core/ui/form-dialog';
import { EditingService } from '../domain/editing.service';

/** Create an empty workflow to design in the graph editor. */
@Component({
  selector: 'fl-new-workflow-dialog',
  imports: [Field, ErrorAlert],
  template: `
    <dialog #dialog class="dialog" aria-labelledby="new-workflow-title">
      <form (submit)="$event.preventDefault(); submit()">
        <header>
          <h2 id="new-workflow-title">New workflow</h2>
          <p class="muted small">An empty draft: choose its trigger and add steps in the editor.</p>
        </header>
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
        <footer>
          <button class="btn" type="button" (click)="close()">Cancel</button>
          <button class="btn primary" type="submit" [disabled]="!name().trim() || busy()">
            Create workflow
          </button>
        </footer>
      </form>
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
