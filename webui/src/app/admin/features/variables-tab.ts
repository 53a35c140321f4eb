import { Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';

import type { Variable } from '../../core/api/models';
import { Session } from '../../core/auth/session';
import { attempt } from '../../core/ui/act';
import { ErrorAlert } from '../../core/ui/error-alert';
import { Field } from '../../core/ui/field';
import { WhenPipe } from '../../core/ui/format';
import { ListCard } from '../../core/ui/list-card';
import { Resource } from '../../core/ui/resource';
import { RowAction } from '../../core/ui/row-action';
import { Toasts } from '../../core/ui/toasts';
import { typedValue } from '../../core/workflows/values';
import { VARIABLE_TYPES, VariablesService } from '../../core/workflows/variables.service';

@Component({
  selector: 'fl-variables-tab',
  imports: [Field, FormsModule, ErrorAlert, WhenPipe, ListCard, RowAction],
  template: `
    <fl-error [error]="error()" />
    @if (session.canEdit()) {
      <section class="card" aria-labelledby="new-var-title">
        <h2 id="new-var-title">Set a variable</h2>
        <form class="toolbar" (ngSubmit)="save()">
          <div flField="Name" labelFor="var-name">
            <input id="var-name" name="name" class="input" required [(ngModel)]="name" />
          </div>
          <div flField="Type" labelFor="var-type">
            <select id="var-type" name="type" class="select" [(ngModel)]="type">
              @for (t of types; track t) {
                <option [value]="t">{{ t }}</option>
              }
            </select>
          </div>
          <div flField="Value" labelFor="var-value" class="grow">
            <input
              id="var-value"
              name="value"
              class="input"
              [type]="type === 'password' ? 'password' : 'text'"
              [(ngModel)]="value"
            />
          </div>
          <button class="btn primary" type="submit" [disabled]="!name.trim()">Save</button>
        </form>
      </section>
    }
    <section
      flListCard="Variables"
      titleId="vars-title"
      [count]="vars.value().length"
      [columns]="['Name', 'Type', 'Value', 'Changed', '']"
    >
      <tbody>
        @for (v of vars.value(); track v.name) {
          <tr>
            <td class="mono">{{ v.name }}</td>
            <td>
              <span class="tag">{{ v.type }}</span>
            </td>
            <td>{{ v.type === 'password' ? '••••••' : v.value }}</td>
            <td class="muted">{{ v.updated_at | when }}</td>
            <td class="actions">
              @if (session.canEdit()) {
                <button
                  flRowAction="Edit"
                  tone="ghost"
                  [subject]="v.name"
                  (click)="edit(v)"
                ></button>
                <button flRowAction="Delete" [subject]="v.name" (click)="remove(v.name)"></button>
              }
            </td>
          </tr>
        }
      </tbody>
      <p>
        No variable. Workflows bind inputs to variables with
        <code>{{ '{' }}variable: name{{ '}' }}</code
        >.
      </p>
    </section>
  `,
})
export class VariablesTab {
  protected readonly session = inject(Session);
  private readonly variables = inject(VariablesService);
  private readonly toasts = inject(Toasts);
  protected readonly types = VARIABLE_TYPES;
  protected readonly error = signal<unknown>(null);
  protected readonly vars = new Resource<Variable[]>(
    () => this.variables.variables(),
    [],
    this.error,
  );
  protected name = '';
  protected type = 'string';
  protected value = '';

  constructor() {
    void this.vars.reload();
  }

  protected edit(v: Variable): void {
    this.name = v.name;
    this.type = v.type;
    this.value = v.type === 'password' ? '' : String(v.value ?? '');
  }

  protected async save(): Promise<void> {
    await attempt(this.error, async () => {
      await this.variables.setVariable(
        this.name.trim(),
        this.type,
        typedValue(this.type, this.value),
      );
      this.toasts.show(`Variable ${this.name} saved`);
      this.name = this.value = '';
      this.error.set(null);
      await this.vars.reload();
    });
  }

  protected async remove(name: string): Promise<void> {
    if (!confirm(`Delete the variable ${name}? Workflows using it can no longer be deployed.`)) {
      return;
    }
    await attempt(this.error, async () => {
      await this.variables.deleteVariable(name);
      this.toasts.show(`Variable ${name} deleted`, 'info');
      await this.vars.reload();
    });
  }
}
