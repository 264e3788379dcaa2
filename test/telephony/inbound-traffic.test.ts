/**
 * The simulated inbound callers on virtual time: reproducible days, arrivals that follow the hourly
 * rates, patience and talk times that follow their distributions, and the config that describes them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VirtualClock } from '../../src/clock/virtual-clock.ts';
import type { InboundNetworkCall } from '../../src/telephony/inbound.ts';
import { SimulatedInboundTraffic } from '../../src/telephony/inbound-traffic.ts';
import type { InboundTrafficProfile } from '../../src/telephony/inbound-traffic.ts';
import { DEFAULT_INBOUND_PATIENCE_SECONDS, DEFAULT_INBOUND_TALK_SECONDS } from '../../src/telephony/inbound-traffic-config.ts';
import { parseSimulatedNetworkConfig } from '../../src/telephony/simulated-network-config.ts';

const SECOND = 1000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function profile(overrides: Partial<InboundTrafficProfile> = {}): InboundTrafficProfile {
  return { queue: 'sales', callsPerHour: 60, timeZone: 'UTC', talkSeconds: 180, patienceSeconds: 60, ...overrides };
}

interface Seen {
  id: string;
  queue: string;
  callingNumber: string;
  arrivedAt: number;
  /** When the caller hung up (ms since arrival), if they did. */
  hungUpAfter: number | null;
}

/**
 * Runs the traffic for `ms` of virtual time. `answer` says what the ACD does with each call on
 * arrival: leave it waiting, connect it at once, or hang it up.
 */
async function run(
  profiles: InboundTrafficProfile[],
  seed: number,
  ms: number,
  answer: 'wait' | 'connect' | 'hangup' = 'wait',
): Promise<{ seen: Seen[]; traffic: SimulatedInboundTraffic }> {
  const clock = new VirtualClock();
  const seen: Seen[] = [];
  const traffic = new SimulatedInboundTraffic(clock, profiles, seed, (call: InboundNetworkCall) => {
    const entry: Seen = { id: call.id, queue: call.queue, callingNumber: call.callingNumber, arrivedAt: call.arrivedAt, hungUpAfter: null };
    seen.push(entry);
    call.onEvent(() => void (entry.hungUpAfter = clock.now() - call.arrivedAt));
    call.playMusic();
    if (answer === 'connect') call.connect();
    if (answer === 'hangup') call.hangup();
  });
  traffic.start();
  await clock.advance(ms);
  return { seen, traffic };
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

describe('SimulatedInboundTraffic', () => {
  it('the same seed gives the same day; another seed another', async () => {
    const profiles = [profile(), profile({ queue: 'billing', callsPerHour: 20 })];
    const a = await run(profiles, 42, 8 * HOUR);
    const b = await run(profiles, 42, 8 * HOUR);
    const c = await run(profiles, 43, 8 * HOUR);

    assert.ok(a.seen.length > 400, `${a.seen.length} calls in 8 h at 80/h`);
    assert.deepEqual(a.seen, b.seen);
    assert.deepEqual(a.traffic.counters, b.traffic.counters);
    assert.notDeepEqual(a.seen.map((s) => s.arrivedAt), c.seen.map((s) => s.arrivedAt));
    for (const s of a.seen) assert.match(s.callingNumber, /^\+1[2-9]\d{2}[2-9]\d{6}$/);
  });

  it("adding a queue's callers changes no other queue's callers", async () => {
    const alone = await run([profile()], 7, 4 * HOUR);
    const together = await run([profile(), profile({ queue: 'billing', callsPerHour: 90 })], 7, 4 * HOUR);
    const strip = (s: Seen): Omit<Seen, 'id'> => ({ queue: s.queue, callingNumber: s.callingNumber, arrivedAt: s.arrivedAt, hungUpAfter: s.hungUpAfter });
    assert.deepEqual(together.seen.filter((s) => s.queue === 'sales').map(strip), alone.seen.map(strip));
  });

  it('hourly rates in a time zone: the peak hours get their share of arrivals (Poisson tolerance)', async () => {
    // New York in January is UTC−5. 10 calls an hour, 100 from 9:00 to 12:00 local time, over 20 days.
    const rates = Array.from({ length: 24 }, (_, hour) => (hour >= 9 && hour < 12 ? 100 : 10));
    const days = 20;
    const { seen } = await run([profile({ callsPerHour: rates, timeZone: 'America/New_York' })], 5, days * DAY, 'hangup');

    const perLocalHour = new Array<number>(24).fill(0);
    for (const s of seen) {
      const localHour = (new Date(s.arrivedAt).getUTCHours() + 24 - 5) % 24;
      perLocalHour[localHour]!++;
    }
    perLocalHour.forEach((count, hour) => {
      const expected = rates[hour]! * days;
      // Four standard deviations of a Poisson count: a false alarm about once in 15,000 hours checked.
      assert.ok(Math.abs(count - expected) <= 4 * Math.sqrt(expected), `hour ${hour}: ${count} arrivals, expected about ${expected}`);
    });
    const peak = perLocalHour.slice(9, 12).reduce((a, b) => a + b, 0);
    assert.ok(peak > 0.5 * seen.length, `the 3 peak hours hold ${peak} of ${seen.length} arrivals`);
  });

  it('no rate, no calls; stop() ends the arrivals', async () => {
    assert.equal((await run([profile({ callsPerHour: 0 })], 1, DAY)).seen.length, 0);

    const clock = new VirtualClock();
    let arrivals = 0;
    const traffic = new SimulatedInboundTraffic(clock, [profile({ callsPerHour: 600 })], 1, (call) => {
      arrivals++;
      call.hangup();
    });
    traffic.start();
    await clock.advance(HOUR);
    assert.ok(arrivals > 500, `${arrivals} arrivals in an hour at 600/h`);
    traffic.stop();
    const atStop = arrivals;
    await clock.advance(HOUR);
    assert.equal(arrivals, atStop);
    assert.equal(clock.pendingTimers(), 0, 'nothing left scheduled');
  });
});

describe('simulated inbound callers', () => {
  it("a caller left waiting hangs up after a patience drawn from the profile's distribution", async () => {
    const patienceSeconds = { dist: 'exponential', mean: 60 } as const;
    const { seen, traffic } = await run([profile({ callsPerHour: 300, patienceSeconds })], 11, 8 * HOUR);
    // Calls from the last minutes may still be waiting: only those that hung up are measured.
    const waits = seen.filter((s) => s.hungUpAfter !== null).map((s) => s.hungUpAfter! / SECOND);
    assert.ok(waits.length > 2000, `${waits.length} callers gave up`);
    // The mean of n exponential draws has standard error mean / √n; four of them is the tolerance.
    const tolerance = (4 * 60) / Math.sqrt(waits.length);
    assert.ok(Math.abs(mean(waits) - 60) < tolerance, `mean patience ${mean(waits).toFixed(2)} s`);
    assert.equal(traffic.counters.gaveUp, waits.length);
    assert.equal(traffic.counters.talked, 0);
    assert.equal(traffic.counters.arrivals, seen.length);
    assert.equal(traffic.counters.music, seen.length);
  });

  it('a connected caller talks for a time drawn from the talk distribution, then hangs up', async () => {
    const talkSeconds = { dist: 'lognormal', mean: 200, cv: 0.5 } as const;
    const { seen, traffic } = await run([profile({ callsPerHour: 300, talkSeconds, patienceSeconds: 5 })], 12, 8 * HOUR, 'connect');
    const talks = seen.filter((s) => s.hungUpAfter !== null).map((s) => s.hungUpAfter! / SECOND);
    assert.ok(talks.length > 2000, `${talks.length} callers finished talking`);
    const tolerance = (4 * 200 * 0.5) / Math.sqrt(talks.length);
    assert.ok(Math.abs(mean(talks) - 200) < tolerance, `mean talk ${mean(talks).toFixed(2)} s`);
    assert.ok(talks.some((t) => t > 5), 'connecting stops the patience clock');
    assert.equal(traffic.counters.gaveUp, 0);
    assert.equal(traffic.counters.talked, seen.length);
  });

  it('after hangup() from our side no event follows and no timer is left', async () => {
    const clock = new VirtualClock();
    const events: string[] = [];
    const calls: InboundNetworkCall[] = [];
    const traffic = new SimulatedInboundTraffic(clock, [profile({ callsPerHour: 3600 })], 3, (call) => {
      calls.push(call);
      call.onEvent((event) => events.push(`${call.id} ${event.type}`));
    });
    traffic.start();
    await clock.advance(10 * SECOND);
    traffic.stop();
    assert.ok(calls.length >= 2, `${calls.length} calls`);
    const [waiting, connected] = calls as [InboundNetworkCall, InboundNetworkCall];
    connected.connect();
    for (const call of calls) call.hangup();
    await clock.advance(DAY);
    assert.deepEqual(events, []);
    assert.equal(clock.pendingTimers(), 0);
    waiting.announce();
    assert.equal(traffic.counters.announcements, 0, 'an ended call hears nothing');
  });

  it('announcements are counted while the caller waits', async () => {
    const clock = new VirtualClock();
    const traffic = new SimulatedInboundTraffic(clock, [profile({ callsPerHour: 3600, patienceSeconds: 600 })], 4, (call) => {
      call.announce();
      call.announce();
    });
    traffic.start();
    await clock.advance(5 * SECOND);
    traffic.stop();
    assert.equal(traffic.counters.announcements, 2 * traffic.counters.arrivals);
  });
});

describe('inbound traffic config', () => {
  it('reads profiles and fills in the defaults; none by default', () => {
    assert.equal('inbound' in parseSimulatedNetworkConfig({}), false);
    const config = parseSimulatedNetworkConfig({
      inbound: [
        { queue: 'sales', callsPerHour: 30 },
        { queue: 'billing', callsPerHour: Array.from({ length: 24 }, () => 5), timeZone: 'Europe/Paris', talkSeconds: 120, patienceSeconds: { dist: 'uniform', min: 10, max: 50 } },
      ],
    });
    assert.deepEqual(config.inbound, [
      { queue: 'sales', callsPerHour: 30, timeZone: 'UTC', talkSeconds: DEFAULT_INBOUND_TALK_SECONDS, patienceSeconds: DEFAULT_INBOUND_PATIENCE_SECONDS },
      { queue: 'billing', callsPerHour: Array.from({ length: 24 }, () => 5), timeZone: 'Europe/Paris', talkSeconds: 120, patienceSeconds: { dist: 'uniform', min: 10, max: 50 } },
    ]);
  });

  it('names the field and the problem on bad input', () => {
    const hourly = (bad: unknown): unknown[] => Array.from({ length: 24 }, (_, hour) => (hour === 3 ? bad : 10));
    const cases: Array<[unknown, RegExp]> = [
      [{ queue: 'sales' }, /^inbound: expected a list/],
      [['sales'], /^inbound\.0: expected an object/],
      [[{ callsPerHour: 10 }], /^inbound\.0\.queue: missing/],
      [[{ queue: '', callsPerHour: 10 }], /^inbound\.0\.queue: must be a non-empty string/],
      [[{ queue: 'sales' }], /^inbound\.0\.callsPerHour: missing/],
      [[{ queue: 'sales', callsPerHour: -1 }], /^inbound\.0\.callsPerHour: must be a number ≥ 0/],
      [[{ queue: 'sales', callsPerHour: '10' }], /^inbound\.0\.callsPerHour: must be a number ≥ 0 or a list of 24/],
      [[{ queue: 'sales', callsPerHour: 10 }, { queue: 'billing', callsPerHour: hourly(-2) }], /^inbound\.1\.callsPerHour\.3: must be a number ≥ 0/],
      [[{ queue: 'sales', callsPerHour: hourly('x') }], /^inbound\.0\.callsPerHour\.3: must be a number ≥ 0/],
      [[{ queue: 'sales', callsPerHour: [1, 2, 3] }], /^inbound\.0\.callsPerHour: must list 24 hourly rates/],
      [[{ queue: 'sales', callsPerHour: 10, timeZone: 'Mars/Olympus' }], /^inbound\.0\.timeZone: unknown time zone "Mars\/Olympus"/],
      [[{ queue: 'sales', callsPerHour: 10, talkSeconds: -5 }], /^inbound\.0\.talkSeconds: times must not be negative/],
      [[{ queue: 'sales', callsPerHour: 10, patienceSeconds: { dist: 'exponential', mean: 0 } }], /^inbound\.0\.patienceSeconds\.mean: must be > 0/],
      [[{ queue: 'sales', callsPerHour: 10, vdn: '5000' }], /^inbound\.0\.vdn: unknown inbound setting/],
    ];
    for (const [inbound, message] of cases) {
      assert.throws(() => parseSimulatedNetworkConfig({ inbound }), { message }, JSON.stringify(inbound));
    }
  });

  it('a profile built in code is checked too', () => {
    assert.throws(
      () => new SimulatedInboundTraffic(new VirtualClock(), [profile({ callsPerHour: [1] })], 1, () => {}),
      { message: /^inbound\.0\.callsPerHour: must list 24/ },
    );
  });
});
