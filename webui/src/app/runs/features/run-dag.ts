import { Component, computed, input, output } from '@angular/core';

import { GraphEdges } from '../../core/graph/graph-edges';
import { layout, type Placed } from '../../core/graph/layout';
import { duration } from '../../core/ui/format';
import { StateBadge } from '../../core/ui/state-badge';
import type { RunGraph, RunNode } from '../domain/run-graph';

const WIDTH = 184;
const HEIGHT = 74;

/** The tone class of a node: its state's colour (the badge also writes the state out). */
const TONES: Record<string, string> = {
  Success: 'success',
  Error: 'danger',
  Running: 'running',
  Waiting: 'waiting',
  Pending: 'waiting',
  Canceled: 'warning',
  Skipped: 'skipped',
};

/**
 * The run's workflow graph, read-only, laid out left to right by the editor's dagre layout and
 * scaled to the card's width. Step nodes are buttons: Enter, Space or a click shows the step's
 * details below.
 */
@Component({
  selector: 'fl-run-dag',
  imports: [StateBadge, GraphEdges],
  templateUrl: './run-dag.html',
  styleUrl: './run-dag.scss',
})
export class RunDag {
  readonly graph = input.required<RunGraph>();
  /** The current time, ticking while the run goes on (running durations grow). */
  readonly now = input(0);
  readonly picked = output<string>();

  protected readonly width = WIDTH;
  protected readonly height = HEIGHT;
  protected readonly layout = computed(() =>
    layout(this.graph(), { width: WIDTH, height: HEIGHT, direction: 'LR' }),
  );

  protected tone(node: RunNode): string {
    return node.kind === 'trigger' ? 'trigger' : (TONES[node.state] ?? 'idle');
  }

  /** "attempt 2 · 1.4 s", or why there is nothing to time yet. */
  protected timing(node: RunNode): string {
    const e = node.execution;
    if (!e?.started_at) {
      return e?.state === 'Skipped' ? 'not run' : 'not started';
    }
    this.now(); // a running duration is read again on each tick
    return `attempt ${e.attempt} · ${duration(e.started_at, e.ended_at)}`;
  }

  protected label(node: Placed<RunNode>): string {
    if (node.kind === 'trigger') {
      return `Trigger, ${node.subtitle}`;
    }
    const details = node.execution ? 'Enter shows its details.' : 'No execution yet.';
    const action = node.subtitle ? ` (${node.subtitle})` : '';
    return `Step ${node.id}${action}, ${node.state}, ${this.timing(node)}. ${details}`;
  }

  protected pick(node: RunNode, event?: Event): void {
    event?.preventDefault();
    if (node.kind === 'step') {
      this.picked.emit(node.id);
    }
  }
}
