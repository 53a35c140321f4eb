import { Component, input } from '@angular/core';

/**
 * A page's title and subtitle, with the page's buttons (the projected content) beside them:
 * `<div flPageHeader="Runs" subtitle="…">`.
 */
@Component({
  selector: 'div[flPageHeader]',
  host: { class: 'page-header' },
  template: `
    <div>
      <h1>{{ flPageHeader() }}</h1>
      @if (subtitle()) {
        <p class="subtitle">{{ subtitle() }}</p>
      }
    </div>
    <ng-content />
  `,
})
export class PageHeader {
  readonly flPageHeader = input.required<string>();
  readonly subtitle = input('');
}
