import { inject, Injectable } from '@angular/core';

import { Api } from '../../core/api/api';
import type { Project } from '../../core/api/models';

/** Projects (the tenants) of the authorization service. */
@Injectable({ providedIn: 'root' })
export class ProjectsService {
  private readonly api = inject(Api);

  create(name: string): Promise<Project> {
    return this.api.data(this.api.client.POST('/api/authorization/projects', { body: { name } }));
  }
}
