/** Auto-layout of the workflow graph with dagre: the trigger on top, each step below the
 * steps it depends on. */
import dagre, { type Graph } from '@dagrejs/dagre';

import type { GraphEdge, GraphNode, WorkflowGraph } from '../../domain/graph';

export const NODE_WIDTH = 232;
export const NODE_HEIGHT = 84;

export interface PlacedNode extends GraphNode {
  x: number;
  y: number;
}

export interface PlacedEdge extends GraphEdge {
  path: string;
  labelX: number;
  labelY: number;
}

export interface Layout {
  nodes: PlacedNode[];
  edges: PlacedEdge[];
  width: number;
  height: number;
}

export function layout(graph: WorkflowGraph): Layout {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'TB', nodesep: 44, ranksep: 56, marginx: 24, marginy: 32 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) {
    g.setNode(node.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  }
  for (const edge of graph.edges) {
    // A labelled edge gets room for its label, so it never sits under a node.
    const label = edge.outputs.join(', ');
    g.setEdge(
      edge.from,
      edge.to,
      label ? { width: label.length * 7 + 8, height: 16, labelpos: 'c' } : {},
    );
  }
  dagre.layout(g);
  const nodes = graph.nodes.map((node) => {
    const { x, y } = g.node(node.id);
    return { ...node, x: x - NODE_WIDTH / 2, y: y - NODE_HEIGHT / 2 };
  });
  const edges = graph.edges.map((edge) => placeEdge(g, edge));
  const { width = 0, height = 0 } = g.graph();
  return { nodes, edges, width, height };
}

/** A smooth curve through dagre's points (they go around the nodes in between). */
function placeEdge(g: Graph, edge: GraphEdge): PlacedEdge {
  const label = g.edge(edge.from, edge.to);
  const points = label.points ?? [];
  return { ...edge, path: smooth(points), labelX: label.x ?? 0, labelY: (label.y ?? 0) + 4 };
}

function smooth(points: { x: number; y: number }[]): string {
  if (points.length < 2) {
    return '';
  }
  const mid = (a: { x: number; y: number }, b: { x: number; y: number }) =>
    `${(a.x + b.x) / 2} ${(a.y + b.y) / 2}`;
  let d = `M ${points[0].x} ${points[0].y} L ${mid(points[0], points[1])}`;
  for (let i = 1; i < points.length - 1; i++) {
    d += ` Q ${points[i].x} ${points[i].y} ${mid(points[i], points[i + 1])}`;
  }
  const last = points[points.length - 1];
  return `${d} L ${last.x} ${last.y}`;
}
