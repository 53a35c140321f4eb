import { Component, computed, input } from '@angular/core';
import { RouterLink } from '@angular/router';

import type { Step, Workflow, WorkflowProblem } from '../../core/api/models';
import { type Binding, bindingText, kindOf } from '../domain/bindings';

interface Node {
  id: string;
  title: string;
  action: string | null;
  version: string | null;
  detail: string;
  inputs: { name: string; kind: string; text: string }[];
  outputs: { name: string; type: string }[];
  needs: string[];
  when: string;
  problems: WorkflowProblem[];
}

/**
 * The workflow read top to bottom: the trigger, then each step with its bindings and the
 * steps it needs. Phase 2 puts the graph editor (pan, zoom, auto-layout) in this place.
 */
@Component({
  selector: 'fl-workflow-steps',
  imports: [RouterLink],
  templateUrl: './workflow-steps.html',
  styleUrl: './workflow-steps.scss',
})
export class WorkflowSteps {
  readonly workflow = input.required<Workflow>();

  protected readonly nodes = computed<Node[]>(() => {
    const w = this.workflow();
    const problems = (step: string) => w.problems.filter((p) => p.step === step);
    const nodes: Node[] = [];
    const t = w.trigger;
    nodes.push({
      id: 'trigger',
      title: 'Trigger',
      action: t?.kind === 'action' ? (t.action ?? null) : null,
      version: t?.version ?? null,
      detail: !t
        ? 'No trigger yet'
        : t.kind === 'manual'
          ? 'Started by hand (form)'
          : t.kind === 'cron'
            ? `Cron ${t.schedule} (${t.timezone})`
            : `Action ${t.action}`,
      inputs: bindings(t?.inputs ?? {}),
      outputs: (t?.outputs ?? []).map((o) => ({ name: o.name, type: o.type })),
      needs: [],
      when: '',
      problems: problems('trigger'),
    });
    for (const step of w.steps as Step[]) {
      nodes.push({
        id: step.id,
        title: step.id,
        action: step.action,
        version: step.version ?? null,
        detail: [
          step.retry ? `retry ×${step.retry.attempts}` : '',
          step.timeout_seconds ? `timeout ${step.timeout_seconds} s` : '',
        ]
          .filter(Boolean)
          .join(' · '),
        inputs: bindings(step.inputs),
        outputs: [],
        needs: needsOf(step),
        when: step.when,
        problems: problems(step.id),
      });
    }
    return nodes;
  });
}

function bindings(inputs: Record<string, unknown>): Node['inputs'] {
  return Object.entries(inputs).map(([name, raw]) => {
    const binding = raw as Binding;
    return { name, kind: kindOf(binding), text: bindingText(binding) };
  });
}

function needsOf(step: Step): string[] {
  const refs = Object.values(step.inputs)
    .map((b) => (b as Binding).ref?.split('.')[0])
    .filter((n): n is string => !!n);
  return [...new Set([...step.needs, ...refs])];
}
