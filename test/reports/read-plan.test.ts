import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agentCoverage, ceilHour, floorHour, HOUR_MS, readPlan } from '../../src/reports/rollups/read-plan.ts';

const H = HOUR_MS;
const T = 1_767_225_600_000; // on an hour

describe('report rollups: read plan', () => {
  it('reads whole rolled-up hours from the rollups and the partial edges raw', () => {
    assert.deepEqual(readPlan({ from: T + 10, to: T + 5 * H + 20 }, { watermark: T + 10 * H, dirty: [] }), {
      rolled: [{ from: T + H, to: T + 5 * H }], raw: [{ from: T + 10, to: T + H }, { from: T + 5 * H, to: T + 5 * H + 20 }],
    });
    assert.deepEqual(readPlan({ from: T, to: T + 2 * H }, { watermark: T + 10 * H, dirty: [] }), { rolled: [{ from: T, to: T + 2 * H }], raw: [] });
  });

  it('reads dirty hours and everything past the watermark raw, merging what touches', () => {
    assert.deepEqual(readPlan({ from: T, to: T + 8 * H + 5 }, { watermark: T + 6 * H, dirty: [T - H, T + 2 * H, T + 5 * H] }), {
      rolled: [{ from: T, to: T + 2 * H }, { from: T + 3 * H, to: T + 5 * H }],
      raw: [{ from: T + 2 * H, to: T + 3 * H }, { from: T + 5 * H, to: T + 8 * H + 5 }],
    });
  });

  it('reads a range within an hour, or before the first rollup, raw', () => {
    assert.deepEqual(readPlan({ from: T + 5, to: T + 50 }, { watermark: T + 10 * H, dirty: [] }), { rolled: [], raw: [{ from: T + 5, to: T + 50 }] });
    assert.deepEqual(readPlan({ from: T, to: T + 3 * H }, { watermark: 0, dirty: [] }), { rolled: [], raw: [{ from: T, to: T + 3 * H }] });
  });

  it('reads agent time from the rollups only up to the first dirty hour', () => {
    assert.deepEqual(agentCoverage({ watermark: T + 9 * H, dirty: [T + 4 * H, T + 7 * H] }), { watermark: T + 4 * H, dirty: [] });
    assert.deepEqual(agentCoverage({ watermark: T + 9 * H, dirty: [] }), { watermark: T + 9 * H, dirty: [] });
  });

  it('rounds to hours', () => {
    assert.equal(floorHour(T + H - 1), T);
    assert.equal(ceilHour(T + 1), T + H);
    assert.equal(ceilHour(T), T);
  });
});
