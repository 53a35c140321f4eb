import type { WritableSignal } from '@angular/core';

/** Run a change with `busy` set while it lasts; its failure lands in `error` (cleared first). */
export async function act(
  busy: WritableSignal<boolean>,
  error: WritableSignal<unknown>,
  work: () => Promise<unknown>,
): Promise<void> {
  busy.set(true);
  error.set(null);
  try {
    await work();
  } catch (failure) {
    error.set(failure);
  } finally {
    busy.set(false);
  }
}

/** Run a change whose failure lands in `error` (left as it is otherwise). */
export async function attempt(
  error: WritableSignal<unknown>,
  work: () => Promise<unknown>,
): Promise<void> {
  try {
    await work();
  } catch (failure) {
    error.set(failure);
  }
}
