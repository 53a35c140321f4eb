import { describe, expect, it } from 'vitest';

import type { LogLine } from '../../core/api/models';
import { logText, triggerLine } from './trigger';

function line(number: number, text: string): LogLine {
  return { number, stream: 'stdout', line: text, timestamp: '2026-01-01T00:00:00Z' };
}

describe('triggerLine', () => {
  it('says nothing before a deployment', () => {
    expect(triggerLine(null)).toBeNull();
    expect(triggerLine(undefined)).toBeNull();
  });

  it('says running or finished alone, and failed with its error', () => {
    expect(triggerLine({ state: 'running', message: '' })).toBe('running');
    expect(triggerLine({ state: 'finished', message: '' })).toBe('finished');
    expect(triggerLine({ state: 'failed', message: 'ConnectionError: feed lost' })).toBe(
      'failed: ConnectionError: feed lost',
    );
  });
});

describe('logText', () => {
  it('joins the lines in order', () => {
    expect(logText([line(1, 'firing once'), line(2, 'done firing')])).toBe(
      'firing once\ndone firing',
    );
  });

  it('keeps the last lines and says how many were left out', () => {
    const lines = [1, 2, 3, 4].map((n) => line(n, `line ${n}`));
    expect(logText(lines, 2)).toBe('… 2 earlier lines\nline 3\nline 4');
  });
});
