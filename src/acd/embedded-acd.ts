import type { Clock } from '../clock/clock.ts';
import type { SerialQueue } from '../dialer/serial-queue.ts';
import { SILENT_LOG } from '../log/log.ts';
import type { Log } from '../log/log.ts';
import type { InboundCallRepository } from '../store/store.ts';
import type { InboundNetworkCall } from '../telephony/inbound.ts';
import type { AcdCall } from './acd-call.ts';
import type { AcdAgentState, AcdApi } from './acd-api.ts';
import { AcdFloor } from './acd-floor.ts';
import { AcdRouter } from './acd-router.ts';
import type { QueueDefinition, QueueFigures } from './queue-types.ts';

export type { AcdCall } from './acd-call.ts';

/** Error code when the extension is already taken by another agent on the ACD. */
export const ACD_EXTENSION_IN_USE = 10;

/** Where the ACD sends calls: the dialer's agent manager fills it. */
export interface AcdAgentDesk {
  /**
   * Ring the agent's station with the call (auto-answer). false: the agent cannot take it now; the ACD
   * tries another agent or keeps the call waiting. Runs inside the serial queue: it must not wait for
   * the queue to be idle.
   */
  deliver(agentId: string, call: AcdCall): Promise<boolean>;
  /** The caller of a delivered call hung up. */
  customerHungUp(call: AcdCall): Promise<void>;
}

export interface EmbeddedAcdDeps {
  clock: Clock;
  /** The dialer's serial queue: routing never races the agent manager. */
  queue: SerialQueue;
  desk: AcdAgentDesk;
  calls: Pick<InboundCallRepository, 'insert' | 'update'>;
  log?: Log;
}

/**
 * The ACD in this process: agent logins (the CTI server's AcdApi) and, given its deps, inbound queues
 * that route arriving calls to the agents the agent manager makes available.
 *
 * Every external trigger (an arrival, a network event, a timer, setAgentAvailable, callEnded, logout,
 * setQueues) does its work in the dialer's serial queue. Without deps it only does logins.
 */
export class EmbeddedAcd implements AcdApi {
  private readonly logins = new Map<string, { extension: string }>();
  private readonly floor: AcdFloor;
  /** Null without deps: logins only. */
  private readonly router: AcdRouter | null;
  private availabilities = 0;

  constructor(private readonly deps?: EmbeddedAcdDeps) {
    // Without deps there is no clock, and nothing is counted: time 0 serves.
    this.floor = new AcdFloor(() => deps?.clock.now() ?? 0);
    this.router = deps ? new AcdRouter(this.floor, deps, deps.log ?? SILENT_LOG) : null;
  }

  // ── AcdApi: logins ─────────────────────────────────────────────────────────

  async login(agentId: string, extension: string): Promise<number> {
    for (const [id, agent] of this.logins) if (id !== agentId && agent.extension === extension) return ACD_EXTENSION_IN_USE;
    this.logins.set(agentId, { extension });
    return 0;
  }

  /**
   * Resolves at once (it may be called from inside the serial queue); the agent leaves routing in the
   * serial queue, after whatever the agent manager said before.
   */
  async logout(agentId: string): Promise<void> {
    this.logins.delete(agentId);
    this.run(() => void this.floor.agents.delete(agentId));
  }

  /** Aux after login; AutoIn while available for inbound; OnCall on an ACD call until callEnded. */
  state(agentId: string): AcdAgentState {
    if (!this.logins.has(agentId)) return 'LoggedOut';
    const agent = this.floor.agents.get(agentId);
    if (agent?.onCall) return 'OnCall';
    return agent?.available ? 'AutoIn' : 'Aux';
  }

  // ── queues ─────────────────────────────────────────────────────────────────

  /**
   * Replaces the definitions; throws (and changes nothing) on a duplicate name. Calls waiting in a
   * removed queue stay until their caller hangs up. Timers already set for waiting calls keep their
   * times; an overflow reads the queue's current definition when it is due.
   */
  setQueues(defs: readonly QueueDefinition[]): void {
    this.floor.setDefinitions(defs);
    // A new queue or skill may match agents already free.
    const router = this.router;
    if (router) this.run(() => router.offerWaitingCalls());
  }

  queueDefinitions(): QueueDefinition[] {
    return this.floor.definitionList();
  }

  queueDefinition(name: string): QueueDefinition | undefined {
    return this.floor.definitionList().find((d) => d.name === name);
  }

  /** One per defined queue, in definition order. Counters run since the ACD started, from 0 again at each midnight UTC of the clock. */
  figures(): QueueFigures[] {
    return this.floor.figures();
  }

  figuresOf(queue: string): QueueFigures | undefined {
    const def = this.floor.definitionOf(queue);
    return def && this.floor.figuresFor(def);
  }

  /** Calls waiting now, oldest arrival first: in one queue, or in all. */
  waitingCalls(queue?: string): AcdCall[] {
    return this.floor.waitingCalls(queue).map((tracked) => tracked.call);
  }

  // ── agents ─────────────────────────────────────────────────────────────────

  /**
   * The agent manager says the agent takes inbound calls now (AutoIn, idle since now) or not (Aux, or
   * busy elsewhere). skills: skill → level (1 best). An agent already available keeps its idle-since
   * time (only its skills change). A newly available agent takes the oldest waiting call among the
   * queues it serves.
   */
  setAgentAvailable(agentId: string, skills: Readonly<Record<string, number>>, available: boolean): void {
    const at = this.deps?.clock.now() ?? 0;
    this.run(async () => {
      let agent = this.floor.agents.get(agentId);
      if (!agent) {
        agent = { id: agentId, skills: {}, available: false, idleSince: at, availableOrder: 0, onCall: null };
        this.floor.agents.set(agentId, agent);
      }
      agent.skills = { ...skills };
      if (available && !agent.available) {
        agent.idleSince = at;
        agent.availableOrder = ++this.availabilities;
      }
      agent.available = available;
      if (available) await this.router?.serveAgent(agent);
    });
  }

  // ── calls ──────────────────────────────────────────────────────────────────

  /** InboundCallSink: a call arrives. Without deps (no queues can route) the call is hung up. */
  arrive(call: InboundNetworkCall): void {
    if (this.router) this.router.arrive(call);
    else call.hangup();
  }

  /**
   * The agent side ended a delivered call (the agent released, or after the caller hung up): counted
   * as ended and no longer listened to. The desk hangs up the network call itself.
   */
  callEnded(callId: string): void {
    const router = this.router;
    if (router) this.run(() => router.callEnded(callId));
  }

  /** In the serial queue when there is one; without deps (logins only) at once. */
  private run(task: () => Promise<void> | void): void {
    if (this.deps) this.deps.queue.push(task);
    else void task();
  }
}
