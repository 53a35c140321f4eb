import { Component, inject, output, signal } from '@angular/core';

import { ApiError } from '../../core/api/errors';
import type { Workflow } from '../../core/api/models';
import { Field } from '../../core/ui/field';
import { FormDialog } from '../../core/ui/form-dialog';
import { WorkflowsService } from '../../core/workflows/workflows.service';

/** Import a workflow.yaml or zip; an unreadable file shows each error with its line. */
@Component({
  selector: 'fl-import-dialog',
  imports: [Field],
  template: `
    <dialog #dialog class="dialog" aria-labelledby="import-title">
      <form (submit)="$event.preventDefault(); submit()">
        <header>
          <h2 id="import-title">Import a workflow</h2>
          <p class="muted small">
            A <code>workflow.yaml</code>, or a zip holding it with its static files.
          </p>
        </header>
        @if (error(); as e) {
          <div class="alert danger" role="alert">
            <strong>{{ e.detail || e.title || 'The file was refused.' }}</strong>
            @if (e.errors.length) {
              <ul>
                @for (x of e.errors; track $index) {
                  <li>
                    @if (x.line) {
                      line {{ x.line }}:
                    }
                    @if (x.field) {
                      <code>{{ x.field }}</code>
                    }
                    {{ x.message }}
                  </li>
                }
              </ul>
            }
          </div>
        }
        <div flField="File" labelFor="import-file">
          <input
            id="import-file"
            name="file"
            type="file"
            class="input"
            accept=".yaml,.yml,.zip"
            (change)="pick($any($event.target).files)"
          />
        </div>
        <footer>
          <button class="btn" type="button" (click)="close()">Cancel</button>
          <button class="btn primary" type="submit" [disabled]="!file() || busy()">Import</button>
        </footer>
      </form>
    </dialog>
  `,
})
export class ImportDialog extends FormDialog<ApiError> {
  private readonly workflows = inject(WorkflowsService);
  readonly imported = output<Workflow>();
  protected readonly file = signal<File | null>(null);

  open(): void {
    this.file.set(null);
    this.show();
  }

  protected pick(files: FileList | null): void {
    this.file.set(files?.[0] ?? null);
  }

  protected async submit(): Promise<void> {
    const file = this.file();
    if (!file) {
      return;
    }
    this.busy.set(true);
    this.error.set(null);
    try {
      const workflow = await this.workflows.import(file);
      this.close();
      this.imported.emit(workflow);
    } catch (error) {
      this.error.set(
        error instanceof ApiError ? error : new ApiError(0, 'Import failed', String(error)),
      );
    } finally {
      this.busy.set(false);
    }
  }
}
