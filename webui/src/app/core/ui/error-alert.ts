import { Component, computed, input } from '@angular/core';

import { describe } from '../api/errors';

/** An error answered by the platform, read out by screen readers when it appears. */
@Component({
  selector: 'fl-error',
  template: `@if (error()) {
    <div class="alert danger" role="alert">{{ message() }}</div>
  }`,
})
export class ErrorAlert {
  readonly error = input<unknown>(null);
  protected readonly message = computed(() => describe(this.error()));
}
