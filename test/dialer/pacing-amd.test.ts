import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, startBots } from '../support/dialer-harness.ts';
import type { DialerOptions } from '../../src/dialer/dialer-options.ts';
import type { PacingMode } from '../../src/dialer/pacing/pacer.ts';
import type { CallTruth } from '../../src/telephony/simulated-network.ts';

/*
 * Answer detection that hangs up on 3% of the people who answer breaks a 3% cap by itself. Falling
 * back to progressive would not lower those abandons, only idle the agents: the job keeps dialing for
 * agents about to be free, with no abandon of its own. Measured against the simulation's ground truth.
 */

const MINUTE = 60_000;
const AGENTS = 20;
const WRAP_SECONDS = 10;
const WARMUP_MINUTES = 30;
const MEASURED_MINUTES = 60;

const NETWORK = {
  outcomes: { live: 0.25, machine: 0.2, busy: 0.08, invalid: 0.07 },
  ringTime: { dist: 'lognormal', median: 9, sigma: 0.45 },
  machineAnswer: { dist: 'uniform', min: 15, max: 24 },
  busyAfter: 3,
  invalidAfter: 2,
  talk: { dist: 'lognormal', mean: 180, cv: 0.8 },
  amd: { humanDelay: { dist: 'lognormal', median: 2, sigma: 0.3 }, machineDecision: { dist: 'lognormal', median: 3.5, sigma: 0.3 }, falsePositive: 0.03, falseNegative: 0.15, falseNegativeAgentSeconds: 10 },
  seed: 21,
};

interface Outcome {
  /** Agents' time talking (people and machines passed on) or in wrap-up, over their time logged in, in the measured hour. */
  occupancy: number;
  people: number;
  /** People who answered and found no agent in time: the pacing's abandons. */
  noAgent: number;
  /** People the detection took for machines and hung up on. */
  takenForMachines: number;
  /** The abandons the dialer itself recorded (no agent in time). */
  recordedAbandons: number;
  /** How the guard let the job dial, minute by minute over the measured hour. */
  modes: PacingMode[];
}

async function runFloor(dialer: Partial<DialerOptions>): Promise<Outcome> {
  const h = await startHarness({ contactsPerList: 8000, botAgents: AGENTS, network: NETWORK, dialer });
  try {
    const campaign = (await h.store.campaigns.findByName('DemoPredictive'))!;
    // The campaign's estimate of the detection's errors is the network's own: 3%, the cap.
    await h.store.campaigns.update({ ...campaign, amd: true, answeringMachineAction: 'drop', amdEstimates: { falsePositive: 0.03, falseNegative: 0.15 } });
    const calls: CallTruth[] = [];
    h.network.observeCalls((t) => calls.push(t));
    const { job } = await h.dialer.startJob('DemoPredictive');
    startBots(h, h.demo.botAgentIds, 11, WRAP_SECONDS);
    const runner = h.dialer.runningJobs().find((j) => j.job.id === job.id)!;
    await h.clock.advance(WARMUP_MINUTES * MINUTE);
    const from = h.clock.now();
    const modes: PacingMode[] = [];
    for (let m = 0; m < MEASURED_MINUTES; m++) {
      await h.clock.advance(MINUTE);
      modes.push(runner.snapshot().budget.mode);
    }
    const to = h.clock.now();
    // Calls answered in the hour are followed until they have an agent or are given up on.
    await h.clock.advance(MINUTE);
    const all = [...calls, ...h.network.openCalls()];
    const inHour = (at: number | null): boolean => at !== null && at >= from && at < to;
    let busyMs = 0;
    for (const t of all) {
      if (t.connectedAt === null) continue;
      // Talk clipped to the hour, and the agent's wrap-up after it.
      const end = t.endedAt ?? to;
      busyMs += Math.max(0, Math.min(end, to) - Math.max(t.connectedAt, from));
      if (end >= from && end < to) busyMs += Math.min(WRAP_SECONDS * 1000, to - end);
    }
    const people = all.filter((t) => t.truth === 'human' && inHour(t.answeredAt));
    const attempts = (await h.store.attempts.listByJob(job.id)).filter((a) => inHour(a.answeredAt));
    return {
      occupancy: busyMs / (AGENTS * (to - from)),
      people: people.length,
      noAgent: people.filter((t) => t.connectedAt === null && t.detected === 'human').length,
      takenForMachines: people.filter((t) => t.detected === 'machine').length,
      recordedAbandons: attempts.filter((a) => a.abandoned).length,
      modes,
    };
  } finally {
    await h.close();
  }
}

test('answer detection at the cap: the job keeps pacing ahead of its agents, with no abandon of its own', { timeout: 600_000 }, async () => {
  const paced = await runFloor({});
  const progressive = await runFloor({ pacing: 'progressive' });
  const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
  const detail = `occupancy ${pct(paced.occupancy)} against progressive's ${pct(progressive.occupancy)}`;

  // The detection did hang up on people (the abandons the cap counts whatever the pacing does) …
  assert.ok(paced.people > 250, `${paced.people} people answered in the hour`);
  assert.ok(paced.takenForMachines > 0, 'the detection took some people for machines');
  // … and the guard did not fall back to progressive: it dialed ahead of the agents the whole hour,
  const release = paced.modes.filter((m) => m === 'release').length;
  assert.ok(release >= 0.9 * MEASURED_MINUTES, `release pacing ${release} of ${MEASURED_MINUTES} minutes (${paced.modes.join(' ')})`);
  // well above progressive,
  assert.ok(paced.occupancy > progressive.occupancy + 0.07, detail);
  // without a single person left without an agent.
  assert.equal(paced.noAgent, 0, `${paced.noAgent} people found no agent; ${detail}`);
  assert.equal(paced.recordedAbandons, 0);
});
