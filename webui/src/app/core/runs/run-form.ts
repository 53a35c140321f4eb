/** What a person enters to start a run by hand, and the request that carries it to the runner. */
import type { OutputSpec } from '../api/models';
import { typedValue } from '../workflows/values';

/** Trigger outputs that are files (a directory goes as a zip) travel as form file fields. */
export function isFileOutput(spec: OutputSpec): boolean {
  return spec.type === 'file' || spec.type === 'directory';
}

/** What a person entered for each trigger output: text, or a file for file/directory outputs. */
export type RunForm = Record<string, string | File | null>;

/**
 * The request that starts a run: multipart when a file is given (files as file fields, other
 * values as text), typed JSON `{"inputs": …}` otherwise. Empty values are left out either way.
 */
export function runRequest(outputs: OutputSpec[], form: RunForm): RequestInit {
  if (Object.values(form).some((v) => v instanceof File)) {
    const body = new FormData();
    for (const [name, value] of Object.entries(form)) {
      if (value instanceof File) {
        body.append(name, value, value.name);
      } else if (value !== null && value !== '') {
        body.append(name, value);
      }
    }
    return { method: 'POST', body };
  }
  const inputs: Record<string, unknown> = {};
  for (const spec of outputs) {
    const value = form[spec.name];
    if (typeof value === 'string' && value !== '') {
      inputs[spec.name] = typedValue(spec.type, value);
    }
  }
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ inputs }),
  };
}
