import {
  Component,
  computed,
  effect,
  inject,
  input,
  linkedSignal,
  model,
  output,
  signal,
} from '@angular/core';

import type {
  ActionSummary,
  Secret,
  Step,
  StepBody,
  StepFields,
  StoreAction,
  TriggerBody,
  Variable,
  Workflow,
} from '../../../core/api/models';
import { Session } from '../../../core/auth/session';
import { CatalogueService } from '../../../core/catalogue/catalogue.service';
import { ErrorAlert } from '../../../core/ui/error-alert';
import { Toasts } from '../../../core/ui/toasts';
import { VariablesService } from '../../../core/workflows/variables.service';
import { EditingService, stepFields } from '../../domain/editing.service';
import { buildGraph, steps, TRIGGER } from '../../domain/graph';
import type { MissingValue } from '../../domain/problems';
import { AddStepDialog } from './add-step-dialog';
import { FixBindingDialog } from '../fix-binding-dialog';
import type { BindRequest, CreateRequest, UploadRequest } from './input-binding';
import { PanelHead } from './panel-parts';
import { ResultsEditor } from './results-editor';
import { StepPanel } from './step-panel';
import { TriggerPanel } from './trigger-panel';
import { GraphCanvas } from './graph-canvas';

/**
 * The graph editor: the canvas, the panel of the selected node (or the workflow's results when
 * none is), and the add-step dialog. Every change goes to the studio at once; the answer and
 * the problems fetched after it replace the workflow.
 */
@Component({
  selector: 'fl-workflow-editor',
  imports: [
    ErrorAlert,
    GraphCanvas,
    StepPanel,
    TriggerPanel,
    ResultsEditor,
    PanelHead,
    AddStepDialog,
    FixBindingDialog,
  ],
  templateUrl: './workflow-editor.html',
})
export class WorkflowEditor {
  readonly workflow = input.required<Workflow>();
  readonly selected = model<string | null>(null);
  readonly changed = output<Workflow>();
  protected readonly session = inject(Session);
  private readonly editing = inject(EditingService);
  private readonly catalogue = inject(CatalogueService);
  private readonly variablesService = inject(VariablesService);
  private readonly toasts = inject(Toasts);

  protected readonly specs = signal(new Map<string, StoreAction[]>());
  protected readonly sources = signal<ActionSummary[]>([]);
  protected readonly variables = signal<Variable[]>([]);
  protected readonly secrets = signal<Secret[]>([]);
  protected readonly error = signal<unknown>(null);
  protected readonly status = signal('');
  /** The newest workflow: the input, or the studio's last answer before the input follows. */
  protected readonly current = linkedSignal(() => this.workflow());
  protected readonly graph = computed(() =>
    buildGraph(this.current(), (action, version) => {
      const versions = this.specs().get(action);
      return version ? versions?.find((v) => v.version === version) : versions?.at(-1);
    }),
  );
  protected readonly node = computed(
    () => this.graph().nodes.find((n) => n.id === this.selected()) ?? null,
  );
  protected readonly stepIds = computed(() => steps(this.current()).map((s) => s.id));
  protected readonly resultProblems = computed(() =>
    this.current().problems.filter((p) => p.code === 'unknown_result_reference'),
  );
  private readonly loading = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();
  /** The input waiting for the variable or secret being created. */
  private creating: { node: string; input: string } | null = null;

  constructor() {
    effect(() => this.loadSpecs(this.current()));
    void this.loadPickers();
  }

  protected pick(id: string): void {
    this.selected.set(id);
    this.error.set(null);
    requestAnimationFrame(() => document.getElementById('panel-title')?.focus());
  }

  protected close(): void {
    const id = this.selected();
    this.selected.set(null);
    requestAnimationFrame(() =>
      document.querySelector<SVGElement>(`.node[data-node="${CSS.escape(id ?? '')}"]`)?.focus(),
    );
  }

  protected setTrigger(body: TriggerBody): void {
    void this.change(() => this.editing.setTrigger(this.current().id, body), 'Trigger saved');
  }

  protected async addStep(body: StepBody): Promise<void> {
    if (await this.change(() => this.editing.addStep(this.current().id, body), 'Step added')) {
      this.pick(body.id);
    }
  }

  /** Replace the selected step with some fields changed (read when the change runs, so
   * changes queued before it are kept). */
  protected saveStep(changes: Partial<StepFields>): void {
    const id = this.selected()!;
    void this.change(() => this.replaceStep(id, (step) => stepFields(step, changes)), 'Step saved');
  }

  /** Make `to` run after `from` (dragged on the canvas): `from` joins its needs. */
  protected connect(from: string, to: string): void {
    void this.change(
      () =>
        this.replaceStep(to, (step) =>
          stepFields(step, { needs: [...new Set([...step.needs, from])] }),
        ),
      `${to} runs after ${from}`,
    );
  }

  private replaceStep(id: string, fields: (step: Step) => StepFields): Promise<Workflow> {
    const step = steps(this.current()).find((s) => s.id === id);
    if (!step) {
      return Promise.reject(new Error(`There is no step ${id} any more.`));
    }
    return this.editing.replaceStep(this.current().id, id, fields(step));
  }

  protected versionsOf(action: string): string[] {
    return (this.specs().get(action) ?? []).map((v) => v.version);
  }

  protected changeVersion(version: string | null): void {
    const id = this.selected()!;
    void this.change(
      async () => {
        const answer = await this.editing.changeVersion(this.current().id, id, version);
        const dropped = answer.dropped.map((d) => d.input);
        if (dropped.length) {
          this.toasts.show(`Bindings dropped (they no longer fit): ${dropped.join(', ')}`, 'info');
        }
        return answer.workflow;
      },
      `${id} uses ${version ? 'v' + version : 'the newest version'}`,
    );
  }

  protected async removeStep(): Promise<void> {
    const id = this.selected()!;
    if (await this.change(() => this.editing.removeStep(this.current().id, id), 'Step deleted')) {
      this.selected.set(null);
    }
  }

  protected bind(request: BindRequest): void {
    const node = this.selected() ?? TRIGGER;
    const id = this.current().id;
    void this.change(
      () =>
        request.binding
          ? this.editing.bind(id, node, request.input, request.binding)
          : this.editing.unbind(id, node, request.input),
      `${request.input} ${request.binding ? 'bound' : 'cleared'}`,
    );
  }

  protected upload(request: UploadRequest): void {
    const node = this.selected() ?? TRIGGER;
    const id = this.current().id;
    void this.change(async () => {
      const file = await this.editing.upload(id, request.file);
      return this.editing.bind(id, node, request.input, { file: file.key });
    }, `${request.file.name} uploaded`);
  }

  protected create(request: CreateRequest, dialog: FixBindingDialog): void {
    this.creating = { node: this.selected() ?? TRIGGER, input: request.input };
    dialog.open({ kind: request.kind, name: '', type: request.type });
  }

  protected async created(value: MissingValue): Promise<void> {
    const target = this.creating;
    this.creating = null;
    await this.loadPickers();
    if (target) {
      const binding = value.kind === 'secret' ? { secret: value.name } : { variable: value.name };
      void this.change(
        () => this.editing.bind(this.current().id, target.node, target.input, binding),
        `${target.input} bound`,
      );
    }
  }

  protected setResults(results: Record<string, string>): void {
    void this.change(() => this.editing.setResults(this.current().id, results), 'Results saved');
  }

  /** Apply changes one after the other (each answer holds the whole workflow, so two in
   * flight could overwrite each other); controls stay enabled, keeping the keyboard focus. */
  private change(work: () => Promise<Workflow>, done: string): Promise<boolean> {
    const next = this.queue.then(() => this.apply(work, done));
    this.queue = next;
    return next;
  }

  /** Apply one change, then fetch the problems it left; true when it was saved. */
  private async apply(work: () => Promise<Workflow>, done: string): Promise<boolean> {
    this.error.set(null);
    this.status.set('Saving…');
    try {
      const workflow = await work();
      const problems = await this.editing.problems(workflow.id);
      this.current.set({ ...workflow, problems });
      this.changed.emit(this.current());
      const count = problems.length;
      this.status.set(
        `${done} · ${count ? count + ' problem' + (count > 1 ? 's' : '') : 'no problem'}`,
      );
      return true;
    } catch (error) {
      this.error.set(error);
      this.status.set('Not saved');
      return false;
    }
  }

  /** The store's versions of every action the workflow uses, each fetched once. */
  private loadSpecs(workflow: Workflow): void {
    const names = steps(workflow).map((s) => s.action);
    if (workflow.trigger?.kind === 'action' && workflow.trigger.action) {
      names.push(workflow.trigger.action);
    }
    for (const name of new Set(names)) {
      if (this.loading.has(name)) {
        continue;
      }
      this.loading.add(name);
      this.catalogue
        .versions(name)
        .then((versions) => this.specs.update((m) => new Map(m).set(name, versions)))
        .catch(() => this.loading.delete(name));
    }
  }

  private async loadPickers(): Promise<void> {
    const [sources, variables, secrets] = await Promise.all([
      this.catalogue.search({ kind: 'Source' }).catch(() => []),
      this.variablesService.variables().catch(() => []),
      this.variablesService.secrets().catch(() => []),
    ]);
    this.sources.set(sources);
    this.variables.set(variables);
    this.secrets.set(secrets);
  }
}
