import type { Routes } from '@angular/router';

import { RunPage } from './features/run-page';
import { RunsPage } from './features/runs-page';

export const RUNS_ROUTES: Routes = [
  { path: '', component: RunsPage, title: 'Runs · Flowloom' },
  { path: ':id', component: RunPage, title: 'Run · Flowloom' },
];
