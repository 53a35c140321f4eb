import { signal } from '@angular/core';
import { describe, expect, it } from 'vitest';

import { Resource } from './resource';

describe('Resource', () => {
  it('starts with the initial value, not loaded', () => {
    const resource = new Resource(async () => [1], [] as number[]);
    expect(resource.value()).toEqual([]);
    expect(resource.loaded()).toBe(false);
    expect(resource.loading()).toBe(false);
    expect(resource.error()).toBeNull();
  });

  it('sets the value and loaded after a load, loading while it lasts', async () => {
    let seenLoading = false;
    const resource: Resource<string[]> = new Resource(async () => {
      seenLoading = resource.loading();
      return ['a', 'b'];
    }, []);
    await resource.reload();
    expect(seenLoading).toBe(true);
    expect(resource.value()).toEqual(['a', 'b']);
    expect(resource.loading()).toBe(false);
    expect(resource.loaded()).toBe(true);
  });

  it('puts a failure in the shared error signal and keeps the last value', async () => {
    const error = signal<unknown>(null);
    let fail = false;
    const resource = new Resource(
      async () => {
        if (fail) {
          throw new Error('down');
        }
        return 3;
      },
      0,
      error,
    );
    await resource.reload();
    fail = true;
    await resource.reload();
    expect(resource.value()).toBe(3);
    expect((error() as Error).message).toBe('down');
    expect(resource.error).toBe(error);
    expect(resource.loaded()).toBe(true);
    expect(resource.loading()).toBe(false);
  });

  it('does not clear an error on a later success', async () => {
    const error = signal<unknown>('earlier');
    const resource = new Resource(async () => 1, 0, error);
    await resource.reload();
    expect(error()).toBe('earlier');
    expect(resource.value()).toBe(1);
  });

  it('clears the error on a success when it clearsError', async () => {
    const error = signal<unknown>('earlier');
    const resource = new Resource(async () => 1, 0, error, true);
    await resource.reload();
    expect(error()).toBeNull();
  });
});
