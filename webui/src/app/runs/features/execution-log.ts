import {
  Component,
  DestroyRef,
  ElementRef,
  inject,
  input,
  type OnInit,
  signal,
  viewChild,
} from '@angular/core';

import type { LogLine } from '../../core/api/models';
import { RunsService } from '../domain/runs.service';

/** An execution's log, live from the runner's event stream until the run ends. */
@Component({
  selector: 'fl-execution-log',
  template: `
    <pre
      #box
      class="log"
      tabindex="0"
      [attr.aria-label]="'Log of ' + stepId()"
      aria-live="off"
      data-testid="execution-log"
    >@for (l of lines(); track l.number) {<span [class.stderr]="l.stream === 'stderr'"><span class="num">{{ l.number }}</span>{{ l.line }}
</span>} @empty {<span class="muted">{{ following() ? 'Waiting for log lines…' : 'No log line.' }}</span>}</pre>
  `,
})
export class ExecutionLog implements OnInit {
  readonly runId = input.required<string>();
  readonly executionId = input.required<string>();
  readonly stepId = input('');
  private readonly runs = inject(RunsService);
  private readonly abort = new AbortController();
  private readonly box = viewChild.required<ElementRef<HTMLElement>>('box');
  protected readonly lines = signal<LogLine[]>([]);
  protected readonly following = signal(true);

  constructor() {
    inject(DestroyRef).onDestroy(() => this.abort.abort());
  }

  async ngOnInit(): Promise<void> {
    try {
      await this.runs.follow(
        this.runId(),
        this.executionId(),
        (line) => this.add(line),
        this.abort.signal,
      );
    } catch {
      if (!this.abort.signal.aborted) {
        // the stream broke (proxy, network): show what the log holds now
        const lines = await this.runs.logs(this.runId(), this.executionId()).catch(() => []);
        lines.forEach((l) => this.add(l));
      }
    } finally {
      this.following.set(false);
    }
  }

  private add(line: LogLine): void {
    if (this.lines().some((l) => l.number === line.number)) {
      return;
    }
    this.lines.update((lines) => [...lines, line]);
    const box = this.box().nativeElement;
    const atBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
    if (atBottom) {
      queueMicrotask(() => (box.scrollTop = box.scrollHeight));
    }
  }
}
