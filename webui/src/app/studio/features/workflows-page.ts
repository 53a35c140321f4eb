import { Component, inject, signal } from '@angular/core';
import { Router, RouterLink } from '@angular/router';

import type { Workflow, WorkflowSummary } from '../../core/api/models';
import { Session } from '../../core/auth/session';
import { ErrorAlert } from '../../core/ui/error-alert';
import { WhenPipe } from '../../core/ui/format';
import { ListCard } from '../../core/ui/list-card';
import { PageHeader } from '../../core/ui/page-header';
import { poll } from '../../core/ui/poll';
import { Resource } from '../../core/ui/resource';
import { RowAction } from '../../core/ui/row-action';
import { saveFile } from '../../core/ui/save-file';
import { StateBadge } from '../../core/ui/state-badge';
import { WorkflowsService } from '../../core/workflows/workflows.service';
import { ImportDialog } from './import-dialog';
import { NewWorkflowDialog } from './new-workflow-dialog';

@Component({
  selector: 'fl-workflows-page',
  imports: [
    RouterLink,
    ErrorAlert,
    WhenPipe,
    StateBadge,
    ImportDialog,
    NewWorkflowDialog,
    ListCard,
    PageHeader,
    RowAction,
  ],
  template: `
    <div class="page">
      <div
        flPageHeader="Workflows"
        subtitle="A trigger and the steps it starts. Deploy a workflow to make it run."
      >
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
      <section
        flListCard="Workflows"
        [count]="workflows.value().length"
        [ready]="workflows.loaded()"
        [columns]="['Name', 'Deployment', 'Version', 'Changed', '']"
        testId="workflows"
      >
        <tbody>
          @for (w of workflows.value(); track w.id) {
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
                  flRowAction="Export"
                  tone="ghost"
                  [subject]="w.name"
                  (click)="export(w)"
                ></button>
              </td>
            </tr>
          }
        </tbody>
        <h3>No workflow yet</h3>
        <p>Design a new workflow, or import a <code>workflow.yaml</code>.</p>
      </section>
    </div>
    <fl-import-dialog #dialog (imported)="opened($event)" />
    <fl-new-workflow-dialog #newDialog (created)="opened($event)" />
  `,
})
export class WorkflowsPage {
  protected readonly session = inject(Session);
  private readonly service = inject(WorkflowsService);
  private readonly router = inject(Router);
  protected readonly error = signal<unknown>(null);
  protected readonly workflows = new Resource<WorkflowSummary[]>(
    () => this.service.list(),
    [],
    this.error,
  );

  constructor() {
    void this.workflows.reload();
    poll(2000, () => this.workflows.reload());
  }

  protected async export(workflow: WorkflowSummary): Promise<void> {
    try {
      const { blob, filename } = await this.service.export(workflow);
      saveFile(blob, filename);
    } catch (error) {
      this.error.set(error);
    }
  }

  protected opened(workflow: Workflow): void {
    void this.router.navigate(['/studio/workflows', workflow.id]);
  }
}
