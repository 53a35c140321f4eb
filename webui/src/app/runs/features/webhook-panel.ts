import { Component, computed, effect, inject, input, signal, untracked } from '@angular/core';

import { ApiError } from '../../core/api/errors';
import type { OutputSpec, RunnerDeployment } from '../../core/api/models';
import { CopyButton } from '../../core/ui/copy-button';
import { ErrorAlert } from '../../core/ui/error-alert';
import { Field } from '../../core/ui/field';
import { StateBadge } from '../../core/ui/state-badge';
import { isFileOutput } from '../../core/runs/run-form';
import { WorkflowsService } from '../../core/workflows/workflows.service';
import { RunsService } from '../domain/runs.service';
import { curlExample } from '../domain/webhook';

/** A deployed workflow's webhook: its URL on this origin and a curl command that starts a run. */
@Component({
  selector: 'fl-webhook-panel',
  imports: [Field, CopyButton, ErrorAlert, StateBadge],
  template: `
    <section class="card" aria-labelledby="webhook-title" data-testid="webhook">
      <header>
        <h2 id="webhook-title">Start runs from a script</h2>
        @if (deployment(); as d) {
          <fl-state [state]="d.state" />
        }
      </header>
      <fl-error [error]="error()" />
      @if (deployment(); as d) {
        <p class="muted small intro">
          A <code>POST</code> to the workflow's webhook starts a run with the trigger's values, from
          CI, a script or another service, without logging in.
          <strong>The key in the URL is the secret:</strong> share it like a password.
        </p>
        @if (d.state !== 'Deployed') {
          <div class="alert info">
            The webhook starts runs once the workflow is deployed (now: {{ d.state }}).
          </div>
        }
        <div flField="Webhook URL" labelFor="webhook-url">
          <div class="copy-field">
            <input
              id="webhook-url"
              class="input"
              readonly
              [value]="url()"
              (focus)="$any($event.target).select()"
            />
            <fl-copy [text]="url()" label="Copy the webhook URL" />
          </div>
        </div>
        <div class="field">
          <div class="row">
            <span class="label" id="webhook-curl-label">Example with curl</span>
            <span class="spacer"></span>
            <fl-copy [text]="curl()" label="Copy the curl example" />
          </div>
          <pre class="code" tabindex="0" aria-labelledby="webhook-curl-label" data-testid="curl">{{
            curl()
          }}</pre>
          <span class="hint">
            {{
              hasFile()
                ? 'Replace path/to/… with your files; other fields are sent as text.'
                : 'Replace the example values with yours.'
            }}
            The answer is <code>{{ '{' }}"run_id": …{{ '}' }}</code> at once; add
            <code>?sync=true</code> to wait for the run and get its results.
          </span>
        </div>
      } @else if (missing()) {
        <p class="muted">Deploy the workflow to get its webhook URL.</p>
      }
    </section>
  `,
  styles: `
    .intro {
      margin-top: 0;
    }
    .field:last-child {
      margin-bottom: 0;
    }
    .field > .row .label {
      font-weight: 550;
      font-size: 0.93rem;
    }
  `,
})
export class WebhookPanel {
  readonly workflowId = input.required<string>();
  private readonly runs = inject(RunsService);
  private readonly studio = inject(WorkflowsService);
  protected readonly deployment = signal<RunnerDeployment | null>(null);
  protected readonly outputs = signal<OutputSpec[]>([]);
  protected readonly missing = signal(false);
  protected readonly error = signal<unknown>(null);
  /** The page's own origin: the platform serves the UI and the APIs on one origin. */
  protected readonly url = computed(
    () => location.origin + (this.deployment()?.webhook_path ?? ''),
  );
  protected readonly curl = computed(() => curlExample(this.url(), this.outputs()));
  protected readonly hasFile = computed(() => this.outputs().some(isFileOutput));

  constructor() {
    effect(() => {
      const id = this.workflowId();
      untracked(() => void this.load(id));
    });
  }

  private async load(workflowId: string): Promise<void> {
    this.error.set(null);
    this.missing.set(false);
    this.deployment.set(null);
    try {
      const [deployment, workflow] = await Promise.all([
        this.runs.deployment(workflowId),
        this.studio.get(workflowId),
      ]);
      if (workflowId !== this.workflowId()) {
        return; // another workflow was chosen meanwhile
      }
      this.outputs.set(workflow.trigger?.outputs ?? []);
      this.deployment.set(deployment);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        this.missing.set(true);
      } else {
        this.error.set(error);
      }
    }
  }
}
