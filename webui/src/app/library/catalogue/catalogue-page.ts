import { Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';

import type { ActionSummary } from '../../core/api/models';
import { ErrorAlert } from '../../core/ui/error-alert';
import { Field } from '../../core/ui/field';
import { type Filter, FilterSelect } from '../../core/ui/filter-select';
import { PageHeader } from '../../core/ui/page-header';
import { CatalogueService } from '../../core/catalogue/catalogue.service';
import { ActionLogo } from './action-logo';

/** The built actions of the project, searchable by text, kind and category. */
@Component({
  selector: 'fl-catalogue-page',
  imports: [Field, FormsModule, RouterLink, ErrorAlert, ActionLogo, FilterSelect, PageHeader],
  template: `
    <div class="page">
      <div
        flPageHeader="Action catalogue"
        subtitle="Built actions, ready to use as triggers and steps of workflows."
      ></div>
      <form class="toolbar" role="search" (ngSubmit)="search()">
        <div flField="Search" labelFor="cat-q" class="grow">
          <input
            id="cat-q"
            name="q"
            class="input"
            type="search"
            placeholder="Name or description"
            [(ngModel)]="q"
            (ngModelChange)="search()"
          />
        </div>
        <div [flFilterSelect]="kindFilter" [(value)]="kind" (picked)="search()"></div>
        <div [flFilterSelect]="categoryFilter()" [(value)]="category" (picked)="search()"></div>
      </form>
      <fl-error [error]="error()" />
      @if (actions().length) {
        <ul class="cards" aria-label="Actions">
          @for (a of actions(); track a.technical_name) {
            <li>
              <a
                class="action-card"
                [routerLink]="['/library/catalogue', a.technical_name]"
                [attr.data-action]="a.technical_name"
              >
                <div class="head">
                  <fl-action-logo
                    [name]="a.technical_name"
                    [version]="a.latest_version"
                    [hasLogo]="a.has_logo"
                    [label]="a.human_name"
                  />
                  <div class="names">
                    <strong>{{ a.human_name || a.technical_name }}</strong>
                    <span class="mono small muted"
                      >{{ a.technical_name }} · v{{ a.latest_version }}</span
                    >
                  </div>
                </div>
                <p class="description">{{ a.description || 'No description.' }}</p>
                <div class="row">
                  <span class="tag kind">{{ a.kind }}</span>
                  @for (c of a.categories; track c) {
                    <span class="tag">{{ c }}</span>
                  }
                </div>
              </a>
            </li>
          }
        </ul>
      } @else if (loaded()) {
        <div class="card empty">
          <h3>No action found</h3>
          <p>Actions appear here once built from a repository in the Library.</p>
        </div>
      }
    </div>
  `,
  styles: `
    .cards {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: 16px;
      grid-template-columns: repeat(auto-fill, minmax(280px, 1fr));
    }
    .action-card {
      display: flex;
      flex-direction: column;
      gap: 10px;
      height: 100%;
      padding: 18px;
      background: var(--color-surface);
      border: 1px solid var(--color-border);
      border-radius: var(--radius);
      color: var(--color-text);
      box-shadow: var(--shadow-sm);
      transition:
        border-color 0.12s,
        box-shadow 0.12s;
    }
    .action-card:hover {
      text-decoration: none;
      border-color: var(--color-primary);
      box-shadow: var(--shadow);
    }
    .head {
      display: flex;
      gap: 12px;
      align-items: center;
    }
    .names {
      display: flex;
      flex-direction: column;
      min-width: 0;
    }
    .description {
      color: var(--color-muted);
      margin: 0;
      flex: 1;
      font-size: 0.93rem;
    }
    .kind {
      background: var(--color-primary-soft);
      color: var(--color-primary);
    }
  `,
})
export class CataloguePage {
  private readonly catalogue = inject(CatalogueService);
  protected q = '';
  protected kind = '';
  protected category = '';
  protected readonly kindFilter: Filter = {
    id: 'cat-kind',
    name: 'kind',
    label: 'Kind',
    all: 'All kinds',
    options: [{ value: 'Source', label: 'Trigger (Source)' }, 'Processor', 'Publisher'],
  };
  protected readonly actions = signal<ActionSummary[]>([]);
  private readonly all = signal<ActionSummary[]>([]);
  protected readonly loaded = signal(false);
  protected readonly error = signal<unknown>(null);
  protected readonly categoryFilter = computed<Filter>(() => ({
    id: 'cat-category',
    name: 'category',
    label: 'Category',
    all: 'All categories',
    options: [...new Set(this.all().flatMap((a) => a.categories))].sort(),
  }));
  private generation = 0;

  constructor() {
    void this.catalogue.search().then(
      (all) => this.all.set(all),
      () => undefined,
    );
    void this.search();
  }

  protected async search(): Promise<void> {
    const generation = ++this.generation;
    try {
      const found = await this.catalogue.search({
        q: this.q,
        kind: this.kind,
        category: this.category,
      });
      if (generation === this.generation) {
        this.actions.set(found);
        this.error.set(null);
      }
    } catch (error) {
      this.error.set(error);
    } finally {
      this.loaded.set(true);
    }
  }
}
