import { Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';

import type { Secret } from '../../core/api/models';
import { Session } from '../../core/auth/session';
import { ErrorAlert } from '../../core/ui/error-alert';
import { WhenPipe } from '../../core/ui/format';
import { Toasts } from '../../core/ui/toasts';
import { VariablesService } from '../../core/workflows/variables.service';

@Component({
  selector: 'fl-secrets-tab',
  imports: [FormsModule, ErrorAlert, WhenPipe],
  template: `
    <fl-error [error]="error()" />
    @if (session.canEdit()) {
      <section class="card" aria-labelledby="new-secret-title">
        <h2 id="new-secret-title">Set a secret</h2>
        <p class="muted small">
          Secret values are write-only: nobody can read them back, workflows use them by name.
        </p>
        <form class="toolbar" (ngSubmit)="save()">
          <div class="field">
            <label for="secret-name">Name</label>
            <input id="secret-name" name="name" class="input" required [(ngModel)]="name" />
          </div>
          <div class="field grow">
            <label for="secret-value">Value</label>
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
    <section class="card flush" aria-labelledby="secrets-title">
      <header><h2 id="secrets-title">Secrets</h2></header>
      @if (items().length) {
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Created</th>
                <th>Changed</th>
                <th><span class="visually-hidden">Operations</span></th>
              </tr>
            </thead>
            <tbody>
              @for (s of items(); track s.name) {
                <tr>
                  <td class="mono">{{ s.name }}</td>
                  <td class="muted">{{ s.created_at | when }}</td>
                  <td class="muted">{{ s.updated_at | when }}</td>
                  <td class="actions">
                    @if (session.canEdit()) {
                      <button
                        class="btn danger small"
                        type="button"
                        (click)="remove(s.name)"
                        [attr.aria-label]="'Delete ' + s.name"
                      >
                        Delete
                      </button>
                    }
                  </td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      } @else {
        <div class="empty"><p>No secret.</p></div>
      }
    </section>
  `,
})
export class SecretsTab {
  protected readonly session = inject(Session);
  private readonly variables = inject(VariablesService);
  private readonly toasts = inject(Toasts);
  protected readonly items = signal<Secret[]>([]);
  protected readonly error = signal<unknown>(null);
  protected name = '';
  protected value = '';

  constructor() {
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.items.set(await this.variables.secrets());
    } catch (error) {
      this.error.set(error);
    }
  }

  protected async save(): Promise<void> {
    try {
      await this.variables.setSecret(this.name.trim(), this.value);
      this.toasts.show(`Secret ${this.name} saved`);
      this.name = this.value = '';
      this.error.set(null);
      await this.load();
    } catch (error) {
      this.error.set(error);
    }
  }

  protected async remove(name: string): Promise<void> {
    if (!confirm(`Delete the secret ${name}? Workflows using it can no longer be deployed.`)) {
      return;
    }
    try {
      await this.variables.deleteSecret(name);
      await this.load();
    } catch (error) {
      this.error.set(error);
    }
  }
}
