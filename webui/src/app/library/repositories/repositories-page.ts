import { Component, computed, inject, signal } from '@angular/core';
import { Router, RouterLink } from '@angular/router';

import type { RepositoryAction, Source } from '../../core/api/models';
import { Session } from '../../core/auth/session';
import { ErrorAlert } from '../../core/ui/error-alert';
import { WhenPipe } from '../../core/ui/format';
import { ListCard } from '../../core/ui/list-card';
import { PageHeader } from '../../core/ui/page-header';
import { AddRepositoryDialog } from './add-repository-dialog';
import { LibraryService } from '../domain/library.service';

@Component({
  selector: 'fl-repositories-page',
  imports: [RouterLink, ErrorAlert, WhenPipe, AddRepositoryDialog, ListCard, PageHeader],
  template: `
    <div class="page">
      <div
        flPageHeader="Repositories"
        subtitle="Git repositories the platform scans for actions and builds them from."
      >
        @if (session.canEdit()) {
          <div class="actions">
            <button class="btn primary" type="button" (click)="dialog.open()">
              Add repository
            </button>
          </div>
        }
      </div>
      <fl-error [error]="error()" />
      <section
        flListCard="Repositories"
        [count]="sources().length"
        [ready]="loaded()"
        [columns]="['Name', 'URL', 'Branch', 'Actions', 'Credentials', 'Added']"
      >
        <tbody>
          @for (source of sources(); track source.id) {
            <tr>
              <td class="nowrap">
                <a [routerLink]="['/library/repositories', source.id]">{{ source.name }}</a>
              </td>
              <td class="mono small">{{ source.url }}</td>
              <td>{{ source.default_branch ?? 'default (after a scan)' }}</td>
              <td class="nowrap">
                @if (counts().get(source.id); as c) {
                  {{ c.built }} of {{ c.total }} built
                  @if (c.failed) {
                    <span class="badge danger">{{ c.failed }} failed</span>
                  }
                } @else {
                  <span class="muted">not scanned</span>
                }
              </td>
              <td>{{ source.has_credentials ? 'Yes' : 'None' }}</td>
              <td class="muted nowrap">{{ source.created_at | when }}</td>
            </tr>
          }
        </tbody>
        <h3>No repository yet</h3>
        <p>Add a git repository of actions, scan it, then build its actions.</p>
      </section>
    </div>
    <fl-add-repository-dialog #dialog (added)="added($event)" />
  `,
})
export class RepositoriesPage {
  protected readonly session = inject(Session);
  private readonly library = inject(LibraryService);
  private readonly router = inject(Router);
  protected readonly sources = signal<Source[]>([]);
  private readonly actions = signal<RepositoryAction[]>([]);
  /** Per source: its actions, how many are built and how many failed to scan or build. */
  protected readonly counts = computed(() => {
    const counts = new Map<string, { total: number; built: number; failed: number }>();
    for (const action of this.actions()) {
      const c = counts.get(action.source_id) ?? { total: 0, built: 0, failed: 0 };
      c.total++;
      c.built += action.state === 'Built' ? 1 : 0;
      c.failed += action.state.endsWith('Error') ? 1 : 0;
      counts.set(action.source_id, c);
    }
    return counts;
  });
  protected readonly loaded = signal(false);
  protected readonly error = signal<unknown>(null);

  constructor() {
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const [sources, actions] = await Promise.all([
        this.library.sources(),
        this.library.allActions(),
      ]);
      this.sources.set(sources);
      this.actions.set(actions);
    } catch (error) {
      this.error.set(error);
    } finally {
      this.loaded.set(true);
    }
  }

  protected added(source: Source): void {
    void this.router.navigate(['/library/repositories', source.id]);
  }
}
