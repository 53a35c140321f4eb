import { inject, Injectable } from '@angular/core';

import { Api } from '../../core/api/api';
import type { Build, RepositoryAction, Scan, Source, SourceCreate } from '../../core/api/models';

/** The library's git sources, their scans, their actions and builds (the repository service). */
@Injectable({ providedIn: 'root' })
export class LibraryService {
  private readonly api = inject(Api);
  private readonly c = this.api.client;

  async sources(): Promise<Source[]> {
    const page = await this.api.data(
      this.c.GET('/api/repository/sources', { params: { query: { limit: 500 } } }),
    );
    return page.items;
  }

  source(id: string): Promise<Source> {
    return this.api.data(
      this.c.GET('/api/repository/sources/{source_id}', { params: { path: { source_id: id } } }),
    );
  }

  addSource(body: SourceCreate): Promise<Source> {
    return this.api.data(this.c.POST('/api/repository/sources', { body }));
  }

  scan(sourceId: string, ref: string | null): Promise<Scan> {
    return this.api.data(
      this.c.POST('/api/repository/sources/{source_id}/scans', {
        params: { path: { source_id: sourceId } },
        body: { ref: ref || null },
      }),
    );
  }

  async scans(sourceId: string, limit = 10): Promise<Scan[]> {
    const page = await this.api.data(
      this.c.GET('/api/repository/sources/{source_id}/scans', {
        params: { path: { source_id: sourceId }, query: { limit } },
      }),
    );
    return page.items;
  }

  async actions(sourceId: string): Promise<RepositoryAction[]> {
    const page = await this.api.data(
      this.c.GET('/api/repository/actions', {
        params: { query: { source_id: sourceId, limit: 500 } },
      }),
    );
    return page.items;
  }

  /** Every action of the project, whatever its source. */
  async allActions(): Promise<RepositoryAction[]> {
    const page = await this.api.data(
      this.c.GET('/api/repository/actions', { params: { query: { limit: 500 } } }),
    );
    return page.items;
  }

  buildAction(actionId: string): Promise<Build> {
    return this.api.data(
      this.c.POST('/api/repository/actions/{action_id}/builds', {
        params: { path: { action_id: actionId } },
      }),
    );
  }

  async buildAll(sourceId: string): Promise<Build[]> {
    const list = await this.api.data(
      this.c.POST('/api/repository/sources/{source_id}/builds', {
        params: { path: { source_id: sourceId } },
      }),
    );
    return list.items;
  }

  /** An action's builds, newest first. */
  async builds(actionId: string): Promise<Build[]> {
    const page = await this.api.data(
      this.c.GET('/api/repository/actions/{action_id}/builds', {
        params: { path: { action_id: actionId }, query: { limit: 20 } },
      }),
    );
    return [...page.items].sort((a, b) => b.requested_at.localeCompare(a.requested_at));
  }

  build(buildId: string): Promise<Build> {
    return this.api.data(
      this.c.GET('/api/repository/builds/{build_id}', { params: { path: { build_id: buildId } } }),
    );
  }

  cancelBuild(buildId: string): Promise<Build> {
    return this.api.data(
      this.c.POST('/api/repository/builds/{build_id}/cancel', {
        params: { path: { build_id: buildId } },
      }),
    );
  }

  async buildLog(buildId: string): Promise<string> {
    const response = await this.api.fetch(`/api/repository/builds/${buildId}/log`);
    return response.text();
  }
}
