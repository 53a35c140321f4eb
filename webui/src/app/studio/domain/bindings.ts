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
