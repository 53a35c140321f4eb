import { Component, computed, input, linkedSignal, output, signal } from '@angular/core';
import { RouterLink } from '@angular/router';

import type { Secret, Step, StepFields } from '../../../core/api/models';
import { Field } from '../../../core/ui/field';
import {
  dependencies,
  descendants,
  steps,
  upstreamOutputs,
  type WorkflowGraph,
} from '../../domain/graph';
import { InputBinding } from './input-binding';
import { NodePanel, NodeProblems, OutputFacts, PanelHead } from './panel-parts';

interface Settings {
  when: string;
  attempts: string;
  backoff: string;
  timeout: string;
}

/** The number fields of the settings, in their row. */
const NUMBERS: readonly {
  key: 'attempts' | 'backoff' | 'timeout';
  label: string;
  min: number;
  step: string;
  placeholder: string;
}[] = [
  { key: 'attempts', label: 'Attempts', min: 1, step: '1', placeholder: '1' },
  { key: 'backoff', label: 'Backoff (s)', min: 0, step: 'any', placeholder: '0' },
  { key: 'timeout', label: 'Timeout (s)', min: 0, step: 'any', placeholder: "action's" },
];

/** The selected step: its inputs, the steps it runs after, its condition, retries and
 * timeout, and its removal. */
@Component({
  selector: 'fl-step-panel',
  imports: [Field, RouterLink, InputBinding, NodeProblems, OutputFacts, PanelHead],
  templateUrl: './step-panel.html',
})
export class StepPanel extends NodePanel {
  readonly graph = input.required<WorkflowGraph>();
  readonly secrets = input<Secret[]>([]);
  /** The published versions of the step's action, oldest first. */
  readonly versions = input<string[]>([]);
  readonly version = output<string | null>();
  /** The fields to change (the editor applies them to the step as it then is). */
  readonly save = output<Partial<StepFields>>();
  readonly remove = output<void>();

  protected readonly numbers = NUMBERS;
  protected readonly confirming = signal(false);
  protected readonly step = computed(
    () => steps(this.workflow()).find((s) => s.id === this.node().id) as Step,
  );
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
