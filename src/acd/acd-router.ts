import type { Log } from '../log/log.ts';
import type { InboundNetworkCall } from '../telephony/inbound.ts';
import { TrackedCall } from './acd-call.ts';
import type { AcdCall } from './acd-call.ts';
import type { AcdFloor } from './acd-floor.ts';
import type { EmbeddedAcdDeps } from './embedded-acd.ts';
import { candidatesFor } from './routing.ts';
import type { AcdAgent } from './routing.ts';
import type { QueueDefinition } from './queue-types.ts';

/**
 * The ACD's call handling: arrivals, waiting (music, announcements, overflow, abandons) and delivery
 * to agents. Every trigger — an arrival, a network event, a timer — runs its work in the serial queue;
 * the methods the EmbeddedAcd calls (serveAgent, offerWaitingCalls, callEnded) already run there.
 */
export class AcdRouter {
  private arrivals = 0;

  constructor(
    private readonly floor: AcdFloor,
    private readonly deps: EmbeddedAcdDeps,
    private readonly log: Log,
  ) {}

  arrive(network: InboundNetworkCall): void {
    const call: AcdCall = {
      id: network.id, network, queue: network.queue, originalQueue: network.queue, arrivedAt: network.arrivedAt, answeredAt: null, recordId: 0,
    };
    const tracked = new TrackedCall(call, ++this.arrivals);
    this.floor.calls.set(call.id, tracked);
    // Listen at once, so a hang-up while the arrival waits in the serial queue is not missed.
    network.onEvent((event) => {
      if (event.type !== 'remoteHangup' || this.floor.calls.get(call.id) !== tracked) return;
      tracked.callerGone = true;
      this.run(() => this.callerHungUp(tracked));
    });
    this.run(() => this.admit(tracked));
  }

  /** A newly free agent takes the oldest waiting call (by the caller's arrival) among the queues it serves. */
  async serveAgent(agent: AcdAgent): Promise<void> {
    const oldest = this.floor.oldestCallFor(agent);
    if (oldest) await this.deliver(oldest, agent);
  }

  /** After the queues changed: each waiting call, oldest first, goes to a free agent if one can take it. */
  async offerWaitingCalls(): Promise<void> {
    for (const tracked of this.floor.routableCalls()) {
      const def = this.floor.definitionOf(tracked.call.queue);
      if (def) await this.offerToAgents(tracked, def);
    }
  }

  async callEnded(callId: string): Promise<void> {
    const tracked = this.floor.calls.get(callId);
    if (!tracked || tracked.phase !== 'delivered') return;
    this.floor.forget(tracked);
    const agent = tracked.agentId === null ? undefined : this.floor.agents.get(tracked.agentId);
    if (agent?.onCall === callId) agent.onCall = null;
    await this.endRow(tracked);
  }

  private async admit(tracked: TrackedCall): Promise<void> {
    const { call } = tracked;
    const { calls, clock } = this.deps;
    try {
      const row = await calls.insert({ callId: call.id, queue: call.queue, callingNumber: call.network.callingNumber, arrivedAt: call.arrivedAt });
      call.recordId = row.id;
    } catch (err) {
      // Nothing is lost: a call the ACD cannot record is not taken.
      this.log.error({ err, callId: call.id, queue: call.queue }, 'inbound call not recorded: hung up');
      this.floor.forget(tracked);
      call.network.hangup();
      return;
    }
    const def = this.floor.definitionOf(call.queue);
    if (!def) {
      // The caller dialed a queue nobody defines: hung up and kept as abandoned, so the abandoned-call
      // report shows the administrator the calls the missing queue cost.
      this.log.warn({ callId: call.id, queue: call.queue }, 'inbound call to an undefined queue: hung up');
      this.floor.forget(tracked);
      call.network.hangup();
      tracked.rowEnded = true;
      await calls.update(call.recordId, { result: 'abandoned', endedAt: clock.now() });
      return;
    }
    call.network.playMusic();
    this.enterQueue(tracked, def);
    await this.offerToAgents(tracked, def);
  }

  /** The call waits in `def`'s queue: offered there, with that queue's announcements and overflow. */
  private enterQueue(tracked: TrackedCall, def: QueueDefinition): void {
    const { clock } = this.deps;
    const entry = ++tracked.entry;
    tracked.phase = 'waiting';
    tracked.call.queue = def.name;
    const queue = this.floor.queueNamed(def.name);
    queue.add(tracked);
    queue.countOffered(clock.now());
    if (def.announcementSeconds > 0) this.scheduleAnnouncement(tracked, entry, def.announcementSeconds * 1000);
    if (def.overflowQueue !== null) {
      // Measured from entering this queue: a chain of overflows waits each queue's own time.
      tracked.overflowTimer = clock.setTimer(def.overflowAfterSeconds * 1000, () => {
        tracked.overflowTimer = null;
        this.run(() => this.overflow(tracked, entry));
      });
    }
  }

  /** Every `periodMs` while the call waits in the queue it entered as `entry`. */
  private scheduleAnnouncement(tracked: TrackedCall, entry: number, periodMs: number): void {
    tracked.announcementTimer = this.deps.clock.setTimer(periodMs, () => {
      this.scheduleAnnouncement(tracked, entry, periodMs);
      this.run(() => {
        if (tracked.entry === entry && tracked.deliverable) tracked.call.network.announce();
      });
    });
  }

  /** Reads the queue's definition as it is now: an overflow removed meanwhile does not happen. */
  private async overflow(tracked: TrackedCall, entry: number): Promise<void> {
    if (tracked.entry !== entry || !tracked.deliverable) return;
    const { call } = tracked;
    const targetName = this.floor.definitionOf(call.queue)?.overflowQueue;
    if (targetName === undefined || targetName === null || targetName === call.queue) return;
    const target = this.floor.definitionOf(targetName);
    if (!target) {
      this.log.warn({ callId: call.id, queue: call.queue, overflowQueue: targetName }, 'overflow queue not defined: the call keeps waiting');
      return;
    }
    const source = this.floor.queueNamed(call.queue);
    source.remove(tracked);
    source.countOverflowed(this.deps.clock.now());
    tracked.cancelTimers();
    this.enterQueue(tracked, target);
    await this.deps.calls.update(call.recordId, { queue: target.name, overflowedFrom: call.originalQueue });
    await this.offerToAgents(tracked, target);
  }

  private async callerHungUp(tracked: TrackedCall): Promise<void> {
    const { call } = tracked;
    if (tracked.phase === 'waiting') {
      const now = this.deps.clock.now();
      const queue = this.floor.queueNamed(call.queue);
      queue.remove(tracked);
      queue.countAbandoned(now, now - call.arrivedAt);
      this.floor.forget(tracked);
      tracked.rowEnded = true;
      await this.deps.calls.update(call.recordId, { result: 'abandoned', endedAt: now });
    } else if (tracked.phase === 'delivered') {
      await this.endRow(tracked);
      await this.deps.desk.customerHungUp(call);
    }
  }

  /** Tries the queue's available agents, best first, until one takes the call; else it keeps waiting. */
  private async offerToAgents(tracked: TrackedCall, def: QueueDefinition): Promise<void> {
    for (const agent of candidatesFor(def, this.floor.agents.values())) {
      if (!tracked.deliverable || tracked.call.queue !== def.name) return;
      // An earlier offer in this pass may have changed who is free.
      if (!agent.available || this.floor.agents.get(agent.id) !== agent) continue;
      if (await this.deliver(tracked, agent)) return;
    }
  }

  /**
   * Offers the call to one agent. Taken: the agent is busy until the agent manager makes it available
   * again, and the network bridges the caller (after the desk accepted, so a refused call keeps its
   * music).
   */
  private async deliver(tracked: TrackedCall, agent: AcdAgent): Promise<boolean> {
    const { call } = tracked;
    if (!(await this.deps.desk.deliver(agent.id, call))) return false;
    const now = this.deps.clock.now();
    const queue = this.floor.queueNamed(call.queue);
    queue.remove(tracked);
    queue.countAnswered(now, now - call.arrivedAt);
    tracked.cancelTimers();
    tracked.phase = 'delivered';
    tracked.agentId = agent.id;
    agent.available = false;
    agent.onCall = call.id;
    call.answeredAt = now;
    call.network.connect();
    await this.deps.calls.update(call.recordId, { answeredAt: now, agentId: agent.id, result: 'answered' });
    return true;
  }

  /** A delivered call's row gets its end once: the caller's hang-up or the agent's release, whichever comes first. */
  private async endRow(tracked: TrackedCall): Promise<void> {
    if (tracked.rowEnded) return;
    tracked.rowEnded = true;
    await this.deps.calls.update(tracked.call.recordId, { endedAt: this.deps.clock.now() });
  }

  private run(task: () => Promise<void> | void): void {
    this.deps.queue.push(task);
  }
}
