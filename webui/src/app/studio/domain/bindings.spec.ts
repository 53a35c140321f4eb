import { describe, expect, it } from 'vitest';

import { accepts, bindingText, isFileType, kindOf } from './bindings';

describe('kindOf', () => {
  it('names the source a binding takes its value from', () => {
    expect(kindOf({ ref: 'shout.loud' })).toBe('ref');
    expect(kindOf({ variable: 'suffix' })).toBe('variable');
    expect(kindOf({ secret: 'api-token' })).toBe('secret');
    expect(kindOf({ file: 'footer.txt' })).toBe('file');
  });

  it('is a literal otherwise, whatever its value (falsy ones and null included)', () => {
    expect(kindOf({ literal: 'hello' })).toBe('literal');
    expect(kindOf({ literal: 0 })).toBe('literal');
    expect(kindOf({ literal: false })).toBe('literal');
    expect(kindOf({ literal: null })).toBe('literal');
    expect(kindOf({})).toBe('literal');
  });

  it('reads a source set to null as absent', () => {
    expect(kindOf({ literal: 'x', ref: undefined, variable: null as unknown as string })).toBe(
      'literal',
    );
  });
});

describe('bindingText', () => {
  it('writes a literal as JSON and any other source by its name', () => {
    expect(bindingText({ literal: 'hello' })).toBe('"hello"');
    expect(bindingText({ literal: 42 })).toBe('42');
    expect(bindingText({ literal: true })).toBe('true');
    expect(bindingText({ literal: ['a', 'b'] })).toBe('["a","b"]');
    expect(bindingText({ ref: 'greet.greeting' })).toBe('greet.greeting');
    expect(bindingText({ variable: 'label' })).toBe('label');
    expect(bindingText({ secret: 'api-token' })).toBe('api-token');
    expect(bindingText({ file: 'footer.txt' })).toBe('footer.txt');
  });
});

describe('accepts', () => {
  it('lets each type take its own', () => {
    for (const type of ['string', 'integer', 'boolean', 'enum', 'file', 'directory', 'password']) {
      expect(accepts(type, type)).toBe(true);
    }
  });

  it('lets text inputs take either text type, and passwords take text', () => {
    expect(accepts('string', 'longstring')).toBe(true);
    expect(accepts('longstring', 'string')).toBe(true);
    expect(accepts('password', 'string')).toBe(true);
    expect(accepts('password', 'longstring')).toBe(true);
  });

  it('never lets a password flow into a text input', () => {
    expect(accepts('string', 'password')).toBe(false);
    expect(accepts('longstring', 'password')).toBe(false);
  });

  it('widens integers to floats, never the other way', () => {
    expect(accepts('float', 'integer')).toBe(true);
    expect(accepts('integer', 'float')).toBe(false);
  });

  it('reads a table as a file, both ways', () => {
    expect(accepts('table', 'file')).toBe(true);
    expect(accepts('file', 'table')).toBe(true);
    expect(accepts('table', 'table')).toBe(true);
    expect(accepts('directory', 'file')).toBe(false);
  });

  it('refuses unrelated types', () => {
    expect(accepts('file', 'string')).toBe(false);
    expect(accepts('integer', 'string')).toBe(false);
    expect(accepts('boolean', 'enum')).toBe(false);
  });
});

describe('isFileType', () => {
  it('is true for the types bound to a reference or a static file', () => {
    expect(['file', 'directory', 'table'].map(isFileType)).toEqual([true, true, true]);
    expect(['string', 'longstring', 'password', 'enum'].map(isFileType)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});
