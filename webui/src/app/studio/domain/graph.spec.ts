import { describe, expect, it } from 'vitest';

import type {
  Step,
  StoreAction,
  StoreIo,
  Trigger,
  Workflow,
  WorkflowProblem,
} from '../../core/api/models';
import type { Binding } from './bindings';
import {
  ancestors,
  buildGraph,
  dependencies,
  descendants,
  satisfied,
  TRIGGER,
  upstreamOutputs,
} from './graph';

function io(name: string, type = 'string', more: Partial<StoreIo> = {}): StoreIo {
  return {
    name,
    type,
    human_name: name,
    help: '',
    enum_values: [],
    optional: false,
    has_default: false,
    default: null,
    ...more,
  };
}

function action(name: string, version: string, inputs: StoreIo[], outputs: StoreIo[]): StoreAction {
  return {
    technical_name: name,
    version,
    action_id: name,
    kind: 'Processor',
    type: 'python3',
    human_name: name,
    description: '',
    categories: [],
    inputs,
    outputs,
    dynamic_outputs: false,
    resources: {} as StoreAction['resources'],
    addons: {},
    has_logo: false,
    source_name: 'repo',
    source_sha: 'abc',
    published_at: null,
  };
}

function step(
  id: string,
  actionName: string,
  inputs: Record<string, Binding> = {},
  needs: string[] = [],
  version: string | null = null,
): Step {
  return {
    id,
    action: actionName,
    version,
    inputs: inputs as Step['inputs'],
    when: '',
    needs,
  };
}

function workflow(
  steps: Step[],
  trigger: Partial<Trigger> | null = {},
  problems: WorkflowProblem[] = [],
): Workflow {
  return {
    id: 'wf-1',
    name: 'shout-and-count',
    description: '',
    deployment: null,
    next_fire_times: [],
    created_at: '2025-01-01T10:00:00Z',
    updated_at: '2025-01-01T10:00:00Z',
    trigger: trigger && {
      kind: 'manual',
      inputs: {},
      timezone: 'UTC',
      outputs: [
        { name: 'doc', type: 'file', optional: false, enum_values: [] },
        { name: 'who', type: 'string', optional: true, enum_values: [] },
      ],
      ...trigger,
    },
    steps,
    results: {},
    problems,
  };
}

function problem(
  code: string,
  stepId: string | null,
  input: string | null = null,
): WorkflowProblem {
  return { code, step: stepId, input, message: `${code} at ${stepId}` };
}

const STORE = [
  action('shout', '1.0', [io('text', 'file'), io('suffix')], [io('loud', 'file')]),
  action(
    'shout',
    '2.0',
    [io('text', 'file'), io('suffix')],
    [io('loud', 'file'), io('n', 'integer')],
  ),
  action('count', '1.0', [io('file', 'file')], [io('words', 'integer')]),
  action('mean', '1.0', [io('x', 'float')], [io('avg', 'float')]),
  action('poll', '1.0', [io('url')], [io('body', 'longstring')]),
];

/** Newest version when `version` is null, as the action store answers. */
function lookup(name: string, version: string | null): StoreAction | undefined {
  const versions = STORE.filter((a) => a.technical_name === name);
  return version ? versions.find((a) => a.version === version) : versions.at(-1);
}

// shout ← trigger.doc; count ← shout.loud; mean ← count.words; lonely has no predecessor.
const SHOUT = step('shout', 'shout', { text: { ref: 'trigger.doc' }, suffix: { variable: 'sfx' } });
const COUNT = step('count', 'count', { file: { ref: 'shout.loud' } }, [], '1.0');
const MEAN = step('mean', 'mean', { x: { ref: 'count.words' } });
const LONELY = step('lonely', 'ghost');
const CHAIN = workflow([SHOUT, COUNT, MEAN, LONELY]);

describe('buildGraph', () => {
  it('makes a node of the trigger and of each step, with their actions and IO', () => {
    const graph = buildGraph(CHAIN, lookup);
    expect(graph.nodes.map((n) => [n.id, n.kind, n.subtitle])).toEqual([
      [TRIGGER, 'trigger', 'Manual: a form'],
      ['shout', 'step', 'shout v2.0'],
      ['count', 'step', 'count v1.0'],
      ['mean', 'step', 'mean v1.0'],
      ['lonely', 'step', 'ghost v?'],
    ]);
    const shout = graph.nodes[1];
    expect(shout.action?.version).toBe('2.0');
    expect(shout.inputs.map((i) => i.name)).toEqual(['text', 'suffix']);
    expect(shout.outputs).toEqual([
      { name: 'loud', type: 'file' },
      { name: 'n', type: 'integer' },
    ]);
    expect(shout.bindings).toEqual(SHOUT.inputs);
    expect(graph.nodes[0].outputs).toEqual([
      { name: 'doc', type: 'file' },
      { name: 'who', type: 'string' },
    ]);
  });

  it('leaves the IO of a step whose action the store lacks empty', () => {
    const lonely = buildGraph(CHAIN, lookup).nodes[4];
    expect([lonely.action, lonely.inputs, lonely.outputs]).toEqual([undefined, [], []]);
  });

  it('draws the edges of references (by node, with the outputs) and start edges', () => {
    expect(buildGraph(CHAIN, lookup).edges).toEqual([
      { from: TRIGGER, to: 'shout', kind: 'ref', outputs: ['doc'] },
      { from: 'shout', to: 'count', kind: 'ref', outputs: ['loud'] },
      { from: 'count', to: 'mean', kind: 'ref', outputs: ['words'] },
      { from: TRIGGER, to: 'lonely', kind: 'start', outputs: [] },
    ]);
  });

  it('reads a reference to a nested output as the node and the rest of the path', () => {
    const nested = workflow([SHOUT, step('deep', 'count', { file: { ref: 'shout.loud.part' } })]);
    expect(buildGraph(nested, lookup).edges[1]).toEqual({
      from: 'shout',
      to: 'deep',
      kind: 'ref',
      outputs: ['loud.part'],
    });
  });

  it('ignores a reference without a node', () => {
    const odd = workflow([step('odd', 'count', { file: { ref: 'loud' } })]);
    expect(buildGraph(odd, lookup).edges).toEqual([
      { from: TRIGGER, to: 'odd', kind: 'start', outputs: [] },
    ]);
  });

  it('gives a cron trigger a time output once, and names its schedule', () => {
    const cron = workflow([], { kind: 'cron', schedule: '0 * * * *', outputs: [] });
    expect(buildGraph(cron, lookup).nodes[0]).toMatchObject({
      subtitle: 'Schedule: 0 * * * *',
      outputs: [{ name: 'time', type: 'string' }],
    });
    const declared = workflow([], {
      kind: 'cron',
      schedule: '0 * * * *',
      outputs: [{ name: 'time', type: 'string', optional: false, enum_values: [] }],
    });
    expect(buildGraph(declared, lookup).nodes[0].outputs).toEqual([
      { name: 'time', type: 'string' },
    ]);
  });

  it("gives a source trigger its action's inputs, then its outputs and the declared ones", () => {
    const source = workflow([], {
      kind: 'action',
      action: 'poll',
      inputs: { url: { literal: 'https://example.org' } },
      outputs: [{ name: 'extra', type: 'integer', optional: false, enum_values: [] }],
    });
    expect(buildGraph(source, lookup).nodes[0]).toMatchObject({
      subtitle: 'Source: poll',
      actionName: 'poll',
      inputs: [{ name: 'url' }],
      outputs: [
        { name: 'body', type: 'longstring' },
        { name: 'extra', type: 'integer' },
      ],
      bindings: { url: { literal: 'https://example.org' } },
    });
  });

  it('says a workflow without trigger has none chosen yet, and puts no_trigger on it', () => {
    const bare = workflow([SHOUT], null, [problem('no_trigger', null)]);
    const trigger = buildGraph(bare, lookup).nodes[0];
    expect(trigger).toMatchObject({ id: TRIGGER, subtitle: 'Not chosen yet', outputs: [] });
    expect(trigger.problems.map((p) => p.code)).toEqual(['no_trigger']);
  });

  it('puts each problem on the node it is about, and the others on none', () => {
    const withProblems = workflow([SHOUT, COUNT], {}, [
      problem('unknown_variable', 'shout', 'suffix'),
      problem('missing_input', 'count', 'file'),
      problem('unknown_variable', 'shout', 'text'),
      problem('unknown_result_reference', null),
    ]);
    const [trigger, shout, count] = buildGraph(withProblems, lookup).nodes;
    expect(trigger.problems).toEqual([]);
    expect(shout.problems.map((p) => p.input)).toEqual(['suffix', 'text']);
    expect(count.problems.map((p) => p.code)).toEqual(['missing_input']);
  });
});

describe('dependencies, ancestors and descendants', () => {
  it('lists the direct dependencies: needs and referenced steps, not the trigger', () => {
    const step3 = step('s3', 'x', { a: { ref: 's1.out' }, b: { ref: 'trigger.doc' } }, [
      's2',
      's1',
    ]);
    expect(dependencies(step3)).toEqual(['s2', 's1']);
    expect(dependencies(SHOUT)).toEqual([]);
  });

  it('follows references and needs transitively', () => {
    const after = step('after', 'x', {}, ['mean']);
    const flow = workflow([SHOUT, COUNT, MEAN, LONELY, after]);
    expect(ancestors(flow, 'after')).toEqual(new Set(['mean', 'count', 'shout']));
    expect(ancestors(flow, 'shout')).toEqual(new Set());
    expect(descendants(flow, 'shout')).toEqual(new Set(['count', 'mean', 'after']));
    expect(descendants(flow, 'lonely')).toEqual(new Set());
  });

  it('ignores dependencies on steps that do not exist', () => {
    const flow = workflow([step('a', 'x', { i: { ref: 'gone.out' } }, ['missing'])]);
    expect(ancestors(flow, 'a')).toEqual(new Set());
  });

  it('stops on a cycle', () => {
    const flow = workflow([
      step('a', 'x', {}, ['b']),
      step('b', 'x', {}, ['c']),
      step('c', 'x', {}, ['a']),
    ]);
    expect(ancestors(flow, 'a')).toEqual(new Set(['a', 'b', 'c']));
    expect(descendants(flow, 'b')).toEqual(new Set(['a', 'b', 'c']));
  });
});

describe('upstreamOutputs', () => {
  const graph = buildGraph(CHAIN, lookup);

  it("offers the trigger's and the ancestors' outputs of a fitting type first", () => {
    expect(upstreamOutputs(graph, CHAIN, 'count', 'file')).toEqual([
      { node: TRIGGER, output: 'doc', type: 'file', ancestor: true },
      { node: 'shout', output: 'loud', type: 'file', ancestor: true },
    ]);
  });

  it('then the outputs of steps that may still run before, never of those after', () => {
    // lonely may still run before count; mean runs after it.
    const flow = workflow([SHOUT, COUNT, MEAN, step('lonely', 'count')]);
    const found = upstreamOutputs(buildGraph(flow, lookup), flow, 'count', 'integer');
    expect(found).toEqual([
      { node: 'shout', output: 'n', type: 'integer', ancestor: true },
      { node: 'lonely', output: 'words', type: 'integer', ancestor: false },
    ]);
    // count takes shout's output: its words would make a cycle.
    expect(upstreamOutputs(buildGraph(flow, lookup), flow, 'shout', 'integer')).toEqual([
      { node: 'lonely', output: 'words', type: 'integer', ancestor: false },
    ]);
  });

  it('offers integers to a float input, never passwords to a text input', () => {
    const flow = workflow([SHOUT, COUNT, MEAN], {
      outputs: [
        { name: 'pw', type: 'password', optional: false, enum_values: [] },
        { name: 'who', type: 'string', optional: false, enum_values: [] },
      ],
    });
    const g = buildGraph(flow, lookup);
    expect(upstreamOutputs(g, flow, 'mean', 'float').map((u) => `${u.node}.${u.output}`)).toEqual([
      'shout.n',
      'count.words',
    ]);
    expect(upstreamOutputs(g, flow, 'shout', 'string').map((u) => u.output)).toEqual(['who']);
  });

  it('offers nothing to the trigger', () => {
    expect(upstreamOutputs(graph, CHAIN, TRIGGER, 'file')).toEqual([]);
  });
});

describe('satisfied', () => {
  const node = buildGraph(CHAIN, lookup).nodes[1];

  it('is true for a bound input, an optional one, or one with a default', () => {
    expect(satisfied(node, io('suffix'))).toBe(true);
    expect(satisfied(node, io('other', 'string', { optional: true }))).toBe(true);
    expect(satisfied(node, io('other', 'string', { has_default: true, default: 'x' }))).toBe(true);
  });

  it('is false for a required input without binding', () => {
    expect(satisfied(node, io('other'))).toBe(false);
  });
});
