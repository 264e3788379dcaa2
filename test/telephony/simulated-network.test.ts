import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VirtualClock } from '../../src/clock/virtual-clock.ts';
import type { CallEvent, NetworkCall } from '../../src/telephony/network.ts';
import { SimulatedNetwork } from '../../src/telephony/simulated-network.ts';
import {
  DEFAULT_SIMULATED_NETWORK,
  parseSimulatedNetworkConfig,
} from '../../src/telephony/simulated-network-config.ts';
import type { SimulatedNetworkConfig } from '../../src/telephony/simulated-network-config.ts';

const HOUR = 3_600_000;
const NOTHING = { live: 0, machine: 0, busy: 0, invalid: 0, refused: 0 };

interface Logged {
  at: number;
  event: CallEvent;
}

interface Dialed {
  call: NetworkCall;
  /** Events with their time in ms since the call was dialed. */
  events: Logged[];
}

type Handler = (event: CallEvent, call: NetworkCall) => void;

function setup(overrides: Partial<SimulatedNetworkConfig> = {}): { clock: VirtualClock; network: SimulatedNetwork } {
  const clock = new VirtualClock();
  const network = new SimulatedNetwork(clock, { ...DEFAULT_SIMULATED_NETWORK, ...overrides });
  return { clock, network };
}

function dial(
  clock: VirtualClock,
  network: SimulatedNetwork,
  options: { amd?: boolean; timeoutMs?: number; onEvent?: Handler } = {},
): Dialed {
  const dialedAt = clock.now();
  const events: Logged[] = [];
  const call: NetworkCall = network.dial({
    number: '+15555550100',
    noAnswerTimeoutMs: options.timeoutMs ?? 25_000,
    amd: options.amd ?? true,
    onEvent: (event) => {
      events.push({ at: clock.now() - dialedAt, event });
      options.onEvent?.(event, call);
    },
  });
  return { call, events };
}

function dialMany(
  clock: VirtualClock,
  network: SimulatedNetwork,
  n: number,
  options: { amd?: boolean; timeoutMs?: number; onEvent?: Handler } = {},
): Dialed[] {
  return Array.from({ length: n }, () => dial(clock, network, options));
}

/** A plain dialer: connects whatever is reported as a person, drops machines. */
const connectHumans: Handler = (event, call) => {
  if (event.type !== 'answered') return;
  if (event.detected === 'human') call.connect();
  else call.hangup();
};

function answered(d: Dialed): Extract<CallEvent, { type: 'answered' }> | undefined {
  const found = d.events.find((e) => e.event.type === 'answered')?.event;
  return found?.type === 'answered' ? found : undefined;
}

function timeOf(d: Dialed, type: CallEvent['type']): number | undefined {
  return d.events.find((e) => e.event.type === type)?.at;
}

function share(calls: Dialed[], test: (d: Dialed) => boolean): number {
  return calls.filter(test).length / calls.length;
}

function near(actual: number, expected: number, tolerance: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} not within ${tolerance} of ${expected}`);
}

/** A day in miniature: one dial every 400 ms for 10 minutes, handled by `connectHumans`. */
async function runDay(seed: number): Promise<string[]> {
  const { clock, network } = setup({ seed });
  const start = clock.now();
  const log: string[] = [];
  for (let i = 0; i < 1500; i++) {
    const call = network.dial({
      number: `+1555555${String(i).padStart(4, '0')}`,
      noAnswerTimeoutMs: 25_000,
      amd: true,
      onEvent: (event) => {
        log.push(`${clock.now() - start} ${call.id} ${JSON.stringify(event)}`);
        connectHumans(event, call);
      },
    });
    await clock.advance(400);
  }
  await clock.advance(2 * HOUR);
  return log;
}

describe('SimulatedNetwork: reproducibility', () => {
  it('gives the same events at the same times for the same seed, and a different day for another', async () => {
    const first = await runDay(1);
    const again = await runDay(1);
    const other = await runDay(2);
    assert.ok(first.length > 1500, `only ${first.length} events`);
    assert.deepEqual(again, first);
    assert.notDeepEqual(other, first);
  });

  it("keeps a call's fate when other calls are handled differently", async () => {
    const fates = async (hangUpEveryOther: boolean): Promise<string[]> => {
      const { clock, network } = setup({ seed: 5 });
      const calls = dialMany(clock, network, 300, { onEvent: connectHumans });
      if (hangUpEveryOther) calls.forEach((d, i) => i % 2 === 1 && d.call.hangup());
      await clock.advance(HOUR);
      return calls.filter((_, i) => i % 2 === 0).map((d) => JSON.stringify(d.events));
    };
    assert.deepEqual(await fates(true), await fates(false));
  });
});

describe('SimulatedNetwork: outcomes', () => {
  it('splits 20k dials as the config says', async () => {
    const { clock, network } = setup({ amd: null });
    const calls = dialMany(clock, network, 20_000, { timeoutMs: 60_000, onEvent: (_e, call) => call.hangup() });
    await clock.advance(HOUR);
    const failed = (reason: string) => (d: Dialed) => d.events[0]?.event.type === 'failed' && d.events[0].event.reason === reason;
    near(share(calls, (d) => answered(d)?.truth === 'human'), 0.25, 0.012, 'live');
    near(share(calls, (d) => answered(d)?.truth === 'machine'), 0.2, 0.012, 'machine');
    near(share(calls, failed('Call_Busy')), 0.08, 0.008, 'busy');
    near(share(calls, failed('Invalid_Number')), 0.07, 0.008, 'invalid');
    near(share(calls, failed('Network_Refusal')), 0.01, 0.004, 'refused');
    near(share(calls, failed('Ring_No_Answer')), 0.39, 0.015, 'no answer');

    const counters = network.counters;
    assert.equal(counters.dials, 20_000);
    assert.equal(counters.active, 0);
    assert.equal(counters.liveAnswers, calls.filter((d) => answered(d)?.truth === 'human').length);
    assert.equal(counters.machineAnswers, calls.filter((d) => answered(d)?.truth === 'machine').length);
    assert.equal(counters.failures.Call_Busy, calls.filter(failed('Call_Busy')).length);
    assert.equal(counters.failures.Ring_No_Answer, calls.filter(failed('Ring_No_Answer')).length);
  });

  it('reports ring-no-answer at exactly the timeout', async () => {
    const { clock, network } = setup({ outcomes: NOTHING });
    const d = dial(clock, network, { timeoutMs: 25_000 });
    await clock.advance(24_999);
    assert.deepEqual(d.events, []);
    assert.equal(network.counters.active, 1);
    await clock.advance(1);
    assert.deepEqual(d.events, [{ at: 25_000, event: { type: 'failed', reason: 'Ring_No_Answer' } }]);
    assert.equal(network.counters.active, 0);
    assert.equal(network.counters.failures.Ring_No_Answer, 1);
  });

  it('turns a live answer later than the timeout into no-answer, at the timeout', async () => {
    const late = setup({ outcomes: { ...NOTHING, live: 1 }, ringTime: 30 });
    const d = dial(late.clock, late.network, { timeoutMs: 25_000 });
    await late.clock.advance(HOUR);
    assert.deepEqual(d.events, [{ at: 25_000, event: { type: 'failed', reason: 'Ring_No_Answer' } }]);
    assert.equal(late.network.counters.liveAnswers, 0);

    const inTime = setup({ outcomes: { ...NOTHING, live: 1 }, ringTime: 25, amd: null });
    const e = dial(inTime.clock, inTime.network, { timeoutMs: 25_000 });
    await inTime.clock.advance(HOUR);
    assert.deepEqual(e.events[0], { at: 25_000, event: { type: 'answered', detected: 'human', truth: 'human' } });
  });

  it('applies the same timeout rule to machines', async () => {
    const { clock, network } = setup({
      outcomes: { ...NOTHING, machine: 1 },
      machineAnswer: { dist: 'uniform', min: 20, max: 30 },
      amd: null,
    });
    const calls = dialMany(clock, network, 2000, { timeoutMs: 25_000 });
    await clock.advance(HOUR);
    for (const d of calls) {
      const first = d.events[0]!;
      if (first.event.type === 'failed') assert.deepEqual(first, { at: 25_000, event: { type: 'failed', reason: 'Ring_No_Answer' } });
      else assert.ok(first.event.type === 'answered' && first.at >= 20_000 && first.at <= 25_000, JSON.stringify(first));
    }
    near(share(calls, (d) => answered(d) !== undefined), 0.5, 0.04, 'machines answering in time');
  });

  it('ends busy, invalid and refused calls after their times', async () => {
    const cases = [
      { outcomes: { ...NOTHING, busy: 1 }, reason: 'Call_Busy', at: 3_000 },
      { outcomes: { ...NOTHING, invalid: 1 }, reason: 'Invalid_Number', at: 2_000 },
      { outcomes: { ...NOTHING, refused: 1 }, reason: 'Network_Refusal', at: 1_500 },
    ] as const;
    for (const c of cases) {
      const { clock, network } = setup({ outcomes: c.outcomes, busyAfter: 3, invalidAfter: 2, refusedAfter: 1.5 });
      const d = dial(clock, network);
      await clock.advance(HOUR);
      assert.deepEqual(d.events, [{ at: c.at, event: { type: 'failed', reason: c.reason } }]);
    }
  });

  it('never emits during dial, even with zero delays', async () => {
    const { clock, network } = setup({ outcomes: { ...NOTHING, busy: 1 }, busyAfter: 0 });
    const d = dial(clock, network);
    assert.deepEqual(d.events, []);
    await clock.advance(0);
    assert.equal(d.events.length, 1);
  });
});

describe('SimulatedNetwork: answering-machine detection', () => {
  const halfAndHalf = { outcomes: { ...NOTHING, live: 0.5, machine: 0.5 }, ringTime: 5, machineAnswer: 10 };

  it('without AMD on the dial, reports every answer as a person at the answer', async () => {
    const { clock, network } = setup(halfAndHalf);
    const calls = dialMany(clock, network, 400, { amd: false });
    await clock.advance(HOUR);
    for (const d of calls) {
      const truth = answered(d)!.truth;
      assert.deepEqual(d.events[0], { at: truth === 'human' ? 5_000 : 10_000, event: { type: 'answered', detected: 'human', truth } });
    }
    near(share(calls, (d) => answered(d)!.truth === 'machine'), 0.5, 0.1, 'machines');
  });

  it('with AMD on the dial and no AMD model, recognises machines at once and correctly', async () => {
    const { clock, network } = setup({ ...halfAndHalf, amd: null });
    const calls = dialMany(clock, network, 400);
    await clock.advance(HOUR);
    for (const d of calls) {
      const truth = answered(d)!.truth;
      assert.deepEqual(d.events[0], { at: truth === 'human' ? 5_000 : 10_000, event: { type: 'answered', detected: truth, truth } });
    }
  });

  it('takes humanDelay or machineDecision and errs at the configured rates', async () => {
    const { clock, network } = setup({
      ...halfAndHalf,
      amd: { humanDelay: 2, machineDecision: 4, falsePositive: 0.1, falseNegative: 0.2, falseNegativeAgentSeconds: 10 },
    });
    const calls = dialMany(clock, network, 20_000, { onEvent: (_e, call) => call.hangup() });
    await clock.advance(HOUR);
    const humans = calls.filter((d) => answered(d)!.truth === 'human');
    const machines = calls.filter((d) => answered(d)!.truth === 'machine');
    assert.ok(humans.every((d) => d.events[0]!.at === 7_000));
    assert.ok(machines.every((d) => d.events[0]!.at === 14_000));
    near(share(humans, (d) => answered(d)!.detected === 'machine'), 0.1, 0.012, 'false positives');
    near(share(machines, (d) => answered(d)!.detected === 'human'), 0.2, 0.015, 'false negatives');
  });

  it('draws detection delays from distributions', async () => {
    const { clock, network } = setup({
      outcomes: { ...NOTHING, live: 1 },
      ringTime: 5,
      amd: {
        humanDelay: { dist: 'uniform', min: 1, max: 3 },
        machineDecision: 4,
        falsePositive: 0,
        falseNegative: 0,
        falseNegativeAgentSeconds: 10,
      },
    });
    const calls = dialMany(clock, network, 4000, { onEvent: (_e, call) => call.hangup() });
    await clock.advance(HOUR);
    const delays = calls.map((d) => d.events[0]!.at - 5_000);
    assert.ok(delays.every((ms) => ms >= 1_000 && ms <= 3_000));
    near(delays.reduce((s, x) => s + x, 0) / delays.length, 2_000, 30, 'mean delay');
  });
});

describe('SimulatedNetwork: after the answer', () => {
  const person = { outcomes: { ...NOTHING, live: 1 }, ringTime: 5, patience: 5, talk: 60, amd: null };

  it('hangs up when no agent comes within the patience', async () => {
    const { clock, network } = setup(person);
    const d = dial(clock, network);
    await clock.advance(HOUR);
    assert.deepEqual(d.events, [
      { at: 5_000, event: { type: 'answered', detected: 'human', truth: 'human' } },
      { at: 10_000, event: { type: 'remoteHangup' } },
    ]);
    assert.equal(network.counters.gaveUp, 1);
    assert.equal(network.counters.active, 0);
  });

  it('talks for the talk time once connected, even past the patience', async () => {
    const { clock, network } = setup(person);
    const d = dial(clock, network);
    await clock.advance(9_000);
    d.call.connect();
    await clock.advance(HOUR);
    assert.deepEqual(d.events.slice(1), [{ at: 69_000, event: { type: 'remoteHangup' } }]);
    assert.equal(network.counters.gaveUp, 0);
    assert.equal(network.counters.connects, 1);
  });

  it('tells when the far end of a connected call will hang up (for the release-oracle benchmark), and nothing before the connect', async () => {
    const { clock, network } = setup({ ...person, talk: { dist: 'lognormal', mean: 180, cv: 0.8 } });
    const dialedAt = clock.now();
    const d = dial(clock, network);
    await clock.advance(9_000);
    assert.equal(network.farEndHangupAt(d.call), null);
    d.call.connect();
    const told = network.farEndHangupAt(d.call);
    await clock.advance(HOUR);
    const hungUp = timeOf(d, 'remoteHangup');
    assert.ok(hungUp !== undefined && hungUp > 9_000);
    assert.equal(told, dialedAt + hungUp);
  });

  it('talks for times whose mean and cv match the talk distribution', async () => {
    const { clock, network } = setup({ ...person, talk: { dist: 'lognormal', mean: 180, cv: 0.8 } });
    const calls = dialMany(clock, network, 5000, { onEvent: (e, call) => e.type === 'answered' && call.connect() });
    await clock.advance(24 * HOUR);
    const talks = calls.map((d) => (timeOf(d, 'remoteHangup')! - timeOf(d, 'answered')!) / 1000);
    const mean = talks.reduce((s, x) => s + x, 0) / talks.length;
    const sd = Math.sqrt(talks.reduce((s, x) => s + (x - mean) ** 2, 0) / (talks.length - 1));
    near(mean, 180, 180 * 0.04, 'mean talk');
    near(sd / mean, 0.8, 0.08, 'cv of talk');
  });

  it('ends a machine passed to an agent after falseNegativeAgentSeconds', async () => {
    const { clock, network } = setup({
      outcomes: { ...NOTHING, machine: 1 },
      machineAnswer: 10,
      amd: { humanDelay: 1, machineDecision: 3, falsePositive: 0, falseNegative: 1, falseNegativeAgentSeconds: 12 },
    });
    const d = dial(clock, network, { onEvent: connectHumans });
    await clock.advance(HOUR);
    assert.deepEqual(d.events, [
      { at: 13_000, event: { type: 'answered', detected: 'human', truth: 'machine' } },
      { at: 25_000, event: { type: 'remoteHangup' } },
    ]);
  });

  it('leaves an unconnected machine on the line until the dialer hangs up', async () => {
    const { clock, network } = setup({ outcomes: { ...NOTHING, machine: 1 }, machineAnswer: 10, amd: null });
    const d = dial(clock, network);
    await clock.advance(10 * HOUR);
    assert.equal(d.events.length, 1);
    assert.equal(clock.pendingTimers(), 0);
    assert.equal(network.counters.active, 1);
    d.call.hangup();
    assert.equal(network.counters.active, 0);
  });

  it('ignores connect before the answer and a second connect', async () => {
    const { clock, network } = setup(person);
    const d = dial(clock, network);
    d.call.connect();
    await clock.advance(5_000);
    assert.equal(network.counters.connects, 0);
    d.call.connect();
    await clock.advance(30_000);
    d.call.connect();
    await clock.advance(HOUR);
    assert.deepEqual(d.events.slice(1), [{ at: 65_000, event: { type: 'remoteHangup' } }]);
    assert.equal(network.counters.connects, 1);
  });

  it('plays a message, then ends without events', async () => {
    const { clock, network } = setup(person);
    const d = dial(clock, network, { onEvent: (e, call) => e.type === 'answered' && call.playMessageAndHangup(8_000) });
    await clock.advance(12_999);
    assert.equal(network.counters.active, 1);
    await clock.advance(1);
    assert.equal(network.counters.active, 0);
    assert.equal(clock.pendingTimers(), 0);
    await clock.advance(HOUR);
    assert.equal(d.events.length, 1);
    assert.equal(network.counters.gaveUp, 0);
  });
});

describe('SimulatedNetwork: hangup', () => {
  const amdModel = { humanDelay: 2, machineDecision: 4, falsePositive: 0, falseNegative: 0, falseNegativeAgentSeconds: 10 };
  const person = { outcomes: { ...NOTHING, live: 1 }, ringTime: 5, patience: 5, talk: 60, amd: amdModel };

  // Hang up at each stage of a call: ringing, during AMD, waiting for an agent, talking, playing a message.
  const stages: Array<[string, (d: Dialed, clock: VirtualClock) => Promise<void>]> = [
    ['ringing', (_d, clock) => clock.advance(1_000)],
    ['detecting', (_d, clock) => clock.advance(6_000)],
    ['waiting for an agent', (_d, clock) => clock.advance(8_000)],
    ['talking', async (d, clock) => {
      await clock.advance(8_000);
      d.call.connect();
      await clock.advance(1_000);
    }],
    ['playing a message', async (d, clock) => {
      await clock.advance(8_000);
      d.call.playMessageAndHangup(30_000);
    }],
  ];

  for (const [stage, reach] of stages) {
    it(`while ${stage} cancels every pending timer and event`, async () => {
      const { clock, network } = setup(person);
      const d = dial(clock, network);
      await reach(d, clock);
      assert.equal(clock.pendingTimers(), 1, 'one timer pending before the hangup');
      const before = d.events.length;
      d.call.hangup();
      assert.equal(clock.pendingTimers(), 0);
      assert.equal(network.counters.active, 0);
      // Everything after the end is a no-op.
      d.call.connect();
      d.call.playMessageAndHangup(1_000);
      d.call.hangup();
      await clock.advance(HOUR);
      assert.equal(d.events.length, before);
      assert.equal(clock.pendingTimers(), 0);
      assert.equal(network.counters.active, 0);
    });
  }

  it('keeps at most one timer per call', async () => {
    const { clock, network } = setup({ seed: 3 });
    dialMany(clock, network, 1000, { onEvent: connectHumans });
    for (let t = 0; t < 40; t++) {
      assert.ok(clock.pendingTimers() <= network.counters.active, `${clock.pendingTimers()} timers`);
      await clock.advance(1_000);
    }
  });
});

describe('SimulatedNetwork: changes during a run', () => {
  it('setOutcomes applies to calls dialed afterwards only', async () => {
    const { clock, network } = setup({ outcomes: { ...NOTHING, live: 1 }, ringTime: 5, amd: null });
    const before = dialMany(clock, network, 100);
    network.setOutcomes({ live: 0, busy: 1 });
    const after = dialMany(clock, network, 100);
    await clock.advance(HOUR);
    assert.ok(before.every((d) => answered(d)?.truth === 'human'));
    assert.ok(after.every((d) => d.events[0]?.event.type === 'failed'));
    assert.deepEqual(network.config.outcomes, { live: 0, machine: 0, busy: 1, invalid: 0, refused: 0 });
  });

  it('update changes times and AMD, and rejects an invalid result without changing anything', () => {
    const { network } = setup();
    network.update({ talk: 120, amd: { falsePositive: 0.02 } });
    assert.equal(network.config.talk, 120);
    assert.equal(network.config.amd?.falsePositive, 0.02);
    assert.equal(network.config.amd?.falseNegative, DEFAULT_SIMULATED_NETWORK.amd?.falseNegative);
    assert.throws(() => network.setOutcomes({ live: 0.9, machine: 0.5 }), { message: /^outcomes: probabilities sum/ });
    assert.throws(() => network.update({ patience: { dist: 'uniform', min: -1, max: 2 } }), { message: /^patience:/ });
    assert.equal(network.config.outcomes.live, DEFAULT_SIMULATED_NETWORK.outcomes.live);
    network.update({ amd: null });
    assert.equal(network.config.amd, null);
  });

  it('rejects an invalid config at construction', () => {
    assert.throws(
      () => new SimulatedNetwork(new VirtualClock(), { ...DEFAULT_SIMULATED_NETWORK, busyAfter: -1 }),
      { message: /^busyAfter:/ },
    );
  });
});

describe('parseSimulatedNetworkConfig', () => {
  it('fills in the defaults', () => {
    assert.deepEqual(parseSimulatedNetworkConfig({}), DEFAULT_SIMULATED_NETWORK);
  });

  it("reads a scenario's network fields; outcomes left out are 0", () => {
    const config = parseSimulatedNetworkConfig({
      outcomes: { live: 0.25, machine: 0.2, busy: 0.08, invalid: 0.07 },
      ringTime: { dist: 'lognormal', median: 9, sigma: 0.45 },
      machineAnswer: { dist: 'uniform', min: 15, max: 24 },
      busyAfter: 3,
      invalidAfter: 2,
      talk: { dist: 'lognormal', mean: 180, cv: 0.8 },
      amd: null,
      seed: 2,
    });
    assert.deepEqual(config.outcomes, { live: 0.25, machine: 0.2, busy: 0.08, invalid: 0.07, refused: 0 });
    assert.deepEqual(config.ringTime, { dist: 'lognormal', median: 9, sigma: 0.45 });
    assert.equal(config.busyAfter, 3);
    assert.equal(config.amd, null);
    assert.equal(config.seed, 2);
    assert.deepEqual(config.patience, DEFAULT_SIMULATED_NETWORK.patience);
  });

  it('completes a partial amd from the defaults', () => {
    const config = parseSimulatedNetworkConfig({ amd: { falsePositive: 0.04, machineDecision: { dist: 'constant', value: 3 } } });
    assert.deepEqual(config.amd, { ...DEFAULT_SIMULATED_NETWORK.amd, falsePositive: 0.04, machineDecision: 3 });
  });

  it('names the key and the problem on bad input', () => {
    const cases: Array<[unknown, RegExp]> = [
      [null, /^network config: expected an object/],
      [{ agents: 25 }, /^agents: unknown network setting/],
      [{ outcomes: { live: 1.5 } }, /^outcomes\.live: must be a probability/],
      [{ outcomes: { live: -0.1 } }, /^outcomes\.live: must be a probability/],
      [{ outcomes: { live: '0.2' } }, /^outcomes\.live: must be a number/],
      [{ outcomes: { voicemail: 0.1 } }, /^outcomes\.voicemail: unknown outcome/],
      [{ outcomes: { live: 0.6, machine: 0.5 } }, /^outcomes: probabilities sum to 1\.1/],
      [{ busyAfter: -1 }, /^busyAfter: times must not be negative/],
      [{ talk: { dist: 'uniform', min: -5, max: 10 } }, /^talk: times must not be negative/],
      [{ ringTime: { dist: 'weibull' } }, /^ringTime\.dist: unknown distribution/],
      [{ patience: 'long' }, /^patience: expected a number or a distribution/],
      [{ amd: 3 }, /^amd: expected an object/],
      [{ amd: { falsePositive: 2 } }, /^amd\.falsePositive: must be a probability/],
      [{ amd: { humanDelay: -2 } }, /^amd\.humanDelay: times must not be negative/],
      [{ amd: { speed: 1 } }, /^amd\.speed: unknown AMD setting/],
      [{ seed: 'x' }, /^seed: must be a finite number/],
    ];
    for (const [input, message] of cases) {
      assert.throws(() => parseSimulatedNetworkConfig(input), { message }, JSON.stringify(input));
    }
  });
});
