import { signal } from '@angular/core';
import { describe, expect, it } from 'vitest';

import { act, attempt } from './act';

describe('act', () => {
  it('is busy while the work lasts and clears the error first', async () => {
    const busy = signal(false);
    const error = signal<unknown>('old');
    let seen: [boolean, unknown] = [false, undefined];
    await act(busy, error, async () => {
      seen = [busy(), error()];
    });
    expect(seen).toEqual([true, null]);
    expect(busy()).toBe(false);
    expect(error()).toBeNull();
  });

  it('puts a failure in the error', async () => {
    const busy = signal(false);
    const error = signal<unknown>(null);
    await act(busy, error, async () => {
      throw new Error('refused');
    });
    expect((error() as Error).message).toBe('refused');
    expect(busy()).toBe(false);
  });
});

describe('attempt', () => {
  it('leaves the error as it is when the work succeeds', async () => {
    const error = signal<unknown>('old');
    let ran = false;
    await attempt(error, async () => {
      ran = true;
    });
    expect(ran).toBe(true);
    expect(error()).toBe('old');
  });

  it('puts a failure in the error', async () => {
    const error = signal<unknown>(null);
    await attempt(error, async () => {
      throw new Error('gone');
    });
    expect((error() as Error).message).toBe('gone');
  });
});
