import type { Routes } from '@angular/router';

import { inProject, loggedIn } from './core/auth/guards';
import { LoginPage } from './shell/login-page';
import { Shell } from './shell/shell';

export const routes: Routes = [
  { path: 'login', component: LoginPage, title: 'Log in · Flowloom' },
  {
    path: '',
    component: Shell,
    canActivate: [loggedIn],
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'library' },
      {
        path: 'library',
        canActivate: [inProject],
        loadChildren: () => import('./library/library.routes').then((m) => m.LIBRARY_ROUTES),
      },
      {
        path: 'studio',
        canActivate: [inProject],
        loadChildren: () => import('./studio/studio.routes').then((m) => m.STUDIO_ROUTES),
      },
      {
        path: 'runs',
        canActivate: [inProject],
        loadChildren: () => import('./runs/runs.routes').then((m) => m.RUNS_ROUTES),
      },
      {
        path: 'settings',
        loadChildren: () => import('./admin/admin.routes').then((m) => m.ADMIN_ROUTES),
      },
    ],
  },
  { path: '**', redirectTo: '' },
];
