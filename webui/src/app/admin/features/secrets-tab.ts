import { Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';

import type { Secret } from '../../core/api/models';
import { Session } from '../../core/auth/session';
import { attempt } from '../../core/ui/act';
import { ErrorAlert } from '../../core/ui/error-alert';
import { Field } from '../../core/ui/field';
import { WhenPipe } from '../../core/ui/format';
import { ListCard } from '../../core/ui/list-card';
import { Resource } from '../../core/ui/resource';
import { RowAction } from '../../core/ui/row-action';
import { Toasts } from '../../core/ui/toasts';
import { VariablesService } from '../../core/workflows/variables.service';

@Component({
  selector: 'fl-secrets-tab',
  imports: [Field, FormsModule, ErrorAlert, WhenPipe, ListCard, RowAction],
  template: `
    <fl-error [error]="error()" />
    @if (session.canEdit()) {
      <section class="card" aria-labelledby="new-secret-title">
        <h2 id="new-secret-title">Set a secret</h2>
        <p class="muted small">
          Secret values are write-only: nobody can read them back, workflows use them by name.
        </p>
        <form class="toolbar" (ngSubmit)="save()">
          <div flField="Name" labelFor="secret-name">
            <input id="secret-name" name="name" class="input" required [(ngModel)]="name" />
          </div>
          <div flField="Value" labelFor="secret-value" class="grow">
            <input
              id="secret-value"
              name="value"
              type="password"
              class="input"
              autocomplete="new-password"
              [(ngModel)]="value"
            />
          </div>
          <button class="btn primary" type="submit" [disabled]="!name.trim() || !value">
            Save
          </button>
        </form>
      </section>
    }
    <section
      flListCard="Secrets"
      titleId="secrets-title"
      [count]="secrets.value().length"
      [columns]="['Name', 'Created', 'Changed', '']"
    >
      <tbody>
        @for (s of secrets.value(); track s.name) {
          <tr>
            <td class="mono">{{ s.name }}</td>
            <td class="muted">{{ s.created_at | when }}</td>
            <td class="muted">{{ s.updated_at | when }}</td>
            <td class="actions">
              @if (session.canEdit()) {
                <button flRowAction="Delete" [subject]="s.name" (click)="remove(s.name)"></button>
              }
            </td>
          </tr>
        }
      </tbody>
      <p>No secret.</p>
    </section>
  `,
})
export class SecretsTab {
  protected readonly session = inject(Session);
  private readonly variables = inject(VariablesService);
  private readonly toasts = inject(Toasts);
  protected readonly error = signal<unknown>(null);
  protected readonly secrets = new Resource<Secret[]>(
    () => this.variables.secrets(),
    [],
    this.error,
  );
  protected name = '';
  protected value = '';

  constructor() {
    void this.secrets.reload();
  }

  protected async save(): Promise<void> {
    await attempt(this.error, async () => {
      await this.variables.setSecret(this.name.trim(), this.value);
      this.toasts.show(`Secret ${this.name} saved`);
      this.name = this.value = '';
      this.error.set(null);
      await this.secrets.reload();
    });
  }

  protected async remove(name: string): Promise<void> {
    if (!confirm(`Delete the secret ${name}? Workflows using it can no longer be deployed.`)) {
      return;
    }
    await attempt(this.error, async () => {
      await this.variables.deleteSecret(name);
      await this.secrets.reload();
    });
  }
}
