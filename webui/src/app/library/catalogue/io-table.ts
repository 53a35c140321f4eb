import { Component, input } from '@angular/core';

import type { StoreIo } from '../../core/api/models';

/** The inputs or outputs of an action: name, type, help, optional/default. */
@Component({
  selector: 'fl-io-table',
  template: `
    @if (items().length) {
      <div class="table-wrap">
        <table class="table fixed" [attr.aria-label]="caption()">
          <colgroup>
            <col style="width: 26%" />
            <col style="width: 18%" />
            <col />
            @if (inputs()) {
              <col style="width: 18%" />
            }
          </colgroup>
          <thead>
            <tr>
              <th>Name</th>
              <th>Type</th>
              <th>Description</th>
              @if (inputs()) {
                <th>Required</th>
              }
            </tr>
          </thead>
          <tbody>
            @for (io of items(); track io.name) {
              <tr [attr.data-io]="io.name">
                <td>
                  <strong>{{ io.human_name || io.name }}</strong>
                  @if (io.human_name && io.human_name !== io.name) {
                    <div class="mono small muted">{{ io.name }}</div>
                  }
                </td>
                <td>
                  <span class="tag">{{ io.type }}</span>
                  @if (io.enum_values.length) {
                    <div class="small muted">{{ io.enum_values.join(', ') }}</div>
                  }
                </td>
                <td>{{ io.help || '—' }}</td>
                @if (inputs()) {
                  <td>
                    @if (io.optional) {
                      optional
                    } @else {
                      required
                    }
                    @if (io.has_default) {
                      <div class="small muted">
                        default: <code>{{ io.default }}</code>
                      </div>
                    }
                  </td>
                }
              </tr>
            }
          </tbody>
        </table>
      </div>
    } @else {
      <p class="muted pad">None.</p>
    }
  `,
  styles: `
    .pad {
      padding: 0 24px 16px;
    }
  `,
})
export class IoTable {
  readonly items = input.required<StoreIo[]>();
  readonly caption = input('');
  /** Inputs say whether they are required; outputs always exist. */
  readonly inputs = input(true);
}
