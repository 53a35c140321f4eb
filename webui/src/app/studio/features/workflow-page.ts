import { Component, computed, inject, input, type OnInit, signal } from '@angular/core';
import { Router, RouterLink } from '@angular/router';

import type { Step, Version, Workflow, WorkflowProblem } from '../../core/api/models';
import { Session } from '../../core/auth/session';
import { ErrorAlert } from '../../core/ui/error-alert';
import { WhenPipe } from '../../core/ui/format';
import { poll } from '../../core/ui/poll';
import { isBusy, StateBadge } from '../../core/ui/state-badge';
import { Toasts } from '../../core/ui/toasts';
import { CatalogueService } from '../../library/domain/catalogue.service';
import { StartRunDialog } from '../../runs/features/start-run-dialog';
import type { Binding } from '../domain/bindings';
import { nodeOf } from '../domain/graph';
import { saveFile, WorkflowsService } from '../domain/workflows.service';
import { FixBindingDialog, type MissingValue } from './fix-binding-dialog';
import { WorkflowEditor } from './editor/workflow-editor';

const FIXABLE = ['unknown_variable', 'unknown_secret'];

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

  protected readonly deployment = computed(() => this.workflow()?.deployment ?? null);
  protected readonly deployed = computed(() => this.deployment()?.state === 'Deployed');
  protected readonly live = computed(() =>
    ['Deployed', 'Deploying', 'Error'].includes(this.deployment()?.state ?? ''),
  );
  /** Edited after the live version was frozen: the changes wait for the next deploy. */
  protected readonly edited = computed(() => {
    const w = this.workflow();
    const live = this.versions().find((v) => v.number === w?.deployment?.version_number);
    return !!w && !!live && this.live() && Date.parse(w.updated_at) > Date.parse(live.created_at);
  });
  protected readonly manual = computed(() => this.workflow()?.trigger?.kind === 'manual');

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
    } catch (error) {
      this.error.set(error);
    }
  }

  protected where(problem: WorkflowProblem): string | null {
    return nodeOf(problem);
  }

  protected fixable(problem: WorkflowProblem): boolean {
    return FIXABLE.includes(problem.code) && this.session.canEdit() && !!this.missingOf(problem);
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
    const binding = this.bindingOf(problem);
    const kind = problem.code === 'unknown_secret' ? 'secret' : 'variable';
    const name = binding?.[kind];
    return name ? { kind, name, type: 'string' } : null;
  }

  private bindingOf(problem: WorkflowProblem): Binding | null {
    const w = this.workflow();
    if (!w || !problem.input) {
      return null;
    }
    const inputs =
      problem.step === 'trigger'
        ? w.trigger?.inputs
        : (w.steps as Step[]).find((s) => s.id === problem.step)?.inputs;
    return (inputs?.[problem.input] as Binding | undefined) ?? null;
  }

  /** The type of the input the problem is about, from the action store. */
  private async inputType(problem: WorkflowProblem): Promise<string> {
    const w = this.workflow()!;
    const node =
      problem.step === 'trigger'
        ? w.trigger
        : (w.steps as Step[]).find((s) => s.id === problem.step);
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
