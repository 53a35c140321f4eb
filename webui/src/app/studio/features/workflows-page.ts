import { Component, inject, signal } from '@angular/core';
import { Router, RouterLink } from '@angular/router';

import type { Workflow, WorkflowSummary } from '../../core/api/models';
import { Session } from '../../core/auth/session';
import { ErrorAlert } from '../../core/ui/error-alert';
import { WhenPipe } from '../../core/ui/format';
import { poll } from '../../core/ui/poll';
import { saveFile } from '../../core/ui/save-file';
import { StateBadge } from '../../core/ui/state-badge';
import { WorkflowsService } from '../../core/workflows/workflows.service';
import { ImportDialog } from './import-dialog';
import { NewWorkflowDialog } from './new-workflow-dialog';

@Component({
  selector: 'fl-workflows-page',
  imports: [RouterLink, ErrorAlert, WhenPipe, StateBadge, ImportDialog, NewWorkflowDialog],
  template: `
    <div class="page">
      <div class="page-header">
        <div>
          <h1>Workflows</h1>
          <p class="subtitle">
            A trigger and the steps it starts. Deploy a workflow to make it run.
          </p>
        </div>
        @if (session.canEdit()) {
          <div class="actions">
            <button class="btn" type="button" (click)="dialog.open()">Import workflow</button>
            <button class="btn primary" type="button" (click)="newDialog.open()">
              New workflow
            </button>
          </div>
        }
      </div>
      <fl-error [error]="error()" />
      <section class="card flush" aria-label="Workflows">
        @if (items().length) {
          <div class="table-wrap">
            <table class="table" data-testid="workflows">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Deployment</th>
                  <th>Version</th>
                  <th>Changed</th>
                  <th><span class="visually-hidden">Operations</span></th>
                </tr>
              </thead>
              <tbody>
                @for (w of items(); track w.id) {
                  <tr [attr.data-workflow]="w.name">
                    <td>
                      <a [routerLink]="['/studio/workflows', w.id]"
                        ><strong>{{ w.name }}</strong></a
                      >
                      @if (w.description) {
                        <div class="small muted">{{ w.description }}</div>
                      }
                    </td>
                    <td>
                      @if (w.deployment) {
                        <fl-state [state]="w.deployment.state" />
                      } @else {
                        <span class="muted">Never deployed</span>
                      }
                    </td>
                    <td>{{ w.deployment ? 'v' + w.deployment.version_number : '—' }}</td>
                    <td class="muted nowrap">{{ w.updated_at | when }}</td>
                    <td class="actions">
                      <button
                        class="btn ghost small"
                        type="button"
                        (click)="export(w)"
                        [attr.aria-label]="'Export ' + w.name"
                      >
                        Export
                      </button>
                    </td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        } @else if (loaded()) {
          <div class="empty">
            <h3>No workflow yet</h3>
            <p>Design a new workflow, or import a <code>workflow.yaml</code>.</p>
          </div>
        }
      </section>
    </div>
    <fl-import-dialog #dialog (imported)="opened($event)" />
    <fl-new-workflow-dialog #newDialog (created)="opened($event)" />
  `,
})
export class WorkflowsPage {
  protected readonly session = inject(Session);
  private readonly workflows = inject(WorkflowsService);
  private readonly router = inject(Router);
  protected readonly items = signal<WorkflowSummary[]>([]);
  protected readonly loaded = signal(false);
  protected readonly error = signal<unknown>(null);

  constructor() {
    void this.load();
    poll(2000, () => this.load());
  }

  private async load(): Promise<void> {
    try {
      this.items.set(await this.workflows.list());
    } catch (error) {
      this.error.set(error);
    } finally {
      this.loaded.set(true);
    }
  }

  protected async export(workflow: WorkflowSummary): Promise<void> {
    try {
      const { blob, filename } = await this.workflows.export(workflow);
      saveFile(blob, filename);
    } catch (error) {
      this.error.set(error);
    }
  }

  protected opened(workflow: Workflow): void {
    void this.router.navigate(['/studio/workflows', workflow.id]);
  }
}
