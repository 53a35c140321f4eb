import { DestroyRef, inject } from '@angular/core';

/**
 * Call `tick` every `ms` while the calling component lives (never two at once). Live views
 * poll every 2 s: the services offer no change feed except the runner's log stream.
 */
export function poll(ms: number, tick: () => Promise<unknown> | unknown): void {
  let busy = false;
  const id = setInterval(async () => {
    if (busy || document.hidden) {
      return;
    }
    busy = true;
    try {
      await tick();
    } catch {
      // a failed refresh keeps the last good view; the next tick tries again
    } finally {
      busy = false;
    }
  }, ms);
  inject(DestroyRef).onDestroy(() => clearInterval(id));
}
