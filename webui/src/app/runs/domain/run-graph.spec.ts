import { describe, expect, it } from 'vitest';

import type { Execution, Run } from '../../core/api/models';
import { runGraph, timeAxis, versionNumber } from './run-graph';

function execution(stepId: string, state: string, times: Partial<Execution> = {}): Execution {
  return {
    id: `x-${stepId}`,
    step_id: stepId,
    state,
    attempt: 1,
    inputs: {},
    outputs: {},
    message: null,
    started_at: null,
    ended_at: null,
    next_attempt_at: null,
    attempts: [],
    artefact: null,
    ...times,
  };
}

function run(executions: Execution[], fields: Partial<Run> = {}): Run {
  return {
    id: 'r1',
    workflow_id: 'wf-1',
    workflow_version_id: 'wf-1-v2',
    trigger_source: 'manual',
    state: 'Running',
    created_at: '2025-01-01T10:00:00Z',
    ended_at: null,
    error: null,
    cancel_code: null,
    trigger_outputs: {},
    results: {},
    executions,
    ...fields,
  };
}

/** A frozen version's content as the studio answers it: shout takes the trigger's file, count
 * takes shout's output, notify only runs after count. */
const VERSION = {
  trigger: { manual: { outputs: [{ name: 'doc', type: 'file' }] } },
  steps: [
    {
      id: 'shout',
      action: { action_id: 'shout', version: '1.0' },
      inputs: [{ input: 'text', ref: { node: 'trigger', output: 'doc' } }, { input: 'suffix' }],
    },
    {
      id: 'count',
      action: { action_id: 'count', version: '2.1' },
      inputs: [{ input: 'file', ref: { node: 'shout', output: 'loud' } }],
    },
    { id: 'notify', action: { action_id: 'notify', version: '1.0' }, needs: ['count'] },
  ],
};

describe('versionNumber', () => {
  it('reads the number at the end of a version id', () => {
    expect(versionNumber('wf-1-v2')).toBe(2);
    expect(versionNumber('a.b-v12')).toBe(12);
  });

  it('is null for an id without one', () => {
    expect(versionNumber('wf-1')).toBeNull();
    expect(versionNumber('wf-1-v')).toBeNull();
    expect(versionNumber('wf-1-v2x')).toBeNull();
    expect(versionNumber('')).toBeNull();
  });
});

describe('runGraph', () => {
  it("draws the version's trigger and steps, each with its execution's state", () => {
    const shout = execution('shout', 'Success');
    const count = execution('count', 'Running');
    const graph = runGraph(run([shout, count]), VERSION);
    expect(graph.nodes).toEqual([
      { id: 'trigger', kind: 'trigger', subtitle: 'Manual', state: 'Started', execution: null },
      { id: 'shout', kind: 'step', subtitle: 'shout v1.0', state: 'Success', execution: shout },
      { id: 'count', kind: 'step', subtitle: 'count v2.1', state: 'Running', execution: count },
      {
        id: 'notify',
        kind: 'step',
        subtitle: 'notify v1.0',
        state: 'Not started',
        execution: null,
      },
    ]);
  });

  it('draws the edges from references and needs', () => {
    expect(runGraph(run([]), VERSION).edges).toEqual([
      { from: 'trigger', to: 'shout', kind: 'ref', outputs: ['doc'] },
      { from: 'shout', to: 'count', kind: 'ref', outputs: ['loud'] },
      { from: 'count', to: 'notify', kind: 'needs', outputs: [] },
    ]);
  });

  it('names a schedule or a source trigger', () => {
    const cron = { ...VERSION, trigger: { cron: { schedule: '*/5 * * * *' } } };
    expect(runGraph(run([]), cron).nodes[0].subtitle).toBe('Schedule */5 * * * *');
    expect(runGraph(run([]), { ...VERSION, trigger: { cron: {} } }).nodes[0].subtitle).toBe(
      'Schedule',
    );
    const source = { ...VERSION, trigger: { action: { action: { action_id: 'webhook-in' } } } };
    expect(runGraph(run([]), source).nodes[0].subtitle).toBe('Source webhook-in');
  });

  it('shows the executions alone, without edges, when the version cannot be read', () => {
    const shout = execution('shout', 'Error');
    expect(runGraph(run([shout]), null)).toEqual({
      nodes: [{ id: 'shout', kind: 'step', subtitle: '', state: 'Error', execution: shout }],
      edges: [],
    });
    expect(runGraph(run([shout]), {}).edges).toEqual([]);
  });

  it('is empty for a run not started yet whose version cannot be read', () => {
    expect(runGraph(run([]), null)).toEqual({ nodes: [], edges: [] });
  });

  it('draws a version without steps as the trigger alone', () => {
    const graph = runGraph(run([]), { trigger: { manual: {} }, steps: [] });
    expect(graph.nodes.map((n) => n.id)).toEqual(['trigger']);
    expect(graph.edges).toEqual([]);
  });

  it('leaves the subtitle of a step without action empty', () => {
    const graph = runGraph(run([]), { steps: [{ id: 'bare' }] });
    expect(graph.nodes[1]).toMatchObject({ id: 'bare', subtitle: '', state: 'Not started' });
    expect(graph.edges).toEqual([{ from: 'trigger', to: 'bare', kind: 'start', outputs: [] }]);
  });
});

describe('timeAxis', () => {
  const created = Date.parse('2025-01-01T10:00:00Z');

  it('runs from the creation to now while the run goes on', () => {
    const now = created + 90_000;
    expect(timeAxis(run([]), now)).toEqual({ start: created, end: now });
  });

  it('ends at the end of a finished run, whatever the time now', () => {
    const ended = run([], { state: 'Success', ended_at: '2025-01-01T10:00:30Z' });
    expect(timeAxis(ended, created + 3_600_000)).toEqual({ start: created, end: created + 30_000 });
  });

  it("reaches to the last step's time, a retry's next attempt included", () => {
    const waiting = execution('shout', 'Waiting', {
      started_at: '2025-01-01T10:00:01Z',
      ended_at: '2025-01-01T10:00:02Z',
      next_attempt_at: '2025-01-01T10:01:00Z',
    });
    expect(timeAxis(run([waiting]), created + 5_000).end).toBe(created + 60_000);
  });

  it('lasts at least a second', () => {
    const instant = run([], { ended_at: '2025-01-01T10:00:00Z' });
    expect(timeAxis(instant, created)).toEqual({ start: created, end: created + 1000 });
  });
});
