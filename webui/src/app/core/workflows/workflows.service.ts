import { Injectable } from '@angular/core';

import { ApiService } from '../api/api-service';
import { at, first } from '../api/params';
import type {
  Deployment,
  LogLine,
  RunnerDeployment,
  Version,
  VersionDetail,
  Workflow,
  WorkflowSummary,
} from '../api/models';

/** Workflows of the studio: list, import/export, deploy/undeploy, versions. The studio edits
 * them; the runs pages read their names, trigger outputs and frozen versions. */
@Injectable({ providedIn: 'root' })
export class WorkflowsService extends ApiService {
  list(): Promise<WorkflowSummary[]> {
    return this.api.items(this.c.GET('/api/studio/workflows', first(500)));
  }

  get(id: string): Promise<Workflow> {
    return this.api.data(
      this.c.GET('/api/studio/workflows/{workflow_id}', at({ workflow_id: id })),
    );
  }

  /** Import a `workflow.yaml` or a zip (a workflow and its static files). */
  async import(file: File, replace?: string): Promise<Workflow> {
    const zip = file.name.endsWith('.zip') || file.type.includes('zip');
    const query = replace ? `?workflow_id=${encodeURIComponent(replace)}` : '';
    const response = await this.api.fetch(`/api/studio/workflows/import${query}`, {
      method: 'POST',
      headers: { 'content-type': zip ? 'application/zip' : 'application/yaml' },
      body: file,
    });
    return (await response.json()) as Workflow;
  }

  /** The exported file (yaml, or zip when the workflow has static files) and its name. */
  async export(workflow: WorkflowSummary): Promise<{ blob: Blob; filename: string }> {
    const response = await this.api.fetch(`/api/studio/workflows/${workflow.id}/export`);
    const blob = await response.blob();
    const zip = (response.headers.get('content-type') ?? '').includes('zip');
    return { blob, filename: `${workflow.name}.${zip ? 'zip' : 'yaml'}` };
  }

  deploy(id: string): Promise<Deployment> {
    return this.api.data(
      this.c.POST('/api/studio/workflows/{workflow_id}/deploy', at({ workflow_id: id })),
    );
  }

  undeploy(id: string): Promise<Deployment> {
    return this.api.data(
      this.c.POST('/api/studio/workflows/{workflow_id}/undeploy', at({ workflow_id: id })),
    );
  }

  versions(id: string): Promise<Version[]> {
    return this.api.items(
      this.c.GET(
        '/api/studio/workflows/{workflow_id}/versions',
        at({ workflow_id: id }, { limit: 100 }),
      ),
    );
  }

  /** One frozen version: its `content` is the workflow as sent to the runner. */
  version(id: string, number: number): Promise<VersionDetail> {
    return this.api.data(
      this.c.GET(
        '/api/studio/workflows/{workflow_id}/versions/{number}',
        at({ workflow_id: id, number }),
      ),
    );
  }

  /** The runner's side of the deployment (its trigger's state); null when it never had it. */
  async runnerDeployment(id: string): Promise<RunnerDeployment | null> {
    const { data } = await this.c.GET(
      '/api/runner/deployments/{workflow_id}',
      at({ workflow_id: id }),
    );
    return data ?? null;
  }

  /** The deployed trigger's log: what its source wrote (its secrets masked), oldest first. */
  async triggerLog(id: string): Promise<LogLine[]> {
    const lines: LogLine[] = [];
    let after: number | null = null;
    for (;;) {
      const page: { items: LogLine[]; next_cursor: string | null } = await this.api.data(
        this.c.GET(
          '/api/runner/deployments/{workflow_id}/logs',
          at({ workflow_id: id }, { limit: 500, after }),
        ),
      );
      lines.push(...page.items);
      if (!page.next_cursor || !page.items.length) return lines;
      after = page.items[page.items.length - 1].number;
    }
  }

  async remove(id: string): Promise<void> {
    await this.api.data(
      this.c.DELETE('/api/studio/workflows/{workflow_id}', at({ workflow_id: id })),
    );
  }
}
