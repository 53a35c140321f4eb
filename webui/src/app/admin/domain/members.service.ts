import { inject, Injectable } from '@angular/core';

import { Api } from '../../core/api/api';
import type { Member, Role } from '../../core/api/models';

export const ROLES: Role[] = ['owner', 'developer', 'operator', 'viewer'];

/** A project's members and their roles: members read them, owners and admins change them. */
@Injectable({ providedIn: 'root' })
export class MembersService {
  private readonly api = inject(Api);
  private readonly c = this.api.client;

  async list(projectId: string): Promise<Member[]> {
    const page = await this.api.data(
      this.c.GET('/api/authorization/projects/{project_id}/members', {
        params: { path: { project_id: projectId }, query: { limit: 200 } },
      }),
    );
    return page.items;
  }

  add(projectId: string, username: string, role: Role): Promise<Member> {
    return this.api.data(
      this.c.POST('/api/authorization/projects/{project_id}/members', {
        params: { path: { project_id: projectId } },
        body: { username, role },
      }),
    );
  }

  changeRole(projectId: string, userId: string, role: Role): Promise<Member> {
    return this.api.data(
      this.c.PATCH('/api/authorization/projects/{project_id}/members/{user_id}', {
        params: { path: { project_id: projectId, user_id: userId } },
        body: { role },
      }),
    );
  }

  async remove(projectId: string, userId: string): Promise<void> {
    await this.api.data(
      this.c.DELETE('/api/authorization/projects/{project_id}/members/{user_id}', {
        params: { path: { project_id: projectId, user_id: userId } },
      }),
    );
  }
}
