import { Component, computed, input, linkedSignal, output } from '@angular/core';

import type { WorkflowProblem } from '../../../core/api/models';
import type { WorkflowGraph } from '../../domain/graph';
import { RemoveRow } from './panel-parts';

interface Row {
  name: string;
  ref: string;
}

/** The named values a run returns, each an output of the trigger or of a step. */
@Component({
  selector: 'fl-results-editor',
  imports: [RemoveRow],
  template: `
    <form (submit)="$event.preventDefault(); submit()" data-testid="results-editor">
      @for (r of rows(); track $index; let i = $index) {
        <div class="result-row" [attr.data-result-row]="r.name">
          <input
            class="input mono"
            [attr.aria-label]="'Name of result ' + (i + 1)"
            [value]="r.name"
            [disabled]="!canEdit()"
            (input)="update(i, { name: $any($event.target).value })"
          />
          <select
            class="select"
            [attr.aria-label]="'Output of result ' + (i + 1)"
            [disabled]="!canEdit()"
            (change)="update(i, { ref: $any($event.target).value })"
          >
            <option value="" disabled [selected]="!r.ref">Choose…</option>
            @for (o of outputs(); track o) {
              <option [value]="o" [selected]="r.ref === o">{{ o }}</option>
            }
            @if (r.ref && !outputs().includes(r.ref)) {
              <option [value]="r.ref" selected>{{ r.ref }}</option>
            }
          </select>
          @if (canEdit()) {
            <button [flRemoveRow]="'result ' + (i + 1)" (click)="remove(i)"></button>
          }
        </div>
      } @empty {
        <p class="muted small">No result: runs return nothing besides their steps' outputs.</p>
      }
      @for (p of problems(); track $index) {
        <p class="io-problem" data-testid="result-problem">{{ p.message }}</p>
      }
      @if (canEdit()) {
        <div class="row">
          <button class="btn small" type="button" (click)="add()">+ Add result</button>
          <button class="btn small primary" type="submit">Save results</button>
        </div>
      }
    </form>
  `,
})
export class ResultsEditor {
  readonly results = input.required<Record<string, string>>();
  readonly graph = input.required<WorkflowGraph>();
  readonly problems = input<WorkflowProblem[]>([]);
  readonly canEdit = input(false);
  readonly save = output<Record<string, string>>();

  protected readonly rows = linkedSignal<Row[]>(() =>
    Object.entries(this.results()).map(([name, ref]) => ({ name, ref })),
  );
  protected readonly outputs = computed(() =>
    this.graph().nodes.flatMap((n) => n.outputs.map((o) => `${n.id}.${o.name}`)),
  );

  protected update(index: number, changes: Partial<Row>): void {
    this.rows.update((rows) => rows.map((r, i) => (i === index ? { ...r, ...changes } : r)));
  }

  protected add(): void {
    this.rows.update((rows) => [...rows, { name: `result${rows.length + 1}`, ref: '' }]);
  }

  protected remove(index: number): void {
    this.rows.update((rows) => rows.filter((_, i) => i !== index));
  }

  protected submit(): void {
    const results: Record<string, string> = {};
    for (const { name, ref } of this.rows()) {
      if (name.trim() && ref) {
        results[name.trim()] = ref;
      }
    }
    this.save.emit(results);
  }
}
