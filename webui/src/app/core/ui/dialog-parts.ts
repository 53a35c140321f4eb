import { booleanAttribute, Component, ElementRef, inject, input, output } from '@angular/core';

/**
 * A form dialog's frame: the native `<dialog>` (its `#dialog` is what `FormDialog` opens and
 * closes), its form, a header with the title (an `h2` of `titleId`, which names the dialog) and
 * what is projected as `[dialog-intro]`, the projected fields, and the buttons: Cancel, then the
 * submit button named `submit`:
 * `<dialog #dialog flDialog="New workflow" titleId="…" submit="Create workflow"
 * [disabled]="busy()" (submitted)="submit()">`. A title with markup is projected as
 * `[dialog-title]` instead. `noValidate`: the platform checks the values, not the browser.
 */
@Component({
  selector: 'dialog[flDialog]',
  host: { class: 'dialog', '[attr.aria-labelledby]': 'titleId()' },
  template: `
    <form [attr.novalidate]="noValidate() ? '' : null" (submit)="send($event)">
      <header>
        <h2 [id]="titleId()">{{ flDialog() }}<ng-content select="[dialog-title]" /></h2>
        <ng-content select="[dialog-intro]" />
      </header>
      <ng-content />
      <footer>
        <button class="btn" type="button" (click)="close()">Cancel</button>
        <button class="btn primary" type="submit" [disabled]="disabled()">{{ submit() }}</button>
      </footer>
    </form>
  `,
})
export class DialogFrame {
  private readonly dialog: HTMLDialogElement = inject(ElementRef).nativeElement;
  readonly flDialog = input('');
  readonly titleId = input.required<string>();
  readonly submit = input.required<string>();
  readonly disabled = input(false);
  readonly noValidate = input(false, { transform: booleanAttribute });
  readonly submitted = output<void>();

  protected send(event: Event): void {
    event.preventDefault();
    this.submitted.emit();
  }

  protected close(): void {
    this.dialog.close();
  }
}
