import { afterEach, describe, expect, it, vi } from 'vitest';

import { bytes, duration, WhenPipe } from './format';

describe('duration', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is a dash before the start', () => {
    expect(duration(null)).toBe('—');
    expect(duration(undefined, '2025-01-01T10:00:00Z')).toBe('—');
  });

  it('counts milliseconds, then seconds to a tenth, then minutes and seconds', () => {
    const start = '2025-01-01T10:00:00.000Z';
    expect(duration(start, '2025-01-01T10:00:00.250Z')).toBe('250 ms');
    expect(duration(start, '2025-01-01T10:00:01.000Z')).toBe('1.0 s');
    expect(duration(start, '2025-01-01T10:00:59.940Z')).toBe('59.9 s');
    expect(duration(start, '2025-01-01T10:01:00.000Z')).toBe('1 min 0 s');
    expect(duration(start, '2025-01-01T10:03:04.400Z')).toBe('3 min 4 s');
    expect(duration(start, '2025-01-01T12:00:00.000Z')).toBe('120 min 0 s');
  });

  it('never goes below zero when the clocks disagree', () => {
    expect(duration('2025-01-01T10:00:01Z', '2025-01-01T10:00:00Z')).toBe('0 ms');
  });

  it('runs to now while there is no end', () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2025-01-01T10:00:12.300Z'));
    expect(duration('2025-01-01T10:00:00Z')).toBe('12.3 s');
    expect(duration('2025-01-01T10:00:00Z', null)).toBe('12.3 s');
  });
});

describe('bytes', () => {
  it('is empty without a size', () => {
    expect(bytes(null)).toBe('');
    expect(bytes(undefined)).toBe('');
  });

  it('writes bytes whole and larger units to a tenth', () => {
    expect(bytes(0)).toBe('0 B');
    expect(bytes(1023)).toBe('1023 B');
    expect(bytes(1024)).toBe('1.0 KB');
    expect(bytes(1536)).toBe('1.5 KB');
    expect(bytes(5 * 1024 * 1024)).toBe('5.0 MB');
    expect(bytes(3 * 1024 ** 3)).toBe('3.0 GB');
  });

  it('stops at gigabytes', () => {
    expect(bytes(2 * 1024 ** 4)).toBe('2048.0 GB');
  });
});

describe('WhenPipe', () => {
  it('is a dash without a date', () => {
    expect(new WhenPipe().transform(null)).toBe('—');
    expect(new WhenPipe().transform('')).toBe('—');
  });

  it('writes the day, month and time of a date', () => {
    const text = new WhenPipe().transform('2025-11-23T14:03:12Z');
    expect(text).toMatch(/23/);
    expect(text).toMatch(/\d{2}:\d{2}:\d{2}/);
  });
});
