import { Injectable } from '@angular/core';

import { ApiService } from '../../core/api/api-service';
import { at, first } from '../../core/api/params';
import type { NewUser, User, UserChanges } from '../../core/api/models';

/** The platform's users (authorization service); every call is for platform admins only. */
@Injectable({ providedIn: 'root' })
export class UsersService extends ApiService {
  list(): Promise<User[]> {
    return this.api.items(this.c.GET('/api/authorization/users', first(200)));
  }

  create(user: NewUser): Promise<User> {
    return this.api.data(this.c.POST('/api/authorization/users', { body: user }));
  }

  change(userId: string, changes: UserChanges): Promise<User> {
    return this.api.data(
      this.c.PATCH('/api/authorization/users/{user_id}', {
        ...at({ user_id: userId }),
        body: changes,
      }),
    );
  }

  async delete(userId: string): Promise<void> {
    await this.api.data(
      this.c.DELETE('/api/authorization/users/{user_id}', at({ user_id: userId })),
    );
  }
}
