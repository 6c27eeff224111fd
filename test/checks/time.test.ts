/** The timestamp arithmetic of the cross-field checks (src/checks/util.ts) against the platform's Date. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareTimes, daysFromCivil, time } from '../../src/timestamps.js';

const two = (n: number): string => String(n).padStart(2, '0');

describe('time: canonical timestamps read by digits equal Date.parse', () => {
  it('for any instant from year 0 to 9999, and any day number up to 31', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }),
        fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }),
        (y, mo, d, h, mi, s) => {
          const value = `${String(y).padStart(4, '0')}-${two(mo)}-${two(d)}T${two(h)}:${two(mi)}:${two(s)}Z`;
          // setUTCFullYear, not Date.UTC: Date.UTC reads years 0-99 as 1900-1999.
          const expected = new Date(0).setUTCFullYear(y, mo - 1, d) + ((h * 60 + mi) * 60 + s) * 1000;
          expect(time(value)).toBe(expected);
          expect(daysFromCivil(y, mo, d) * 86_400_000).toBe(new Date(0).setUTCFullYear(y, mo - 1, d));
        },
      ),
      { numRuns: 5000, seed: 7 },
    );
  });

  it.each([
    ['2017-07-30T20:00:01Z', Date.parse('2017-07-30T20:00:01Z')],
    ['2024-02-29T23:59:59Z', Date.parse('2024-02-29T23:59:59Z')],
    ['1970-01-01T00:00:00Z', 0],
    ['1969-12-31T23:59:59Z', -1000],
    ['2021-04-16T09:46:20.954863Z', Date.parse('2021-04-16T09:46:20.954Z')],
    ['2023-05-04T09:42:00+02:00', Date.parse('2023-05-04T07:42:00Z')],
    ['not a time', undefined],
  ])('%s → %s', (value, ms) => expect(time(value)).toBe(ms));

  it('orders timestamps across a day and a year boundary', () => {
    expect(compareTimes('2017-01-01T00:00:00Z', '2016-12-31T23:59:59Z')).toBeGreaterThan(0);
    expect(time('2017-01-01T00:00:00Z')! - time('2016-12-31T23:59:59Z')!).toBe(1000);
  });
});
