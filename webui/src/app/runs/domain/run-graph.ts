/** A run as a graph: the nodes of its frozen workflow version (the trigger and the steps), each
 * with the state of its execution, and the edges from references and `needs`. Pure functions. */
import type { Execution, Run } from '../../core/api/models';
import { type DagEdge, type DagStep, edgesOf, refsByNode, TRIGGER } from '../../core/graph/edges';

/** The part of a frozen version (`studio.v1.WorkflowVersion` as JSON) the graph needs. */
interface VersionContent {
  trigger?: { manual?: unknown; cron?: { schedule?: string }; action?: { action?: Artefact } };
  steps?: {
    id: string;
    action?: Artefact;
    inputs?: { input: string; ref?: { node: string; output: string } }[];
    needs?: string[];
  }[];
}

interface Artefact {
  action_id?: string;
  version?: string;
}

export interface RunNode {
  id: string;
  kind: 'trigger' | 'step';
  /** The action and version of a step, the kind of the trigger. */
  subtitle: string;
  /** The execution state ('Started' for the trigger; 'Not started' before an execution). */
  state: string;
  execution: Execution | null;
}

export interface RunGraph {
  nodes: RunNode[];
  edges: DagEdge[];
}

/** The `3` of a version id `<workflow id>-v3`, or null. */
export function versionNumber(versionId: string): number | null {
  const found = versionId.match(/-v(\d+)$/);
  return found ? Number(found[1]) : null;
}

/**
 * The run's graph from its version's content; without it (a viewer may not read the studio's
 * versions), the executions alone as nodes without edges.
 */
export function runGraph(run: Run, content: Record<string, unknown> | null): RunGraph {
  const byStep = new Map(run.executions.map((e) => [e.step_id, e]));
  const stepNode = (id: string, subtitle: string): RunNode => {
    const execution = byStep.get(id) ?? null;
    return { id, kind: 'step', subtitle, state: execution?.state ?? 'Not started', execution };
  };
  const version = content as VersionContent | null;
  if (!version?.steps) {
    return { nodes: run.executions.map((e) => stepNode(e.step_id, '')), edges: [] };
  }
  const trigger: RunNode = {
    id: TRIGGER,
    kind: 'trigger',
    subtitle: triggerText(version),
    state: 'Started',
    execution: null,
  };
  const steps = version.steps.map((s) =>
    stepNode(s.id, s.action?.action_id ? `${s.action.action_id} v${s.action.version}` : ''),
  );
  return { nodes: [trigger, ...steps], edges: edgesOf(version.steps.map(dagStep)) };
}

function dagStep(step: NonNullable<VersionContent['steps']>[number]): DagStep {
  const refs = (step.inputs ?? []).flatMap((b) => (b.ref ? [b.ref] : []));
  return { id: step.id, refs: refsByNode(refs), needs: step.needs ?? [] };
}

function triggerText(version: VersionContent): string {
  const t = version.trigger;
  return t?.cron
    ? `Schedule ${t.cron.schedule ?? ''}`.trim()
    : t?.action
      ? `Source ${t.action.action?.action_id ?? ''}`.trim()
      : 'Manual';
}

export interface TimeAxis {
  start: number;
  end: number;
}

/** The time the bars share: from the run's creation to its end (or now, or the last step). */
export function timeAxis(run: Run, now: number): TimeAxis {
  const start = Date.parse(run.created_at);
  const ends = run.executions.flatMap((e) => [e.started_at, e.ended_at, e.next_attempt_at]);
  const last = Math.max(
    start + 1000,
    run.ended_at ? Date.parse(run.ended_at) : now,
    ...ends.filter((t): t is string => !!t).map((t) => Date.parse(t)),
  );
  return { start, end: last };
}
