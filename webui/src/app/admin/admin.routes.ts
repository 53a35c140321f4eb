import type { Routes } from '@angular/router';

import { isAdmin, inProject } from '../core/auth/guards';
import { ApiKeysTab } from './features/api-keys-tab';
import { MembersTab } from './features/members-tab';
import { ProjectsTab } from './features/projects-tab';
import { SecretsTab } from './features/secrets-tab';
import { SettingsPage } from './features/settings-page';
import { UsersTab } from './features/users-tab';
import { VariablesTab } from './features/variables-tab';

export const ADMIN_ROUTES: Routes = [
  {
    path: '',
    component: SettingsPage,
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'projects' },
      { path: 'projects', component: ProjectsTab, title: 'Projects · Flowloom' },
      {
        path: 'members',
        component: MembersTab,
        canActivate: [inProject],
        title: 'Members · Flowloom',
      },
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
      { path: 'api-keys', component: ApiKeysTab, title: 'API keys · Flowloom' },
      { path: 'users', component: UsersTab, canActivate: [isAdmin], title: 'Users · Flowloom' },
    ],
  },
];
