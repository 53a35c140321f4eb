/** Input bindings as the studio answers them (the OpenAPI types them as open objects). */
export interface Binding {
  literal?: unknown;
  ref?: string;
  variable?: string;
  secret?: string;
  file?: string;
}

export type BindingKind = 'literal' | 'ref' | 'variable' | 'secret' | 'file';

export function kindOf(binding: Binding): BindingKind {
  for (const kind of ['ref', 'variable', 'secret', 'file'] as const) {
    if (binding[kind] != null) {
      return kind;
    }
  }
  return 'literal';
}

/** How a binding reads in a list: `greet.greeting`, `"hello"`, `label`… */
export function bindingText(binding: Binding): string {
  const kind = kindOf(binding);
  return kind === 'literal' ? JSON.stringify(binding.literal) : String(binding[kind]);
}

/** The source types an input of `type` accepts (the studio's table, studio/README.md). */
const ACCEPTS: Record<string, string[]> = {
  string: ['string', 'longstring'],
  longstring: ['longstring', 'string'],
  password: ['password', 'string', 'longstring'],
  float: ['float', 'integer'],
};

/** Whether a value of `source` type fits an input of `target` type (`table` is a file). */
export function accepts(target: string, source: string): boolean {
  const t = target === 'table' ? 'file' : target;
  const s = source === 'table' ? 'file' : source;
  return (ACCEPTS[t] ?? [t]).includes(s);
}

/** Types whose inputs take a reference or a static file, never a literal. */
export function isFileType(type: string): boolean {
  return ['file', 'directory', 'table'].includes(type);
}
