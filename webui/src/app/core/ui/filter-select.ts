import { Component, computed, input, model, output } from '@angular/core';

/** A choice of a filter: a value, and the text that names it (the value itself by default). */
export type FilterOption = string | { readonly value: string; readonly label: string };

/** A list's filter: its select's `id` and `name`, its label, the text of "all" (the empty
 * value) and its options. */
export interface Filter {
  readonly id: string;
  readonly name: string;
  readonly label: string;
  readonly all: string;
  readonly options: readonly FilterOption[];
}

/** The options of a filter as value and label, the first one "all" (the empty value). */
export function filterOptions(
  all: string,
  options: readonly FilterOption[],
): { value: string; label: string }[] {
  return [
    { value: '', label: all },
    ...options.map((o) => (typeof o === 'string' ? { value: o, label: o } : { ...o })),
  ];
}

/**
 * A labelled select of a list's filter, whose empty value is "all":
 * `<div [flFilterSelect]="stateFilter" [(value)]="state" (picked)="filter()">`, the filter
 * written as data (`Filter`). `picked` follows the change of `value`.
 */
@Component({
  selector: 'div[flFilterSelect]',
  host: { class: 'field' },
  template: `
    <label [for]="flFilterSelect().id">{{ flFilterSelect().label }}</label>
    <select
      [id]="flFilterSelect().id"
      [attr.name]="flFilterSelect().name"
      class="select"
      (change)="pick($any($event.target).value)"
    >
      @for (o of choices(); track o.value) {
        <option [value]="o.value" [selected]="o.value === value()">{{ o.label }}</option>
      }
    </select>
  `,
})
export class FilterSelect {
  readonly flFilterSelect = input.required<Filter>();
  readonly value = model('');
  readonly picked = output<string>();
  protected readonly choices = computed(() =>
    filterOptions(this.flFilterSelect().all, this.flFilterSelect().options),
  );

  protected pick(value: string): void {
    this.value.set(value);
    this.picked.emit(value);
  }
}
