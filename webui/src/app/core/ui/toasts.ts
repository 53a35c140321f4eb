import { Component, inject, Injectable, signal } from '@angular/core';

export interface Toast {
  id: number;
  text: string;
  tone: 'success' | 'danger' | 'info';
}

/** Short confirmations of what just happened ("Build started"), announced politely. */
@Injectable({ providedIn: 'root' })
export class Toasts {
  private next = 1;
  readonly items = signal<Toast[]>([]);

  show(text: string, tone: Toast['tone'] = 'success'): void {
    const toast = { id: this.next++, text, tone };
    this.items.update((items) => [...items, toast]);
    setTimeout(() => this.dismiss(toast.id), 5000);
  }

  /** Forget every toast (on log out: they were about the previous user's work). */
  clear(): void {
    this.items.set([]);
  }

  dismiss(id: number): void {
    this.items.update((items) => items.filter((t) => t.id !== id));
  }
}

@Component({
  selector: 'fl-toasts',
  template: `<div class="toasts" aria-live="polite" role="status">
    @for (toast of toasts.items(); track toast.id) {
      <div class="toast alert {{ toast.tone }}">
        <span>{{ toast.text }}</span>
        <button
          class="btn ghost small"
          type="button"
          (click)="toasts.dismiss(toast.id)"
          aria-label="Dismiss"
        >
          ✕
        </button>
      </div>
    }
  </div>`,
  styles: `
    .toasts {
      position: fixed;
      right: 24px;
      bottom: 24px;
      z-index: 50;
      display: flex;
      flex-direction: column;
      gap: 8px;
      max-width: 380px;
    }
    .toast {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: 12px;
      margin: 0;
      box-shadow: var(--shadow-lg);
    }
  `,
})
export class ToastHost {
  protected readonly toasts = inject(Toasts);
}
