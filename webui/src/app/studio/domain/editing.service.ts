import { Injectable } from '@angular/core';

import { ApiService } from '../../core/api/api-service';
import { at } from '../../core/api/params';
import type {
  BindingBody,
  StaticFile,
  Step,
  StepBody,
  StepFields,
  TriggerBody,
  Workflow,
  WorkflowProblem,
} from '../../core/api/models';

/**
 * The studio's editing endpoints: each change answers the whole workflow, whose problems the
 * studio recomputed (a change is saved even when it makes the workflow invalid).
 */
@Injectable({ providedIn: 'root' })
export class EditingService extends ApiService {
  create(name: string, description = ''): Promise<Workflow> {
    return this.api.data(this.c.POST('/api/studio/workflows', { body: { name, description } }));
  }

  problems(id: string): Promise<WorkflowProblem[]> {
    return this.api.data(
      this.c.GET('/api/studio/workflows/{workflow_id}/problems', at({ workflow_id: id })),
    );
  }

  setTrigger(id: string, trigger: TriggerBody): Promise<Workflow> {
    return this.api.data(
      this.c.PUT('/api/studio/workflows/{workflow_id}/trigger', {
        ...at({ workflow_id: id }),
        body: trigger,
      }),
    );
  }

  addStep(id: string, step: StepBody): Promise<Workflow> {
    return this.api.data(
      this.c.POST('/api/studio/workflows/{workflow_id}/steps', {
        ...at({ workflow_id: id }),
        body: step,
      }),
    );
  }

  replaceStep(id: string, stepId: string, fields: StepFields): Promise<Workflow> {
    return this.api.data(
      this.c.PUT('/api/studio/workflows/{workflow_id}/steps/{step_id}', {
        ...at({ workflow_id: id, step_id: stepId }),
        body: fields,
      }),
    );
  }

  removeStep(id: string, stepId: string): Promise<Workflow> {
    return this.api.data(
      this.c.DELETE(
        '/api/studio/workflows/{workflow_id}/steps/{step_id}',
        at({ workflow_id: id, step_id: stepId }),
      ),
    );
  }

  /** Bind an input of a step, or of the trigger (node `trigger`). */
  bind(id: string, node: string, input: string, binding: BindingBody): Promise<Workflow> {
    return this.api.data(
      this.c.PUT('/api/studio/workflows/{workflow_id}/steps/{step_id}/inputs/{input_name}', {
        ...at({ workflow_id: id, step_id: node, input_name: input }),
        body: binding,
      }),
    );
  }

  unbind(id: string, node: string, input: string): Promise<Workflow> {
    return this.api.data(
      this.c.DELETE(
        '/api/studio/workflows/{workflow_id}/steps/{step_id}/inputs/{input_name}',
        at({ workflow_id: id, step_id: node, input_name: input }),
      ),
    );
  }

  /** Move a step (or the trigger) to another version (null: always the newest); the answer
   * names the bindings dropped because their input no longer fits. */
  changeVersion(id: string, node: string, version: string | null) {
    return this.api.data(
      this.c.PUT('/api/studio/workflows/{workflow_id}/steps/{step_id}/action-version', {
        ...at({ workflow_id: id, step_id: node }),
        body: { version },
      }),
    );
  }

  setResults(id: string, results: Record<string, string>): Promise<Workflow> {
    return this.api.data(
      this.c.PUT('/api/studio/workflows/{workflow_id}/results', {
        ...at({ workflow_id: id }),
        body: { results },
      }),
    );
  }

  /** Upload a static file of the workflow; bind it with `{file: key}`. */
  async upload(id: string, file: File): Promise<StaticFile> {
    const form = new FormData();
    form.append('file', file, file.name);
    const response = await this.api.fetch(`/api/studio/workflows/${encodeURIComponent(id)}/files`, {
      method: 'POST',
      body: form,
    });
    return (await response.json()) as StaticFile;
  }
}

/** The whole step as `PUT .../steps/{id}` takes it (it replaces the step), with some changes. */
export function stepFields(step: Step, changes: Partial<StepFields> = {}): StepFields {
  return {
    action: step.action,
    version: step.version ?? null,
    inputs: step.inputs as Record<string, BindingBody>,
    when: step.when,
    retry: step.retry ?? null,
    timeout_seconds: step.timeout_seconds ?? null,
    needs: step.needs,
    ...changes,
  };
}
