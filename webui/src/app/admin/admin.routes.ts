import type { Routes } from '@angular/router';

import { inProject } from '../core/auth/guards';
import { ProjectsTab } from './features/projects-tab';
import { SecretsTab } from './features/secrets-tab';
import { SettingsPage } from './features/settings-page';
import { VariablesTab } from './features/variables-tab';

export const ADMIN_ROUTES: Routes = [
  {
    path: '',
    component: SettingsPage,
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'projects' },
      { path: 'projects', component: ProjectsTab, title: 'Projects · Flowloom' },
      {
        path: 'variables',
        component: VariablesTab,
        canActivate: [inProject],
        title: 'Variables · Flowloom',
      },
      {
        path: 'secrets',
        component: SecretsTab,
        canActivate: [inProject],
        title: 'Secrets · Flowloom',
      },
    ],
  },
];
