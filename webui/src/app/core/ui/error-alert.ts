import { Component, computed, input } from '@angular/core';

import { describe } from '../api/errors';

/** An error answered by the platform, read out by screen readers when it appears. `fields`
 * names the form fields that show their own errors (`fl-field-error`): left out here. */
@Component({
  selector: 'fl-error',
  template: `@if (error()) {
    <div class="alert danger" role="alert">{{ message() }}</div>
  }`,
})
export class ErrorAlert {
  readonly error = input<unknown>(null);
  readonly fields = input<string[]>([]);
  protected readonly message = computed(() => describe(this.error(), this.fields()));
}
