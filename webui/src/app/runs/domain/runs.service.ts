import { Injectable } from '@angular/core';

import { ApiService } from '../../core/api/api-service';
import { at, first } from '../../core/api/params';
import type { LogLine, Run, RunnerDeployment, RunState, RunSummary } from '../../core/api/models';

export interface RunFilter {
  workflowId?: string;
  state?: string;
}

/** Runs of the runner: list, detail, cancel, logs and files (starting one: core/runs). */
@Injectable({ providedIn: 'root' })
export class RunsService extends ApiService {
  list(filter: RunFilter = {}, limit = 100): Promise<RunSummary[]> {
    return this.api.items(
      this.c.GET(
        '/api/runner/runs',
        first(limit, {
          workflow_id: filter.workflowId || null,
          state: (filter.state || null) as RunState | null,
        }),
      ),
    );
  }

  get(id: string): Promise<Run> {
    return this.api.data(this.c.GET('/api/runner/runs/{run_id}', at({ run_id: id })));
  }

  /** The workflow's deployment on the runner, with its webhook path (the key is the secret). */
  deployment(workflowId: string): Promise<RunnerDeployment> {
    return this.api.data(
      this.c.GET('/api/runner/deployments/{workflow_id}', at({ workflow_id: workflowId })),
    );
  }

  cancel(id: string): Promise<unknown> {
    return this.api.data(this.c.POST('/api/runner/runs/{run_id}/cancel', at({ run_id: id })));
  }

  logs(runId: string, executionId: string, after?: number): Promise<LogLine[]> {
    return this.api.items(
      this.c.GET(
        '/api/runner/runs/{run_id}/executions/{execution_id}/logs',
        at({ run_id: runId, execution_id: executionId }, { limit: 500, after: after ?? null }),
      ),
    );
  }

  /**
   * Follow an execution's log through the runner's Server-Sent Events stream (read with fetch,
   * since EventSource cannot send the bearer token) until the `end` event or `signal` aborts.
   */
  async follow(
    runId: string,
    executionId: string,
    onLine: (line: LogLine) => void,
    signal: AbortSignal,
  ): Promise<void> {
    const path = `/api/runner/runs/${runId}/executions/${executionId}/logs/stream`;
    const response = await this.api.fetch(path, {
      signal,
      headers: { accept: 'text/event-stream' },
    });
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) {
        return;
      }
      buffer += value.replace(/\r\n/g, '\n');
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const event = parseEvent(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        if (event.name === 'end') {
          await reader.cancel();
          return;
        }
        if (event.name === 'line' && event.data) {
          onLine(JSON.parse(event.data) as LogLine);
        }
      }
    }
  }

  /** A run's file: fetched with the token (the API answers a redirect to a short-lived URL). */
  async download(runId: string, key: string): Promise<Blob> {
    const response = await this.api.fetch(
      `/api/runner/runs/${runId}/files?key=${encodeURIComponent(key)}`,
    );
    return response.blob();
  }
}

function parseEvent(block: string): { name: string; data: string } {
  let name = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) {
      name = line.slice(6).trim();
    } else if (line.startsWith('data:')) {
      data.push(line.slice(5).trimStart());
    }
  }
  return { name, data: data.join('\n') };
}
