import { Component, input, signal } from '@angular/core';

/** Copy a text to the clipboard; says "Copied" for a moment, or how to copy by hand. */
@Component({
  selector: 'fl-copy',
  template: `<button
      class="btn small"
      type="button"
      (click)="copy()"
      [attr.aria-label]="label()"
      data-testid="copy"
    >
      {{ state() === 'copied' ? 'Copied ✓' : 'Copy' }}
    </button>
    <span class="visually-hidden" aria-live="polite">{{
      state() === 'copied' ? 'Copied to the clipboard' : ''
    }}</span>
    @if (state() === 'failed') {
      <span class="muted small" role="status">Select the text and press Ctrl+C.</span>
    }`,
  styles: `
    :host {
      display: inline-flex;
      align-items: center;
      gap: 8px;
    }
  `,
})
export class CopyButton {
  readonly text = input.required<string>();
  readonly label = input('Copy');
  protected readonly state = signal<'idle' | 'copied' | 'failed'>('idle');

  protected async copy(): Promise<void> {
    try {
      // Browsers offer the clipboard API on secure origins (https, localhost) only.
      await navigator.clipboard.writeText(this.text());
      this.state.set('copied');
      setTimeout(() => this.state.set('idle'), 2000);
    } catch {
      this.state.set('failed');
    }
  }
}
