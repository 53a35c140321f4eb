import { Component, input } from '@angular/core';

/**
 * A form field: its label, then the control (the projected content):
 * `<div flField="Name" labelFor="secret-name"><input id="secret-name" … /></div>`.
 */
@Component({
  selector: 'div[flField]',
  host: { class: 'field' },
  template: `
    <label [for]="labelFor()">{{ flField() }}</label>
    <ng-content />
  `,
})
export class Field {
  readonly flField = input.required<string>();
  readonly labelFor = input.required<string>();
}
