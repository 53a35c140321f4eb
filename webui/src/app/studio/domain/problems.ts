/** The problems the studio reports about a workflow: which node each is about, and which the
 * workflow page fixes on the spot. Pure functions of the workflow. */
import type { Step, Trigger, Workflow, WorkflowProblem } from '../../core/api/models';
import { TRIGGER } from '../../core/graph/edges';
import type { Binding } from './bindings';

/** A project variable or secret a binding names but the project lacks. */
export interface MissingValue {
  kind: 'variable' | 'secret';
  name: string;
  type: string;
}

/** The problems fixed by creating the variable or secret their binding names. */
const FIXABLE: Record<string, MissingValue['kind']> = {
  unknown_variable: 'variable',
  unknown_secret: 'secret',
};

/** The node a problem is about: a step, the trigger (also when it is missing), or null. */
export function nodeOf(problem: WorkflowProblem): string | null {
  return problem.step ?? (problem.code === 'no_trigger' ? TRIGGER : null);
}

/** The step, or the trigger, a problem names (null for the workflow's own problems). */
export function subjectOf(workflow: Workflow, problem: WorkflowProblem): Step | Trigger | null {
  if (problem.step === TRIGGER) {
    return workflow.trigger;
  }
  return (workflow.steps as Step[]).find((s) => s.id === problem.step) ?? null;
}

/** The binding of the input a problem is about, if any. */
export function bindingOf(workflow: Workflow, problem: WorkflowProblem): Binding | null {
  if (!problem.input) {
    return null;
  }
  const inputs = subjectOf(workflow, problem)?.inputs;
  return (inputs?.[problem.input] as Binding | undefined) ?? null;
}

/**
 * The variable or secret to create to fix the problem (typed `string` until the input's type is
 * known), or null when the problem is not one of those or its binding names none.
 */
export function missingValue(workflow: Workflow, problem: WorkflowProblem): MissingValue | null {
  const kind = FIXABLE[problem.code];
  const name = kind ? bindingOf(workflow, problem)?.[kind] : undefined;
  return kind && name ? { kind, name, type: 'string' } : null;
}
