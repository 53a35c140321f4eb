import { inject, Injectable } from '@angular/core';

import { Api } from '../api/api';
import type { OutputSpec } from '../api/models';
import { type RunForm, runRequest } from './run-form';

/** Starts a run of a deployed workflow by hand (the studio's workflow page offers it). */
@Injectable({ providedIn: 'root' })
export class RunStarter {
  private readonly api = inject(Api);

  /** The new run's id. */
  async start(workflowId: string, outputs: OutputSpec[], form: RunForm): Promise<string> {
    const init = runRequest(outputs, form);
    const response = await this.api.fetch(`/api/runner/workflows/${workflowId}/runs`, init);
    return ((await response.json()) as { run_id: string }).run_id;
  }
}
