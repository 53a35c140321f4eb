import { describe, expect, it } from 'vitest';

import { typedValue } from './values';

describe('typedValue', () => {
  it('reads numbers and booleans from what was typed', () => {
    expect(typedValue('integer', '42')).toBe(42);
    expect(typedValue('integer', '-7')).toBe(-7);
    expect(typedValue('float', '2.5')).toBe(2.5);
    expect(typedValue('float', '1e3')).toBe(1000);
    expect(typedValue('boolean', 'true')).toBe(true);
    expect(typedValue('boolean', 'false')).toBe(false);
  });

  it('keeps text types as typed', () => {
    for (const type of ['string', 'longstring', 'password', 'enum']) {
      expect(typedValue(type, ' 42 ')).toBe(' 42 ');
    }
  });

  it('truncates a decimal typed into an integer, and is NaN for text that is no number', () => {
    expect(typedValue('integer', '3.9')).toBe(3);
    expect(typedValue('integer', 'forty')).toBeNaN();
    expect(typedValue('float', '')).toBeNaN();
  });

  it('reads anything but true as false', () => {
    expect(typedValue('boolean', 'TRUE')).toBe(false);
    expect(typedValue('boolean', 'yes')).toBe(false);
  });
});
