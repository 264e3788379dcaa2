import type { AttemptRecord, AttemptResult, AttemptKind, CampaignRecord, ContactRecord } from '../store/records.ts';
import type { CallEvent, DialFailReason, Network, NetworkCall } from '../telephony/network.ts';
import type { Clock, TimerHandle } from '../clock/clock.ts';
import type { Store } from '../store/store.ts';
import type { SerialQueue } from './serial-queue.ts';
import type { CallPhase } from './call-phase.ts';
import type { AbandonLedger } from './compliance/abandon-ledger.ts';
import type { CampaignModel } from './pacing/campaign-model.ts';
import type { DialerOptions } from './dialer-options.ts';
import { outcomeOfResult } from './contact-outcome.ts';

const SECOND = 1000;

/** What the job's calls need of an agent: who it is. */
export interface CallAgent {
  readonly agentId: string;
}

/**
 * What the job's calls need of a call (outbound-call.ts's OutboundCall): a narrow view, so that this file
 * depends on neither the call's class nor the agent's session.
 */
export interface PlacedCall<Agent extends CallAgent> {
  phase: CallPhase;
  attempt: AttemptRecord | null;
  number: string | null;
  networkCall: NetworkCall | null;
  agent: Agent | null;
  result: AttemptResult | null;
  answeredAt: number | null;
  abandonTimer: TimerHandle | null;
  readonly contact: ContactRecord;
  readonly kind: AttemptKind;
  readonly isLive: boolean;
}

/** What the job's calls need of the job that places them (job-runner.ts) and of the dialer that runs it. */
export interface JobCallsHost<Call, Agent> {
  readonly store: Store;
  readonly clock: Clock;
  readonly network: Network;
  readonly queue: SerialQueue;
  readonly options: DialerOptions;
  readonly jobId: number;
  campaign(): CampaignRecord;
  readonly ledger: AbandonLedger;
  readonly model: CampaignModel;
  /** The contacts the job holds (contact-picker.ts). */
  readonly contactsInHand: Set<number>;
  noAnswerTimeoutMs(): number;
  /** The agent idle longest, if any is free. */
  longestIdleAgent(): Agent | undefined;
  pace(): Promise<void>;
  finishIfDrained(): Promise<void>;
  /** The agent side of a call (the dialer's call desk). */
  agentCallFailed(call: Call, reason: DialFailReason | 'Answer_Machine'): Promise<void>;
  customerAnswered(call: Call): Promise<void>;
  customerHungUp(call: Call): Promise<void>;
  deliverConnected(call: Call, agent: Agent): Promise<void>;
}

/**
 * A job's calls on the network: placed (the attempt stored first), rung, answered, detected as machines,
 * connected to an agent or left waiting for one, abandoned, ended; with what the pacer expects of each call
 * still ringing and what the job learns of its dials. Runs inside the dialer's queue.
 */
export class JobCalls<Call extends PlacedCall<Agent>, Agent extends CallAgent> {
  /** Dialed by the pacer and not yet with an agent or ended. */
  readonly outstanding = new Set<Call>();
  /** Answered, waiting for an agent (oldest first). */
  readonly waiting: Call[] = [];
  /** Calls the pacer placed that still ring, with the abandons expected of each and whether AMD listens. */
  private readonly flight = new Map<Call, { risk: number; amd: boolean; token: number }>();
  /** The abandons expected of the calls in flight. */
  flightRisk = 0;
  readonly learned = { dials: 0, completed: 0, live: 0 };

  constructor(private readonly host: JobCallsHost<Call, Agent>) {}

  /** Places the call: the attempt is stored before the network is asked. `risk`: the abandons the pacer expects of it. */
  async dial(call: Call, phone: { number: string; timezone: string }, risk = 0): Promise<void> {
    const store = this.host.store;
    const now = this.host.clock.now();
    call.number = phone.number;
    call.attempt = await store.attempts.insert({
      jobId: this.host.jobId, campaignId: this.host.campaign().id, contactId: call.contact.id, number: phone.number,
      kind: call.kind, dialedAt: now, agentId: call.agent?.agentId ?? null,
    });
    call.phase = 'dialing';
    this.learned.dials++;
    const amd = this.host.campaign().amd && !call.agent;
    if (!call.agent) {
      this.outstanding.add(call);
      this.flight.set(call, { risk, amd, token: this.host.model.outcomes.dialed(now) });
      this.flightRisk += risk;
    }
    call.networkCall = this.host.network.dial({
      number: phone.number,
      noAnswerTimeoutMs: this.host.noAnswerTimeoutMs(),
      callerId: this.host.campaign().callerId,
      amd,
      onEvent: (event) => this.host.queue.push(() => this.onCallEvent(call, event)),
    });
  }

  private async onCallEvent(call: Call, event: CallEvent): Promise<void> {
    if (call.phase === 'ended') return;
    switch (event.type) {
      case 'failed':
        await this.dialFailed(call, event.reason);
        return;
      case 'answered':
        await this.answered(call, event.detected);
        return;
      case 'remoteHangup':
        await this.remoteHangup(call);
        return;
    }
  }

  /** A call has an outcome: the pacer's calls teach the model their outcome and ring time. */
  private noteCompleted(live: boolean, call: Call): { amd: boolean } | undefined {
    this.learned.completed++;
    if (live) this.learned.live++;
    const flown = this.flight.get(call);
    if (!flown) return undefined;
    this.flight.delete(call);
    this.flightRisk = this.flight.size === 0 ? 0 : this.flightRisk - flown.risk;
    this.host.model.outcomes.resolved(flown.token, live ? 'live' : 'other', this.host.clock.now());
    return flown;
  }

  private async dialFailed(call: Call, reason: DialFailReason): Promise<void> {
    this.noteCompleted(false, call);
    if (call.agent) {
      await this.host.agentCallFailed(call, reason);
      return;
    }
    await this.endAttempt(call, reason);
  }

  private async answered(call: Call, detected: 'human' | 'machine'): Promise<void> {
    const store = this.host.store;
    const now = this.host.clock.now();
    call.answeredAt = now;
    if (detected === 'machine' && this.host.campaign().answeringMachineAction !== 'connect') {
      // AMD hung up: now and then a person, counted abandoned by the ledger's estimate.
      if (this.noteCompleted(false, call)?.amd) this.host.ledger.recordAmdHangup(now);
      await store.attempts.update(call.attempt!.id, { answeredAt: now, amdHangup: true });
      if (this.host.campaign().answeringMachineAction === 'message') call.networkCall?.playMessageAndHangup(this.host.options.machineMessageMs);
      else if (this.host.campaign().amdEstimates.falsePositive > 0) {
        // Detection errs now and then: whoever is on the line hears the abandon message, as every abandon must.
        call.networkCall?.playMessageAndHangup(this.host.options.abandonMessageMs);
      } else call.networkCall?.hangup();
      if (call.agent) await this.host.agentCallFailed(call, 'Answer_Machine');
      else await this.endAttempt(call, 'Answer_Machine');
      return;
    }
    const flown = this.noteCompleted(true, call);
    if (call.agent) {
      // Preview and callback: the agent is already on the line.
      await store.attempts.update(call.attempt!.id, { answeredAt: now });
      await this.host.customerAnswered(call);
      return;
    }
    if (flown?.amd && detected === 'human') this.host.ledger.recordDetectedHuman(now);
    else this.host.ledger.recordLiveAnswer(now);
    const agent = this.host.longestIdleAgent();
    if (agent) {
      // Answered and connected in one write.
      await this.connect(call, agent, now);
      return;
    }
    await store.attempts.update(call.attempt!.id, { answeredAt: now });
    call.phase = 'waiting';
    this.waiting.push(call);
    call.abandonTimer = this.host.clock.setTimer(this.host.campaign().pacing.connectWithinSeconds * SECOND, () => {
      this.host.queue.push(() => this.abandon(call));
    });
    await this.host.pace();
  }

  /** No agent came in time: the customer hears the recorded message and the call counts as abandoned. */
  private async abandon(call: Call): Promise<void> {
    if (call.phase !== 'waiting') return;
    this.removeWaiting(call);
    call.networkCall?.playMessageAndHangup(this.host.options.abandonMessageMs);
    await this.endAttempt(call, 'Abandoned', { abandoned: true });
  }

  private removeWaiting(call: Call): void {
    const i = this.waiting.indexOf(call);
    if (i >= 0) this.waiting.splice(i, 1);
    call.abandonTimer?.cancel();
  }

  /** Bridges the customer to the agent; `answeredAt` when the answer is written with the connection. */
  async connect(call: Call, agent: Agent, answeredAt?: number): Promise<void> {
    const now = this.host.clock.now();
    this.leaveFlight(call);
    this.outstanding.delete(call);
    call.networkCall?.connect();
    call.agent = agent;
    call.phase = 'connected';
    await this.host.store.attempts.update(call.attempt!.id, answeredAt === undefined ? { connectedAt: now, agentId: agent.agentId } : { answeredAt, connectedAt: now, agentId: agent.agentId });
    call.attempt!.connectedAt = now;
    await this.host.deliverConnected(call, agent);
  }

  private async remoteHangup(call: Call): Promise<void> {
    if (call.phase === 'waiting') {
      // The customer gave up before an agent came: abandoned all the same.
      this.removeWaiting(call);
      await this.endAttempt(call, 'Abandoned', { abandoned: true });
      return;
    }
    if (call.agent && call.isLive) await this.host.customerHungUp(call);
  }

  /** Ends an attempt that never reached an agent, and moves the contact on. */
  async endAttempt(call: Call, result: AttemptResult, flags: { abandoned?: boolean } = {}): Promise<void> {
    const store = this.host.store;
    const now = this.host.clock.now();
    call.phase = 'ended';
    call.result = result;
    this.leaveFlight(call);
    this.outstanding.delete(call);
    this.host.contactsInHand.delete(call.contact.id);
    if (flags.abandoned) this.host.ledger.recordAbandon(now);
    await store.attempts.update(call.attempt!.id, { endedAt: now, result, abandoned: flags.abandoned ?? false });
    await store.contacts.recordOutcome(call.contact.id, outcomeOfResult(this.host.campaign(), result, call.contact.attempts + 1, now));
    await this.host.pace();
    await this.host.finishIfDrained();
  }

  /** The contact is done with (disposed, cancelled, failed): forget it. */
  release(call: Call): void {
    this.host.contactsInHand.delete(call.contact.id);
    this.leaveFlight(call);
    this.outstanding.delete(call);
  }

  private leaveFlight(call: Call): void {
    const flown = this.flight.get(call);
    if (!flown) return;
    this.flight.delete(call);
    this.flightRisk = this.flight.size === 0 ? 0 : this.flightRisk - flown.risk;
  }
}
