import { Injectable } from '@angular/core';

import { ApiService } from '../api/api-service';
import { at, first } from '../api/params';
import type { ActionKind, ActionSummary, StoreAction } from '../api/models';

export interface CatalogueQuery {
  q?: string;
  kind?: string;
  category?: string;
}

/** The studio's action store: the built actions workflows can use. */
@Injectable({ providedIn: 'root' })
export class CatalogueService extends ApiService {
  private readonly logos = new Map<string, Promise<string | null>>();

  search(query: CatalogueQuery = {}): Promise<ActionSummary[]> {
    return this.api.items(
      this.c.GET(
        '/api/studio/actions',
        first(500, {
          q: query.q || null,
          kind: (query.kind || null) as ActionKind | null,
          category: query.category || null,
        }),
      ),
    );
  }

  /** Every version of an action, oldest first. */
  async versions(name: string): Promise<StoreAction[]> {
    return this.api.data(
      this.c.GET('/api/studio/actions/{technical_name}', at({ technical_name: name })),
    );
  }

  /** An object URL of the logo (null when none); fetched once per version. */
  logo(name: string, version: string): Promise<string | null> {
    const key = `${name}@${version}`;
    if (!this.logos.has(key)) {
      const path = `/api/studio/actions/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}/logo`;
      this.logos.set(
        key,
        this.api
          .fetch(path)
          .then((r) => r.blob())
          .then((blob) => URL.createObjectURL(blob))
          .catch(() => null),
      );
    }
    return this.logos.get(key)!;
  }
}
