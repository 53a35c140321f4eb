import { Injectable } from '@angular/core';

import { ApiService } from '../../core/api/api-service';
import { at, first } from '../../core/api/params';
import type { ApiKey, CreatedApiKey } from '../../core/api/models';

/** The caller's own API keys: for scripts and CI, exchanged for access tokens. */
@Injectable({ providedIn: 'root' })
export class ApiKeysService extends ApiService {
  list(): Promise<ApiKey[]> {
    return this.api.items(this.c.GET('/api/authorization/api-keys', first(200)));
  }

  /** A key for the current project; the answer holds its secret, shown this once only. */
  create(name: string, expiresAt: string | null): Promise<CreatedApiKey> {
    return this.api.data(
      this.c.POST('/api/authorization/api-keys', { body: { name, expires_at: expiresAt } }),
    );
  }

  async revoke(keyId: string): Promise<void> {
    await this.api.data(
      this.c.DELETE('/api/authorization/api-keys/{key_id}', at({ key_id: keyId })),
    );
  }
}
