import { signal, type WritableSignal } from '@angular/core';

/**
 * A value loaded from the API, kept in signals: `value` (`initial` until the first answer),
 * `loading` while a load lasts, `loaded` once one has ended (answered or failed) and `error`,
 * which receives a failed load's error (a component passes its own alert's signal to share it).
 * A failure keeps the last value; a success clears the error only with `clearsError` (a page
 * whose only call is this load says the platform answers again).
 */
export class Resource<T> {
  readonly value: WritableSignal<T>;
  readonly loading = signal(false);
  readonly loaded = signal(false);

  constructor(
    private readonly fetch: () => Promise<T>,
    initial: T,
    readonly error: WritableSignal<unknown> = signal<unknown>(null),
    private readonly clearsError = false,
  ) {
    this.value = signal(initial);
  }

  /** Load the value again. */
  async reload(): Promise<void> {
    this.loading.set(true);
    try {
      this.value.set(await this.fetch());
      if (this.clearsError) {
        this.error.set(null);
      }
    } catch (failure) {
      this.error.set(failure);
    } finally {
      this.loading.set(false);
      this.loaded.set(true);
    }
  }
}
