import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { margin95, progressiveFromScenario } from '../../bench/pacing/closed-form.ts';
import { runReplication } from '../../bench/pacing/replication.ts';
import { parseScenario, type Scenario } from '../../bench/pacing/scenario.ts';

const S1_FILE = new URL('../../../shared/bench/pacing/S1.json', import.meta.url);
const s1Json = (): Record<string, unknown> => JSON.parse(readFileSync(S1_FILE, 'utf8')) as Record<string, unknown>;

/** S1 with a shorter run, so that a test takes seconds. */
function shortS1(): Scenario {
  return { ...parseScenario(s1Json()), warmup: 300, duration: 3600, replications: 1 };
}

describe('pacing benchmark', () => {
  it('reads a scenario and names the field of a bad one', () => {
    const s1 = parseScenario(s1Json());
    assert.equal(s1.id, 'S1');
    assert.equal(s1.agents, 25);
    assert.deepEqual(s1.outcomes, { live: 0.25, machine: 0.2, busy: 0.08, invalid: 0.07 });
    const bad = (change: Record<string, unknown>): () => Scenario => () => parseScenario({ ...s1Json(), ...change });
    assert.throws(bad({ outcomes: { live: 1.5 } }), /^Error: outcomes\.live: must be a probability, got 1\.5$/);
    assert.throws(bad({ agent: 3 }), /^Error: agent: unknown scenario field$/);
    assert.throws(bad({ talk: { dist: 'gamma', mean: 3 } }), /talk\.dist: unknown distribution "gamma"/);
    assert.throws(bad({ events: [{ at: 60, set: { speed: 2 } }] }), /^Error: events\[0\]\.set\.speed: not a setting an event can change/);
  });

  it('has progressive in closed form: 74.2% on S1', () => {
    // By hand: p = 0.25 · P(ring ≤ 25 s) = 0.2471; failed attempts take 14.35 s per dial; live answers
    // ring 9.8 s; occupancy = 195 / (195 + 14.35 / 0.2471 + 9.8).
    const occupancy = progressiveFromScenario(parseScenario(s1Json()));
    assert.ok(occupancy !== undefined && Math.abs(occupancy - 0.742) < 0.001, `closed form ${occupancy}`);
  });

  it('gives the 95 % interval of a mean over replications (Student t)', () => {
    // Standard deviation 1 over 3 replications: t(2) = 4.303, / √3.
    assert.equal(margin95([1, 2, 3]).toFixed(3), '2.484');
    assert.equal(margin95([5]), Infinity);
  });

  it('measures progressive as its closed form over the calls it drew', async () => {
    const run = await runReplication(shortS1(), { kind: 'progressive' }, 0);
    assert.equal(run.abandoned, 0);
    assert.ok(run.connects > 200, `${run.connects} connects`);
    // The engine adds no time of its own: occupancy is what the drawn rings, failures and talks allow.
    assert.ok(Math.abs(run.occupancy - run.closedFormOccupancy) < 0.005, `measured ${run.occupancy}, closed form of the draws ${run.closedFormOccupancy}`);
  });

  it('release-oracle: told when each talk ends, the pacer keeps agents busier where the wrap-up is too short to announce a release', async () => {
    // With 1-second wrap-ups a release is known only as the talk's hazard; the oracle knows it exactly.
    const quickWrap = { ...shortS1(), wrap: 1 };
    const forecast = await runReplication(quickWrap, { kind: 'nailup' }, 0);
    const oracle = await runReplication(quickWrap, { kind: 'nailup', releaseOracle: true }, 0);
    assert.equal(oracle.policy, 'release-oracle');
    assert.ok(oracle.occupancy > forecast.occupancy + 0.01, `oracle ${oracle.occupancy}, forecast ${forecast.occupancy}`);
    assert.ok(oracle.abandonRate <= 0.03, `oracle abandons ${oracle.abandonRate}`);
  });

  it('unguarded: the pacer without its guard, its feedback alone holding the mean abandon rate at the target', async () => {
    const run = await runReplication(shortS1(), { kind: 'nailup', unguarded: true, targetShare: 1 }, 0);
    assert.equal(run.policy, 'unguarded@1');
    // No guard mode at any time: not even progressive while the day is young.
    assert.deepEqual(Object.keys(run.guardSeconds).filter((reason) => reason !== 'no-agents'), ['unguarded']);
    assert.ok(run.abandonRate > 0.015 && run.abandonRate < 0.045, `abandons ${run.abandonRate} of live answers, target 3%`);
  });

  it('counts the abandons of a static ratio as the network saw them', async () => {
    const run = await runReplication(shortS1(), { kind: 'ratio', ratio: 4 }, 0);
    assert.ok(run.abandonRate > 0.03, `ratio 4 abandons ${run.abandonRate}`);
    assert.equal(run.dialerAbandoned, run.abandoned);
    assert.equal(run.dialerLiveAnswers, run.liveAnswers);
    // No guard: the ratio dials as defined, but for moments when every agent is in wrap-up (no one Ready).
    assert.deepEqual(Object.keys(run.guardSeconds).filter((reason) => reason !== 'no-agents'), ['unguarded']);
    const total = Object.values(run.guardSeconds).reduce((sum, s) => sum + s, 0);
    assert.ok(Math.abs(total - run.measuredSeconds) <= 1 && run.guardSeconds.unguarded! > run.measuredSeconds / 2, JSON.stringify(run.guardSeconds));
  });

  it('tells how long the guard dialed under each reason over the measured window', async () => {
    const run = await runReplication(shortS1(), { kind: 'nailup' }, 0);
    const total = Object.values(run.guardSeconds).reduce((sum, s) => sum + s, 0);
    assert.ok(Math.abs(total - run.measuredSeconds) <= 1, `${total} s of ${run.measuredSeconds} s: ${JSON.stringify(run.guardSeconds)}`);
    assert.ok((run.guardSeconds.comfortable ?? 0) > run.measuredSeconds / 2, JSON.stringify(run.guardSeconds));
    assert.equal(run.guardSeconds.unguarded, undefined);
  });
});
