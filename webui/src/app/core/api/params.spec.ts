import { describe, expect, it } from 'vitest';

import { at, first } from './params';

describe('at', () => {
  it('names the object by its path parameters', () => {
    expect(at({ run_id: 'r1' })).toEqual({ params: { path: { run_id: 'r1' } } });
  });

  it('adds the query when there is one', () => {
    expect(at({ workflow_id: 'w1' }, { limit: 100 })).toEqual({
      params: { path: { workflow_id: 'w1' }, query: { limit: 100 } },
    });
  });
});

describe('first', () => {
  it('asks for the first items', () => {
    expect(first(500)).toEqual({ params: { query: { limit: 500 } } });
  });

  it('keeps the other query fields beside the limit', () => {
    expect(first(200, { q: 'echo', kind: null })).toEqual({
      params: { query: { q: 'echo', kind: null, limit: 200 } },
    });
  });
});
