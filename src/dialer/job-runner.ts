import type { CampaignRecord, JobRecord, AttemptResult, CallbackRecord, AttemptKind, ContactRecord } from '../store/records.ts';
import type { DialFailReason, Network } from '../telephony/network.ts';
import type { POMCallState, POMContactType, POMWrapupDetails } from '../pom/types.ts';
import type { Clock, TimerHandle } from '../clock/clock.ts';
import type { Log } from '../log/log.ts';
import type { Store } from '../store/store.ts';
import type { AgentSession } from './agent-session.ts';
import type { SerialQueue } from './serial-queue.ts';
import { OutboundCall } from './outbound-call.ts';
import { ContactPicker } from './contact-picker.ts';
import { CallbackOffers } from './callback-offers.ts';
import { AbandonLedger } from './compliance/abandon-ledger.ts';
import { AbandonGuard } from './compliance/abandon-guard.ts';
import { JobCalls } from './job-calls.ts';
import { toPomContact } from './contact-view.ts';
import type { Pacer, PacingSnapshot } from './pacing/pacer.ts';
import { pacingSnapshot } from './pacing-snapshot.ts';
import { CampaignModel } from './pacing/campaign-model.ts';
import { PacingTime } from './pacing/pacing-time.ts';
import { abandonWindowsOf, type DialerOptions } from './dialer-options.ts';

/*
 * A running job of one campaign.
 *
 *   running ⇄ paused
 *      │         │
 *      └─► stopping (no new contacts; calls in hand finish) ──► stopped | completed
 */
export type JobRunState = 'running' | 'paused' | 'stopping' | 'stopped' | 'completed';

/** How a preview is offered: dialed by itself after `timeoutSeconds` (0: never), on `defaultNumber` unless the agent picks another. */
export interface PreviewOffer {
  timeoutSeconds: number;
  callbackNotes?: string;
  /** The number to offer first: one inside its calling window now (the contact's first number if absent). */
  defaultNumber?: string;
}

/**
 * What a job needs of the dialer that runs it: the ports, the one queue, and the agent side of a call
 * (offering it, connecting it, ending it), which the dialer's agent manager owns.
 */
export interface JobHost {
  readonly store: Store;
  readonly clock: Clock;
  readonly network: Network;
  readonly options: DialerOptions;
  readonly queue: SerialQueue;
  readonly log: Log;
  newSessionId(): string;
  isLoggedOn(agentId: string): boolean;
  /** The job has drained: it ends and its agents are free for another. */
  endJob(runner: JobRunner, state: 'stopped' | 'completed'): Promise<void>;
  offerPreview(call: OutboundCall, agent: AgentSession, job: JobRunner, opts: PreviewOffer): Promise<void>;
  deliverConnected(call: OutboundCall, agent: AgentSession, job: JobRunner): Promise<void>;
  /** A preview or callback customer answered the agent's call. */
  customerAnswered(call: OutboundCall): Promise<void>;
  customerHungUp(call: OutboundCall): Promise<void>;
  agentCallFailed(call: OutboundCall, reason: DialFailReason | 'Answer_Machine'): Promise<void>;
  /** Agents on an ACD call who come back to outbound once it is disposed, to this job. */
  agentsReturningTo(job: JobRunner): AgentSession[];
}

const SECOND = 1000;

export class JobRunner {
  state: JobRunState = 'running';
  /** How the job ends once it has drained: stopped by a supervisor, or completed with its list. */
  private endAs: 'stopped' | 'completed' = 'stopped';
  readonly agents = new Set<AgentSession>();
  /** The job's calls on the network (job-calls.ts). */
  readonly calls: JobCalls<OutboundCall, AgentSession>;
  readonly ledger: AbandonLedger;
  /** Outcome mix, ring, talk and wrap-up times learned while the job dials. */
  readonly model: CampaignModel;
  /** The compliance guard around the pacer (none: the pacer alone, for baselines). */
  guard: AbandonGuard | null;
  /** How long the job has dialed under each of the guard's reasons. */
  readonly pacingTime = new PacingTime();
  private readonly picker: ContactPicker;
  private tickTimer: TimerHandle | null = null;
  /** When the job last decided how many lines to dial, and the decision put off to the end of the interval. */
  private lastPacedAt = -Infinity;
  private deferredPace: TimerHandle | null = null;
  private lastCallbackCheck = -Infinity;
  /** Due callbacks for the job's agents (callback-offers.ts). */
  private readonly callbacks: CallbackOffers;

  constructor(
    readonly dialer: JobHost,
    readonly job: JobRecord,
    public campaign: CampaignRecord,
    readonly pacer: Pacer,
    private readonly guarded = true,
  ) {
    this.ledger = new AbandonLedger(abandonWindowsOf(dialer.options), campaign.amdEstimates);
    this.guard = this.guardFor(campaign);
    this.model = new CampaignModel({ wrapSeconds: campaign.wrapupSeconds, noAnswerSeconds: this.noAnswerTimeoutMs() / SECOND });
    this.picker = new ContactPicker(dialer, {
      id: job.id, campaign: () => this.campaign, kindOfDial: () => this.kindOfDial(), listEmpty: () => this.completeIfExhausted(),
    });
    this.callbacks = new CallbackOffers({
      store: dialer.store, clock: dialer.clock, options: dialer.options, campaign: () => this.campaign, contactsInHand: this.picker.inHand,
      isLoggedOn: (agentId) => dialer.isLoggedOn(agentId),
    });
    this.calls = new JobCalls<OutboundCall, AgentSession>({
      store: dialer.store, clock: dialer.clock, network: dialer.network, queue: dialer.queue, options: dialer.options,
      jobId: job.id, campaign: () => this.campaign, ledger: this.ledger, model: this.model, contactsInHand: this.picker.inHand,
      noAnswerTimeoutMs: () => this.noAnswerTimeoutMs(), longestIdleAgent: () => this.longestIdleAgent(),
      pace: () => this.pace(), finishIfDrained: () => this.finishIfDrained(),
      agentCallFailed: (call, reason) => dialer.agentCallFailed(call, reason), customerAnswered: (call) => dialer.customerAnswered(call),
      customerHungUp: (call) => dialer.customerHungUp(call), deliverConnected: (call, agent) => dialer.deliverConnected(call, agent, this),
    });
  }

  /** Dialed by the pacer and not yet with an agent or ended. */
  get outstanding(): Set<OutboundCall> {
    return this.calls.outstanding;
  }

  /** Answered, waiting for an agent (oldest first). */
  get waiting(): OutboundCall[] {
    return this.calls.waiting;
  }

  private guardFor(campaign: CampaignRecord): AbandonGuard | null {
    const { abandonCap: cap, targetAbandonRate } = campaign.pacing;
    return this.guarded ? new AbandonGuard(this.ledger, { cap, ...this.dialer.options.abandonGuard, targetShare: cap > 0 ? targetAbandonRate / cap : 0 }) : null;
  }

  /**
   * A supervisor changed the campaign: the job takes the change now (this runs in the dialer's queue,
   * between two pacing decisions), but for what the job was built on — its type, its contact list
   * and its pacing method — which the next job takes. Returns the fields left for the next job.
   */
  applyEdit(edited: CampaignRecord): string[] {
    const old = this.campaign;
    const deferred = [
      ...(edited.type !== old.type ? ['type'] : []),
      ...(edited.contactListId !== old.contactListId ? ['contactList'] : []),
      ...(edited.pacing.method !== old.pacing.method ? ['pacing.method'] : []),
    ];
    this.campaign = { ...edited, type: old.type, contactListId: old.contactListId, pacing: { ...edited.pacing, method: old.pacing.method } };
    this.ledger.setAmdErrorRates(edited.amdEstimates);
    this.guard = this.guardFor(this.campaign);
    this.picker.forget();
    return deferred;
  }

  /** The agent may be nailed to this job: holds its skill (or, with none set, is in its team). */
  takesAgent(agent: { skills: readonly string[]; teamName: string }): boolean {
    const skill = this.campaign.skillsetName;
    return skill ? agent.skills.includes(skill) : agent.teamName === this.campaign.teamName;
  }

  get isPreview(): boolean {
    return this.campaign.type === 'Preview';
  }

  get acceptsAgents(): boolean {
    return this.state === 'running' || this.state === 'paused';
  }

  start(): void {
    this.scheduleTick();
  }

  // ── agents ────────────────────────────────────────────────────────────────

  attach(agent: AgentSession): void {
    this.agents.add(agent);
  }

  detach(agent: AgentSession): void {
    this.agents.delete(agent);
  }

  /** Calls dialed and not yet with an agent: the job needs agents until they are done. */
  get callsInFlight(): number {
    return this.outstanding.size + this.waiting.length;
  }

  /**
   * An agent of this job is free: a customer already waiting comes first, whatever the job's state
   * (paused or stopping jobs abandon no one they can serve); then new work if the job is running.
   */
  async agentFreed(agent: AgentSession): Promise<void> {
    if (!agent.isAvailable) return;
    const next = this.waiting.shift();
    if (next) {
      next.abandonTimer?.cancel();
      await this.calls.connect(next, agent);
      return;
    }
    if (this.state !== 'running') return;
    if (await this.offerCallback(agent)) return;
    if (this.isPreview) {
      await this.offerPreview(agent);
      return;
    }
    await this.pace();
  }

  // ── the periodic tick ─────────────────────────────────────────────────────

  private scheduleTick(): void {
    this.tickTimer = this.dialer.clock.setTimer(this.dialer.options.tickMs, () => {
      this.dialer.queue.push(() => this.tick());
    });
  }

  private async tick(): Promise<void> {
    if (this.state === 'stopped' || this.state === 'completed') return;
    this.scheduleTick();
    if (this.state !== 'running') {
      await this.finishIfDrained();
      return;
    }
    const now = this.dialer.clock.now();
    if (now - this.lastCallbackCheck >= this.dialer.options.callbackCheckMs) {
      this.lastCallbackCheck = now;
      this.callbacks.changed();
      for (const agent of this.availableAgents()) if (!(await this.offerCallback(agent))) break;
    }
    if (this.isPreview) {
      for (const agent of this.availableAgents()) await this.offerPreview(agent);
    } else {
      await this.pace();
    }
    await this.finishIfDrained();
  }

  stop(endAs: 'stopped' | 'completed' = 'stopped'): void {
    if (this.state === 'stopped' || this.state === 'completed') return;
    this.state = 'stopping';
    this.endAs = endAs;
    this.picker.forget();
  }

  cancelTimers(): void {
    this.tickTimer?.cancel();
    this.deferredPace?.cancel();
  }

  private async finishIfDrained(): Promise<void> {
    if (this.state === 'stopping' && this.outstanding.size === 0 && this.waiting.length === 0 && ![...this.agents].some((a) => a.call)) {
      await this.dialer.endJob(this, this.endAs);
    }
  }

  // ── predictive and progressive ────────────────────────────────────────────

  availableAgents(): AgentSession[] {
    return [...this.agents].filter((a) => a.isAvailable).sort((a, b) => a.idleSince - b.idleSince);
  }

  /** The agent idle longest, if any is free. */
  private longestIdleAgent(): AgentSession | undefined {
    let best: AgentSession | undefined;
    for (const agent of this.agents) {
      if (agent.isAvailable && (!best || agent.idleSince < best.idleSince)) best = agent;
    }
    return best;
  }

  /** The pacer's view of the job now (pacing-snapshot.ts). */
  snapshot(): PacingSnapshot {
    return pacingSnapshot({
      now: this.dialer.clock.now(), agents: this.agents, returning: () => this.dialer.agentsReturningTo(this), waiting: this.waiting.length,
      outstanding: this.outstanding, flightRisk: this.calls.flightRisk, learned: this.calls.learned,
      campaign: this.campaign, model: this.model, guard: this.guard, ledger: this.ledger, releaseOracle: this.dialer.options.releaseOracle,
    });
  }

  /**
   * Dials what the pacer asks for, within the compliance guard. No agent logged in: no dialing.
   * At most one decision per `pacingIntervalMs`: one asked for sooner is put off to the interval's end.
   */
  async pace(): Promise<void> {
    if (this.state !== 'running' || this.isPreview) return;
    const { clock, options, queue } = this.dialer;
    const sinceLast = clock.now() - this.lastPacedAt;
    if (sinceLast < options.pacingIntervalMs) {
      this.deferredPace ??= clock.setTimer(options.pacingIntervalMs - sinceLast, () => {
        this.deferredPace = null;
        queue.push(() => this.pace());
      });
      return;
    }
    this.deferredPace?.cancel();
    this.deferredPace = null;
    this.lastPacedAt = clock.now();
    const snapshot = this.snapshot();
    this.pacingTime.note(snapshot.now, snapshot.budget.reason);
    if (snapshot.agentsLoggedIn === 0) return;
    const decision = this.guard ? this.guard.decide(this.pacer, snapshot) : this.pacer.decide(snapshot);
    for (let i = 0; i < decision.lines; i++) {
      const picked = await this.picker.next();
      if (!picked) break;
      const call = this.newCall(picked.contact, this.kindOfDial(), this.contactTypeOfDial());
      await this.dial(call, picked.phone, decision.risks?.[i] ?? 0);
    }
  }

  private newCall(contact: ContactRecord, kind: AttemptKind, type: POMContactType, callback: CallbackRecord | null = null): OutboundCall {
    const call = new OutboundCall(this.dialer.newSessionId(), contact, kind, type, callback);
    call.job = this;
    return call;
  }

  private noAnswerTimeoutMs(): number {
    return Math.max(this.dialer.options.minimumRingSeconds, this.campaign.minimumRingSeconds, this.campaign.noAnswerTimeoutSeconds) * SECOND;
  }

  private kindOfDial(): AttemptKind {
    return this.campaign.type === 'Progressive' ? 'progressive' : 'predictive';
  }

  private contactTypeOfDial(): POMContactType {
    return this.campaign.type === 'Progressive' ? 'Progressive' : 'Predictive';
  }

  /** The list had nothing to dial: the job completes once nothing of it is left anywhere. */
  private async completeIfExhausted(): Promise<void> {
    const counts = await this.dialer.store.contacts.counts(this.campaign.contactListId);
    if (counts.available === 0 && counts.inProgress === 0 && this.picker.inHand.size === 0 && this.state === 'running') {
      this.stop('completed');
      await this.finishIfDrained();
    }
  }

  /** Places the call: the attempt is stored before the network is asked. `risk`: the abandons the pacer expects of it. */
  dial(call: OutboundCall, phone: { number: string; timezone: string }, risk = 0): Promise<void> {
    return this.calls.dial(call, phone, risk);
  }

  /** Ends an attempt that never reached an agent, and moves the contact on. */
  endAttempt(call: OutboundCall, result: AttemptResult, flags: { abandoned?: boolean } = {}): Promise<void> {
    return this.calls.endAttempt(call, result, flags);
  }

  /** The contact is done with (disposed, cancelled, failed): forget it. */
  release(call: OutboundCall): void {
    this.calls.release(call);
  }

  noteTalk(seconds: number): void {
    this.model.talk.observe(seconds);
  }

  noteWrap(seconds: number): void {
    this.model.wrap.observe(seconds);
  }

  // ── preview and callbacks ────────────────────────────────────────────────

  private async offerPreview(agent: AgentSession): Promise<void> {
    if (!agent.isAvailable || this.state !== 'running') return;
    const picked = await this.picker.next();
    if (!picked) return;
    const call = this.newCall(picked.contact, 'preview', 'Preview');
    await this.dialer.offerPreview(call, agent, this, { timeoutSeconds: this.campaign.previewTimed ? this.campaign.previewTimeoutSeconds : 0, defaultNumber: picked.phone.number });
  }

  /** A callback was booked or put back: the next free agent looks for due callbacks again. */
  callbacksChanged(): void {
    this.callbacks.changed();
  }

  /** Delivers a due callback to the agent if one is for it (callback-offers.ts). True if it did. */
  private offerCallback(agent: AgentSession): Promise<boolean> {
    return this.callbacks.offer(agent.agentId, (callback, contact) => this.deliverCallback(agent, callback, contact));
  }

  /** An agent going Not-Ready first takes a callback of its own that is due (PendingNotReady waits for it). */
  offerOwnCallback(agent: AgentSession): Promise<boolean> {
    return this.callbacks.offerOwn(agent.agentId, (callback, contact) => this.deliverCallback(agent, callback, contact));
  }

  private async deliverCallback(agent: AgentSession, callback: CallbackRecord, contact: ContactRecord): Promise<void> {
    const call = this.newCall(contact, 'callback', 'Callback', callback);
    await this.dialer.offerPreview(call, agent, this, { timeoutSeconds: 0, callbackNotes: callback.notes });
  }

  wrapupDetails(): POMWrapupDetails {
    return { acwMaxTime: this.campaign.wrapupSeconds, acwExtendable: this.campaign.wrapupExtendable, defaultCompCode: this.campaign.defaultCompletionCode };
  }

  /** `callState`: the state the agent takes the call in (its ContactCapabilities are those of that state). */
  pomContactFor(call: OutboundCall, agent: AgentSession, offer: PreviewOffer = { timeoutSeconds: 0 }, callState: POMCallState = agent.callState): void {
    call.pomContact = toPomContact(call.contact, this.campaign, {
      contactType: call.contactType, capabilities: agent.capabilities(callState), previewTimeoutSeconds: offer.timeoutSeconds, callbackNotes: offer.callbackNotes ?? '',
      // A callback is offered on the number it was booked for; a preview on one inside its calling window.
      ...(call.callback ? { defaultNumber: call.callback.number } : offer.defaultNumber ? { defaultNumber: offer.defaultNumber } : {}),
    });
    // The flags depend on the contact in hand (a preview's Dial): again, now that the agent holds it.
    call.pomContact.contactCapabilities = agent.capabilities(callState);
  }
}
