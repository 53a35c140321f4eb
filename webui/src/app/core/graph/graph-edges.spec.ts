import { describe, expect, it } from 'vitest';

import { edgeLabel } from './graph-edges';

describe('edgeLabel', () => {
  it('is empty for an edge without outputs', () => {
    expect(edgeLabel([])).toBe('');
  });

  it('names one or two outputs', () => {
    expect(edgeLabel(['loud'])).toBe('loud');
    expect(edgeLabel(['loud', 'count'])).toBe('loud, count');
  });

  it('names the first two of more and adds an ellipsis', () => {
    expect(edgeLabel(['a', 'b', 'c'])).toBe('a, b…');
  });
});
