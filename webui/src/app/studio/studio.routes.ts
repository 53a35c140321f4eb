import type { Routes } from '@angular/router';

import { WorkflowPage } from './features/workflow-page';
import { WorkflowsPage } from './features/workflows-page';

export const STUDIO_ROUTES: Routes = [
  { path: '', pathMatch: 'full', redirectTo: 'workflows' },
  { path: 'workflows', component: WorkflowsPage, title: 'Workflows · Flowloom' },
  { path: 'workflows/:id', component: WorkflowPage, title: 'Workflow · Flowloom' },
];
