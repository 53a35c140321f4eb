import { describe, expect, it } from 'vitest';

import { fireTimes } from './schedule';

describe('fireTimes', () => {
  it('shows each fire time in the trigger time zone, not the browser one', () => {
    const times = ['2026-12-31T00:00:00+01:00', '2027-01-31T00:00:00+01:00'];
    expect(fireTimes(times, 'Europe/Paris')).toEqual([
      'Thu, 31 Dec 2026, 00:00',
      'Sun, 31 Jan 2027, 00:00',
    ]);
    expect(fireTimes(times, 'UTC')[0]).toBe('Wed, 30 Dec 2026, 23:00');
  });

  it('shows nothing when the schedule fires never or is not a cron', () => {
    expect(fireTimes([], 'UTC')).toEqual([]);
  });
});
