import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, startBots, type Harness } from '../support/dialer-harness.ts';
import type { DialerOptions } from '../../src/dialer/dialer-options.ts';
import type { JobRunner } from '../../src/dialer/job-runner.ts';
import type { SimulatedAgent } from '../../src/dialer/bots/simulated-agent.ts';
import type { CallTruth, SimulatedNetworkUpdate } from '../../src/telephony/simulated-network.ts';
import type { AmdEstimates, CampaignRecord } from '../../src/store/records.ts';

/*
 * The compliance guard under stress, measured against the simulation's ground truth (who really
 * answered, and whether an agent got them): the abandon cap of 3% of live answers must hold.
 */

const MINUTE = 60_000;
const CAP = 0.03;

/** A B2C day without answer detection errors: machines are recognised at once. */
const NETWORK = {
  outcomes: { live: 0.25, machine: 0.2, busy: 0.08, invalid: 0.07 },
  ringTime: { dist: 'lognormal', median: 9, sigma: 0.45 },
  machineAnswer: { dist: 'uniform', min: 15, max: 24 },
  busyAfter: 3,
  invalidAfter: 2,
  talk: { dist: 'lognormal', mean: 180, cv: 0.8 },
  amd: null,
};
/**
 * The demo's predictive campaign with answer detection that drops machines, and the campaign's estimate
 * of the detection's errors (exact, unless the test says otherwise).
 */
async function dropMachines(h: Harness, amdEstimates: AmdEstimates = { falsePositive: 0, falseNegative: 0 }, change: Partial<CampaignRecord> = {}): Promise<void> {
  const campaign = (await h.store.campaigns.findByName('DemoPredictive'))!;
  await h.store.campaigns.update({ ...campaign, amd: true, answeringMachineAction: 'drop', amdEstimates, ...change });
}

interface Minute {
  at: number;
  liveAnswers: number;
  abandoned: number;
  dials: number;
  loggedOn: number;
}

interface Floor {
  h: Harness;
  runner: JobRunner;
  bots: SimulatedAgent[];
  minutes: Minute[];
  /** Live answers and abandons (ground truth) so far. */
  totals(): { liveAnswers: number; abandoned: number };
}

/** People who answered and whether an agent got them, from the network's own record. */
function watchTruth(h: Harness): () => { liveAnswers: number; abandoned: number } {
  const ended: CallTruth[] = [];
  h.network.observeCalls((t) => {
    if (t.truth === 'human') ended.push(t);
  });
  return () => {
    // A person talking now was connected; one still waiting for an agent is not decided yet.
    const talking = h.network.openCalls().filter((t) => t.truth === 'human' && t.connectedAt !== null).length;
    const abandoned = ended.filter((t) => t.connectedAt === null).length;
    return { liveAnswers: ended.length + talking, abandoned };
  };
}

async function startFloor(options: { agents: number; network?: object; dialer?: Partial<DialerOptions>; contacts?: number; wrapSeconds?: number; seed?: number }): Promise<Floor> {
  const h = await startHarness({
    contactsPerList: options.contacts ?? 20_000,
    botAgents: options.agents,
    network: { ...NETWORK, seed: options.seed ?? 5, ...options.network },
    dialer: options.dialer ?? {},
  });
  await dropMachines(h);
  const totals = watchTruth(h);
  const { job } = await h.dialer.startJob('DemoPredictive');
  const bots = startBots(h, h.demo.botAgentIds, 11, options.wrapSeconds ?? 10);
  const runner = h.dialer.runningJobs().find((j) => j.job.id === job.id);
  assert.ok(runner, 'the job runs');
  return { h, runner, bots, minutes: [], totals };
}

/** Runs the floor minute by minute, noting the truth each minute; `at` events fire at their minute. */
async function run(floor: Floor, minutes: number, events: Record<number, () => void> = {}): Promise<void> {
  const start = floor.minutes.length;
  for (let m = start; m < start + minutes; m++) {
    events[m - start]?.();
    await floor.h.clock.advance(MINUTE);
    const t = floor.totals();
    floor.minutes.push({ at: floor.h.clock.now(), ...t, dials: floor.h.network.counters.dials, loggedOn: floor.h.dialer.sessions().length });
  }
}

/** Minutes at which the abandon rate so far was over the cap, once `after` live answers were in. */
function overCap(minutes: Minute[], after: number): string[] {
  return minutes
    .filter((m) => m.liveAnswers >= after && m.abandoned > CAP * m.liveAnswers)
    .map((m) => `${new Date(m.at).toISOString()}: ${m.abandoned} of ${m.liveAnswers}`);
}

function rate(m: { liveAnswers: number; abandoned: number }): number {
  return m.liveAnswers > 0 ? m.abandoned / m.liveAnswers : 0;
}

test('a burst of answers: the answer rate triples for ten minutes and the cap holds', { timeout: 300_000 }, async () => {
  const floor = await startFloor({ agents: 20, network: { outcomes: { live: 0.15, machine: 0.2, busy: 0.08, invalid: 0.07 } } });
  try {
    const burst: SimulatedNetworkUpdate = { outcomes: { live: 0.45, machine: 0.1 }, ringTime: { dist: 'lognormal', median: 5, sigma: 0.3 } };
    const calm: SimulatedNetworkUpdate = { outcomes: { live: 0.15, machine: 0.2 }, ringTime: { dist: 'lognormal', median: 9, sigma: 0.45 } };
    await run(floor, 150, { 60: () => floor.h.network.update(burst), 70: () => floor.h.network.update(calm) });
    const end = floor.minutes.at(-1)!;
    assert.ok(end.liveAnswers > 500, `a busy floor (${end.liveAnswers} live answers)`);
    assert.deepEqual(overCap(floor.minutes, 100), []);
    assert.ok(rate(end) <= CAP, `abandon rate ${(100 * rate(end)).toFixed(2)}%`);
    // The burst was seen: the dial rate fell while it lasted.
    const dialsBefore = floor.minutes[59]!.dials - floor.minutes[49]!.dials;
    const dialsDuring = floor.minutes[69]!.dials - floor.minutes[59]!.dials;
    assert.ok(dialsDuring < 0.75 * dialsBefore, `dials per 10 minutes: ${dialsBefore} before, ${dialsDuring} during the burst`);
  } finally {
    await floor.h.close();
  }
});

test('the same burst breaks the cap without the guard: a static ratio tuned for the calm hour', { timeout: 300_000 }, async () => {
  // The control experiment: what the burst does to a pacer that does not watch the answers.
  const floor = await startFloor({ agents: 20, network: { outcomes: { live: 0.15, machine: 0.2, busy: 0.08, invalid: 0.07 } }, dialer: { pacing: { ratio: 5 }, guardPacing: false } });
  try {
    const burst: SimulatedNetworkUpdate = { outcomes: { live: 0.45, machine: 0.1 }, ringTime: { dist: 'lognormal', median: 5, sigma: 0.3 } };
    await run(floor, 60);
    const before = floor.minutes.at(-1)!;
    await run(floor, 10, { 0: () => floor.h.network.update(burst) });
    const after = floor.minutes.at(-1)!;
    const during = { liveAnswers: after.liveAnswers - before.liveAnswers, abandoned: after.abandoned - before.abandoned };
    assert.ok(rate(during) > 3 * CAP, `the burst's own abandon rate: ${(100 * rate(during)).toFixed(2)}%`);
    assert.ok(rate(after) > CAP, `the burst pushes the day over the cap (${(100 * rate(after)).toFixed(2)}%)`);
  } finally {
    await floor.h.close();
  }
});

test('agents log out mid-run: the cap holds, and nothing is dialed once the last has gone', { timeout: 300_000 }, async () => {
  const floor = await startFloor({ agents: 24 });
  try {
    await run(floor, 60);
    // Half the floor leaves at once (each after the call in hand), then most of the rest.
    await run(floor, 30, { 0: () => floor.bots.slice(12).forEach((b) => b.stop()) });
    assert.equal(floor.minutes.at(-1)!.loggedOn, 12);
    await run(floor, 30, { 0: () => floor.bots.slice(3, 12).forEach((b) => b.stop()) });
    assert.equal(floor.minutes.at(-1)!.loggedOn, 3);
    await run(floor, 30, { 0: () => floor.bots.slice(0, 3).forEach((b) => b.stop()) });
    const end = floor.minutes.at(-1)!;
    assert.equal(end.loggedOn, 0, 'everyone logged off');
    assert.deepEqual(overCap(floor.minutes, 100), []);
    assert.ok(rate(end) <= CAP, `abandon rate ${(100 * rate(end)).toFixed(2)}%`);
    // No agent logged in: no dialing (the last calls in hand ended well before the last ten minutes).
    assert.equal(end.dials, floor.minutes.at(-11)!.dials, 'no dial with nobody logged on');
    assert.equal(floor.h.network.counters.active, 0);
  } finally {
    await floor.h.close();
  }
});

test('the live-answer rate halves: the pacer follows it and the cap holds', { timeout: 300_000 }, async () => {
  const floor = await startFloor({ agents: 20, network: { outcomes: { live: 0.3, machine: 0.2, busy: 0.08, invalid: 0.07 } } });
  try {
    await run(floor, 60);
    const before = floor.runner.model.outcomes.pLive();
    await run(floor, 90, { 0: () => floor.h.network.update({ outcomes: { live: 0.15 } }) });
    const after = floor.runner.model.outcomes.pLive();
    assert.ok(Math.abs(before - 0.3) < 0.05, `learned ${before.toFixed(3)} before`);
    assert.ok(Math.abs(after - 0.15) < 0.04, `learned ${after.toFixed(3)} after`);
    const dialsBefore = floor.minutes[59]!.dials - floor.minutes[29]!.dials;
    const dialsAfter = floor.minutes[149]!.dials - floor.minutes[119]!.dials;
    assert.ok(dialsAfter > 1.5 * dialsBefore, `dials per half hour: ${dialsBefore}, then ${dialsAfter}`);
    assert.deepEqual(overCap(floor.minutes, 100), []);
    const end = floor.minutes.at(-1)!;
    assert.ok(rate(end) <= CAP, `abandon rate ${(100 * rate(end)).toFixed(2)}%`);
  } finally {
    await floor.h.close();
  }
});

test('a new campaign: before a cluster of abandons fits under the cap, it dials ahead of agents about to be free, and the cap holds', { timeout: 300_000 }, async () => {
  const floor = await startFloor({ agents: 10 });
  try {
    const reasons = new Set<string>();
    // Seconds in 'thin-headroom' with more calls ringing than idle agents: lines for agents still busy.
    let ahead = 0;
    for (let second = 0; second < 40 * 60; second++) {
      await floor.h.clock.advance(1000);
      const s = floor.runner.snapshot();
      reasons.add(`${s.budget.mode}: ${s.budget.reason}`);
      if (s.budget.reason === 'thin-headroom' && s.ringingSeconds.length > s.agentsAvailable) ahead++;
      if (second % 60 === 59) {
        const t = floor.totals();
        floor.minutes.push({ at: floor.h.clock.now(), ...t, dials: floor.h.network.counters.dials, loggedOn: floor.h.dialer.sessions().length });
      }
    }
    assert.ok(reasons.has('progressive: few-answers'), `the first answers are dialed progressively: ${[...reasons].join(', ')}`);
    assert.ok(reasons.has('release: thin-headroom'), [...reasons].join(', '));
    assert.ok(reasons.has('paced: comfortable'), [...reasons].join(', '));
    assert.ok(ahead > 60, `${ahead} s dialing ahead of busy agents`);
    assert.deepEqual(overCap(floor.minutes, 0), []);
  } finally {
    await floor.h.close();
  }
});

test('three agents: the cap holds from the first abandon on, over a whole day', { timeout: 300_000 }, async () => {
  const floor = await startFloor({ agents: 3, contacts: 6000 });
  try {
    await run(floor, 8 * 60);
    const end = floor.minutes.at(-1)!;
    assert.ok(end.liveAnswers > 300, `${end.liveAnswers} live answers`);
    assert.ok(end.abandoned > 0, 'three agents still dial predictively');
    assert.deepEqual(overCap(floor.minutes, 0), []);
  } finally {
    await floor.h.close();
  }
});

test('no-answer hang-ups wait the minimum ring time; every abandoned person hears the recorded message within 2 s', { timeout: 300_000 }, async () => {
  // An over-dialing static ratio without the guard, so that there are abandons to look at; AMD takes
  // one person in five for a machine.
  const h = await startHarness({
    contactsPerList: 3000, botAgents: 4,
    network: {
      ...NETWORK, seed: 9, outcomes: { live: 0.5, machine: 0.2 }, patience: 30,
      amd: { humanDelay: 1, machineDecision: 3, falsePositive: 0.2, falseNegative: 0, falseNegativeAgentSeconds: 10 },
    },
    dialer: { pacing: { ratio: 3 }, guardPacing: false },
  });
  try {
    // The campaign asks for a 5 s no-answer timeout; the regulator's minimum is 15 s.
    await dropMachines(h, { falsePositive: 0.2, falseNegative: 0 }, { noAnswerTimeoutSeconds: 5, minimumRingSeconds: 0 });
    const timeouts: number[] = [];
    const dial = h.network.dial.bind(h.network);
    h.network.dial = (request) => {
      timeouts.push(request.noAnswerTimeoutMs);
      return dial(request);
    };
    const people: CallTruth[] = [];
    h.network.observeCalls((t) => {
      if (t.truth === 'human') people.push(t);
    });
    const { job } = await h.dialer.startJob('DemoPredictive');
    startBots(h, h.demo.botAgentIds, 11, 10);
    await h.clock.advance(40 * MINUTE);

    assert.ok(timeouts.length > 100);
    assert.ok(timeouts.every((ms) => ms >= 15_000), `no-answer timeouts asked: ${[...new Set(timeouts)].join(', ')} ms`);
    const attempts = await h.store.attempts.listByJob(job.id);
    const noAnswer = attempts.filter((a) => a.result === 'Ring_No_Answer');
    assert.ok(noAnswer.length > 20);
    for (const a of noAnswer) assert.ok(a.endedAt! - a.dialedAt >= 15_000, `attempt ${a.id} hung up after ${a.endedAt! - a.dialedAt} ms`);

    const abandoned = people.filter((t) => t.connectedAt === null);
    const noAgent = abandoned.filter((t) => t.detected === 'human');
    const takenForMachines = abandoned.filter((t) => t.detected === 'machine');
    assert.ok(noAgent.length > 5 && takenForMachines.length > 5, `${noAgent.length} without an agent, ${takenForMachines.length} taken for machines`);
    const message = h.dialer.options.abandonMessageMs;
    for (const t of abandoned) {
      assert.equal(t.end, 'message', `call ${t.id} (${t.detected}) ended by ${t.end}`);
      const startedAt = t.endedAt - message;
      assert.ok(startedAt - t.reportedAt! <= 2000, `call ${t.id}: message ${startedAt - t.reportedAt!} ms after the answer`);
    }
  } finally {
    await h.close();
  }
});
