import { Component, computed, inject, input, type OnInit, signal } from '@angular/core';
import { KeyValuePipe } from '@angular/common';
import { RouterLink } from '@angular/router';

import type { Execution, Run, Workflow } from '../../core/api/models';
import { Session } from '../../core/auth/session';
import { ErrorAlert } from '../../core/ui/error-alert';
import { DurationPipe, WhenPipe } from '../../core/ui/format';
import { poll } from '../../core/ui/poll';
import { StateBadge } from '../../core/ui/state-badge';
import { Toasts } from '../../core/ui/toasts';
import { WorkflowsService } from '../../core/workflows/workflows.service';
import { runGraph, versionNumber } from '../domain/run-graph';
import { RunsService } from '../domain/runs.service';
import { ExecutionLog } from './execution-log';
import { RunDag } from './run-dag';
import { RunTimeline } from './run-timeline';
import { ValueView } from './value-view';

/** One run: its state, trigger values, results and every step's execution with its log. */
@Component({
  selector: 'fl-run-page',
  imports: [
    KeyValuePipe,
    RouterLink,
    ErrorAlert,
    StateBadge,
    WhenPipe,
    DurationPipe,
    ExecutionLog,
    ValueView,
    RunDag,
    RunTimeline,
  ],
  templateUrl: './run-page.html',
  styles: `
    .exec {
      border-top: 1px solid var(--color-border);
      padding: 14px 24px;
    }
    .exec-head {
      display: flex;
      align-items: center;
      gap: 12px;
      flex-wrap: wrap;
    }
    .exec-head h3 {
      min-width: 120px;
    }
    .exec-head h3:focus {
      outline: none;
    }
    .exec.revealed {
      animation: revealed 1.6s ease-out;
    }
    @keyframes revealed {
      from {
        background: var(--color-primary-soft);
      }
    }
    .run-graph > header {
      display: flex;
      align-items: baseline;
      justify-content: space-between;
      gap: 12px;
      padding-bottom: 12px;
    }
    .exec-head .toggle {
      margin-left: auto;
    }
    .exec-body {
      margin-top: 14px;
    }
    .io {
      display: grid;
      grid-template-columns: minmax(0, 1fr) minmax(0, 1fr);
      gap: 20px;
      margin-bottom: 14px;
    }
    .io h4,
    .exec-body h4 {
      font-size: 0.8rem;
      text-transform: uppercase;
      letter-spacing: 0.05em;
      color: var(--color-muted);
      margin-bottom: 6px;
    }
  `,
})
export class RunPage implements OnInit {
  readonly id = input.required<string>();
  protected readonly session = inject(Session);
  private readonly runs = inject(RunsService);
  private readonly studio = inject(WorkflowsService);
  private readonly toasts = inject(Toasts);
  protected readonly run = signal<Run | null>(null);
  protected readonly workflow = signal<Workflow | null>(null);
  protected readonly error = signal<unknown>(null);
  protected readonly open = signal<Set<string>>(new Set());
  protected readonly running = computed(() => this.run()?.state === 'Running');
  protected readonly executions = computed(() => (this.run()?.executions ?? []) as Execution[]);
  /** The frozen version's content (null until read, or when the viewer may not read it). */
  private readonly content = signal<Record<string, unknown> | null>(null);
  protected readonly versionUnread = signal(false);
  private readonly versionAsked = signal(false);
  protected readonly graph = computed(() => {
    const run = this.run();
    // Drawn once the version was asked for, not laid out twice (without edges, then with).
    return run && this.versionAsked() ? runGraph(run, this.content()) : null;
  });
  protected readonly graphSteps = computed(() =>
    (this.graph()?.nodes ?? []).filter((n) => n.kind === 'step'),
  );
  /** Ticks every second while the run goes on: running durations and bars grow. */
  protected readonly now = signal(Date.now());
  protected readonly revealed = signal<string | null>(null);

  constructor() {
    poll(2000, () => (this.running() ? this.load() : undefined));
    poll(1000, () => (this.running() ? this.now.set(Date.now()) : undefined));
  }

  async ngOnInit(): Promise<void> {
    await this.load();
    const run = this.run();
    if (run) {
      this.open.set(new Set(run.executions.length <= 4 ? run.executions.map((e) => e.id) : []));
      const number = versionNumber(run.workflow_version_id);
      const [workflow, version] = await Promise.all([
        this.studio.get(run.workflow_id).catch(() => null),
        number === null ? null : this.studio.version(run.workflow_id, number).catch(() => null),
      ]);
      this.workflow.set(workflow);
      this.content.set(version?.content ?? null);
      this.versionUnread.set(!version);
      this.versionAsked.set(true);
    }
  }

  /** A DAG node was picked: open that step's details, scroll to them and move the focus there. */
  protected reveal(stepId: string): void {
    const execution = this.executions().find((e) => e.step_id === stepId);
    if (!execution) {
      return;
    }
    this.open.update((open) => new Set(open).add(execution.id));
    // Set again on a later pick: the highlight plays once more.
    this.revealed.set(null);
    requestAnimationFrame(() => {
      this.revealed.set(stepId);
      const article = document.querySelector<HTMLElement>(`[data-step="${CSS.escape(stepId)}"]`);
      article?.scrollIntoView({ behavior: 'smooth', block: 'start' });
      article?.querySelector<HTMLElement>('h3')?.focus({ preventScroll: true });
    });
  }

  private async load(): Promise<void> {
    try {
      this.run.set(await this.runs.get(this.id()));
      this.now.set(Date.now());
    } catch (error) {
      this.error.set(error);
    }
  }

  /** `v3` from a version id `<workflow id>-v3`. */
  protected versionOf(versionId: string): string {
    return versionId.match(/-(v\d+)$/)?.[1] ?? versionId;
  }

  protected toggle(id: string): void {
    const open = new Set(this.open());
    if (!open.delete(id)) {
      open.add(id);
    }
    this.open.set(open);
  }

  protected async cancel(): Promise<void> {
    try {
      await this.runs.cancel(this.id());
      this.toasts.show('Run cancelled', 'info');
      await this.load();
    } catch (error) {
      this.error.set(error);
    }
  }
}
