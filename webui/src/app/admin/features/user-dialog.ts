import { Component, inject, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';

import type { User } from '../../core/api/models';
import { ErrorAlert } from '../../core/ui/error-alert';
import { Field, FieldControl } from '../../core/ui/field';
import { DialogFrame } from '../../core/ui/dialog-parts';
import { FormDialog } from '../../core/ui/form-dialog';
import { UsersService } from '../domain/users.service';

const FIELDS = ['full_name', 'email', 'password', 'is_admin', 'active'];

/** Change a user: name, email, a new password, administrator and active flags. */
@Component({
  selector: 'fl-user-dialog',
  imports: [DialogFrame, Field, FormsModule, ErrorAlert, FieldControl],
  template: `
    <dialog
      #dialog
      [flDialog]="'Edit ' + (user()?.username ?? '')"
      titleId="user-dialog-title"
      submit="Save user"
      [disabled]="busy()"
      noValidate
      (submitted)="save()"
    >
      <p ngProjectAs="[dialog-intro]" class="muted small">
        Leave the password empty to keep the current one.
      </p>
      <fl-error [error]="error()" [fields]="fields" />
      <div flField="Full name" labelFor="edit-full-name">
        <input
          id="edit-full-name"
          name="full_name"
          class="input"
          [(ngModel)]="draft.full_name"
          [flControl]="error()"
        />
      </div>
      <div flField="Email" labelFor="edit-email">
        <input
          id="edit-email"
          name="email"
          type="email"
          class="input"
          [(ngModel)]="draft.email"
          [flControl]="error()"
        />
      </div>
      <div flField="New password" labelFor="edit-password">
        <input
          id="edit-password"
          name="password"
          type="password"
          class="input"
          autocomplete="new-password"
          [(ngModel)]="draft.password"
          [flControl]="error()"
        />
      </div>
      <label class="checkbox">
        <input type="checkbox" name="is_admin" [(ngModel)]="draft.is_admin" />
        Platform administrator
      </label>
      <label class="checkbox">
        <input type="checkbox" name="active" [(ngModel)]="draft.active" />
        Active <span class="muted small">(a deactivated user cannot log in)</span>
      </label>
    </dialog>
  `,
  styles: `
    .checkbox {
      margin-bottom: 10px;
    }
  `,
})
export class UserDialog extends FormDialog {
  readonly saved = output<User>();
  private readonly users = inject(UsersService);
  protected readonly fields = FIELDS;
  protected readonly user = signal<User | null>(null);
  protected draft = { full_name: '', email: '', password: '', is_admin: false, active: true };

  open(user: User): void {
    this.user.set(user);
    this.draft = {
      full_name: user.full_name,
      email: user.email ?? '',
      password: '',
      is_admin: user.is_admin,
      active: user.active,
    };
    this.show();
  }

  protected async save(): Promise<void> {
    const user = this.user();
    if (!user) {
      return;
    }
    await this.submitting(async () => {
      const { password, email, ...rest } = this.draft;
      const changed = await this.users.change(user.id, {
        ...rest,
        email: email.trim() || null,
        password: password || null,
      });
      this.close();
      this.saved.emit(changed);
    });
  }
}
