import { inject, Injectable } from '@angular/core';

import { Api } from '../../core/api/api';
import type { NewUser, User, UserChanges } from '../../core/api/models';

/** The platform's users (authorization service); every call is for platform admins only. */
@Injectable({ providedIn: 'root' })
export class UsersService {
  private readonly api = inject(Api);
  private readonly c = this.api.client;

  async list(): Promise<User[]> {
    const page = await this.api.data(
      this.c.GET('/api/authorization/users', { params: { query: { limit: 200 } } }),
    );
    return page.items;
  }

  create(user: NewUser): Promise<User> {
    return this.api.data(this.c.POST('/api/authorization/users', { body: user }));
  }

  change(userId: string, changes: UserChanges): Promise<User> {
    return this.api.data(
      this.c.PATCH('/api/authorization/users/{user_id}', {
        params: { path: { user_id: userId } },
        body: changes,
      }),
    );
  }

  async delete(userId: string): Promise<void> {
    await this.api.data(
      this.c.DELETE('/api/authorization/users/{user_id}', {
        params: { path: { user_id: userId } },
      }),
    );
  }
}
