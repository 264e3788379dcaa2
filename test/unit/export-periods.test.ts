import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { nextRunAfter, periodOf } from '../../src/reports/export-periods.ts';
import { parseZoned } from '../../src/utilities/zoned-time.ts';

const NY = 'America/New_York';
const at = (wall: string): number => parseZoned(wall, NY)!;
const iso = (ms: number): string => new Date(ms).toISOString();

describe('scheduled export runs and periods', () => {
  it('runs daily at the time of day, the next one strictly after now', () => {
    assert.equal(iso(nextRunAfter(at('2026-11-24T01:59'), 'daily', '02:00', NY)), iso(at('2026-11-24T02:00')));
    assert.equal(iso(nextRunAfter(at('2026-11-24T02:00'), 'daily', '02:00', NY)), iso(at('2026-11-25T02:00')));
    assert.equal(iso(nextRunAfter(at('2026-12-31T23:00'), 'daily', '06:30', NY)), iso(at('2027-01-01T06:30')));
  });

  it('runs weekly on Mondays and monthly on the 1st', () => {
    // 2026-11-24 is a Tuesday.
    assert.equal(iso(nextRunAfter(at('2026-11-24T09:00'), 'weekly', '02:00', NY)), iso(at('2026-11-30T02:00')));
    assert.equal(iso(nextRunAfter(at('2026-11-23T01:00'), 'weekly', '02:00', NY)), iso(at('2026-11-23T02:00')));
    assert.equal(iso(nextRunAfter(at('2026-11-24T09:00'), 'monthly', '03:00', NY)), iso(at('2026-12-01T03:00')));
    assert.equal(iso(nextRunAfter(at('2026-12-01T02:59'), 'monthly', '03:00', NY)), iso(at('2026-12-01T03:00')));
  });

  it('covers the day, week or month before the run, midnight to midnight in the zone', () => {
    const period = (run: string, f: 'daily' | 'weekly' | 'monthly') => {
      const p = periodOf(at(run), f, NY);
      return [iso(p.from), iso(p.to)];
    };
    assert.deepEqual(period('2026-11-24T02:00', 'daily'), [iso(at('2026-11-23T00:00')), iso(at('2026-11-24T00:00'))]);
    assert.deepEqual(period('2026-11-30T02:00', 'weekly'), [iso(at('2026-11-23T00:00')), iso(at('2026-11-30T00:00'))]);
    assert.deepEqual(period('2027-01-01T03:00', 'monthly'), [iso(at('2026-12-01T00:00')), iso(at('2027-01-01T00:00'))]);
    // The day clocks go back is 25 hours long.
    const [from, to] = period('2026-11-02T02:00', 'daily');
    assert.equal(Date.parse(to!) - Date.parse(from!), 25 * 3600_000);
  });
});
