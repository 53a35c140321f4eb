import {
  booleanAttribute,
  Component,
  contentChild,
  Directive,
  ElementRef,
  inject,
  input,
} from '@angular/core';

import { FieldError, invalid } from './field-error';

/**
 * The control of a form field whose errors the platform may report:
 * `<input id="user-email" name="email" … [flControl]="error()" />` is marked invalid when the
 * error names the field (its `name`, or `errorField` when the API calls it otherwise) and
 * described by the message its `div[flField]` then shows under it (`<id>-error`), after the
 * field's hint (`<id>-hint`) when it has one.
 */
@Directive({
  selector: '[flControl]',
  host: {
    '[attr.aria-invalid]': 'invalid(flControl(), field())',
    '[attr.aria-describedby]': 'describedBy()',
  },
})
export class FieldControl {
  private readonly element: HTMLInputElement = inject(ElementRef).nativeElement;
  private readonly owner = inject(Field, { optional: true });
  /** The error of the form's last submit. */
  readonly flControl = input<unknown>(null);
  readonly errorField = input('');
  protected readonly invalid = invalid;

  /** The name of the field in the platform's errors. */
  field(): string {
    return this.errorField() || this.element.name;
  }

  /** The id of the message under the control. */
  errorId(): string {
    return `${this.element.id}-error`;
  }

  protected describedBy(): string {
    return this.owner?.hint() ? `${this.element.id}-hint ${this.errorId()}` : this.errorId();
  }
}

/**
 * A form field: its label, then the control (the projected content), its hint and the error
 * about it when the control is a `[flControl]`:
 * `<div flField="Name" labelFor="secret-name"><input id="secret-name" … /></div>`.
 * `optional` adds "(optional)" to the label.
 */
@Component({
  selector: 'div[flField]',
  imports: [FieldError],
  host: { class: 'field' },
  template: `
    <label [for]="labelFor()"
      >{{ flField() }}
      @if (optional()) {
        <span class="muted small">(optional)</span>
      }
    </label>
    <ng-content />
    @if (hint()) {
      <span class="hint" [id]="labelFor() + '-hint'">{{ hint() }}</span>
    }
    @if (control(); as c) {
      <fl-field-error [id]="c.errorId()" [error]="c.flControl()" [field]="c.field()" />
    }
  `,
})
export class Field {
  readonly flField = input.required<string>();
  readonly labelFor = input.required<string>();
  readonly optional = input(false, { transform: booleanAttribute });
  readonly hint = input('');
  protected readonly control = contentChild(FieldControl);
}
