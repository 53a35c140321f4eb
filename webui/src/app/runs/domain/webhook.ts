/** A curl command that starts a run through a workflow's webhook, from the trigger's outputs. */
import type { OutputSpec } from '../../core/api/models';
import { isFileOutput } from '../../core/runs/run-form';

/** A plausible value of each type, so the example works as it is once files are chosen. */
export function exampleValue(spec: OutputSpec): string | number | boolean {
  if (spec.enum_values.length) {
    return spec.enum_values[0];
  }
  switch (spec.type) {
    case 'integer':
      return 42;
    case 'float':
      return 3.14;
    case 'boolean':
      return true;
    case 'password':
      return 'secret';
    default:
      return 'some text';
  }
}

/** Where curl reads a file output from: a placeholder path (a directory goes as a zip). */
export function examplePath(spec: OutputSpec): string {
  return spec.type === 'directory' ? `path/to/${spec.name}.zip` : `path/to/${spec.name}`;
}

/**
 * `curl` with a JSON body of example values, or a multipart form (`-F name=@path`) when an
 * output is a file. A JSON body is flat unless an output is named `inputs` (the runner reads
 * `{"inputs": {...}}` first).
 */
export function curlExample(url: string, outputs: OutputSpec[]): string {
  const lines = [`curl -X POST ${quote(url)}`];
  if (outputs.some(isFileOutput)) {
    for (const spec of outputs) {
      const value = isFileOutput(spec) ? `@${examplePath(spec)}` : exampleValue(spec);
      lines.push(`-F ${quote(`${spec.name}=${value}`)}`);
    }
  } else {
    const values = Object.fromEntries(outputs.map((spec) => [spec.name, exampleValue(spec)]));
    const body = outputs.some((spec) => spec.name === 'inputs') ? { inputs: values } : values;
    lines.push(`-H 'Content-Type: application/json'`, `-d ${quote(JSON.stringify(body))}`);
  }
  return lines.join(' \\\n  ');
}

/** A POSIX shell single-quoted word. */
function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
