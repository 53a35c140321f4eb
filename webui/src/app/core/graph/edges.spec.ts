import { describe, expect, it } from 'vitest';

import { type DagStep, edgesOf, refsByNode, TRIGGER } from './edges';

function step(id: string, refs: [string, string][] = [], needs: string[] = []): DagStep {
  return { id, refs: refsByNode(refs.map(([node, output]) => ({ node, output }))), needs };
}

describe('refsByNode', () => {
  it('groups the outputs by the node they come from, in order', () => {
    const refs = refsByNode([
      { node: 'trigger', output: 'doc' },
      { node: 'shout', output: 'loud' },
      { node: 'trigger', output: 'who' },
    ]);
    expect([...refs]).toEqual([
      ['trigger', ['doc', 'who']],
      ['shout', ['loud']],
    ]);
  });

  it('is empty without references', () => {
    expect(refsByNode([]).size).toBe(0);
  });
});

describe('edgesOf', () => {
  it('draws no edge for a workflow without steps', () => {
    expect(edgesOf([])).toEqual([]);
  });

  it('starts a step without predecessor from the trigger', () => {
    expect(edgesOf([step('alone')])).toEqual([
      { from: TRIGGER, to: 'alone', kind: 'start', outputs: [] },
    ]);
  });

  it('labels a reference edge with the outputs the step takes', () => {
    const edges = edgesOf([
      step('shout', [['trigger', 'doc']]),
      step('count', [
        ['shout', 'loud'],
        ['shout', 'words'],
      ]),
    ]);
    expect(edges).toEqual([
      { from: TRIGGER, to: 'shout', kind: 'ref', outputs: ['doc'] },
      { from: 'shout', to: 'count', kind: 'ref', outputs: ['loud', 'words'] },
    ]);
  });

  it('draws a needs edge when a step only runs after another', () => {
    const edges = edgesOf([step('first'), step('second', [], ['first'])]);
    expect(edges).toEqual([
      { from: TRIGGER, to: 'first', kind: 'start', outputs: [] },
      { from: 'first', to: 'second', kind: 'needs', outputs: [] },
    ]);
  });

  it('draws one edge, the reference, when a step both needs and references another', () => {
    const edges = edgesOf([step('a'), step('b', [['a', 'out']], ['a'])]);
    expect(edges.filter((e) => e.to === 'b')).toEqual([
      { from: 'a', to: 'b', kind: 'ref', outputs: ['out'] },
    ]);
  });

  it('ignores references and needs naming no step, and the step itself', () => {
    const edges = edgesOf([
      step('a', [
        ['ghost', 'x'],
        ['a', 'own'],
      ]),
      step('b', [], ['missing', 'b']),
    ]);
    expect(edges).toEqual([
      { from: TRIGGER, to: 'a', kind: 'start', outputs: [] },
      { from: TRIGGER, to: 'b', kind: 'start', outputs: [] },
    ]);
  });

  it('keeps both edges of a cycle, whose steps then have no start edge', () => {
    const edges = edgesOf([step('a', [], ['b']), step('b', [['a', 'out']])]);
    expect(edges).toEqual([
      { from: 'b', to: 'a', kind: 'needs', outputs: [] },
      { from: 'a', to: 'b', kind: 'ref', outputs: ['out'] },
    ]);
  });

  it('draws a reference to the trigger and a needs edge for the same step', () => {
    const edges = edgesOf([step('a'), step('b', [['trigger', 'doc']], ['a'])]);
    expect(edges.filter((e) => e.to === 'b')).toEqual([
      { from: TRIGGER, to: 'b', kind: 'ref', outputs: ['doc'] },
      { from: 'a', to: 'b', kind: 'needs', outputs: [] },
    ]);
  });
});
