import { Component, computed, input } from '@angular/core';

import { fieldMessage } from '../api/errors';

/**
 * The platform's error about one form field, under the field. Give it the `id` the field names in
 * `aria-describedby`, and mark the field with `[attr.aria-invalid]="invalid(error, name)"`.
 */
@Component({
  selector: 'fl-field-error',
  template: `@if (message(); as text) {
    <span class="error">{{ text }}</span>
  }`,
})
export class FieldError {
  readonly error = input<unknown>(null);
  readonly field = input.required<string>();
  protected readonly message = computed(() => fieldMessage(this.error(), this.field()));
}

/** `true` when the error names the field, else `null` (no `aria-invalid` attribute). */
export function invalid(error: unknown, field: string): true | null {
  return fieldMessage(error, field) ? true : null;
}
