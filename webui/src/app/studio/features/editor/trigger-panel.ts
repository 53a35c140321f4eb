import { Component, computed, input, linkedSignal, output } from '@angular/core';

import type { ActionSummary, OutputSpec, TriggerBody } from '../../../core/api/models';
import { Field } from '../../../core/ui/field';
import { VARIABLE_TYPES } from '../../../core/workflows/variables.service';
import { InputBinding } from './input-binding';
import { NodePanel, NodeProblems, OutputFacts, PanelHead, RemoveRow } from './panel-parts';

/** The types a trigger's output may have: a variable's, and files. */
export const OUTPUT_TYPES = [...VARIABLE_TYPES, 'file', 'directory'];

type Kind = TriggerBody['kind'];

interface Draft {
  kind: Kind;
  action: string;
  schedule: string;
  timezone: string;
  outputs: OutputSpec[];
}

/** The trigger: manual (a form whose fields are the declared outputs), a cron schedule, or a
 * Source action with its inputs. */
@Component({
  selector: 'fl-trigger-panel',
  imports: [Field, InputBinding, NodeProblems, OutputFacts, PanelHead, RemoveRow],
  templateUrl: './trigger-panel.html',
})
export class TriggerPanel extends NodePanel {
  readonly sources = input<ActionSummary[]>([]);
  readonly save = output<TriggerBody>();

  protected readonly types = OUTPUT_TYPES;
  protected readonly draft = linkedSignal<Draft>(() => {
    const t = this.workflow().trigger;
    return {
      kind: t?.kind ?? 'manual',
      action: t?.action ?? '',
      schedule: t?.schedule ?? '@daily',
      timezone: t?.timezone ?? 'UTC',
      outputs: (t?.outputs ?? []).map((o) => ({ ...o, enum_values: [...(o.enum_values ?? [])] })),
    };
  });
  protected readonly saved = computed(() => this.workflow().trigger);
  /** Whether outputs are declared here: manual and cron always, a source when it says so
   * (known once it is saved as the trigger). */
  protected readonly dynamic = computed(() => {
    const d = this.draft();
    return (
      d.kind !== 'action' ||
      (d.action === this.saved()?.action && !!this.node().action?.dynamic_outputs)
    );
  });
  protected readonly unsavedSource = computed(() => {
    const d = this.draft();
    return d.kind === 'action' && !!d.action && d.action !== this.saved()?.action;
  });

  protected set<K extends keyof Draft>(key: K, value: Draft[K]): void {
    this.draft.update((d) => ({ ...d, [key]: value }));
  }

  protected setOutput(index: number, changes: Partial<OutputSpec>): void {
    this.draft.update((d) => ({
      ...d,
      outputs: d.outputs.map((o, i) => (i === index ? { ...o, ...changes } : o)),
    }));
  }

  protected addOutput(): void {
    const n = this.draft().outputs.length + 1;
    this.set('outputs', [
      ...this.draft().outputs,
      { name: `value${n}`, type: 'string', optional: false, enum_values: [] },
    ]);
  }

  protected removeOutput(index: number): void {
    this.set(
      'outputs',
      this.draft().outputs.filter((_, i) => i !== index),
    );
  }

  protected enumText(o: OutputSpec): string {
    return (o.enum_values ?? []).join(', ');
  }

  protected enumValues(text: string): string[] {
    return text
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
  }

  protected submit(): void {
    const d = this.draft();
    const outputs = this.dynamic() ? d.outputs : [];
    const body: TriggerBody =
      d.kind === 'manual'
        ? { kind: 'manual', outputs, inputs: {}, timezone: 'UTC' }
        : d.kind === 'cron'
          ? { kind: 'cron', schedule: d.schedule, timezone: d.timezone, outputs, inputs: {} }
          : {
              kind: 'action',
              action: d.action,
              version: null,
              outputs,
              timezone: 'UTC',
              inputs: (d.action === this.saved()?.action
                ? (this.saved()?.inputs ?? {})
                : {}) as TriggerBody['inputs'],
            };
    this.save.emit(body);
  }
}
