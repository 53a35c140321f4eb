import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

import type { OutputSpec } from '../../core/api/models';
import { curlExample, examplePath, exampleValue } from './webhook';

const URL = 'http://127.0.0.1:8080/api/runner/webhooks/wf-1/k3y';

function spec(name: string, type = 'string', enumValues: string[] = []): OutputSpec {
  return { name, type, optional: false, enum_values: enumValues };
}

/** The words a POSIX shell reads from the example, with `curl` swapped for a printer. */
function shellWords(command: string): string[] {
  const printing = command.replace(/^curl /, `printf '%s\\n' `);
  return execFileSync('sh', ['-c', printing], { encoding: 'utf8' }).split('\n').slice(0, -1);
}

describe('exampleValue', () => {
  it('is a plausible value of each type', () => {
    expect(exampleValue(spec('n', 'integer'))).toBe(42);
    expect(exampleValue(spec('x', 'float'))).toBe(3.14);
    expect(exampleValue(spec('b', 'boolean'))).toBe(true);
    expect(exampleValue(spec('p', 'password'))).toBe('secret');
    expect(exampleValue(spec('s', 'string'))).toBe('some text');
    expect(exampleValue(spec('l', 'longstring'))).toBe('some text');
  });

  it("is an enum's first value", () => {
    expect(exampleValue(spec('colour', 'enum', ['red', 'blue']))).toBe('red');
  });
});

describe('examplePath', () => {
  it('is a placeholder path, a zip for a directory', () => {
    expect(examplePath(spec('doc', 'file'))).toBe('path/to/doc');
    expect(examplePath(spec('photos', 'directory'))).toBe('path/to/photos.zip');
  });
});

describe('curlExample', () => {
  it('posts a flat JSON body of example values', () => {
    const command = curlExample(URL, [
      spec('who'),
      spec('n', 'integer'),
      spec('colour', 'enum', ['red', 'blue']),
    ]);
    expect(command).toBe(
      `curl -X POST '${URL}' \\\n` +
        `  -H 'Content-Type: application/json' \\\n` +
        `  -d '{"who":"some text","n":42,"colour":"red"}'`,
    );
  });

  it('wraps the values in inputs when an output is named inputs', () => {
    const words = shellWords(curlExample(URL, [spec('inputs'), spec('n', 'integer')]));
    expect(JSON.parse(words.at(-1)!)).toEqual({ inputs: { inputs: 'some text', n: 42 } });
  });

  it('posts an empty object for a trigger without outputs', () => {
    expect(shellWords(curlExample(URL, []))).toEqual([
      '-X',
      'POST',
      URL,
      '-H',
      'Content-Type: application/json',
      '-d',
      '{}',
    ]);
  });

  it('sends a multipart form, files as @paths, when an output is a file', () => {
    const command = curlExample(URL, [
      spec('doc', 'file'),
      spec('photos', 'directory'),
      spec('who'),
      spec('n', 'integer'),
    ]);
    expect(command).not.toContain('Content-Type');
    expect(shellWords(command)).toEqual([
      '-X',
      'POST',
      URL,
      '-F',
      'doc=@path/to/doc',
      '-F',
      'photos=@path/to/photos.zip',
      '-F',
      'who=some text',
      '-F',
      'n=42',
    ]);
  });

  it('quotes every word so a shell reads it back as it was, quotes included', () => {
    const odd = `http://127.0.0.1:8080/api/runner/webhooks/it's/$HOME`;
    const command = curlExample(odd, [spec('say', 'enum', [`don't "panic" $PATH`])]);
    const words = shellWords(command);
    expect(words[2]).toBe(odd);
    expect(JSON.parse(words.at(-1)!)).toEqual({ say: `don't "panic" $PATH` });
  });
});
