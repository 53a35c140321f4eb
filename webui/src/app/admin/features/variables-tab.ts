import { Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';

import type { Variable } from '../../core/api/models';
import { Session } from '../../core/auth/session';
import { ErrorAlert } from '../../core/ui/error-alert';
import { WhenPipe } from '../../core/ui/format';
import { Toasts } from '../../core/ui/toasts';
import { typedValue } from '../../core/workflows/values';
import { VARIABLE_TYPES, VariablesService } from '../../core/workflows/variables.service';

@Component({
  selector: 'fl-variables-tab',
  imports: [FormsModule, ErrorAlert, WhenPipe],
  template: `
    <fl-error [error]="error()" />
    @if (session.canEdit()) {
      <section class="card" aria-labelledby="new-var-title">
        <h2 id="new-var-title">Set a variable</h2>
        <form class="toolbar" (ngSubmit)="save()">
          <div class="field">
            <label for="var-name">Name</label>
            <input id="var-name" name="name" class="input" required [(ngModel)]="name" />
          </div>
          <div class="field">
            <label for="var-type">Type</label>
            <select id="var-type" name="type" class="select" [(ngModel)]="type">
              @for (t of types; track t) {
                <option [value]="t">{{ t }}</option>
              }
            </select>
          </div>
          <div class="field grow">
            <label for="var-value">Value</label>
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
    <section class="card flush" aria-labelledby="vars-title">
      <header><h2 id="vars-title">Variables</h2></header>
      @if (items().length) {
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Type</th>
                <th>Value</th>
                <th>Changed</th>
                <th><span class="visually-hidden">Operations</span></th>
              </tr>
            </thead>
            <tbody>
              @for (v of items(); track v.name) {
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
                        class="btn ghost small"
                        type="button"
                        (click)="edit(v)"
                        [attr.aria-label]="'Edit ' + v.name"
                      >
                        Edit
                      </button>
                      <button
                        class="btn danger small"
                        type="button"
                        (click)="remove(v.name)"
                        [attr.aria-label]="'Delete ' + v.name"
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
        <div class="empty">
          <p>
            No variable. Workflows bind inputs to variables with
            <code>{{ '{' }}variable: name{{ '}' }}</code
            >.
          </p>
        </div>
      }
    </section>
  `,
})
export class VariablesTab {
  protected readonly session = inject(Session);
  private readonly variables = inject(VariablesService);
  private readonly toasts = inject(Toasts);
  protected readonly types = VARIABLE_TYPES;
  protected readonly items = signal<Variable[]>([]);
  protected readonly error = signal<unknown>(null);
  protected name = '';
  protected type = 'string';
  protected value = '';

  constructor() {
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      this.items.set(await this.variables.variables());
    } catch (error) {
      this.error.set(error);
    }
  }

  protected edit(v: Variable): void {
    this.name = v.name;
    this.type = v.type;
    this.value = v.type === 'password' ? '' : String(v.value ?? '');
  }

  protected async save(): Promise<void> {
    try {
      await this.variables.setVariable(
        this.name.trim(),
        this.type,
        typedValue(this.type, this.value),
      );
      this.toasts.show(`Variable ${this.name} saved`);
      this.name = this.value = '';
      this.error.set(null);
      await this.load();
    } catch (error) {
      this.error.set(error);
    }
  }

  protected async remove(name: string): Promise<void> {
    if (!confirm(`Delete the variable ${name}? Workflows using it can no longer be deployed.`)) {
      return;
    }
    try {
      await this.variables.deleteVariable(name);
      this.toasts.show(`Variable ${name} deleted`, 'info');
      await this.load();
    } catch (error) {
      this.error.set(error);
    }
  }
}
