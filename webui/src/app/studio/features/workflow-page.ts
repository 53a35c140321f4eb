import { Component, computed, inject, input, type OnInit, signal } from '@angular/core';
import { Router, RouterLink } from '@angular/router';

import type {
  LogLine,
  RunnerDeployment,
  Version,
  Workflow,
  WorkflowProblem,
} from '../../core/api/models';
import { Session } from '../../core/auth/session';
import { CatalogueService } from '../../core/catalogue/catalogue.service';
import { StartRunDialog } from '../../core/runs/start-run-dialog';
import { ErrorAlert } from '../../core/ui/error-alert';
import { WhenPipe } from '../../core/ui/format';
import { poll } from '../../core/ui/poll';
import { saveFile } from '../../core/ui/save-file';
import { isBusy, StateBadge } from '../../core/ui/state-badge';
import { Toasts } from '../../core/ui/toasts';
import { WorkflowsService } from '../../core/workflows/workflows.service';
import { type MissingValue, missingValue, nodeOf, subjectOf } from '../domain/problems';
import { fireTimes } from '../domain/schedule';
import { logText, triggerLine } from '../domain/trigger';
import { FixBindingDialog } from './fix-binding-dialog';
import { WorkflowEditor } from './editor/workflow-editor';

/** One workflow: its problems, the graph editor, its deployment (with the runner's message)
 * and versions. */
@Component({
  selector: 'fl-workflow-page',
  imports: [
    RouterLink,
    ErrorAlert,
    WhenPipe,
    StateBadge,
    WorkflowEditor,
    FixBindingDialog,
    StartRunDialog,
  ],
  templateUrl: './workflow-page.html',
})
export class WorkflowPage implements OnInit {
  readonly id = input.required<string>();
  protected readonly session = inject(Session);
  private readonly workflows = inject(WorkflowsService);
  private readonly catalogue = inject(CatalogueService);
  private readonly toasts = inject(Toasts);
  private readonly router = inject(Router);
  protected readonly workflow = signal<Workflow | null>(null);
  protected readonly versions = signal<Version[]>([]);
  protected readonly error = signal<unknown>(null);
  protected readonly busy = signal(false);
  protected readonly selected = signal<string | null>(null);
  /** The runner's side: the trigger's state and log (what a source wrote). */
  protected readonly runner = signal<RunnerDeployment | null>(null);
  protected readonly triggerLog = signal<LogLine[]>([]);
  protected readonly trigger = computed(() => triggerLine(this.runner()?.trigger));
  protected readonly triggerLogText = computed(() => logText(this.triggerLog()));

  protected readonly deployment = computed(() => this.workflow()?.deployment ?? null);
  protected readonly deployed = computed(() => this.deployment()?.state === 'Deployed');
  protected readonly live = computed(() =>
    ['Deployed', 'Deploying', 'Error'].includes(this.deployment()?.state ?? ''),
  );
  /** The live version is behind: the workflow, an action it resolves to or a variable it
   * reads changed since it was frozen (the studio says so when it shows the workflow); after
   * an edit, whose answer does not say, edited after the version was frozen. */
  protected readonly edited = computed(() => {
    const w = this.workflow();
    const said = w?.deployment?.changed_since;
    if (said !== null && said !== undefined) return this.live() && said;
    const live = this.versions().find((v) => v.number === w?.deployment?.version_number);
    return !!w && !!live && this.live() && Date.parse(w.updated_at) > Date.parse(live.created_at);
  });
  protected readonly manual = computed(() => this.workflow()?.trigger?.kind === 'manual');
  /** The cron trigger's next five fire times, in its time zone (none for another trigger). */
  protected readonly fires = computed(() => {
    const w = this.workflow();
    return fireTimes(w?.next_fire_times ?? [], w?.trigger?.timezone ?? 'UTC');
  });

  constructor() {
    poll(2000, () => (isBusy(this.deployment()?.state) ? this.load() : undefined));
  }

  ngOnInit(): void {
    void this.load();
  }

  protected async load(): Promise<void> {
    try {
      const [workflow, versions] = await Promise.all([
        this.workflows.get(this.id()),
        this.workflows.versions(this.id()),
      ]);
      this.workflow.set(workflow);
      this.versions.set(versions);
      await this.loadTrigger(workflow);
    } catch (error) {
      this.error.set(error);
    }
  }

  /** The trigger's state and log, once the runner has the workflow. While the studio says
   * Deploying, the runner may not have received it yet (it would answer 404): the last
   * answer stays until the deployment settles (the page polls until then). */
  private async loadTrigger(workflow: Workflow): Promise<void> {
    if (workflow.deployment?.state === 'Deploying') {
      return;
    }
    const runner = workflow.deployment ? await this.workflows.runnerDeployment(workflow.id) : null;
    this.runner.set(runner);
    this.triggerLog.set(runner ? await this.workflows.triggerLog(workflow.id) : []);
  }

  protected where(problem: WorkflowProblem): string | null {
    return nodeOf(problem);
  }

  protected fixable(problem: WorkflowProblem): boolean {
    return this.session.canEdit() && !!this.missingOf(problem);
  }

  protected async fix(problem: WorkflowProblem, dialog: FixBindingDialog): Promise<void> {
    const missing = this.missingOf(problem);
    if (missing) {
      missing.type = await this.inputType(problem).catch(() => 'string');
      dialog.open(missing);
    }
  }

  protected async deploy(): Promise<void> {
    await this.act(async () => {
      await this.workflows.deploy(this.id());
      this.toasts.show('Deployment ordered');
    });
  }

  protected async undeploy(): Promise<void> {
    await this.act(async () => {
      await this.workflows.undeploy(this.id());
      this.toasts.show('Undeployment ordered', 'info');
    });
  }

  protected async export(): Promise<void> {
    const workflow = this.workflow();
    if (workflow) {
      await this.act(async () => {
        const { blob, filename } = await this.workflows.export(workflow);
        saveFile(blob, filename);
      });
    }
  }

  protected runStarted(runId: string): void {
    this.toasts.show('Run started');
    void this.router.navigate(['/runs', runId]);
  }

  private missingOf(problem: WorkflowProblem): MissingValue | null {
    const workflow = this.workflow();
    return workflow ? missingValue(workflow, problem) : null;
  }

  /** The type of the input the problem is about, from the action store. */
  private async inputType(problem: WorkflowProblem): Promise<string> {
    const node = subjectOf(this.workflow()!, problem);
    if (!node?.action) {
      return 'string';
    }
    const versions = await this.catalogue.versions(node.action);
    const action = versions.find((v) => v.version === node.version) ?? versions.at(-1);
    return action?.inputs.find((i) => i.name === problem.input)?.type ?? 'string';
  }

  private async act(work: () => Promise<void>): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      await work();
      await this.load();
    } catch (error) {
      this.error.set(error);
    } finally {
      this.busy.set(false);
    }
  }
}
