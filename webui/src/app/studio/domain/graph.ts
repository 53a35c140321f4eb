/** The workflow as a graph: the trigger and the steps, with their IO and the edges between
 * them (`needs` and references). Pure functions of the workflow and the action store. */
import type { Step, StoreAction, StoreIo, Workflow, WorkflowProblem } from '../../core/api/models';
import { edgesOf as dagEdges, refsByNode, TRIGGER, type DagEdge } from '../../core/graph/edges';
import { accepts, type Binding } from './bindings';
import { nodeOf } from './problems';

export { TRIGGER };

/** The action version a node uses (`version` null: the newest), when the store has it. */
export type ActionLookup = (action: string, version: string | null) => StoreAction | undefined;

export interface Port {
  name: string;
  type: string;
}

export interface GraphNode {
  id: string;
  kind: 'trigger' | 'step';
  /** What the node shows under its id: the action, the trigger's kind. */
  subtitle: string;
  /** The technical name of the node's action ('' for a manual or cron trigger). */
  actionName: string;
  action: StoreAction | undefined;
  inputs: StoreIo[];
  outputs: Port[];
  bindings: Record<string, Binding>;
  problems: WorkflowProblem[];
}

export type GraphEdge = DagEdge;

export interface WorkflowGraph {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/** An output a step input can reference, as `node.output`. */
export interface Upstream {
  node: string;
  output: string;
  type: string;
  /** False: a step that does not run before this one yet (referencing it adds the edge). */
  ancestor: boolean;
}

export function buildGraph(workflow: Workflow, lookup: ActionLookup): WorkflowGraph {
  const problemsOf = (id: string) => workflow.problems.filter((p) => nodeOf(p) === id);
  const nodes: GraphNode[] = [triggerNode(workflow, lookup, problemsOf(TRIGGER))];
  for (const step of steps(workflow)) {
    const action = lookup(step.action, step.version ?? null);
    nodes.push({
      id: step.id,
      kind: 'step',
      subtitle: `${step.action} v${step.version ?? action?.version ?? '?'}`,
      actionName: step.action,
      action,
      inputs: action?.inputs ?? [],
      outputs: (action?.outputs ?? []).map(({ name, type }) => ({ name, type })),
      bindings: step.inputs as Record<string, Binding>,
      problems: problemsOf(step.id),
    });
  }
  return { nodes, edges: edgesOf(workflow) };
}

function triggerNode(
  workflow: Workflow,
  lookup: ActionLookup,
  problems: WorkflowProblem[],
): GraphNode {
  const t = workflow.trigger;
  const declared = (t?.outputs ?? []).map(({ name, type }) => ({ name, type }));
  const action = t?.kind === 'action' && t.action ? lookup(t.action, t.version ?? null) : undefined;
  const outputs = [
    ...(action?.outputs ?? []).map(({ name, type }) => ({ name, type })),
    ...declared,
  ];
  if (t?.kind === 'cron' && !outputs.some((o) => o.name === 'time')) {
    outputs.unshift({ name: 'time', type: 'string' });
  }
  return {
    id: TRIGGER,
    kind: 'trigger',
    subtitle: !t
      ? 'Not chosen yet'
      : t.kind === 'manual'
        ? 'Manual: a form'
        : t.kind === 'cron'
          ? `Schedule: ${t.schedule}`
          : `Source: ${t.action}`,
    actionName: t?.kind === 'action' ? (t.action ?? '') : '',
    action,
    inputs: action?.inputs ?? [],
    outputs,
    bindings: (t?.inputs ?? {}) as Record<string, Binding>,
    problems,
  };
}

export function steps(workflow: Workflow): Step[] {
  return workflow.steps as Step[];
}

/** The nodes a step's references name (the trigger included). */
function refNodes(step: Step): Map<string, string[]> {
  const refs: { node: string; output: string }[] = [];
  for (const raw of Object.values(step.inputs)) {
    const ref = (raw as Binding).ref;
    if (ref?.includes('.')) {
      const [node, ...rest] = ref.split('.');
      refs.push({ node, output: rest.join('.') });
    }
  }
  return refsByNode(refs);
}

function edgesOf(workflow: Workflow): GraphEdge[] {
  return dagEdges(steps(workflow).map((s) => ({ id: s.id, refs: refNodes(s), needs: s.needs })));
}

/** The steps a step depends on, directly: its `needs` and the steps its references name. */
export function dependencies(step: Step): string[] {
  return [...new Set([...step.needs, ...refNodes(step).keys()])].filter((n) => n !== TRIGGER);
}

/** Every step that runs before `id` (transitively). */
export function ancestors(workflow: Workflow, id: string): Set<string> {
  const byId = new Map(steps(workflow).map((s) => [s.id, s]));
  const seen = new Set<string>();
  const queue = [...dependencies(byId.get(id)!)];
  while (queue.length) {
    const next = queue.pop()!;
    if (!seen.has(next) && byId.has(next)) {
      seen.add(next);
      queue.push(...dependencies(byId.get(next)!));
    }
  }
  return seen;
}

/** Every step that runs after `id` (transitively): none may become its dependency. */
export function descendants(workflow: Workflow, id: string): Set<string> {
  return new Set(
    steps(workflow)
      .filter((s) => ancestors(workflow, s.id).has(id))
      .map((s) => s.id),
  );
}

/** The outputs an input of type `type` of step `id` can reference: the trigger's, then those
 * of the steps before it, then those of the steps that may still run before it. */
export function upstreamOutputs(
  graph: WorkflowGraph,
  workflow: Workflow,
  id: string,
  type: string,
): Upstream[] {
  const before = id === TRIGGER ? new Set<string>() : ancestors(workflow, id);
  const after = id === TRIGGER ? new Set<string>() : descendants(workflow, id);
  const found: Upstream[] = [];
  for (const node of graph.nodes) {
    if (node.id === id || after.has(node.id) || id === TRIGGER) {
      continue;
    }
    for (const output of node.outputs) {
      if (accepts(type, output.type)) {
        const ancestor = node.id === TRIGGER || before.has(node.id);
        found.push({ node: node.id, output: output.name, type: output.type, ancestor });
      }
    }
  }
  return found.sort((a, b) => Number(b.ancestor) - Number(a.ancestor));
}

/** Whether an input is bound, or needs no binding (optional or with a default). */
export function satisfied(node: GraphNode, input: StoreIo): boolean {
  return input.name in node.bindings || input.optional || input.has_default;
}
