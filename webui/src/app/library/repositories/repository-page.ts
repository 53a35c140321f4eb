import { Component, computed, inject, input, type OnInit, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { RouterLink } from '@angular/router';

import type { Build, RepositoryAction, Scan, Source } from '../../core/api/models';
import { Session } from '../../core/auth/session';
import { ErrorAlert } from '../../core/ui/error-alert';
import { DurationPipe, WhenPipe } from '../../core/ui/format';
import { ListCard } from '../../core/ui/list-card';
import { poll } from '../../core/ui/poll';
import { isBusy, StateBadge } from '../../core/ui/state-badge';
import { Toasts } from '../../core/ui/toasts';
import { LibraryService } from '../domain/library.service';
import { BuildLogPanel } from './build-log-panel';

/** One git source: scan it (at a ref), see the scan's errors, build and follow its actions. */
@Component({
  selector: 'fl-repository-page',
  imports: [
    FormsModule,
    RouterLink,
    ErrorAlert,
    StateBadge,
    WhenPipe,
    DurationPipe,
    BuildLogPanel,
    ListCard,
  ],
  templateUrl: './repository-page.html',
})
export class RepositoryPage implements OnInit {
  readonly id = input.required<string>();
  protected readonly session = inject(Session);
  private readonly library = inject(LibraryService);
  private readonly toasts = inject(Toasts);

  protected readonly source = signal<Source | null>(null);
  protected readonly scans = signal<Scan[]>([]);
  protected readonly actions = signal<RepositoryAction[]>([]);
  protected readonly error = signal<unknown>(null);
  protected readonly busy = signal(false);
  protected readonly selectedBuild = signal<string | null>(null);
  protected ref = '';

  protected readonly latestScan = computed(() => this.scans()[0] ?? null);
  protected readonly buildable = computed(() =>
    this.actions().some((a) => a.present_in_latest_scan && a.state !== 'Scan Error'),
  );
  protected readonly building = computed(() => this.actions().some((a) => isBusy(a.state)));

  constructor() {
    poll(2000, () => this.refresh());
  }

  ngOnInit(): void {
    void this.load();
  }

  protected async load(): Promise<void> {
    try {
      this.source.set(await this.library.source(this.id()));
      await this.refresh();
    } catch (error) {
      this.error.set(error);
    }
  }

  private async refresh(): Promise<void> {
    const [scans, actions] = await Promise.all([
      this.library.scans(this.id()),
      this.library.actions(this.id()),
    ]);
    this.scans.set(scans);
    this.actions.set(actions.sort((a, b) => (a.path < b.path ? -1 : 1)));
  }

  protected async scan(): Promise<void> {
    await this.act(async () => {
      await this.library.scan(this.id(), this.ref.trim() || null);
      this.toasts.show('Scan started');
    });
  }

  protected async buildAll(): Promise<void> {
    await this.act(async () => {
      const builds = await this.library.buildAll(this.id());
      this.toasts.show(`${builds.length} build${builds.length === 1 ? '' : 's'} started`);
    });
  }

  protected async build(action: RepositoryAction): Promise<void> {
    await this.act(async () => {
      const build = await this.library.buildAction(action.id);
      this.selectedBuild.set(build.id);
      this.toasts.show(`Building ${action.technical_name}`);
    });
  }

  protected async cancel(action: RepositoryAction): Promise<void> {
    const buildId = action.current_build_id;
    if (buildId) {
      await this.act(async () => {
        await this.library.cancelBuild(buildId);
        this.toasts.show(`Build of ${action.technical_name} cancelled`, 'info');
      });
    }
  }

  /** The action's current build, or else its newest one. */
  protected async showLog(action: RepositoryAction): Promise<void> {
    await this.act(async () => {
      const builds = await this.library.builds(action.id);
      this.selectedBuild.set(action.current_build_id ?? builds[0]?.id ?? null);
    });
  }

  protected hasBuilds(action: RepositoryAction): boolean {
    return !['Scanned', 'Scan Error'].includes(action.state);
  }

  protected folder(action: RepositoryAction): string {
    return action.path.split('/').at(-1) ?? action.path;
  }

  protected onBuildChanged(build: Build): void {
    if (!isBusy(build.state)) {
      void this.refresh();
    }
  }

  private async act(work: () => Promise<void>): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      await work();
      await this.refresh();
    } catch (error) {
      this.error.set(error);
    } finally {
      this.busy.set(false);
    }
  }

  protected busyState(state: string): boolean {
    return isBusy(state);
  }
}
