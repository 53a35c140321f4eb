import { Component, computed, inject, type OnInit, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';

import type { RunSummary, WorkflowSummary } from '../../core/api/models';
import { Session } from '../../core/auth/session';
import { ErrorAlert } from '../../core/ui/error-alert';
import { DurationPipe, WhenPipe } from '../../core/ui/format';
import { poll } from '../../core/ui/poll';
import { StateBadge } from '../../core/ui/state-badge';
import { WorkflowsService } from '../../core/workflows/workflows.service';
import { RunsService } from '../domain/runs.service';
import { WebhookPanel } from './webhook-panel';

/** Runs, newest first, filtered by workflow and state; refreshed every 2 s. */
@Component({
  selector: 'fl-runs-page',
  imports: [FormsModule, RouterLink, ErrorAlert, StateBadge, WhenPipe, DurationPipe, WebhookPanel],
  template: `
    <div class="page">
      <div class="page-header">
        <div>
          <h1>Runs</h1>
          <p class="subtitle">
            Every event of a deployed workflow's trigger, and the steps it ran. Refreshed every 2
            seconds.
          </p>
        </div>
      </div>
      <form class="toolbar" aria-label="Filter runs" (submit)="$event.preventDefault()">
        <div class="field">
          <label for="runs-workflow">Workflow</label>
          <select
            id="runs-workflow"
            name="workflow"
            class="select"
            [(ngModel)]="workflowId"
            (ngModelChange)="filter()"
          >
            <option value="">All workflows</option>
            @for (w of workflows(); track w.id) {
              <option [value]="w.id">{{ w.name }}</option>
            }
          </select>
        </div>
        <div class="field">
          <label for="runs-state">State</label>
          <select
            id="runs-state"
            name="state"
            class="select"
            [(ngModel)]="state"
            (ngModelChange)="filter()"
          >
            <option value="">All states</option>
            @for (s of states; track s) {
              <option [value]="s">{{ s }}</option>
            }
          </select>
        </div>
      </form>
      <fl-error [error]="error()" />
      @if (workflowId && session.canOperate()) {
        <fl-webhook-panel [workflowId]="workflowId" />
      }
      <section class="card flush" aria-label="Runs">
        @if (runs().length) {
          <div class="table-wrap">
            <table class="table" data-testid="runs">
              <thead>
                <tr>
                  <th>Run</th>
                  <th>Workflow</th>
                  <th>State</th>
                  <th>Started by</th>
                  <th>Started</th>
                  <th>Duration</th>
                </tr>
              </thead>
              <tbody>
                @for (r of runs(); track r.id) {
                  <tr>
                    <td>
                      <a class="mono" [routerLink]="['/runs', r.id]">{{ r.id.slice(0, 8) }}</a>
                    </td>
                    <td>{{ names().get(r.workflow_id) ?? r.workflow_id }}</td>
                    <td><fl-state [state]="r.state" /></td>
                    <td>{{ r.trigger_source }}</td>
                    <td class="muted nowrap">{{ r.created_at | when }}</td>
                    <td>{{ r.created_at | duration: r.ended_at }}</td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
        } @else if (loaded()) {
          <div class="empty">
            <h3>No run</h3>
            <p>Deploy a workflow and start it: its runs appear here.</p>
          </div>
        }
      </section>
    </div>
  `,
})
export class RunsPage implements OnInit {
  protected readonly session = inject(Session);
  private readonly service = inject(RunsService);
  private readonly studio = inject(WorkflowsService);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  protected readonly states = ['Running', 'Completed', 'Error', 'Canceled'];
  protected workflowId = '';
  protected state = '';
  protected readonly runs = signal<RunSummary[]>([]);
  protected readonly workflows = signal<WorkflowSummary[]>([]);
  protected readonly loaded = signal(false);
  protected readonly error = signal<unknown>(null);
  protected readonly names = computed(() => new Map(this.workflows().map((w) => [w.id, w.name])));

  constructor() {
    poll(2000, () => this.load());
  }

  ngOnInit(): void {
    const query = this.route.snapshot.queryParamMap;
    this.workflowId = query.get('workflow') ?? '';
    this.state = query.get('state') ?? '';
    void this.studio.list().then(
      (w) => this.workflows.set(w),
      () => undefined,
    );
    void this.load();
  }

  protected filter(): void {
    const queryParams = { workflow: this.workflowId || null, state: this.state || null };
    void this.router.navigate([], { queryParams, replaceUrl: true });
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.runs.set(await this.service.list({ workflowId: this.workflowId, state: this.state }));
      this.error.set(null);
    } catch (error) {
      this.error.set(error);
    } finally {
      this.loaded.set(true);
    }
  }
}
