import { Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';

import type { ApiKey, CreatedApiKey } from '../../core/api/models';
import { Session } from '../../core/auth/session';
import { act, attempt } from '../../core/ui/act';
import { CopyButton } from '../../core/ui/copy-button';
import { ErrorAlert } from '../../core/ui/error-alert';
import { Field, FieldControl } from '../../core/ui/field';
import { WhenPipe } from '../../core/ui/format';
import { ListCard } from '../../core/ui/list-card';
import { Resource } from '../../core/ui/resource';
import { RowAction } from '../../core/ui/row-action';
import { Toasts } from '../../core/ui/toasts';
import { ApiKeysService } from '../domain/api-keys.service';

const FIELDS = ['name', 'expires_at'];

/** The caller's API keys: create one (its secret shown once), see when each was used, revoke. */
@Component({
  selector: 'fl-api-keys-tab',
  imports: [
    Field,
    FormsModule,
    ErrorAlert,
    FieldControl,
    WhenPipe,
    CopyButton,
    ListCard,
    RowAction,
  ],
  templateUrl: './api-keys-tab.html',
  styles: `
    .secret {
      margin: 12px 0;
    }
    .secret .input {
      background: var(--color-surface);
    }
    .created h2 {
      margin-bottom: 4px;
    }
  `,
})
export class ApiKeysTab {
  protected readonly session = inject(Session);
  private readonly service = inject(ApiKeysService);
  private readonly toasts = inject(Toasts);
  protected readonly fields = FIELDS;
  protected readonly busy = signal(false);
  protected readonly error = signal<unknown>(null);
  protected readonly keys = new Resource<ApiKey[]>(() => this.service.list(), [], this.error);
  /** The key just created, whose secret is on screen until dismissed. */
  protected readonly created = signal<CreatedApiKey | null>(null);
  protected readonly projectNames = computed(
    () => new Map(this.session.projects().map((p) => [p.id, p.name])),
  );
  protected name = '';
  protected expires = '';

  constructor() {
    void this.keys.reload();
  }

  /** Active, Expired or Revoked, as written on the key's badge. */
  protected stateOf(key: ApiKey): 'Active' | 'Expired' | 'Revoked' {
    if (key.revoked_at) {
      return 'Revoked';
    }
    return key.expires_at && Date.parse(key.expires_at) <= Date.now() ? 'Expired' : 'Active';
  }

  protected async create(): Promise<void> {
    await act(this.busy, this.error, async () => {
      // A date field gives a day: the key works until the end of that day, local time.
      const expiresAt = this.expires ? new Date(`${this.expires}T23:59:59`).toISOString() : null;
      this.created.set(await this.service.create(this.name.trim(), expiresAt));
      this.name = this.expires = '';
      await this.keys.reload();
    });
  }

  protected async revoke(key: ApiKey): Promise<void> {
    if (!confirm(`Revoke the API key ${key.name}? Scripts using it stop working at once.`)) {
      return;
    }
    await attempt(this.error, async () => {
      await this.service.revoke(key.id);
      if (this.created()?.key.id === key.id) {
        this.created.set(null);
      }
      this.toasts.show(`API key ${key.name} revoked`, 'info');
      this.error.set(null);
      await this.keys.reload();
    });
  }
}
