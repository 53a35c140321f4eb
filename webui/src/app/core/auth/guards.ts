import { inject } from '@angular/core';
import { type CanActivateFn, Router } from '@angular/router';

import { Session } from './session';

/** Logged in, with the profile loaded (after a reload too); otherwise the login page. */
export const loggedIn: CanActivateFn = async (_route, state) => {
  const session = inject(Session);
  const router = inject(Router);
  const toLogin = router.createUrlTree(['/login'], { queryParams: { return: state.url } });
  if (!session.loggedIn()) {
    return toLogin;
  }
  if (!session.me()) {
    try {
      await session.loadProfile();
    } catch {
      await session.logout();
      return toLogin;
    }
  }
  return true;
};

/** A page for callers the session allows; the others land on Settings → Projects. */
function orProjects(allowed: (session: Session) => boolean): CanActivateFn {
  return () => allowed(inject(Session)) || inject(Router).createUrlTree(['/settings/projects']);
}

/** Pages of a project's data need a project token; without one, Settings lets you pick one. */
export const inProject = orProjects((session) => !!session.projectId());

/** Platform administration (users): admins only. */
export const isAdmin = orProjects((session) => session.isAdmin());
