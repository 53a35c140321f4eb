import { Component, computed, input, model, output } from '@angular/core';

/** A choice of a filter: a value, and the text that names it (the value itself by default). */
export type FilterOption = string | { readonly value: string; readonly label: string };

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
 * `<div flFilterSelect fieldId="runs-state" fieldName="state" label="State" all="All states"
 * [options]="states" [(value)]="state" (picked)="filter()">`. `picked` follows the change of
 * `value`. (The select's id is `fieldId`: an `id` would land on the host too.)
 */
@Component({
  selector: 'div[flFilterSelect]',
  host: { class: 'field' },
  template: `
    <label [for]="fieldId()">{{ label() }}</label>
    <select
      [id]="fieldId()"
      [attr.name]="fieldName()"
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
  readonly fieldId = input.required<string>();
  readonly label = input.required<string>();
  readonly fieldName = input.required<string>();
  readonly all = input.required<string>();
  readonly options = input.required<readonly FilterOption[]>();
  readonly value = model('');
  readonly picked = output<string>();
  protected readonly choices = computed(() => filterOptions(this.all(), this.options()));

  protected pick(value: string): void {
    this.value.set(value);
    this.picked.emit(value);
  }
}
