import { describe, expect, it } from 'vitest';

import type { DagEdge } from './edges';
import { layout, NODE_HEIGHT, NODE_WIDTH, type Placed } from './layout';

const edge = (from: string, to: string, outputs: string[] = []): DagEdge => ({
  from,
  to,
  kind: outputs.length ? 'ref' : 'needs',
  outputs,
});

const nodes = (...ids: string[]) => ids.map((id) => ({ id }));

/** The last point of an SVG path: where the edge's arrow ends. */
function end(path: string): { x: number; y: number } {
  const [x, y] = path.split(' ').slice(-2).map(Number);
  return { x, y };
}

function start(path: string): { x: number; y: number } {
  const [, x, y] = path.split(' ');
  return { x: Number(x), y: Number(y) };
}

function overlap(a: Placed<object>, b: Placed<object>, w: number, h: number): boolean {
  return Math.abs(a.x - b.x) < w && Math.abs(a.y - b.y) < h;
}

describe('layout', () => {
  it('measures an empty graph as 0 × 0', () => {
    expect(layout({ nodes: [], edges: [] })).toEqual({ nodes: [], edges: [], width: 0, height: 0 });
  });

  it('keeps what the nodes carry and places them inside the drawing', () => {
    const placed = layout({ nodes: [{ id: 'trigger', label: 'Manual' }], edges: [] });
    expect(placed.nodes).toHaveLength(1);
    const [node] = placed.nodes;
    expect(node).toMatchObject({ id: 'trigger', label: 'Manual' });
    expect(node.x).toBeGreaterThanOrEqual(0);
    expect(node.y).toBeGreaterThanOrEqual(0);
    expect(node.x + NODE_WIDTH).toBeLessThanOrEqual(placed.width);
    expect(node.y + NODE_HEIGHT).toBeLessThanOrEqual(placed.height);
  });

  it('puts each step below the node it depends on, top to bottom by default', () => {
    const placed = layout({
      nodes: nodes('trigger', 'shout', 'count'),
      edges: [edge('trigger', 'shout', ['doc']), edge('shout', 'count', ['loud'])],
    });
    const [trigger, shout, count] = placed.nodes;
    expect(trigger.y + NODE_HEIGHT).toBeLessThan(shout.y);
    expect(shout.y + NODE_HEIGHT).toBeLessThan(count.y);
    // An edge leaves the bottom middle of its source and ends on the top middle of its target.
    const [first] = placed.edges;
    expect(start(first.path)).toEqual({
      x: trigger.x + NODE_WIDTH / 2,
      y: trigger.y + NODE_HEIGHT,
    });
    expect(end(first.path)).toEqual({ x: shout.x + NODE_WIDTH / 2, y: shout.y });
  });

  it('lays out left to right with the node size asked for', () => {
    const size = { width: 200, height: 60, direction: 'LR' as const };
    const placed = layout(
      { nodes: nodes('trigger', 'a', 'b'), edges: [edge('trigger', 'a'), edge('a', 'b')] },
      size,
    );
    const [trigger, a, b] = placed.nodes;
    expect(trigger.x + size.width).toBeLessThan(a.x);
    expect(a.x + size.width).toBeLessThan(b.x);
    expect(end(placed.edges[1].path)).toEqual({ x: b.x, y: b.y + size.height / 2 });
    expect(b.x + size.width).toBeLessThanOrEqual(placed.width);
  });

  it('sets steps of one rank side by side without overlap', () => {
    const placed = layout({
      nodes: nodes('trigger', 'a', 'b', 'c'),
      edges: [edge('trigger', 'a'), edge('trigger', 'b'), edge('trigger', 'c')],
    });
    const [, a, b, c] = placed.nodes;
    expect(new Set([a.y, b.y, c.y]).size).toBe(1);
    for (const [p, q] of [
      [a, b],
      [b, c],
      [a, c],
    ]) {
      expect(overlap(p, q, NODE_WIDTH, NODE_HEIGHT)).toBe(false);
    }
  });

  it("puts a labelled edge's label between its two nodes", () => {
    const placed = layout({
      nodes: nodes('shout', 'count'),
      edges: [edge('shout', 'count', ['loud', 'words'])],
    });
    const [shout, count] = placed.nodes;
    const [labelled] = placed.edges;
    expect(labelled.outputs).toEqual(['loud', 'words']);
    expect(labelled.labelY).toBeGreaterThan(shout.y + NODE_HEIGHT);
    expect(labelled.labelY).toBeLessThan(count.y);
  });

  it('places every node and draws every edge of a cycle', () => {
    const placed = layout({
      nodes: nodes('trigger', 'a', 'b'),
      edges: [edge('trigger', 'a'), edge('a', 'b'), edge('b', 'a')],
    });
    expect(placed.nodes.map((n) => n.id)).toEqual(['trigger', 'a', 'b']);
    const [, a, b] = placed.nodes;
    expect(overlap(a, b, NODE_WIDTH, NODE_HEIGHT)).toBe(false);
    for (const drawn of placed.edges) {
      expect(drawn.path).toMatch(/^M [\d.]+ [\d.]+ L .* L [\d.]+ [\d.]+$/);
    }
    expect(Number.isFinite(placed.width) && Number.isFinite(placed.height)).toBe(true);
  });
});
