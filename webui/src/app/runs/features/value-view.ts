import { Component, computed, inject, input, signal } from '@angular/core';

import { describe } from '../../core/api/errors';
import type { StoredFile, Value } from '../../core/api/models';
import { bytes } from '../../core/ui/format';
import { saveFile } from '../../core/ui/save-file';
import { RunsService } from '../domain/runs.service';

/** One typed value of a run: text, a hidden secret, or a file to download. */
@Component({
  selector: 'fl-value',
  template: `
    @if (file(); as f) {
      <button
        class="btn small"
        type="button"
        (click)="download(f)"
        [attr.aria-label]="'Download ' + f.name"
        data-testid="download"
      >
        ⤓ {{ f.name }}
      </button>
      <span class="muted small"> {{ size(f) }}</span>
      @if (error()) {
        <span class="error small" role="alert">{{ error() }}</span>
      }
    } @else if (value().secret) {
      <span class="muted">•••••• (hidden)</span>
    } @else {
      <code class="text">{{ text() }}</code>
    }
  `,
  styles: `
    .text {
      white-space: pre-wrap;
      overflow-wrap: anywhere;
    }
    .error {
      color: var(--color-danger);
      margin-left: 8px;
    }
  `,
})
export class ValueView {
  readonly value = input.required<Value>();
  readonly runId = input.required<string>();
  private readonly runs = inject(RunsService);
  protected readonly error = signal('');
  protected readonly file = computed(() => {
    const v = this.value();
    const raw = v.value as StoredFile | null;
    return (v.type === 'file' || v.type === 'directory') &&
      raw &&
      typeof raw === 'object' &&
      'key' in raw
      ? raw
      : null;
  });
  protected readonly text = computed(() => {
    const raw = this.value().value;
    return typeof raw === 'string' ? raw : JSON.stringify(raw);
  });

  protected size(file: StoredFile): string {
    return bytes(file.size);
  }

  protected async download(file: StoredFile): Promise<void> {
    this.error.set('');
    try {
      const blob = await this.runs.download(this.runId(), file.key);
      saveFile(blob, file.directory ? `${file.name}.zip` : file.name);
    } catch (error) {
      this.error.set(describe(error));
    }
  }
}
