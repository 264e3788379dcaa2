/**
 * The embedded ACD's queues on virtual time: routing (longest idle, most skilled, refusals), waiting
 * (announcements, abandons, overflow) and the queue figures a supervisor reads. The agent desk and the
 * inbound_calls table are small in-memory stand-ins for the dialer's agent manager and the store's
 * port; the callers are scripted, or the simulated caller of the inbound traffic.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { AcdAgentDesk, AcdCall } from '../../src/acd/embedded-acd.ts';
import { ACD_EXTENSION_IN_USE, EmbeddedAcd } from '../../src/acd/embedded-acd.ts';
import type { QueueDefinition } from '../../src/acd/queue-types.ts';
import { VirtualClock } from '../../src/clock/virtual-clock.ts';
import { SerialQueue } from '../../src/dialer/serial-queue.ts';
import type { InboundCallRecord, InboundCallUpdate, NewInboundCall } from '../../src/store/records.ts';
import type { InboundCallEvent, InboundNetworkCall } from '../../src/telephony/inbound.ts';
import { SimulatedInboundCall } from '../../src/telephony/simulated-inbound-call.ts';
import type { InboundTrafficCounters } from '../../src/telephony/simulated-inbound-call.ts';

const SECOND = 1000;

// ── stand-ins ─────────────────────────────────────────────────────────────────

/** The inbound_calls table, in memory. */
class CallLog {
  readonly rows: InboundCallRecord[] = [];

  async insert(call: NewInboundCall): Promise<InboundCallRecord> {
    const row: InboundCallRecord = {
      ...call, id: this.rows.length + 1, overflowedFrom: null, answeredAt: null, endedAt: null, result: 'waiting', agentId: null, completionCode: null,
    };
    this.rows.push(row);
    return { ...row };
  }

  async update(id: number, change: InboundCallUpdate): Promise<void> {
    const row = this.rows.find((r) => r.id === id);
    if (!row) throw new Error(`no inbound call ${id}`);
    Object.assign(row, change);
  }

  of(callId: string): InboundCallRecord {
    const row = this.rows.find((r) => r.callId === callId);
    if (!row) throw new Error(`no row for ${callId}`);
    return row;
  }
}

/** The agent manager's side: takes every call unless told an agent refuses. */
class Desk implements AcdAgentDesk {
  readonly offers: Array<{ agentId: string; callId: string; at: number }> = [];
  readonly refusing = new Set<string>();
  readonly hungUp: string[] = [];

  constructor(private readonly clock: VirtualClock) {}

  async deliver(agentId: string, call: AcdCall): Promise<boolean> {
    this.offers.push({ agentId, callId: call.id, at: this.clock.now() });
    return !this.refusing.has(agentId);
  }

  async customerHungUp(call: AcdCall): Promise<void> {
    this.hungUp.push(call.id);
  }

  /** Who took each call, in order (offers refused left out). */
  taken(): Array<[string, string]> {
    return this.offers.filter((o) => !this.refusing.has(o.agentId)).map((o) => [o.callId, o.agentId]);
  }
}

/** A caller the test moves by hand. */
class ScriptedCaller implements InboundNetworkCall {
  readonly arrivedAt: number;
  readonly callingNumber = '+12025550143';
  music = 0;
  /** Times (ms since arrival) of the announcements heard. */
  readonly announcements: number[] = [];
  connected = false;
  hungUpByAcd = false;
  private listener: ((event: InboundCallEvent) => void) | null = null;

  constructor(readonly id: string, readonly queue: string, private readonly clock: VirtualClock) {
    this.arrivedAt = clock.now();
  }

  onEvent(listener: (event: InboundCallEvent) => void): void {
    this.listener = listener;
  }
  playMusic(): void {
    this.music++;
  }
  announce(): void {
    this.announcements.push(this.clock.now() - this.arrivedAt);
  }
  connect(): void {
    this.connected = true;
  }
  hangup(): void {
    this.hungUpByAcd = true;
  }

  /** The caller hangs up. */
  hangsUp(): void {
    this.listener?.({ type: 'remoteHangup' });
  }
}

function queueDef(name: string, overrides: Partial<QueueDefinition> = {}): QueueDefinition {
  return {
    name, skill: name, routing: 'longestIdle', serviceLevelSeconds: 20, announcementSeconds: 0, overflowQueue: null, overflowAfterSeconds: 0,
    wrapupSeconds: 0, completionCodes: ['done'], defaultCompletionCode: 'done', ...overrides,
  };
}

interface Floor {
  clock: VirtualClock;
  acd: EmbeddedAcd;
  desk: Desk;
  log: CallLog;
  /** A scripted caller dials `queue`; resolves once the ACD has handled the arrival. */
  call(queue: string): Promise<ScriptedCaller>;
  available(agentId: string, skills: Record<string, number>, available?: boolean): Promise<void>;
  settled(): Promise<void>;
}

let failures: unknown[] = [];
afterEach(() => {
  // A task that threw in the serial queue is a failed test, whatever it asserted.
  assert.deepEqual(failures, []);
  failures = [];
});

function floor(queues: QueueDefinition[]): Floor {
  const clock = new VirtualClock();
  const queue = new SerialQueue((error) => failures.push(error));
  clock.addSettler(() => queue.whenIdle());
  const desk = new Desk(clock);
  const log = new CallLog();
  const acd = new EmbeddedAcd({ clock, queue, desk, calls: log });
  acd.setQueues(queues);
  let calls = 0;
  const settled = (): Promise<void> => queue.whenIdle();
  return {
    clock, acd, desk, log, settled,
    async call(queueName) {
      const caller = new ScriptedCaller(`call-${++calls}`, queueName, clock);
      acd.arrive(caller);
      await settled();
      return caller;
    },
    async available(agentId, skills, available = true) {
      acd.setAgentAvailable(agentId, skills, available);
      await settled();
    },
  };
}

// ── routing ───────────────────────────────────────────────────────────────────

describe('routing', () => {
  it('longestIdle gives each call to the agent idle longest', async () => {
    const f = floor([queueDef('sales')]);
    await f.available('ann', { sales: 1 });
    await f.clock.advance(10 * SECOND);
    await f.available('bob', { sales: 1 });
    await f.clock.advance(10 * SECOND);
    await f.available('cid', { sales: 1 });

    const first = await f.call('sales');
    const second = await f.call('sales');
    await f.call('sales');

    assert.deepEqual(f.desk.taken(), [['call-1', 'ann'], ['call-2', 'bob'], ['call-3', 'cid']]);
    assert.equal(first.connected, true);
    assert.equal(first.music, 1, 'the caller heard music from arrival');
    assert.deepEqual(
      { result: f.log.of(second.id).result, agentId: f.log.of(second.id).agentId, answeredAt: f.log.of(second.id).answeredAt },
      { result: 'answered', agentId: 'bob', answeredAt: f.clock.now() },
    );
    assert.equal(f.acd.figuresOf('sales')?.agentsAvailable, 0);
  });

  it('mostSkilled gives the call to the best level, then to the one idle longest', async () => {
    const f = floor([queueDef('sales', { routing: 'mostSkilled' })]);
    await f.available('novice', { sales: 3 });
    await f.clock.advance(SECOND);
    await f.available('expert', { sales: 1 });
    await f.clock.advance(SECOND);
    await f.available('other-expert', { sales: 1 });
    await f.available('billing-only', { billing: 1 });

    for (let i = 0; i < 4; i++) await f.call('sales');

    assert.deepEqual(f.desk.taken(), [['call-1', 'expert'], ['call-2', 'other-expert'], ['call-3', 'novice']]);
    assert.equal(f.acd.waitingCalls('sales').length, 1, 'the agent without the skill never gets a sales call');
  });

  it('an agent who cannot take the call is passed over for the next one; if none can, the call waits', async () => {
    const f = floor([queueDef('sales')]);
    await f.available('ann', { sales: 1 });
    await f.available('bob', { sales: 1 });
    f.desk.refusing.add('ann');

    const first = await f.call('sales');
    assert.deepEqual(f.desk.offers.map((o) => o.agentId), ['ann', 'bob']);
    assert.equal(f.log.of(first.id).agentId, 'bob');

    const second = await f.call('sales');
    assert.deepEqual(f.desk.offers.slice(2).map((o) => o.agentId), ['ann'], 'bob is on the first call');
    assert.equal(second.connected, false);
    assert.deepEqual(f.acd.waitingCalls().map((c) => c.id), [second.id]);
    assert.equal(f.log.of(second.id).result, 'waiting');
  });

  it('a call waits while nobody is free and goes to the first agent made available', async () => {
    const f = floor([queueDef('sales')]);
    const caller = await f.call('sales');
    await f.clock.advance(25 * SECOND);

    assert.equal(caller.connected, false);
    const waiting = f.acd.figuresOf('sales');
    assert.equal(waiting?.waiting, 1);
    assert.equal(waiting?.oldestWaitSeconds, 25);

    await f.available('ann', { sales: 1 });
    assert.equal(caller.connected, true);
    assert.deepEqual(f.desk.taken(), [[caller.id, 'ann']]);
    assert.equal(f.log.of(caller.id).answeredAt, caller.arrivedAt + 25 * SECOND);
    assert.equal(f.acd.figuresOf('sales')?.waiting, 0);
  });

  it('a freed agent takes the oldest call across the queues it serves', async () => {
    const f = floor([queueDef('sales'), queueDef('billing')]);
    const oldest = await f.call('billing');
    await f.clock.advance(5 * SECOND);
    const sales = await f.call('sales');
    await f.clock.advance(5 * SECOND);
    await f.call('billing');

    await f.available('bob', { sales: 1, billing: 2 });
    await f.available('ann', { sales: 1 });

    assert.deepEqual(f.desk.taken(), [[oldest.id, 'bob'], [sales.id, 'ann']]);
  });

  it('an agent logged out of the ACD gets no more calls and is no longer staffed', async () => {
    const f = floor([queueDef('sales')]);
    assert.equal(await f.acd.login('ann', '5001'), 0);
    await f.available('ann', { sales: 1 });
    assert.equal(f.acd.state('ann'), 'AutoIn');
    assert.equal(f.acd.figuresOf('sales')?.agentsStaffed, 1);

    await f.acd.logout('ann');
    await f.settled();
    await f.call('sales');

    assert.equal(f.acd.state('ann'), 'LoggedOut');
    assert.deepEqual(f.desk.offers, []);
    assert.equal(f.acd.figuresOf('sales')?.agentsStaffed, 0);
  });
});

// ── waiting ───────────────────────────────────────────────────────────────────

describe('waiting', () => {
  it('a caller whose patience runs out abandons: counted, and the row says abandoned', async () => {
    const f = floor([queueDef('sales')]);
    const counters: InboundTrafficCounters = { arrivals: 0, gaveUp: 0, talked: 0, announcements: 0, music: 0 };
    const caller = new SimulatedInboundCall('sim-in-1', 'sales', { callingNumber: '+13125550199', patienceMs: 30 * SECOND, talkMs: 0 }, f.clock, counters);
    f.acd.arrive(caller);
    await f.settled();

    await f.clock.advance(29 * SECOND);
    assert.equal(f.acd.figuresOf('sales')?.waiting, 1);
    await f.clock.advance(SECOND);

    const figures = f.acd.figuresOf('sales');
    assert.equal(figures?.waiting, 0);
    assert.equal(figures?.abandoned, 1);
    const row = f.log.of(caller.id);
    assert.deepEqual({ result: row.result, endedAt: row.endedAt, callingNumber: row.callingNumber }, {
      result: 'abandoned', endedAt: caller.arrivedAt + 30 * SECOND, callingNumber: '+13125550199',
    });

    // An agent freed afterwards gets nothing.
    await f.available('ann', { sales: 1 });
    assert.deepEqual(f.desk.offers, []);
  });

  it('a waiting caller hears an announcement every announcementSeconds, until answered', async () => {
    const f = floor([queueDef('sales', { announcementSeconds: 20 })]);
    const caller = await f.call('sales');
    await f.clock.advance(65 * SECOND);
    assert.deepEqual(caller.announcements, [20_000, 40_000, 60_000]);

    await f.available('ann', { sales: 1 });
    await f.clock.advance(120 * SECOND);
    assert.deepEqual(caller.announcements, [20_000, 40_000, 60_000], 'no announcement once connected');
  });

  it('a queue without announcements plays music only', async () => {
    const f = floor([queueDef('sales', { announcementSeconds: 0 })]);
    const caller = await f.call('sales');
    await f.clock.advance(300 * SECOND);
    assert.deepEqual(caller.announcements, []);
    assert.equal(caller.music, 1);
  });

  it('a call still waiting after overflowAfterSeconds moves to the overflow queue and is answered there', async () => {
    const f = floor([queueDef('sales', { overflowQueue: 'backup', overflowAfterSeconds: 60 }), queueDef('backup')]);
    await f.available('bob', { backup: 1 });
    const caller = await f.call('sales');

    await f.clock.advance(59 * SECOND);
    assert.equal(caller.connected, false);
    assert.deepEqual(f.acd.waitingCalls('sales').map((c) => c.id), [caller.id]);

    await f.clock.advance(SECOND);
    assert.equal(caller.connected, true);
    assert.deepEqual(f.desk.taken(), [[caller.id, 'bob']]);
    const row = f.log.of(caller.id);
    assert.deepEqual({ queue: row.queue, overflowedFrom: row.overflowedFrom, result: row.result }, { queue: 'backup', overflowedFrom: 'sales', result: 'answered' });

    const sales = f.acd.figuresOf('sales');
    const backup = f.acd.figuresOf('backup');
    assert.deepEqual({ offered: sales?.offered, overflowed: sales?.overflowed, answered: sales?.answered, sl: sales?.serviceLevelPercent }, {
      offered: 1, overflowed: 1, answered: 0, sl: null,
    });
    assert.deepEqual({ offered: backup?.offered, answered: backup?.answered, asa: backup?.averageSpeedOfAnswerSeconds }, {
      offered: 1, answered: 1, asa: 60,
    }, 'the wait counts from the caller’s arrival');
  });

  it('a call the store cannot record is hung up, never routed', async () => {
    const clock = new VirtualClock();
    const queue = new SerialQueue((error) => failures.push(error));
    const desk = new Desk(clock);
    const broken = { insert: () => Promise.reject(new Error('disk full')), update: () => Promise.resolve() };
    const acd = new EmbeddedAcd({ clock, queue, desk, calls: broken });
    acd.setQueues([queueDef('sales')]);
    acd.setAgentAvailable('ann', { sales: 1 }, true);
    const caller = new ScriptedCaller('call-1', 'sales', clock);
    acd.arrive(caller);
    await queue.whenIdle();
    assert.equal(caller.hungUpByAcd, true);
    assert.deepEqual(desk.offers, []);
    assert.deepEqual(acd.waitingCalls(), []);
  });

  it('a call to a queue nobody defines is hung up and kept as abandoned', async () => {
    const f = floor([queueDef('sales')]);
    const caller = await f.call('nowhere');
    assert.equal(caller.hungUpByAcd, true);
    assert.equal(f.log.of(caller.id).result, 'abandoned');
    assert.equal(f.log.of(caller.id).endedAt, f.clock.now());
    assert.deepEqual(f.acd.waitingCalls(), []);
  });
});

// ── delivered calls ───────────────────────────────────────────────────────────

describe('delivered calls', () => {
  it('the caller hanging up on a delivered call reaches the desk; after callEnded nothing more does', async () => {
    const f = floor([queueDef('sales')]);
    await f.acd.login('ann', '5001');
    await f.available('ann', { sales: 1 });
    const caller = await f.call('sales');
    assert.equal(f.acd.state('ann'), 'OnCall');

    await f.clock.advance(90 * SECOND);
    caller.hangsUp();
    await f.settled();
    assert.deepEqual(f.desk.hungUp, [caller.id]);
    assert.equal(f.log.of(caller.id).endedAt, caller.arrivedAt + 90 * SECOND);

    f.acd.callEnded(caller.id);
    await f.settled();
    assert.equal(f.acd.state('ann'), 'Aux', 'off the call, not available until the agent manager says so');
    caller.hangsUp();
    await f.settled();
    assert.deepEqual(f.desk.hungUp, [caller.id]);
  });

  it('the agent releasing first ends the row at the release', async () => {
    const f = floor([queueDef('sales')]);
    await f.available('ann', { sales: 1 });
    const caller = await f.call('sales');
    await f.clock.advance(40 * SECOND);
    f.acd.callEnded(caller.id);
    await f.settled();
    assert.equal(f.log.of(caller.id).endedAt, caller.arrivedAt + 40 * SECOND);
  });
});

// ── figures ───────────────────────────────────────────────────────────────────

describe('figures', () => {
  /*
   * Threshold 20 s. Answered after 0 s and 20 s (both within), after 30 s (not within); abandoned after
   * 10 s (before the threshold: left out of the service level) and after 40 s (counts against it).
   * SL = 2 ÷ (3 answered + 1 abandoned late) = 50 %; ASA = (0 + 20 + 30) ÷ 3 = 16.67 s.
   */
  it('service level and average speed of answer on a hand-checked day', async () => {
    const f = floor([queueDef('sales', { serviceLevelSeconds: 20 })]);
    await f.available('ann', { sales: 1 });
    await f.call('sales'); // answered at once by ann
    await f.call('sales'); // call-2 waits
    await f.clock.advance(20 * SECOND);
    await f.available('bob', { sales: 1 }); // call-2 answered after 20 s
    await f.call('sales'); // call-3 waits
    await f.clock.advance(30 * SECOND);
    await f.available('cid', { sales: 1 }); // call-3 answered after 30 s

    const early = await f.call('sales');
    const late = await f.call('sales');
    await f.clock.advance(10 * SECOND);
    early.hangsUp();
    await f.clock.advance(30 * SECOND);
    late.hangsUp();
    await f.settled();

    const figures = f.acd.figuresOf('sales');
    assert.ok(figures);
    assert.deepEqual(
      { offered: figures.offered, answered: figures.answered, abandoned: figures.abandoned, within: figures.answeredWithinThreshold, waiting: figures.waiting },
      { offered: 5, answered: 3, abandoned: 2, within: 2, waiting: 0 },
    );
    assert.equal(figures.serviceLevelPercent, 50);
    assert.ok(Math.abs(figures.averageSpeedOfAnswerSeconds! - 50 / 3) < 1e-9, String(figures.averageSpeedOfAnswerSeconds));
    assert.equal(figures.serviceLevelSeconds, 20);
    assert.deepEqual({ staffed: figures.agentsStaffed, available: figures.agentsAvailable }, { staffed: 3, available: 0 });
  });

  it('before any call, service level and speed of answer are null', () => {
    const f = floor([queueDef('sales'), queueDef('billing')]);
    assert.deepEqual(f.acd.figures().map((q) => [q.queue, q.serviceLevelPercent, q.averageSpeedOfAnswerSeconds]), [
      ['sales', null, null], ['billing', null, null],
    ]);
    assert.equal(f.acd.figuresOf('nowhere'), undefined);
  });

  it('counters start again at midnight UTC; waiting calls stay', async () => {
    const f = floor([queueDef('sales')]);
    await f.call('sales');
    await f.call('sales');
    assert.equal(f.acd.figuresOf('sales')?.offered, 2);

    const midnight = Math.ceil((f.clock.now() + 1) / 86_400_000) * 86_400_000;
    await f.clock.runUntil(midnight);
    const figures = f.acd.figuresOf('sales');
    assert.deepEqual({ offered: figures?.offered, waiting: figures?.waiting }, { offered: 0, waiting: 2 });
  });
});

describe('queue definitions', () => {
  it('setQueues replaces the definitions; a removed queue keeps its waiting calls', async () => {
    const f = floor([queueDef('sales'), queueDef('billing')]);
    const caller = await f.call('billing');
    f.acd.setQueues([queueDef('sales', { serviceLevelSeconds: 30 })]);
    await f.settled();

    assert.deepEqual(f.acd.queueDefinitions().map((q) => q.name), ['sales']);
    assert.equal(f.acd.queueDefinition('sales')?.serviceLevelSeconds, 30);
    assert.equal(f.acd.queueDefinition('billing'), undefined);
    assert.deepEqual(f.acd.waitingCalls().map((c) => c.id), [caller.id]);
    assert.throws(() => f.acd.setQueues([queueDef('x'), queueDef('x')]), /defined twice/);
    assert.deepEqual(f.acd.queueDefinitions().map((q) => q.name), ['sales'], 'a refused change changes nothing');
  });

  it('a queue defined after calls wait routes them to agents already free', async () => {
    const f = floor([queueDef('sales', { skill: 'nobody-has-this' })]);
    await f.available('ann', { sales: 1 });
    const caller = await f.call('sales');
    assert.equal(caller.connected, false);

    f.acd.setQueues([queueDef('sales')]);
    await f.settled();
    assert.equal(caller.connected, true);
  });
});

describe('logins (no queues)', () => {
  it('an extension taken by another agent is refused; Aux after login', async () => {
    const acd = new EmbeddedAcd();
    assert.equal(await acd.login('ann', '5001'), 0);
    assert.equal(await acd.login('bob', '5001'), ACD_EXTENSION_IN_USE);
    assert.equal(acd.state('ann'), 'Aux');
    assert.equal(acd.state('bob'), 'LoggedOut');
    await acd.logout('ann');
    assert.equal(acd.state('ann'), 'LoggedOut');
  });
});
