import { Component, computed, input, linkedSignal, output, signal } from '@angular/core';
import { RouterLink } from '@angular/router';

import type { Secret, Step, StepFields, Variable, Workflow } from '../../../core/api/models';
import { Field } from '../../../core/ui/field';
import {
  dependencies,
  descendants,
  type GraphNode,
  steps,
  upstreamOutputs,
  type WorkflowGraph,
} from '../../domain/graph';
import {
  type BindRequest,
  type CreateRequest,
  InputBinding,
  type UploadRequest,
} from './input-binding';

interface Settings {
  when: string;
  attempts: string;
  backoff: string;
  timeout: string;
}

/** The selected step: its inputs, the steps it runs after, its condition, retries and
 * timeout, and its removal. */
@Component({
  selector: 'fl-step-panel',
  imports: [Field, RouterLink, InputBinding],
  templateUrl: './step-panel.html',
})
export class StepPanel {
  readonly workflow = input.required<Workflow>();
  readonly graph = input.required<WorkflowGraph>();
  readonly node = input.required<GraphNode>();
  readonly variables = input<Variable[]>([]);
  readonly secrets = input<Secret[]>([]);
  readonly canEdit = input(false);
  /** The published versions of the step's action, oldest first. */
  readonly versions = input<string[]>([]);
  readonly version = output<string | null>();
  readonly bind = output<BindRequest>();
  readonly upload = output<UploadRequest>();
  readonly create = output<CreateRequest>();
  /** The fields to change (the editor applies them to the step as it then is). */
  readonly save = output<Partial<StepFields>>();
  readonly remove = output<void>();
  readonly closed = output<void>();

  protected readonly confirming = signal(false);
  protected readonly step = computed(
    () => steps(this.workflow()).find((s) => s.id === this.node().id) as Step,
  );
  protected readonly stepProblems = computed(() => this.node().problems.filter((p) => !p.input));
  /** Bindings of inputs the action does not declare (shown so they can be removed). */
  protected readonly strays = computed(() =>
    Object.keys(this.node().bindings).filter((n) => !this.node().inputs.some((i) => i.name === n)),
  );
  protected readonly implied = computed(() => new Set(dependencies({ ...this.step(), needs: [] })));
  /** Steps this one may run after: every other step that does not already run after it. */
  protected readonly candidates = computed(() => {
    const after = descendants(this.workflow(), this.node().id);
    return steps(this.workflow())
      .map((s) => s.id)
      .filter((id) => id !== this.node().id && !after.has(id));
  });
  protected readonly settings = linkedSignal<Settings>(() => {
    const s = this.step();
    return {
      when: s.when ?? '',
      attempts: s.retry ? String(s.retry.attempts) : '',
      backoff: s.retry ? String(s.retry.backoff_seconds) : '',
      timeout: s.timeout_seconds == null ? '' : String(s.timeout_seconds),
    };
  });

  protected upstream(type: string) {
    return upstreamOutputs(this.graph(), this.workflow(), this.node().id, type);
  }

  protected problemsOf(name: string) {
    return this.node().problems.filter((p) => p.input === name);
  }

  protected toggleNeed(id: string, on: boolean): void {
    const needs = this.step().needs.filter((n) => n !== id);
    this.save.emit({ needs: on ? [...needs, id] : needs });
  }

  protected setting(key: keyof Settings, value: string): void {
    this.settings.update((s) => ({ ...s, [key]: value }));
  }

  protected saveSettings(): void {
    const s = this.settings();
    const attempts = Number.parseInt(s.attempts, 10);
    this.save.emit({
      when: s.when.trim(),
      retry: Number.isFinite(attempts)
        ? { attempts, backoff_seconds: Number.parseFloat(s.backoff) || 0 }
        : null,
      timeout_seconds: s.timeout.trim() ? Number.parseFloat(s.timeout) : null,
    });
  }

  protected askRemove(): void {
    if (this.confirming()) {
      this.confirming.set(false);
      this.remove.emit();
    } else {
      this.confirming.set(true);
    }
  }
}
