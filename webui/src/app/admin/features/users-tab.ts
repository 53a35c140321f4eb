import { Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';

import type { User } from '../../core/api/models';
import { Session } from '../../core/auth/session';
import { act, attempt } from '../../core/ui/act';
import { ErrorAlert } from '../../core/ui/error-alert';
import { Field, FieldControl } from '../../core/ui/field';
import { WhenPipe } from '../../core/ui/format';
import { ListCard } from '../../core/ui/list-card';
import { Resource } from '../../core/ui/resource';
import { RowAction } from '../../core/ui/row-action';
import { Toasts } from '../../core/ui/toasts';
import { UsersService } from '../domain/users.service';
import { UserDialog } from './user-dialog';

const FIELDS = ['username', 'full_name', 'password', 'email', 'is_admin'];

/** The platform's users, for platform admins: create, change (in a dialog), delete. */
@Component({
  selector: 'fl-users-tab',
  imports: [
    Field,
    FormsModule,
    ErrorAlert,
    FieldControl,
    WhenPipe,
    UserDialog,
    ListCard,
    RowAction,
  ],
  template: `
    <fl-error [error]="error()" [fields]="fields" />
    <section class="card" aria-labelledby="new-user-title">
      <h2 id="new-user-title">New user</h2>
      <form (ngSubmit)="create()">
        <div class="form-row">
          <div flField="Username" labelFor="user-username">
            <input
              id="user-username"
              name="username"
              class="input"
              required
              autocomplete="off"
              [(ngModel)]="draft.username"
              [flControl]="error()"
            />
          </div>
          <div flField="Full name" labelFor="user-full-name" optional>
            <input
              id="user-full-name"
              name="full_name"
              class="input"
              [(ngModel)]="draft.full_name"
              [flControl]="error()"
            />
          </div>
          <div flField="Password" labelFor="user-password" hint="At least 8 characters.">
            <input
              id="user-password"
              name="password"
              type="password"
              class="input"
              required
              autocomplete="new-password"
              [(ngModel)]="draft.password"
              [flControl]="error()"
            />
          </div>
        </div>
        <div class="row">
          <label class="checkbox">
            <input type="checkbox" name="is_admin" [(ngModel)]="draft.is_admin" />
            Platform administrator <span class="muted small">(manages users and projects)</span>
          </label>
          <span class="spacer"></span>
          <button
            class="btn primary"
            type="submit"
            [disabled]="busy() || !draft.username.trim() || !draft.password"
          >
            Create user
          </button>
        </div>
      </form>
    </section>
    <section
      flListCard="Users"
      titleId="users-title"
      [columns]="['User', 'Email', 'Access', 'Created', '']"
      testId="users"
    >
      <tbody>
        @for (u of users.value(); track u.id) {
          <tr [attr.data-user]="u.username">
            <td>
              <strong>{{ u.username }}</strong>
              @if (u.full_name) {
                <span class="muted"> · {{ u.full_name }}</span>
              }
              @if (u.username === session.username()) {
                <span class="tag you">you</span>
              }
            </td>
            <td>{{ u.email ?? '—' }}</td>
            <td>
              @if (u.is_admin) {
                <span class="badge info">Administrator</span>
              } @else {
                <span class="badge plain">User</span>
              }
              @if (!u.active) {
                <span class="badge danger">Deactivated</span>
              }
            </td>
            <td class="muted nowrap">{{ u.created_at | when }}</td>
            <td class="actions">
              <button
                flRowAction="Edit"
                tone="ghost"
                [subject]="u.username"
                (click)="dialog.open(u)"
              ></button>
              @if (u.username !== session.username()) {
                <button flRowAction="Delete" [subject]="u.username" (click)="remove(u)"></button>
              }
            </td>
          </tr>
        }
      </tbody>
    </section>
    <fl-user-dialog #dialog (saved)="saved($event)" />
  `,
})
export class UsersTab {
  protected readonly session = inject(Session);
  private readonly service = inject(UsersService);
  private readonly toasts = inject(Toasts);
  protected readonly fields = FIELDS;
  protected readonly busy = signal(false);
  protected readonly error = signal<unknown>(null);
  protected readonly users = new Resource<User[]>(() => this.service.list(), [], this.error);
  protected draft = { username: '', full_name: '', password: '', is_admin: false };

  constructor() {
    void this.users.reload();
  }

  protected async create(): Promise<void> {
    await act(this.busy, this.error, async () => {
      const user = await this.service.create({
        ...this.draft,
        username: this.draft.username.trim(),
      });
      this.draft = { username: '', full_name: '', password: '', is_admin: false };
      this.toasts.show(`User ${user.username} created`);
      await this.users.reload();
    });
  }

  protected async saved(user: User): Promise<void> {
    this.toasts.show(`User ${user.username} saved`);
    await this.users.reload();
  }

  protected async remove(user: User): Promise<void> {
    if (!confirm(`Delete the user ${user.username}? Their memberships and API keys go too.`)) {
      return;
    }
    await attempt(this.error, async () => {
      await this.service.delete(user.id);
      this.toasts.show(`User ${user.username} deleted`, 'info');
      this.error.set(null);
      await this.users.reload();
    });
  }
}
