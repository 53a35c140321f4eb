import { Component, inject, output, signal } from '@angular/core';

import { ApiError } from '../../core/api/errors';
import type { Workflow } from '../../core/api/models';
import { Field } from '../../core/ui/field';
import { DialogFrame } from '../../core/ui/dialog-parts';
import { FormDialog } from '../../core/ui/form-dialog';
import { WorkflowsService } from '../../core/workflows/workflows.service';

/** Import a workflow.yaml or zip; an unreadable file shows each error with its line. */
@Component({
  selector: 'fl-import-dialog',
  imports: [DialogFrame, Field],
  template: `
    <dialog
      #dialog
      flDialog="Import a workflow"
      titleId="import-title"
      submit="Import"
      [disabled]="!file() || busy()"
      (submitted)="submit()"
    >
      <p ngProjectAs="[dialog-intro]" class="muted small">
        A <code>workflow.yaml</code>, or a zip holding it with its static files.
      </p>
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
