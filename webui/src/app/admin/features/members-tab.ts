import { Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';

import type { Member, Role } from '../../core/api/models';
import { Session } from '../../core/auth/session';
import { act } from '../../core/ui/act';
import { ErrorAlert } from '../../core/ui/error-alert';
import { Field, FieldControl } from '../../core/ui/field';
import { ListCard } from '../../core/ui/list-card';
import { RowAction } from '../../core/ui/row-action';
import { Toasts } from '../../core/ui/toasts';
import { MembersService, ROLES } from '../domain/members.service';
import { UsersService } from '../domain/users.service';

const FIELDS = ['username', 'role'];

/** Who works in the current project, with which role; owners and admins change it. */
@Component({
  selector: 'fl-members-tab',
  imports: [Field, FormsModule, ErrorAlert, FieldControl, ListCard, RowAction],
  template: `
    <fl-error [error]="error()" [fields]="fields" />
    @if (session.canManageMembers()) {
      <section class="card" aria-labelledby="new-member-title">
        <h2 id="new-member-title">Add a member</h2>
        <form class="toolbar flush" (ngSubmit)="add()">
          <div flField="Username" labelFor="member-username" class="grow">
            <input
              id="member-username"
              name="username"
              class="input"
              required
              autocomplete="off"
              list="member-usernames"
              [(ngModel)]="username"
              [flControl]="error()"
            />
            <datalist id="member-usernames">
              @for (name of candidates(); track name) {
                <option [value]="name"></option>
              }
            </datalist>
          </div>
          <div flField="Role" labelFor="member-role">
            <select id="member-role" name="role" class="select" [(ngModel)]="role">
              @for (r of roles; track r) {
                <option [value]="r">{{ r }}</option>
              }
            </select>
          </div>
          <button class="btn primary" type="submit" [disabled]="busy() || !username.trim()">
            Add member
          </button>
        </form>
        <p class="muted small roles">
          <strong>Owners</strong> manage members; <strong>developers</strong> edit repositories,
          workflows, variables and secrets; <strong>operators</strong> deploy and run;
          <strong>viewers</strong> only look.
        </p>
      </section>
    }
    <section
      [flListCard]="'Members of ' + (session.project()?.name ?? '')"
      titleId="members-title"
      [count]="items().length"
      [ready]="loaded()"
      [columns]="['Member', 'Role', '']"
      testId="members"
    >
      <span ngProjectAs="[card-extra]" class="muted small"
        >{{ items().length }} member{{ items().length === 1 ? '' : 's' }}</span
      >
      <tbody>
        @for (m of items(); track m.user_id) {
          <tr [attr.data-member]="m.username">
            <td>
              <strong>{{ m.username }}</strong>
              @if (m.full_name) {
                <span class="muted"> · {{ m.full_name }}</span>
              }
              @if (m.username === session.username()) {
                <span class="tag you">you</span>
              }
            </td>
            <td>
              @if (session.canManageMembers()) {
                <select
                  class="select role"
                  [attr.aria-label]="'Role of ' + m.username"
                  (change)="choose(m, $any($event.target).value)"
                >
                  @for (r of roles; track r) {
                    <option [value]="r" [selected]="r === roleShown(m)">{{ r }}</option>
                  }
                </select>
              } @else {
                <span class="tag">{{ m.role }}</span>
              }
            </td>
            <td class="actions">
              @if (pending().has(m.user_id)) {
                <button
                  class="btn primary small"
                  type="button"
                  [disabled]="busy()"
                  (click)="saveRole(m)"
                  [attr.aria-label]="'Save the role of ' + m.username"
                >
                  Save role
                </button>
                <button
                  class="btn ghost small"
                  type="button"
                  (click)="choose(m, m.role)"
                  [attr.aria-label]="'Keep the role of ' + m.username"
                >
                  Cancel
                </button>
              } @else if (session.canManageMembers()) {
                <button flRowAction="Remove" [subject]="m.username" (click)="remove(m)"></button>
              }
            </td>
          </tr>
        }
      </tbody>
      <p>No member: platform administrators see every project.</p>
    </section>
  `,
  styles: `
    .select.role {
      width: auto;
      min-width: 140px;
      height: 34px;
      min-height: 34px;
      padding-block: 4px;
    }
    .roles {
      margin: 12px 0 0;
    }
  `,
})
export class MembersTab {
  protected readonly session = inject(Session);
  private readonly members = inject(MembersService);
  private readonly users = inject(UsersService);
  private readonly toasts = inject(Toasts);
  protected readonly roles = ROLES;
  protected readonly fields = FIELDS;
  protected readonly items = signal<Member[]>([]);
  protected readonly usernames = signal<string[]>([]);
  protected readonly loaded = signal(false);
  protected readonly busy = signal(false);
  protected readonly error = signal<unknown>(null);
  /** Users who are not members yet (admins only: others cannot list users). */
  protected readonly candidates = computed(() => {
    const members = new Set(this.items().map((m) => m.username));
    return this.usernames().filter((name) => !members.has(name));
  });
  /** Roles chosen in the rows but not saved yet, by user id. */
  protected readonly pending = signal<ReadonlyMap<string, Role>>(new Map());
  protected username = '';
  protected role: Role = 'developer';

  constructor() {
    void this.load();
    if (this.session.isAdmin()) {
      void this.users.list().then(
        (users) => this.usernames.set(users.map((u) => u.username)),
        () => undefined,
      );
    }
  }

  private get projectId(): string {
    return this.session.projectId() ?? '';
  }

  private async load(): Promise<void> {
    try {
      const members = await this.members.list(this.projectId);
      this.items.set(members.sort((a, b) => a.username.localeCompare(b.username)));
    } catch (error) {
      this.error.set(error);
    } finally {
      this.loaded.set(true);
    }
  }

  protected async add(): Promise<void> {
    await this.change(async () => {
      const member = await this.members.add(this.projectId, this.username.trim(), this.role);
      this.username = '';
      this.toasts.show(`${member.username} added as ${member.role}`);
    });
  }

  protected roleShown(member: Member): Role {
    return this.pending().get(member.user_id) ?? member.role;
  }

  /** A role picked in a row waits for Save: arrow keys on a select change it step by step. */
  protected choose(member: Member, role: Role): void {
    const pending = new Map(this.pending());
    if (role === member.role) {
      pending.delete(member.user_id);
    } else {
      pending.set(member.user_id, role);
    }
    this.pending.set(pending);
  }

  protected async saveRole(member: Member): Promise<void> {
    const role = this.roleShown(member);
    await this.change(async () => {
      await this.members.changeRole(this.projectId, member.user_id, role);
      this.toasts.show(`${member.username} is now ${role}`);
    });
    this.choose(member, member.role); // saved, or refused: the row shows the member's role
  }

  protected async remove(member: Member): Promise<void> {
    if (!confirm(`Remove ${member.username} from ${this.session.project()?.name}?`)) {
      return;
    }
    await this.change(async () => {
      await this.members.remove(this.projectId, member.user_id);
      this.toasts.show(`${member.username} removed`, 'info');
    });
  }

  /** Run a change, then reload the members. */
  private async change(work: () => Promise<void>): Promise<void> {
    await act(this.busy, this.error, work);
    await this.load();
  }
}
