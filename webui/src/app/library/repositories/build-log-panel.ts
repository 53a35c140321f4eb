import { Component, effect, inject, input, output, signal } from '@angular/core';

import type { Build } from '../../core/api/models';
import { DurationPipe, WhenPipe } from '../../core/ui/format';
import { poll } from '../../core/ui/poll';
import { isBusy, StateBadge } from '../../core/ui/state-badge';
import { LibraryService } from '../domain/library.service';

/** One build: its state, timings, error and log, refreshed every 2 s while it runs. */
@Component({
  selector: 'fl-build-log-panel',
  imports: [StateBadge, WhenPipe, DurationPipe],
  template: `
    <section class="card" aria-labelledby="build-title" data-testid="build-panel">
      <header>
        <h2 id="build-title">Build</h2>
        <div class="row">
          <fl-state [state]="build()?.state" />
          <button
            class="btn ghost small"
            type="button"
            (click)="closed.emit()"
            aria-label="Close the build"
          >
            ✕
          </button>
        </div>
      </header>
      @if (build(); as b) {
        <dl class="facts">
          <dt>Requested</dt>
          <dd>{{ b.requested_at | when }}</dd>
          <dt>Duration</dt>
          <dd>
            {{ b.started_at | duration: b.finished_at
            }}{{ b.cache_hit ? ' (cached environment)' : '' }}
          </dd>
          <dt>Commit</dt>
          <dd class="mono small">{{ b.sha }}</dd>
          @if (b.artefact) {
            <dt>Artefact</dt>
            <dd class="mono small">{{ b.artefact }}</dd>
          }
        </dl>
        @if (b.error) {
          <div class="alert danger" role="alert">{{ b.error }}</div>
        }
      }
      <h3 class="section-title">Log</h3>
      <pre class="log" data-testid="build-log" tabindex="0" aria-label="Build log">{{
        log() || 'No log yet.'
      }}</pre>
    </section>
  `,
})
export class BuildLogPanel {
  readonly buildId = input.required<string>();
  readonly changed = output<Build>();
  readonly closed = output<void>();
  private readonly library = inject(LibraryService);
  protected readonly build = signal<Build | null>(null);
  protected readonly log = signal('');

  constructor() {
    effect(() => {
      this.buildId();
      this.build.set(null);
      this.log.set('');
      void this.load();
    });
    poll(2000, () => (isBusy(this.build()?.state) ? this.load() : undefined));
  }

  private async load(): Promise<void> {
    const build = await this.library.build(this.buildId());
    this.build.set(build);
    this.changed.emit(build);
    if (build.has_log) {
      this.log.set(await this.library.buildLog(build.id).catch(() => this.log()));
    }
  }
}
