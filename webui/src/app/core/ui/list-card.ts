import { Component, input } from '@angular/core';

/**
 * A card holding a table, or what to say when it is empty:
 * `<section flListCard="Secrets" titleId="secrets-title" [count]="items().length">`, with the
 * `<table>` and the empty state (any other content) inside. With a `titleId` the card has a
 * header with the heading (an `h2` of that id, which labels the card; content projected as
 * `[card-extra]` follows it); without one the heading is the card's `aria-label`. The empty
 * state shows only once `ready` (after the first load); without a `count` the table always shows.
 */
@Component({
  selector: 'section[flListCard]',
  host: {
    class: 'card flush',
    '[attr.aria-labelledby]': 'titleId() || null',
    '[attr.aria-label]': 'titleId() ? null : flListCard()',
  },
  template: `
    @if (titleId()) {
      <header>
        <h2 [id]="titleId()">{{ flListCard() }}</h2>
        <ng-content select="[card-extra]" />
      </header>
    }
    @if ((count() ?? true) && columns()) {
      <div class="table-wrap">
        <table class="table" [attr.data-testid]="testId() || null">
          <thead>
            <tr>
              @for (column of columns(); track $index) {
                <th>
                  @if (column) {
                    {{ column }}
                  } @else {
                    <span class="visually-hidden">Operations</span>
                  }
                </th>
              }
            </tr>
          </thead>
          <ng-content select="tbody" />
        </table>
      </div>
    } @else if (count() ?? true) {
      <div class="table-wrap"><ng-content select="table" /></div>
    } @else if (ready()) {
      <div class="empty"><ng-content /></div>
    }
  `,
})
export class ListCard {
  readonly flListCard = input.required<string>();
  readonly titleId = input('');
  readonly count = input<number | null>(null);
  readonly ready = input(true);
  /** The table's column headings (an empty one is the row's operations): the card then draws
   * the table, with the projected `<tbody>`; without them it holds the projected `<table>`. */
  readonly columns = input<readonly string[] | null>(null);
  /** The table's `data-testid`, with `columns`. */
  readonly testId = input('');
}
