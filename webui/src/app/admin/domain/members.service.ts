import { Injectable } from '@angular/core';

import { ApiService } from '../../core/api/api-service';
import { at } from '../../core/api/params';
import type { Member, Role } from '../../core/api/models';

export const ROLES: Role[] = ['owner', 'developer', 'operator', 'viewer'];

/** A project's members and their roles: members read them, owners and admins change them. */
@Injectable({ providedIn: 'root' })
export class MembersService extends ApiService {
  list(projectId: string): Promise<Member[]> {
    return this.api.items(
      this.c.GET(
        '/api/authorization/projects/{project_id}/members',
        at({ project_id: projectId }, { limit: 200 }),
      ),
    );
  }

  add(projectId: string, username: string, role: Role): Promise<Member> {
    return this.api.data(
      this.c.POST('/api/authorization/projects/{project_id}/members', {
        ...at({ project_id: projectId }),
        body: { username, role },
      }),
    );
  }

  changeRole(projectId: string, userId: string, role: Role): Promise<Member> {
    return this.api.data(
      this.c.PATCH('/api/authorization/projects/{project_id}/members/{user_id}', {
        ...at({ project_id: projectId, user_id: userId }),
        body: { role },
      }),
    );
  }

  async remove(projectId: string, userId: string): Promise<void> {
    await this.api.data(
      this.c.DELETE(
        '/api/authorization/projects/{project_id}/members/{user_id}',
        at({ project_id: projectId, user_id: userId }),
      ),
    );
  }
}
