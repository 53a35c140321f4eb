import { Component, computed, inject, type OnInit, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';

import type { RunSummary, WorkflowSummary } from '../../core/api/models';
import { Session } from '../../core/auth/session';
import { ErrorAlert } from '../../core/ui/error-alert';
import { DurationPipe, WhenPipe } from '../../core/ui/format';
import { type Filter, FilterSelect } from '../../core/ui/filter-select';
import { ListCard } from '../../core/ui/list-card';
import { PageHeader } from '../../core/ui/page-header';
import { poll } from '../../core/ui/poll';
import { Resource } from '../../core/ui/resource';
import { StateBadge } from '../../core/ui/state-badge';
import { WorkflowsService } from '../../core/workflows/workflows.service';
import { RunsService } from '../domain/runs.service';
import { WebhookPanel } from './webhook-panel';

/** Runs, newest first, filtered by workflow and state; refreshed every 2 s. */
@Component({
  selector: 'fl-runs-page',
  imports: [
    FormsModule,
    RouterLink,
    ErrorAlert,
    StateBadge,
    WhenPipe,
    DurationPipe,
    WebhookPanel,
    FilterSelect,
    ListCard,
    PageHeader,
  ],
  template: `
    <div class="page">
      <div
        flPageHeader="Runs"
        subtitle="Every event of a deployed workflow's trigger, and the steps it ran. Refreshed every 2 seconds."
      ></div>
      <form class="toolbar" aria-label="Filter runs" (submit)="$event.preventDefault()">
        <div [flFilterSelect]="workflowFilter()" [(value)]="workflowId" (picked)="filter()"></div>
        <div [flFilterSelect]="stateFilter" [(value)]="state" (picked)="filter()"></div>
      </form>
      <fl-error [error]="error()" />
      @if (workflowId && session.canOperate()) {
        <fl-webhook-panel [workflowId]="workflowId" />
      }
      <section
        flListCard="Runs"
        [count]="runs.value().length"
        [ready]="runs.loaded()"
        [columns]="['Run', 'Workflow', 'State', 'Started by', 'Started', 'Duration']"
        testId="runs"
      >
        <tbody>
          @for (r of runs.value(); track r.id) {
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
        <h3>No run</h3>
        <p>Deploy a workflow and start it: its runs appear here.</p>
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
  protected readonly stateFilter: Filter = {
    id: 'runs-state',
    name: 'state',
    label: 'State',
    all: 'All states',
    options: ['Running', 'Completed', 'Error', 'Canceled'],
  };
  protected workflowId = '';
  protected state = '';
  protected readonly workflows = signal<WorkflowSummary[]>([]);
  protected readonly error = signal<unknown>(null);
  protected readonly runs = new Resource<RunSummary[]>(
    () => this.service.list({ workflowId: this.workflowId, state: this.state }),
    [],
    this.error,
    true,
  );
  protected readonly names = computed(() => new Map(this.workflows().map((w) => [w.id, w.name])));
  protected readonly workflowFilter = computed<Filter>(() => ({
    id: 'runs-workflow',
    name: 'workflow',
    label: 'Workflow',
    all: 'All workflows',
    options: this.workflows().map((w) => ({ value: w.id, label: w.name })),
  }));

  constructor() {
    poll(2000, () => this.runs.reload());
  }

  ngOnInit(): void {
    const query = this.route.snapshot.queryParamMap;
    this.workflowId = query.get('workflow') ?? '';
    this.state = query.get('state') ?? '';
    void this.studio.list().then(
      (w) => this.workflows.set(w),
      () => undefined,
    );
    void this.runs.reload();
  }

  protected filter(): void {
    const queryParams = { workflow: this.workflowId || null, state: this.state || null };
    void this.router.navigate([], { queryParams, replaceUrl: true });
    void this.runs.reload();
  }
}
