import type { Routes } from '@angular/router';

import { ActionPage } from './catalogue/action-page';
import { CataloguePage } from './catalogue/catalogue-page';
import { RepositoriesPage } from './repositories/repositories-page';
import { RepositoryPage } from './repositories/repository-page';

export const LIBRARY_ROUTES: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'repositories' },
  { path: 'repositories', component: RepositoriesPage, title: 'Repositories · Flowloom' },
  { path: 'repositories/:id', component: RepositoryPage, title: 'Repository · Flowloom' },
  { path: 'catalogue', component: CataloguePage, title: 'Action catalogue · Flowloom' },
  { path: 'catalogue/:name', component: ActionPage, title: 'Action · Flowloom' },
];
