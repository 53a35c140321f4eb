/** The edges of a workflow graph from its steps' references and `needs`, as a pure function of
 * a neutral step shape (the studio's editable workflow and the runner's frozen version both map
 * to it). */

export const TRIGGER = 'trigger';

export interface DagEdge {
  from: string;
  to: string;
  /** `ref`: the target takes outputs of the source; `needs`: only runs after it; `start`: a
   * step without predecessor, started by the trigger. */
  kind: 'ref' | 'needs' | 'start';
  outputs: string[];
}

export interface DagStep {
  id: string;
  /** The outputs it references, by node (the trigger included). */
  refs: Map<string, string[]>;
  needs: string[];
}

/** The nodes a list of `node.output` references names, with the outputs of each. */
export function refsByNode(
  refs: Iterable<{ node: string; output: string }>,
): Map<string, string[]> {
  const byNode = new Map<string, string[]>();
  for (const { node, output } of refs) {
    byNode.set(node, [...(byNode.get(node) ?? []), output]);
  }
  return byNode;
}

export function edgesOf(steps: DagStep[]): DagEdge[] {
  const ids = new Set(steps.map((s) => s.id));
  const edges: DagEdge[] = [];
  for (const step of steps) {
    for (const [node, outputs] of step.refs) {
      if (node === TRIGGER || (ids.has(node) && node !== step.id)) {
        edges.push({ from: node, to: step.id, kind: 'ref', outputs });
      }
    }
    for (const need of step.needs) {
      if (ids.has(need) && !step.refs.has(need) && need !== step.id) {
        edges.push({ from: need, to: step.id, kind: 'needs', outputs: [] });
      }
    }
    if (!edges.some((e) => e.to === step.id)) {
      edges.push({ from: TRIGGER, to: step.id, kind: 'start', outputs: [] });
    }
  }
  return edges;
}
