import { Injectable } from '@angular/core';

import { ApiService } from '../../core/api/api-service';
import { at, first } from '../../core/api/params';
import type { Build, RepositoryAction, Scan, Source, SourceCreate } from '../../core/api/models';

/** The library's git sources, their scans, their actions and builds (the repository service). */
@Injectable({ providedIn: 'root' })
export class LibraryService extends ApiService {
  sources(): Promise<Source[]> {
    return this.api.items(this.c.GET('/api/repository/sources', first(500)));
  }

  source(id: string): Promise<Source> {
    return this.api.data(this.c.GET('/api/repository/sources/{source_id}', at({ source_id: id })));
  }

  addSource(body: SourceCreate): Promise<Source> {
    return this.api.data(this.c.POST('/api/repository/sources', { body }));
  }

  scan(sourceId: string, ref: string | null): Promise<Scan> {
    return this.api.data(
      this.c.POST('/api/repository/sources/{source_id}/scans', {
        ...at({ source_id: sourceId }),
        body: { ref: ref || null },
      }),
    );
  }

  scans(sourceId: string, limit = 10): Promise<Scan[]> {
    return this.api.items(
      this.c.GET(
        '/api/repository/sources/{source_id}/scans',
        at({ source_id: sourceId }, { limit }),
      ),
    );
  }

  actions(sourceId: string): Promise<RepositoryAction[]> {
    return this.api.items(
      this.c.GET('/api/repository/actions', first(500, { source_id: sourceId })),
    );
  }

  /** Every action of the project, whatever its source. */
  allActions(): Promise<RepositoryAction[]> {
    return this.api.items(this.c.GET('/api/repository/actions', first(500)));
  }

  buildAction(actionId: string): Promise<Build> {
    return this.api.data(
      this.c.POST('/api/repository/actions/{action_id}/builds', at({ action_id: actionId })),
    );
  }

  buildAll(sourceId: string): Promise<Build[]> {
    return this.api.items(
      this.c.POST('/api/repository/sources/{source_id}/builds', at({ source_id: sourceId })),
    );
  }

  /** An action's builds, newest first. */
  async builds(actionId: string): Promise<Build[]> {
    const page = await this.api.data(
      this.c.GET(
        '/api/repository/actions/{action_id}/builds',
        at({ action_id: actionId }, { limit: 20 }),
      ),
    );
    return [...page.items].sort((a, b) => b.requested_at.localeCompare(a.requested_at));
  }

  build(buildId: string): Promise<Build> {
    return this.api.data(
      this.c.GET('/api/repository/builds/{build_id}', at({ build_id: buildId })),
    );
  }

  cancelBuild(buildId: string): Promise<Build> {
    return this.api.data(
      this.c.POST('/api/repository/builds/{build_id}/cancel', at({ build_id: buildId })),
    );
  }

  async buildLog(buildId: string): Promise<string> {
    const response = await this.api.fetch(`/api/repository/builds/${buildId}/log`);
    return response.text();
  }
}
