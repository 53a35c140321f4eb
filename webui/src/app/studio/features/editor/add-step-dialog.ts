import { Component, computed, inject, input, output, signal } from '@angular/core';

import type { ActionSummary, StepBody } from '../../../core/api/models';
import { ErrorAlert } from '../../../core/ui/error-alert';
import { Field } from '../../../core/ui/field';
import { DialogFrame } from '../../../core/ui/dialog-parts';
import { FormDialog } from '../../../core/ui/form-dialog';
import { CatalogueService } from '../../../core/catalogue/catalogue.service';

/** Pick an action of the catalogue (a Processor or a Publisher), name the step, and say which
 * step it runs after. */
@Component({
  selector: 'fl-add-step-dialog',
  imports: [DialogFrame, Field, ErrorAlert],
  template: `
    <dialog
      #dialog
      flDialog="Add a step"
      class="wide"
      titleId="add-step-title"
      submit="Add step"
      [disabled]="!chosen() || !stepId().trim()"
      (submitted)="submit()"
    >
      <p ngProjectAs="[dialog-intro]" class="muted small">
        An action of the catalogue, run once per run of the workflow.
      </p>
      <fl-error [error]="error()" />
      <div flField="Search the catalogue" labelFor="add-step-search">
        <input
          id="add-step-search"
          class="input"
          type="search"
          [value]="query()"
          (input)="query.set($any($event.target).value)"
        />
      </div>
      <fieldset class="action-list" aria-label="Action">
        @for (a of shown(); track a.technical_name) {
          <label class="action-choice" [attr.data-action]="a.technical_name">
            <input
              type="radio"
              name="add-step-action"
              [value]="a.technical_name"
              [checked]="chosen()?.technical_name === a.technical_name"
              (change)="choose(a)"
            />
            <span>
              <strong>{{ a.human_name }}</strong>
              <span class="mono small muted"> {{ a.technical_name }} v{{ a.latest_version }}</span>
              <span class="tag">{{ a.kind }}</span>
              @if (a.description) {
                <br /><span class="small muted">{{ a.description }}</span>
              }
            </span>
          </label>
        } @empty {
          <p class="muted small">
            {{ loaded() ? 'No action matches: build actions in Library first.' : 'Loading…' }}
          </p>
        }
      </fieldset>
      <div class="form-row">
        <div flField="Step id" labelFor="add-step-id">
          <input
            id="add-step-id"
            class="input mono"
            required
            pattern="[A-Za-z0-9_][A-Za-z0-9_\\-]*"
            [value]="stepId()"
            (input)="stepId.set($any($event.target).value)"
          />
          <span class="hint">Letters, digits, _ and -; references use it.</span>
        </div>
        <div flField="Runs after" labelFor="add-step-after">
          <select
            id="add-step-after"
            class="select"
            (change)="after.set($any($event.target).value)"
          >
            <option value="" [selected]="!after()">The trigger only</option>
            @for (s of stepIds(); track s) {
              <option [value]="s" [selected]="after() === s">{{ s }}</option>
            }
          </select>
        </div>
      </div>
    </dialog>
  `,
})
export class AddStepDialog extends FormDialog {
  readonly stepIds = input<string[]>([]);
  readonly added = output<StepBody>();
  private readonly catalogue = inject(CatalogueService);
  protected readonly actions = signal<ActionSummary[]>([]);
  protected readonly loaded = signal(false);
  protected readonly query = signal('');
  protected readonly chosen = signal<ActionSummary | null>(null);
  protected readonly stepId = signal('');
  protected readonly after = signal('');
  protected readonly shown = computed(() => {
    const q = this.query().trim().toLowerCase();
    return this.actions().filter(
      (a) =>
        a.kind !== 'Source' &&
        (!q || `${a.technical_name} ${a.human_name} ${a.description}`.toLowerCase().includes(q)),
    );
  });

  async open(after: string | null): Promise<void> {
    this.query.set('');
    this.chosen.set(null);
    this.stepId.set('');
    this.after.set(after ?? '');
    this.show();
    try {
      this.actions.set(await this.catalogue.search());
    } catch (error) {
      this.error.set(error);
    } finally {
      this.loaded.set(true);
    }
  }

  protected choose(action: ActionSummary): void {
    this.chosen.set(action);
    this.stepId.set(this.freeId(action.technical_name.replace(/[^A-Za-z0-9_-]/g, '_')));
  }

  protected submit(): void {
    const action = this.chosen();
    if (action) {
      this.added.emit({
        id: this.stepId().trim(),
        action: action.technical_name,
        version: null,
        inputs: {},
        when: '',
        retry: null,
        timeout_seconds: null,
        needs: this.after() ? [this.after()] : [],
      });
      this.close();
    }
  }

  private freeId(base: string): string {
    const taken = new Set(this.stepIds());
    let id = base;
    for (let n = 2; taken.has(id); n++) {
      id = `${base}-${n}`;
    }
    return id;
  }
}
