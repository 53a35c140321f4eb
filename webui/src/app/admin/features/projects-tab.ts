import { Component, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { Router } from '@angular/router';

import { Session } from '../../core/auth/session';
import { act } from '../../core/ui/act';
import { ErrorAlert } from '../../core/ui/error-alert';
import { Field } from '../../core/ui/field';
import { WhenPipe } from '../../core/ui/format';
import { ListCard } from '../../core/ui/list-card';
import { RowAction } from '../../core/ui/row-action';
import { Toasts } from '../../core/ui/toasts';
import { ProjectsService } from '../domain/projects.service';

@Component({
  selector: 'fl-projects-tab',
  imports: [Field, FormsModule, ErrorAlert, WhenPipe, ListCard, RowAction],
  template: `
    <fl-error [error]="error()" />
    @if (session.isAdmin()) {
      <section class="card" aria-labelledby="new-project-title">
        <h2 id="new-project-title">New project</h2>
        <form class="toolbar" (ngSubmit)="create()">
          <div flField="Name" labelFor="project-name" class="grow">
            <input id="project-name" name="name" class="input" required [(ngModel)]="name" />
          </div>
          <button class="btn primary" type="submit" [disabled]="busy() || !name.trim()">
            Create project
          </button>
        </form>
      </section>
    }
    <section
      flListCard="Projects"
      titleId="projects-title"
      [count]="session.projects().length"
      [columns]="['Name', 'Your role', 'Created', '']"
    >
      <tbody>
        @for (p of session.projects(); track p.id) {
          <tr [attr.data-project]="p.name">
            <td>
              <strong>{{ p.name }}</strong>
            </td>
            <td>{{ p.role ?? (session.isAdmin() ? 'admin' : '—') }}</td>
            <td class="muted">{{ p.created_at | when }}</td>
            <td class="actions">
              @if (p.id === session.projectId()) {
                <span class="badge success">Current</span>
              } @else {
                <button
                  flRowAction="Switch to"
                  tone="plain"
                  [subject]="p.name"
                  (click)="switchTo(p.id)"
                  [disabled]="busy()"
                ></button>
              }
            </td>
          </tr>
        }
      </tbody>
      <p>
        You are in no project yet{{
          session.isAdmin() ? ': create one above.' : '. Ask an administrator to add you to one.'
        }}
      </p>
    </section>
  `,
})
export class ProjectsTab {
  protected readonly session = inject(Session);
  private readonly projects = inject(ProjectsService);
  private readonly toasts = inject(Toasts);
  private readonly router = inject(Router);
  protected name = '';
  protected readonly busy = signal(false);
  protected readonly error = signal<unknown>(null);

  protected async create(): Promise<void> {
    await act(this.busy, this.error, async () => {
      const project = await this.projects.create(this.name.trim());
      this.name = '';
      await this.session.loadProfile();
      this.toasts.show(`Project ${project.name} created`);
    });
  }

  protected async switchTo(id: string): Promise<void> {
    await act(this.busy, this.error, async () => {
      await this.session.switchProject(id);
      this.toasts.show(`Switched to ${this.session.project()?.name}`);
      await this.router.navigateByUrl('/library');
    });
  }
}
