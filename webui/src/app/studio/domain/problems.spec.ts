import { describe, expect, it } from 'vitest';

import type { Step, Workflow, WorkflowProblem } from '../../core/api/models';
import { TRIGGER } from '../../core/graph/edges';
import type { Binding } from './bindings';
import { bindingOf, missingValue, nodeOf, subjectOf } from './problems';

function problem(code: string, step: string | null, input: string | null = null): WorkflowProblem {
  return { code, step, input, message: `${code}: ${step}.${input}` };
}

function step(id: string, inputs: Record<string, Binding>): Step {
  return { id, action: id, version: '1.0', inputs: inputs as Step['inputs'], when: '', needs: [] };
}

const WORKFLOW: Workflow = {
  id: 'wf-1',
  name: 'report',
  description: '',
  deployment: null,
  created_at: '2025-01-01T10:00:00Z',
  updated_at: '2025-01-01T10:00:00Z',
  trigger: {
    kind: 'action',
    action: 'poll',
    version: '2.0',
    inputs: { token: { secret: 'api-token' } as Step['inputs'][string] },
    timezone: 'UTC',
    outputs: [],
  },
  steps: [
    step('fetch', { url: { variable: 'base-url' }, key: { secret: 'fetch-key' } }),
    step('send', { to: { literal: 'ops@example.org' }, body: { ref: 'fetch.body' } }),
  ],
  results: {},
  problems: [],
  next_fire_times: [],
};

describe('nodeOf', () => {
  it('is the step a problem names, the trigger for a missing one, or none', () => {
    expect(nodeOf(problem('missing_input', 'fetch', 'url'))).toBe('fetch');
    expect(nodeOf(problem('unknown_secret', TRIGGER, 'token'))).toBe(TRIGGER);
    expect(nodeOf(problem('no_trigger', null))).toBe(TRIGGER);
    expect(nodeOf(problem('unknown_result_reference', null))).toBeNull();
  });
});

describe('subjectOf', () => {
  it('finds the step or the trigger a problem names', () => {
    expect(subjectOf(WORKFLOW, problem('missing_input', 'send', 'to'))?.action).toBe('send');
    expect(subjectOf(WORKFLOW, problem('unknown_secret', TRIGGER, 'token'))?.action).toBe('poll');
  });

  it('is null for the workflow itself, a step that is gone, or a missing trigger', () => {
    expect(subjectOf(WORKFLOW, problem('unknown_result_reference', null))).toBeNull();
    expect(subjectOf(WORKFLOW, problem('missing_input', 'gone', 'x'))).toBeNull();
    expect(subjectOf({ ...WORKFLOW, trigger: null }, problem('x', TRIGGER, 'y'))).toBeNull();
  });
});

describe('bindingOf', () => {
  it("is the binding of the problem's input, on a step or the trigger", () => {
    expect(bindingOf(WORKFLOW, problem('unknown_variable', 'fetch', 'url'))).toEqual({
      variable: 'base-url',
    });
    expect(bindingOf(WORKFLOW, problem('unknown_secret', TRIGGER, 'token'))).toEqual({
      secret: 'api-token',
    });
  });

  it('is null without an input, or for an input left unbound', () => {
    expect(bindingOf(WORKFLOW, problem('invalid_condition', 'fetch'))).toBeNull();
    expect(bindingOf(WORKFLOW, problem('missing_input', 'fetch', 'timeout'))).toBeNull();
  });
});

describe('missingValue', () => {
  it('is the variable an unknown_variable problem names', () => {
    expect(missingValue(WORKFLOW, problem('unknown_variable', 'fetch', 'url'))).toEqual({
      kind: 'variable',
      name: 'base-url',
      type: 'string',
    });
  });

  it('is the secret an unknown_secret problem names, the trigger included', () => {
    expect(missingValue(WORKFLOW, problem('unknown_secret', 'fetch', 'key'))).toEqual({
      kind: 'secret',
      name: 'fetch-key',
      type: 'string',
    });
    expect(missingValue(WORKFLOW, problem('unknown_secret', TRIGGER, 'token'))?.name).toBe(
      'api-token',
    );
  });

  it('is null for a problem the page cannot fix by creating a value', () => {
    expect(missingValue(WORKFLOW, problem('missing_input', 'fetch', 'url'))).toBeNull();
    expect(missingValue(WORKFLOW, problem('unknown_reference', 'send', 'body'))).toBeNull();
  });

  it('is null when the binding names no value of that kind', () => {
    // The studio answered before the binding changed: it is now a secret, or a literal.
    expect(missingValue(WORKFLOW, problem('unknown_variable', 'fetch', 'key'))).toBeNull();
    expect(missingValue(WORKFLOW, problem('unknown_secret', 'send', 'to'))).toBeNull();
    expect(missingValue(WORKFLOW, problem('unknown_variable', 'gone', 'url'))).toBeNull();
  });
});
