/** Auto-layout of the workflow graph with dagre: the trigger on top, each step below the
 * steps it depends on. */
import dagre from '@dagrejs/dagre';

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
  g.setGraph({ rankdir: 'TB', nodesep: 48, ranksep: 64, marginx: 24, marginy: 24 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const node of graph.nodes) {
    g.setNode(node.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  }
  for (const edge of graph.edges) {
    g.setEdge(edge.from, edge.to);
  }
  dagre.layout(g);
  const nodes = graph.nodes.map((node) => {
    const { x, y } = g.node(node.id);
    return { ...node, x: x - NODE_WIDTH / 2, y: y - NODE_HEIGHT / 2 };
  });
  const at = new Map(nodes.map((n) => [n.id, n]));
  const edges = graph.edges.map((edge) => placeEdge(edge, at.get(edge.from)!, at.get(edge.to)!));
  const { width = 0, height = 0 } = g.graph();
  return { nodes, edges, width, height };
}

/** A smooth curve from the bottom of the source to the top of the target. */
function placeEdge(edge: GraphEdge, from: PlacedNode, to: PlacedNode): PlacedEdge {
  const x1 = from.x + NODE_WIDTH / 2;
  const y1 = from.y + NODE_HEIGHT;
  const x2 = to.x + NODE_WIDTH / 2;
  const y2 = to.y - 6;
  const bend = Math.max(40, (y2 - y1) / 2);
  return {
    ...edge,
    path: `M ${x1} ${y1} C ${x1} ${y1 + bend}, ${x2} ${y2 - bend}, ${x2} ${y2}`,
    labelX: (x1 + x2) / 2,
    labelY: (y1 + y2) / 2,
  };
}
