import { describe, expect, it } from 'vitest';

import { filterOptions } from './filter-select';

describe('filterOptions', () => {
  it('puts "all" first with the empty value', () => {
    expect(filterOptions('All states', [])).toEqual([{ value: '', label: 'All states' }]);
  });

  it('names a plain option by its value and keeps a label given', () => {
    expect(
      filterOptions('All kinds', ['Running', { value: 'Source', label: 'Trigger (Source)' }]),
    ).toEqual([
      { value: '', label: 'All kinds' },
      { value: 'Running', label: 'Running' },
      { value: 'Source', label: 'Trigger (Source)' },
    ]);
  });
});
