import { Component, computed, input } from '@angular/core';

import type { Run } from '../../core/api/models';
import { duration } from '../../core/ui/format';
import { type RunNode, timeAxis } from '../domain/run-graph';

interface Bar {
  step: string;
  state: string;
  tone: string;
  /** Left edge and width in % of the axis (nothing is drawn before the start). */
  left: number;
  width: number;
  started: boolean;
  /** What the row says beside the bar: the state, the attempt and the duration. */
  meta: string;
  text: string;
}

const TONES: Record<string, string> = {
  Success: 'success',
  Error: 'danger',
  Running: 'running',
  Waiting: 'waiting',
  Canceled: 'warning',
};

/**
 * One bar per step from its (last) attempt's start to its end, on the run's time axis; a running
 * bar grows with `now`, a waiting retry reaches to its next attempt. Each bar says its times.
 */
@Component({
  selector: 'fl-run-timeline',
  templateUrl: './run-timeline.html',
  styleUrl: './run-timeline.scss',
})
export class RunTimeline {
  readonly run = input.required<Run>();
  readonly steps = input.required<RunNode[]>();
  readonly now = input(0);

  protected readonly axis = computed(() => timeAxis(this.run(), this.now() || Date.now()));
  protected readonly ticks = computed(() => {
    const { start, end } = this.axis();
    return [0, 0.25, 0.5, 0.75, 1].map((f) => ({
      left: f * 100,
      text: f
        ? `+${duration(new Date(start).toISOString(), new Date(start + f * (end - start)).toISOString())}`
        : time(start),
    }));
  });
  protected readonly bars = computed(() => this.steps().map((s) => this.bar(s)));

  private bar(node: RunNode): Bar {
    const { start, end } = this.axis();
    const e = node.execution;
    const base = { step: node.id, state: node.state, tone: TONES[node.state] ?? 'idle' };
    if (!e?.started_at) {
      const text = `${node.id}: ${node.state}, not started`;
      return { ...base, left: 0, width: 0, started: false, meta: node.state, text };
    }
    const nowIso = new Date(this.now() || Date.now()).toISOString();
    const from = Date.parse(e.started_at);
    const waitingUntil = e.state === 'Waiting' ? e.next_attempt_at : null;
    const to = e.ended_at
      ? Date.parse(e.ended_at)
      : waitingUntil
        ? Date.parse(waitingUntil)
        : this.now() || Date.now();
    const span = end - start;
    const left = ((from - start) / span) * 100;
    const width = Math.max(((Math.min(to, end) - from) / span) * 100, 0.6);
    const ended = e.ended_at
      ? `ended ${time(Date.parse(e.ended_at))}`
      : waitingUntil
        ? `retries at ${time(Date.parse(waitingUntil))}`
        : 'still running';
    const text = `${node.id}: ${e.state}, attempt ${e.attempt}, started ${time(from)}, ${ended}, ${duration(e.started_at, e.ended_at ?? nowIso)}`;
    const retry = e.attempt > 1 ? ` · attempt ${e.attempt}` : '';
    const meta = `${e.state}${retry} · ${duration(e.started_at, e.ended_at ?? nowIso)}`;
    return { ...base, left, width: Math.min(width, 100 - left), started: true, meta, text };
  }
}

/** "14:03:12" in the reader's locale. */
function time(ms: number): string {
  return new Date(ms).toLocaleTimeString(undefined, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
}
