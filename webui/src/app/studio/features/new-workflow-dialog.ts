import { Component, type ElementRef, inject, output, signal, viewChild } from '@angular/core';

import type { Workflow } from '../../core/api/models';
import { ErrorAlert } from '../../core/ui/error-alert';
import { EditingService } from '../domain/editing.service';

/** Create an empty workflow to design in the graph editor. */
@Component({
  selector: 'fl-new-workflow-dialog',
  imports: [ErrorAlert],
  template: `
    <dialog #dialog class="dialog" aria-labelledby="new-workflow-title">
      <form (submit)="$event.preventDefault(); submit()">
        <header>
          <h2 id="new-workflow-title">New workflow</h2>
          <p class="muted small">An empty draft: choose its trigger and add steps in the editor.</p>
        </header>
        <fl-error [error]="error()" />
        <div class="field">
          <label for="new-workflow-name">Name</label>
          <input
            id="new-workflow-name"
            class="input"
            required
            maxlength="255"
            [value]="name()"
            (input)="name.set($any($event.target).value)"
          />
        </div>
        <div class="field">
          <label for="new-workflow-description">Description</label>
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
export class NewWorkflowDialog {
  private readonly editing = inject(EditingService);
  private readonly dialog = viewChild.required<ElementRef<HTMLDialogElement>>('dialog');
  readonly created = output<Workflow>();
  protected readonly name = signal('');
  protected readonly description = signal('');
  protected readonly busy = signal(false);
  protected readonly error = signal<unknown>(null);

  open(): void {
    this.name.set('');
    this.description.set('');
    this.error.set(null);
    this.dialog().nativeElement.showModal();
  }

  close(): void {
    this.dialog().nativeElement.close();
  }

  protected async submit(): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      const workflow = await this.editing.create(this.name().trim(), this.description().trim());
      this.close();
      this.created.emit(workflow);
    } catch (error) {
      this.error.set(error);
    } finally {
      this.busy.set(false);
    }
  }
}
