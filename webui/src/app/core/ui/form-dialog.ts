import { Directive, ElementRef, signal, viewChild, type WritableSignal } from '@angular/core';

import { act } from './act';

/**
 * What the create and edit dialogs share: a native `<dialog #dialog>` in the template (most
 * often a `dialog[flDialog]`, its frame), opened
 * modal by `show()` (after the subclass's `open()` reset its fields) with its error cleared,
 * closed by `close()`, and a submit run by `submitting()` with `busy` set and its failure shown
 * in the dialog's `error`.
 */
@Directive()
export abstract class FormDialog<E = unknown> {
  private readonly dialog = viewChild.required<string, ElementRef<HTMLDialogElement>>('dialog', {
    read: ElementRef,
  });
  protected readonly busy = signal(false);
  protected readonly error = signal<E | null>(null);

  close(): void {
    this.dialog().nativeElement.close();
  }

  /** Open the dialog modal, without the error of a previous time. */
  protected show(): void {
    this.error.set(null);
    this.dialog().nativeElement.showModal();
  }

  /** Run the submit with `busy` set and the error cleared; a failure lands in `error`. */
  protected submitting(work: () => Promise<unknown>): Promise<void> {
    return act(this.busy, this.error as WritableSignal<unknown>, work);
  }
}
