import { Component, computed, input, linkedSignal, output } from '@angular/core';

import type {
  BindingBody,
  Secret,
  StoreIo,
  Variable,
  WorkflowProblem,
} from '../../../core/api/models';
import { accepts, type Binding, type BindingKind, isFileType, kindOf } from '../../domain/bindings';
import type { Upstream } from '../../domain/graph';

export interface BindRequest {
  input: string;
  binding: BindingBody | null;
}

/** Create a project variable or secret for an input, then bind the input to it. */
export interface CreateRequest {
  input: string;
  kind: 'variable' | 'secret';
  type: string;
}

export interface UploadRequest {
  input: string;
  file: File;
}

const KIND_NAMES: Record<BindingKind, string> = {
  literal: 'Value',
  ref: 'Reference',
  variable: 'Variable',
  secret: 'Secret',
  file: 'Uploaded file',
};

/**
 * One input of a step or of the trigger: where its value comes from (a value typed here with a
 * widget fitting its IO type, an upstream output, a project variable, a secret, an uploaded
 * file) and the problems the studio reports about it. Every change is saved at once.
 */
@Component({
  selector: 'fl-input-binding',
  templateUrl: './input-binding.html',
})
export class InputBinding {
  readonly node = input.required<string>();
  readonly io = input.required<StoreIo>();
  readonly binding = input<Binding | undefined>(undefined);
  readonly upstream = input<Upstream[]>([]);
  readonly variables = input<Variable[]>([]);
  readonly secrets = input<Secret[]>([]);
  readonly problems = input<WorkflowProblem[]>([]);
  readonly trigger = input(false);
  readonly disabled = input(false);
  readonly bind = output<BindRequest>();
  readonly upload = output<UploadRequest>();
  readonly create = output<CreateRequest>();

  protected readonly id = computed(() => `in-${this.node()}-${this.io().name}`);
  /** The chosen source; a new one is saved once it has a value. */
  protected readonly kind = linkedSignal<BindingKind | ''>(() => {
    const b = this.binding();
    return b ? kindOf(b) : '';
  });
  protected readonly kinds = computed(() => {
    const type = this.io().type;
    const kinds: BindingKind[] = [];
    if (!isFileType(type)) {
      kinds.push('literal');
    }
    if (!this.trigger()) {
      kinds.push('ref');
    }
    if (!isFileType(type)) {
      kinds.push('variable');
    }
    if (type === 'password' && !this.trigger()) {
      kinds.push('secret');
    }
    if (isFileType(type)) {
      kinds.push('file');
    }
    const current = this.kind();
    return current && !kinds.includes(current) ? [...kinds, current] : kinds;
  });
  protected readonly kindName = KIND_NAMES;
  protected readonly fitting = computed(() =>
    this.variables().filter((v) => accepts(this.io().type, v.type)),
  );
  /** The outputs a reference may pick, upstream first; a group without any is left out. */
  protected readonly refGroups = computed(() =>
    [
      { label: 'Upstream', outputs: this.upstream().filter((u) => u.ancestor) },
      {
        label: 'Other steps (this step will run after them)',
        outputs: this.upstream().filter((u) => !u.ancestor),
      },
    ].filter((g) => g.outputs.length),
  );
  /** With a variable or a secret as the source: which, the bound name and what to pick among
   * (the fitting variables, with their type; the secrets). */
  protected readonly named = computed(() => {
    const kind = this.kind();
    if (kind !== 'variable' && kind !== 'secret') {
      return null;
    }
    const options =
      kind === 'variable'
        ? this.fitting().map((v) => ({ name: v.name, label: `${v.name} (${v.type})` }))
        : this.secrets().map((s) => ({ name: s.name, label: s.name }));
    return { kind, value: this.binding()?.[kind] ?? '', options };
  });
  protected readonly literalText = computed(() => {
    const value = this.binding()?.literal;
    return value == null ? '' : String(value);
  });
  protected readonly fileName = computed(() => {
    const key = this.binding()?.file ?? '';
    return key.split('/').pop() ?? key;
  });
  protected readonly required = computed(() => !this.io().optional && !this.io().has_default);

  protected chooseKind(kind: BindingKind | ''): void {
    this.kind.set(kind);
    if (!kind) {
      this.emit(null);
    } else if (kind === 'literal' && this.io().type === 'boolean') {
      this.emit({ literal: false });
    }
  }

  protected literal(text: string): void {
    const type = this.io().type;
    if (text === '' && type !== 'string' && type !== 'longstring') {
      return;
    }
    const value =
      type === 'integer'
        ? Number.parseInt(text, 10)
        : type === 'float'
          ? Number.parseFloat(text)
          : text;
    if (typeof value === 'number' && !Number.isFinite(value)) {
      return;
    }
    this.emit({ literal: value });
  }

  protected emitNamed(kind: 'variable' | 'secret', name: string): void {
    this.emit(kind === 'variable' ? { variable: name } : { secret: name });
  }

  protected emit(binding: BindingBody | null): void {
    this.bind.emit({ input: this.io().name, binding });
  }

  protected createFor(kind: 'variable' | 'secret'): void {
    this.create.emit({ input: this.io().name, kind, type: this.io().type });
  }

  protected pickFile(files: FileList | null): void {
    const file = files?.[0];
    if (file) {
      this.upload.emit({ input: this.io().name, file });
    }
  }

  /** A bound ref, variable or secret the pickers do not list (unknown, or not fitting). */
  protected orphan(kind: 'ref' | 'variable' | 'secret'): boolean {
    const value = this.binding()?.[kind];
    if (!value) {
      return false;
    }
    const known =
      kind === 'ref'
        ? this.upstream().map((u) => this.refOf(u))
        : kind === 'variable'
          ? this.fitting().map((v) => v.name)
          : this.secrets().map((s) => s.name);
    return !known.includes(value);
  }

  protected refOf(u: Upstream): string {
    return `${u.node}.${u.output}`;
  }
}
