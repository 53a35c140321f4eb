/** Auto-layout of a workflow graph with dagre: the trigger on top, each step below the steps
 * it depends on. Shared by the studio's editor and the run page. */
import dagre, { type Graph } from '@dagrejs/dagre';

import type { DagEdge } from './edges';

export const NODE_WIDTH = 232;
export const NODE_HEIGHT = 84;

export interface LayoutOptions {
  width: number;
  height: number;
  /** Top to bottom (the editor) or left to right (the run page, wider than tall). */
  direction?: 'TB' | 'LR';
}

export type Placed<N> = N & { x: number; y: number };

export type PlacedEdge<E extends DagEdge = DagEdge> = E & {
  path: string;
  labelX: number;
  labelY: number;
};

export interface Layout<N extends { id: string }, E extends DagEdge = DagEdge> {
  nodes: Placed<N>[];
  edges: PlacedEdge<E>[];
  width: number;
  height: number;
}

export function layout<N extends { id: string }, E extends DagEdge>(
  graph: { nodes: N[]; edges: E[] },
  size: LayoutOptions = { width: NODE_WIDTH, height: NODE_HEIGHT },
): Layout<N, E> {
  const g = new dagre.graphlib.Graph();
  const rankdir = size.direction ?? 'TB';
  g.setGraph({ rankdir, nodesep: 44, ranksep: 56, marginx: 24, marginy: 32 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) {
    g.setNode(node.id, { width: size.width, height: size.height });
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
    return { ...node, x: x - size.width / 2, y: y - size.height / 2 };
  });
  const edges = graph.edges.map((edge) => placeEdge(g, edge));
  // dagre measures an empty graph as -Infinity (an SVG viewBox refuses it): 0 × 0 then.
  const { width, height } = g.graph();
  return { nodes, edges, width: finite(width), height: finite(height) };
}

function finite(size: number | undefined): number {
  return size !== undefined && Number.isFinite(size) ? size : 0;
}

/** A smooth curve through dagre's points (they go around the nodes in between). */
function placeEdge<E extends DagEdge>(g: Graph, edge: E): PlacedEdge<E> {
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
