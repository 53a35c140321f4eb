import { Component, computed, Directive, input, output } from '@angular/core';

import type { Variable, Workflow, WorkflowProblem } from '../../../core/api/models';
import type { GraphNode, Port } from '../../domain/graph';
import type { BindRequest, CreateRequest, UploadRequest } from './input-binding';

/**
 * What the trigger and the step panels share: the node of the workflow they edit, what its
 * inputs may bind to, the changes of its inputs they pass on to the editor, and its problems.
 */
@Directive()
export abstract class NodePanel {
  readonly workflow = input.required<Workflow>();
  readonly node = input.required<GraphNode>();
  readonly variables = input<Variable[]>([]);
  readonly canEdit = input(false);
  readonly bind = output<BindRequest>();
  readonly upload = output<UploadRequest>();
  readonly create = output<CreateRequest>();
  readonly closed = output<void>();

  /** The node's problems that are about none of its inputs. */
  protected readonly nodeProblems = computed(() => this.node().problems.filter((p) => !p.input));

  protected problemsOf(name: string) {
    return this.node().problems.filter((p) => p.input === name);
  }
}

/**
 * The head of a node's panel: what kind of node, the projected title (the `h2#panel-title` the
 * editor focuses) and the button closing the panel:
 * `<header flPanelHead="Step" (closed)="closed.emit()"><h2 …>…</h2></header>`.
 */
@Component({
  selector: 'header[flPanelHead]',
  host: { class: 'panel-head' },
  template: `
    <div>
      <span class="panel-kind">{{ flPanelHead() }}</span>
      <ng-content />
    </div>
    @if (closable()) {
      <button
        class="btn ghost small"
        type="button"
        (click)="closed.emit()"
        aria-label="Close panel"
      >
        ✕
      </button>
    }
  `,
})
export class PanelHead {
  readonly flPanelHead = input.required<string>();
  /** False: a panel that stays (the workflow's), without the button. */
  readonly closable = input(true);
  readonly closed = output<void>();
}

/** The problems of a node that are about no input of it: `<div flNodeProblems [problems]="…">`. */
@Component({
  selector: 'div[flNodeProblems]',
  host: { class: 'alert danger', 'data-testid': 'step-problems' },
  template: `
    <ul>
      @for (p of problems(); track $index) {
        <li [attr.data-code]="p.code">{{ p.message }}</li>
      }
    </ul>
  `,
})
export class NodeProblems {
  readonly problems = input.required<WorkflowProblem[]>();
}

/** A node's outputs and their types: `<dl flOutputFacts [outputs]="…" prefix="trigger.">`. */
@Component({
  selector: 'dl[flOutputFacts]',
  host: { class: 'facts' },
  template: `
    @for (o of outputs(); track o.name) {
      <dt class="mono">{{ prefix() }}{{ o.name }}</dt>
      <dd>
        <span class="tag">{{ o.type }}</span>
      </dd>
    }
  `,
})
export class OutputFacts {
  readonly outputs = input.required<Port[]>();
  /** Written before each name (`trigger.`, as steps reference the trigger's outputs). */
  readonly prefix = input('');
}

/** The ✕ removing a row of a list being edited, labelled "Remove <what>". */
@Component({
  selector: 'button[flRemoveRow]',
  host: {
    class: 'btn ghost small',
    type: 'button',
    '[attr.aria-label]': "'Remove ' + flRemoveRow()",
  },
  template: `✕`,
})
export class RemoveRow {
  readonly flRemoveRow = input.required<string>();
}
