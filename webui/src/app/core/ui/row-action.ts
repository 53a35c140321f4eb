import { Component, input } from '@angular/core';

/**
 * A table row's small button, named after what it does to the row's subject:
 * `<button flRowAction="Delete" [subject]="s.name" (click)="…">` reads "Delete" and is labelled
 * "Delete <name>". `tone`: danger (the default), ghost or plain.
 */
@Component({
  selector: 'button[flRowAction]',
  host: {
    type: 'button',
    '[class]': "'btn small' + (tone() === 'plain' ? '' : ' ' + tone())",
    '[attr.aria-label]': "flRowAction() + ' ' + subject()",
  },
  template: `{{ flRowAction() }}`,
})
export class RowAction {
  readonly flRowAction = input.required<string>();
  readonly subject = input.required<string>();
  readonly tone = input<'danger' | 'ghost' | 'plain'>('danger');
}
