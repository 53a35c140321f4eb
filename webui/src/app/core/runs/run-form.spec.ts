import { describe, expect, it } from 'vitest';

import type { OutputSpec } from '../api/models';
import { isFileOutput, runRequest } from './run-form';

function spec(name: string, type = 'string', optional = false): OutputSpec {
  return { name, type, optional, enum_values: [] };
}

const OUTPUTS = [
  spec('who'),
  spec('n', 'integer'),
  spec('ratio', 'float'),
  spec('loud', 'boolean'),
  spec('note', 'longstring', true),
];

describe('isFileOutput', () => {
  it('is true for files and directories (a directory goes as a zip)', () => {
    expect(isFileOutput(spec('doc', 'file'))).toBe(true);
    expect(isFileOutput(spec('photos', 'directory'))).toBe(true);
    expect(isFileOutput(spec('who'))).toBe(false);
    expect(isFileOutput(spec('pw', 'password'))).toBe(false);
  });
});

describe('runRequest', () => {
  it('posts the typed values as JSON inputs', () => {
    const init = runRequest(OUTPUTS, { who: 'Ada', n: '42', ratio: '2.5', loud: 'true', note: '' });
    expect(init.method).toBe('POST');
    expect(init.headers).toEqual({ 'content-type': 'application/json' });
    expect(JSON.parse(init.body as string)).toEqual({
      inputs: { who: 'Ada', n: 42, ratio: 2.5, loud: true },
    });
  });

  it('leaves out empty values and values of no output', () => {
    const init = runRequest(OUTPUTS, { who: '', n: null, loud: 'false', stray: 'x' });
    expect(JSON.parse(init.body as string)).toEqual({ inputs: { loud: false } });
  });

  it('posts an empty inputs object for a trigger without outputs', () => {
    expect(JSON.parse(runRequest([], {}).body as string)).toEqual({ inputs: {} });
  });

  it('sends a multipart form with files as file fields when a file is chosen', async () => {
    const doc = new File(['the quick brown fox'], 'words.txt', { type: 'text/plain' });
    const outputs = [spec('doc', 'file'), spec('who'), spec('n', 'integer'), spec('note')];
    const init = runRequest(outputs, { doc, who: 'Ada', n: '42', note: '' });
    expect(init.method).toBe('POST');
    // No content type of its own: fetch sets multipart/form-data with its boundary.
    expect(init.headers).toBeUndefined();
    const form = init.body as FormData;
    expect(form).toBeInstanceOf(FormData);
    expect([...form.keys()]).toEqual(['doc', 'who', 'n']);
    expect(form.get('who')).toBe('Ada');
    expect(form.get('n')).toBe('42');
    const file = form.get('doc') as File;
    expect(file.name).toBe('words.txt');
    expect(await file.text()).toBe('the quick brown fox');
  });

  it('sends JSON when the file of an optional output is left out', () => {
    const init = runRequest([spec('doc', 'file', true), spec('who')], { doc: null, who: 'Ada' });
    expect(JSON.parse(init.body as string)).toEqual({ inputs: { who: 'Ada' } });
  });
});
