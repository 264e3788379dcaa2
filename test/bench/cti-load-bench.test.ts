import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { contactsPerList, nextDialAt, paceOf } from '../../bench/cti-load/pace.ts';
import { perCore, serverTotals, summarize, sweepSteps, sweepVerdict, type ProcessFigures } from '../../bench/cti-load/metrics.ts';

const figures = (name: string, cpuPercent: number, peak: number, end: number): ProcessFigures => ({
  name, pid: 1, cpuPercent, rssMb: { peakDuringMeasurement: peak, atEnd: end },
});

describe('cti-load benchmark: the pace of --call-every', () => {
  it('spreads the agents\' first calls evenly over the period', () => {
    const paces = [0, 1, 2, 3].map((i) => paceOf(60, i, 4));
    assert.deepEqual(paces.map((p) => p.phase), [0.125, 0.375, 0.625, 0.875]);
    assert.ok(paces.every((p) => p.everyMs === 60_000));
    // From the pace's origin at t = 1000 ms: 7.5 s, 22.5 s, 37.5 s, 52.5 s later.
    assert.deepEqual(paces.map((p) => nextDialAt(p, 1000, null, 1000)), [8500, 23500, 38500, 53500]);
  });

  it('dials a period after the last dial, at once when the slot has passed, never before now', () => {
    const pace = paceOf(60, 0, 1);
    assert.equal(nextDialAt(pace, 0, 10_000, 14_000), 70_000);
    // The cycle took longer than the period: the next one starts at once.
    assert.equal(nextDialAt(pace, 0, 10_000, 75_000), 75_000);
    // The preview came after the first slot (a slow Ready): dialed as it comes.
    assert.equal(nextDialAt(pace, 0, null, 45_000), 45_000);
  });

  it('refuses a period or an agent that does not fit', () => {
    assert.throws(() => paceOf(0, 0, 1), /period must be positive/);
    assert.throws(() => paceOf(60, 4, 4), /agent 4 of 4/);
    assert.throws(() => paceOf(60, 0, 0), /agent 0 of 0/);
  });

  it('seeds contacts for every cycle of the run: about one a second back-to-back, one a period paced', () => {
    assert.equal(contactsPerList(10, 30, null), 20_000);
    assert.equal(contactsPerList(400, 30, null), 43_200);
    assert.equal(contactsPerList(2000, 30, 60), 20_000);
    assert.equal(contactsPerList(10_000, 30, 60), 42_000);
    assert.equal(contactsPerList(20_000, 300, null), 999_999);
  });
});

describe('cti-load benchmark: figures of several processes', () => {
  it('sums CPU and memory over the processes of the server side', () => {
    const totals = serverTotals([figures('dialer', 80.25, 300, 290), figures('gateway-1', 20.1, 160, 150), figures('postgres', 10, 50.4, 40)]);
    assert.deepEqual(totals, { cpuPercent: 110.4, rssPeakMb: 510.4, rssAtEndMb: 480 });
    assert.deepEqual(serverTotals([]), { cpuPercent: 0, rssPeakMb: 0, rssAtEndMb: 0 });
  });

  it('gives desktops and commands per core of server CPU used', () => {
    assert.deepEqual(perCore(2000, 170, 33.3, 50), { coresUsed: 0.5, desktopsPerCore: 4000, commandsPerSecondPerCore: 340, cyclesPerSecondPerCore: 66.6 });
    assert.deepEqual(perCore(10, 50, 10, 0), { coresUsed: 0, desktopsPerCore: 0, commandsPerSecondPerCore: 0, cyclesPerSecondPerCore: 0 });
  });

  it('passes a sweep step under the p99 limit without errors, and says why another fails', () => {
    const run = (p99: number, errors = 0, serverCrashed = false): Parameters<typeof sweepVerdict>[0] => ({
      latencyMs: { ...summarize([1]), p99 }, errors: { total: errors }, serverCrashed,
    });
    assert.deepEqual(sweepVerdict(run(49.9), 50), { pass: true, why: '' });
    assert.deepEqual(sweepVerdict(run(50), 50), { pass: false, why: 'p99 50 ms >= 50 ms' });
    assert.deepEqual(sweepVerdict(run(20, 3, true), 50), { pass: false, why: '3 errors, a server process exited' });
    assert.deepEqual(sweepVerdict({ latencyMs: summarize([]), errors: { total: 0 }, serverCrashed: false }, 50), { pass: false, why: 'no command measured' });
    // Paced runs: errors of the stop are reported, not held against the step.
    const stopOnly = { latencyMs: { ...summarize([1]), p99: 10 }, errors: { total: 36, byPhase: { setup: 0, measure: 0, stop: 36 } }, serverCrashed: false };
    assert.deepEqual(sweepVerdict(stopOnly, 50), { pass: false, why: '36 errors' });
    assert.deepEqual(sweepVerdict(stopOnly, 50, false), { pass: true, why: '' });
    assert.deepEqual(sweepVerdict({ ...stopOnly, errors: { total: 37, byPhase: { setup: 0, measure: 1, stop: 36 } } }, 50, false), { pass: false, why: '1 errors (setup and measurement)' });
  });

  it('sweeps the given steps in order, or doubles from the start list, up to the maximum', () => {
    assert.deepEqual(sweepSteps([10, 25, 50, 100], 3200), [10, 25, 50, 100, 200, 400, 800, 1600, 3200]);
    assert.deepEqual(sweepSteps([10, 25, 50, 100], 60), [10, 25, 50]);
    assert.deepEqual(sweepSteps([10, 25, 50, 100], 3200, [2000, 500, 1000]), [500, 1000, 2000]);
    assert.deepEqual(sweepSteps([10, 25, 50, 100], 800, [500, 1000]), [500]);
  });
});
