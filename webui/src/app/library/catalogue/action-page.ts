import { Component, computed, inject, input, type OnInit, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';

import type { StoreAction } from '../../core/api/models';
import { ErrorAlert } from '../../core/ui/error-alert';
import { bytes, WhenPipe } from '../../core/ui/format';
import { CatalogueService } from '../../core/catalogue/catalogue.service';
import { ActionLogo } from './action-logo';
import { IoTable } from './io-table';

/** One action of the catalogue: description, inputs and outputs, resources, per version. */
@Component({
  selector: 'fl-action-page',
  imports: [FormsModule, RouterLink, ErrorAlert, WhenPipe, ActionLogo, IoTable],
  template: `
    <div class="page">
      <nav class="breadcrumb" aria-label="Breadcrumb">
        <a routerLink="/library/catalogue">Action catalogue</a> / {{ name() }}
      </nav>
      <fl-error [error]="error()" />
      @if (action(); as a) {
        <div class="page-header">
          <div class="title">
            <fl-action-logo
              [name]="a.technical_name"
              [version]="a.version"
              [hasLogo]="a.has_logo"
              [label]="a.human_name"
              [size]="56"
            />
            <div>
              <h1>{{ a.human_name || a.technical_name }}</h1>
              <p class="subtitle">
                <span class="mono">{{ a.technical_name }}</span> · {{ a.kind }} · {{ a.type }}
              </p>
            </div>
          </div>
          <div class="actions">
            <label class="visually-hidden" for="version">Version</label>
            <select
              id="version"
              class="select"
              [ngModel]="selected()"
              (ngModelChange)="selected.set($event)"
            >
              @for (v of versions(); track v.version) {
                <option [value]="v.version">v{{ v.version }}</option>
              }
            </select>
          </div>
        </div>
        <div class="grid-2">
          <section class="card" aria-labelledby="about-title">
            <h2 id="about-title">About</h2>
            <p>{{ a.description || 'No description.' }}</p>
            <div class="row">
              @for (c of a.categories; track c) {
                <span class="tag">{{ c }}</span>
              }
            </div>
          </section>
          <section class="card" aria-labelledby="facts-title">
            <h2 id="facts-title">Details</h2>
            <dl class="facts">
              <dt>Source</dt>
              <dd>
                {{ a.source_name }}
                <span class="mono small muted">{{ a.source_sha.slice(0, 10) }}</span>
              </dd>
              <dt>Published</dt>
              <dd>{{ a.published_at | when }}</dd>
              <dt>Resources</dt>
              <dd>{{ resources() }}</dd>
              @if (a.dynamic_outputs) {
                <dt>Outputs</dt>
                <dd>declared by each workflow (dynamic)</dd>
              }
            </dl>
          </section>
        </div>
        <section class="card flush" aria-labelledby="inputs-title">
          <header><h2 id="inputs-title">Inputs</h2></header>
          <fl-io-table [items]="a.inputs" caption="Inputs" />
        </section>
        <section class="card flush" aria-labelledby="outputs-title">
          <header><h2 id="outputs-title">Outputs</h2></header>
          <fl-io-table [items]="a.outputs" caption="Outputs" [inputs]="false" />
        </section>
      }
    </div>
  `,
  styles: `
    .title {
      display: flex;
      gap: 16px;
      align-items: center;
    }
  `,
})
export class ActionPage implements OnInit {
  readonly name = input.required<string>();
  private readonly catalogue = inject(CatalogueService);
  protected readonly versions = signal<StoreAction[]>([]);
  protected readonly selected = signal('');
  protected readonly error = signal<unknown>(null);
  protected readonly action = computed(
    () => this.versions().find((v) => v.version === this.selected()) ?? null,
  );
  protected readonly resources = computed(() => {
    const r = this.action()?.resources;
    if (!r) {
      return '—';
    }
    const parts = [
      r.cpu ? `${r.cpu} CPU` : '',
      r.memory_bytes ? bytes(r.memory_bytes) : '',
      r.time_seconds ? `${r.time_seconds} s max` : '',
      r.gpu ? `${r.gpu} GPU` : '',
    ].filter(Boolean);
    return parts.join(' · ') || 'defaults';
  });

  async ngOnInit(): Promise<void> {
    try {
      const versions = await this.catalogue.versions(this.name());
      this.versions.set([...versions].reverse());
      this.selected.set(versions.at(-1)?.version ?? '');
    } catch (error) {
      this.error.set(error);
    }
  }
}
