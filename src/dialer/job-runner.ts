import type { CampaignRecord, JobRecord, AttemptResult, CallbackRecord, AttemptKind, ContactRecord } from '../store/records.ts';
import type { CallEvent, DialFailReason, Network } from '../telephony/network.ts';
import type { POMContactType, POMWrapupDetails } from '../pom/types.ts';
import type { Clock, TimerHandle } from '../clock/clock.ts';
import type { Store } from '../store/store.ts';
import type { AgentSession } from './agent-session.ts';
import type { SerialQueue } from './serial-queue.ts';
import { OutboundCall } from './outbound-call.ts';
import { ContactPicker } from './contact-picker.ts';
import { isWithinWindow } from './compliance/calling-window.ts';
import { AbandonLedger } from './compliance/abandon-ledger.ts';
import { AbandonGuard, DEFAULT_GUARD_OPTIONS, type InFlight } from './compliance/abandon-guard.ts';
import { outcomeOfResult } from './contact-outcome.ts';
import { toPomContact } from './contact-view.ts';
import type { Pacer, PacingBudget, PacingSnapshot } from './pacing/pacer.ts';
import { CampaignModel } from './pacing/campaign-model.ts';
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
  /** Dialed by the pacer and not yet with an agent or ended. */
  readonly outstanding = new Set<OutboundCall>();
  /** Answered, waiting for an agent (oldest first). */
  readonly waiting: OutboundCall[] = [];
  readonly ledger: AbandonLedger;
  /** Outcome mix, ring, talk and wrap-up times learned while the job dials. */
  readonly model: CampaignModel;
  /** The compliance guard around the pacer (none: the pacer alone, for baselines). */
  guard: AbandonGuard | null;
  /** Calls the pacer placed that still ring, with the abandons expected of each and whether AMD listens. */
  private readonly flight = new Map<OutboundCall, { risk: number; amd: boolean; token: number }>();
  private flightRisk = 0;
  private readonly picker: ContactPicker;
  private tickTimer: TimerHandle | null = null;
  private lastCallbackCheck = -Infinity;
  /** No callback was due when last asked: the store is asked again from this time. */
  private noCallbackBefore = -Infinity;
  private readonly learned = { dials: 0, completed: 0, live: 0 };

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
      await this.connect(next, agent);
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
      this.noCallbackBefore = -Infinity;
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

  snapshot(): PacingSnapshot {
    const now = this.dialer.clock.now();
    // Agents who will take another call, by what they do now; and every talk and wrap-up under way.
    const talking: number[] = [];
    const wrapping: number[] = [];
    const allTalking: number[] = [];
    const allWrapping: number[] = [];
    let loggedIn = 0;
    let available = 0;
    for (const agent of this.agents) {
      if (agent.agentState === 'Ready' || agent.call) loggedIn++;
      if (agent.isAvailable) {
        available++;
        continue;
      }
      const call = agent.call;
      // An agent going Not-Ready (or logging off, or blending to inbound) after this call will not take the next one.
      const returning = agent.agentState === 'Ready' && agent.pendingMode !== 'inbound';
      if (call?.isLive && call.agent === agent && call.attempt?.connectedAt) {
        const seconds = (now - call.attempt.connectedAt) / SECOND;
        allTalking.push(seconds);
        if (returning) talking.push(seconds);
      } else if (agent.callState === 'Wrapup') {
        const seconds = (now - agent.idleSince) / SECOND;
        allWrapping.push(seconds);
        if (returning) wrapping.push(seconds);
      }
    }
    // Agents blended out who are coming back: the pacer counts them as talking since their ACD call began.
    for (const agent of this.dialer.agentsReturningTo(this)) {
      const since = agent.inbound?.connectedAt;
      if (since === undefined || agent.callState !== 'Talking') continue;
      loggedIn++;
      talking.push((now - since) / SECOND);
    }
    this.model.talk.underWay(allTalking);
    this.model.wrap.underWay(allWrapping);
    const ringing: number[] = [];
    let expectedLive = this.waiting.length;
    const outcomes = this.model.outcomes;
    outcomes.refresh(now);
    for (const call of this.outstanding) {
      if (call.phase !== 'dialing' || !call.attempt) continue;
      const rung = (now - call.attempt.dialedAt) / SECOND;
      ringing.push(rung);
      expectedLive += outcomes.liveWithin(rung, Infinity);
    }
    const inFlight: InFlight = { risk: this.flightRisk + 0.5 * this.waiting.length, liveAnswers: expectedLive, surprise: outcomes.surpriseFactor };
    const cap = this.campaign.pacing.abandonCap;
    const budget: PacingBudget = this.guard
      ? this.guard.budget(now, inFlight)
      : { mode: 'paced', scale: 1, target: this.campaign.pacing.targetAbandonRate || DEFAULT_GUARD_OPTIONS.targetShare * cap, riskAllowance: Infinity };
    const l = this.learned;
    const window = this.ledger.totals(now);
    const cumulative = this.ledger.cumulative();
    return {
      now,
      agentsLoggedIn: loggedIn,
      agentsAvailable: available,
      talkingSeconds: talking,
      wrapupSeconds: wrapping,
      ringingSeconds: ringing,
      waiting: this.waiting.length,
      maxLines: Math.floor(loggedIn * this.campaign.pacing.maxLinesPerAgent),
      connectWithinSeconds: this.campaign.pacing.connectWithinSeconds,
      model: this.model,
      budget,
      stats: {
        dials: l.dials,
        completedDials: l.completed,
        liveAnswers: cumulative.liveAnswers,
        abandoned: cumulative.abandoned,
        abandonRate: window.liveAnswers > 0 ? window.abandoned / window.liveAnswers : 0,
        abandonCap: cap,
        windowLiveAnswers: window.liveAnswers,
        windowAbandoned: window.abandoned,
        meanTalkSeconds: this.model.talk.mean(),
        meanWrapSeconds: this.model.wrap.mean(),
        meanRingToAnswerSeconds: outcomes.meanLiveSeconds(),
      },
    };
  }

  /** Dials what the pacer asks for, within the compliance guard. No agent logged in: no dialing. */
  async pace(): Promise<void> {
    if (this.state !== 'running' || this.isPreview) return;
    const snapshot = this.snapshot();
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
  async dial(call: OutboundCall, phone: { number: string; timezone: string }, risk = 0): Promise<void> {
    const store = this.dialer.store;
    const now = this.dialer.clock.now();
    call.number = phone.number;
    call.attempt = await store.attempts.insert({
      jobId: this.job.id, campaignId: this.campaign.id, contactId: call.contact.id, number: phone.number,
      kind: call.kind, dialedAt: now, agentId: call.agent?.agentId ?? null,
    });
    call.phase = 'dialing';
    this.learned.dials++;
    const amd = this.campaign.amd && !call.agent;
    if (!call.agent) {
      this.outstanding.add(call);
      this.flight.set(call, { risk, amd, token: this.model.outcomes.dialed(now) });
      this.flightRisk += risk;
    }
    call.networkCall = this.dialer.network.dial({
      number: phone.number,
      noAnswerTimeoutMs: this.noAnswerTimeoutMs(),
      callerId: this.campaign.callerId,
      amd,
      onEvent: (event) => this.dialer.queue.push(() => this.onCallEvent(call, event)),
    });
  }

  private async onCallEvent(call: OutboundCall, event: CallEvent): Promise<void> {
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
  private noteCompleted(live: boolean, call: OutboundCall): { amd: boolean } | undefined {
    this.learned.completed++;
    if (live) this.learned.live++;
    const flown = this.flight.get(call);
    if (!flown) return undefined;
    this.flight.delete(call);
    this.flightRisk = this.flight.size === 0 ? 0 : this.flightRisk - flown.risk;
    this.model.outcomes.resolved(flown.token, live ? 'live' : 'other', this.dialer.clock.now());
    return flown;
  }

  private async dialFailed(call: OutboundCall, reason: DialFailReason): Promise<void> {
    this.noteCompleted(false, call);
    if (call.agent) {
      await this.dialer.agentCallFailed(call, reason);
      return;
    }
    await this.endAttempt(call, reason);
  }

  private async answered(call: OutboundCall, detected: 'human' | 'machine'): Promise<void> {
    const store = this.dialer.store;
    const now = this.dialer.clock.now();
    call.answeredAt = now;
    if (detected === 'machine' && this.campaign.answeringMachineAction !== 'connect') {
      // AMD hung up: now and then a person, counted abandoned by the ledger's estimate.
      if (this.noteCompleted(false, call)?.amd) this.ledger.recordAmdHangup(now);
      await store.attempts.update(call.attempt!.id, { answeredAt: now, amdHangup: true });
      if (this.campaign.answeringMachineAction === 'message') call.networkCall?.playMessageAndHangup(this.dialer.options.machineMessageMs);
      else if (this.campaign.amdEstimates.falsePositive > 0) {
        // Detection errs now and then: whoever is on the line hears the abandon message, as every abandon must.
        call.networkCall?.playMessageAndHangup(this.dialer.options.abandonMessageMs);
      } else call.networkCall?.hangup();
      if (call.agent) await this.dialer.agentCallFailed(call, 'Answer_Machine');
      else await this.endAttempt(call, 'Answer_Machine');
      return;
    }
    const flown = this.noteCompleted(true, call);
    if (call.agent) {
      // Preview and callback: the agent is already on the line.
      await store.attempts.update(call.attempt!.id, { answeredAt: now });
      await this.dialer.customerAnswered(call);
      return;
    }
    if (flown?.amd && detected === 'human') this.ledger.recordDetectedHuman(now);
    else this.ledger.recordLiveAnswer(now);
    const agent = this.longestIdleAgent();
    if (agent) {
      // Answered and connected in one write.
      await this.connect(call, agent, now);
      return;
    }
    await store.attempts.update(call.attempt!.id, { answeredAt: now });
    call.phase = 'waiting';
    this.waiting.push(call);
    call.abandonTimer = this.dialer.clock.setTimer(this.campaign.pacing.connectWithinSeconds * SECOND, () => {
      this.dialer.queue.push(() => this.abandon(call));
    });
    await this.pace();
  }

  /** No agent came in time: the customer hears the recorded message and the call counts as abandoned. */
  private async abandon(call: OutboundCall): Promise<void> {
    if (call.phase !== 'waiting') return;
    this.removeWaiting(call);
    call.networkCall?.playMessageAndHangup(this.dialer.options.abandonMessageMs);
    await this.endAttempt(call, 'Abandoned', { abandoned: true });
  }

  private removeWaiting(call: OutboundCall): void {
    const i = this.waiting.indexOf(call);
    if (i >= 0) this.waiting.splice(i, 1);
    call.abandonTimer?.cancel();
  }

  /** Bridges the customer to the agent; `answeredAt` when the answer is written with the connection. */
  private async connect(call: OutboundCall, agent: AgentSession, answeredAt?: number): Promise<void> {
    const now = this.dialer.clock.now();
    this.leaveFlight(call);
    this.outstanding.delete(call);
    call.networkCall?.connect();
    call.agent = agent;
    call.phase = 'connected';
    await this.dialer.store.attempts.update(call.attempt!.id, answeredAt === undefined ? { connectedAt: now, agentId: agent.agentId } : { answeredAt, connectedAt: now, agentId: agent.agentId });
    call.attempt!.connectedAt = now;
    await this.dialer.deliverConnected(call, agent, this);
  }

  private async remoteHangup(call: OutboundCall): Promise<void> {
    if (call.phase === 'waiting') {
      // The customer gave up before an agent came: abandoned all the same.
      this.removeWaiting(call);
      await this.endAttempt(call, 'Abandoned', { abandoned: true });
      return;
    }
    if (call.agent && call.isLive) await this.dialer.customerHungUp(call);
  }

  /** Ends an attempt that never reached an agent, and moves the contact on. */
  async endAttempt(call: OutboundCall, result: AttemptResult, flags: { abandoned?: boolean } = {}): Promise<void> {
    const store = this.dialer.store;
    const now = this.dialer.clock.now();
    call.phase = 'ended';
    call.result = result;
    this.leaveFlight(call);
    this.outstanding.delete(call);
    this.picker.inHand.delete(call.contact.id);
    if (flags.abandoned) this.ledger.recordAbandon(now);
    await store.attempts.update(call.attempt!.id, { endedAt: now, result, abandoned: flags.abandoned ?? false });
    await store.contacts.recordOutcome(call.contact.id, outcomeOfResult(this.campaign, result, call.contact.attempts + 1, now));
    await this.pace();
    await this.finishIfDrained();
  }

  /** The contact is done with (disposed, cancelled, failed): forget it. */
  release(call: OutboundCall): void {
    this.picker.inHand.delete(call.contact.id);
    this.leaveFlight(call);
    this.outstanding.delete(call);
  }

  private leaveFlight(call: OutboundCall): void {
    const flown = this.flight.get(call);
    if (!flown) return;
    this.flight.delete(call);
    this.flightRisk = this.flight.size === 0 ? 0 : this.flightRisk - flown.risk;
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
    this.noCallbackBefore = -Infinity;
  }

  /**
   * Delivers a due callback to the agent if one is for it. True if it did. When none was due, the
   * store is not asked again before the next periodic check (or a booking by this dialer).
   */
  private async offerCallback(agent: AgentSession): Promise<boolean> {
    if (this.dialer.clock.now() < this.noCallbackBefore) return false;
    return this.deliverDueCallback(agent, (callback) => this.callbackIsFor(callback, agent));
  }

  /** An agent going Not-Ready first takes a callback of its own that is due (PendingNotReady waits for it). */
  async offerOwnCallback(agent: AgentSession): Promise<boolean> {
    return this.deliverDueCallback(agent, (callback) => callback.type !== 'Campaign' && callback.agentId === agent.agentId);
  }

  private async deliverDueCallback(agent: AgentSession, isFor: (callback: CallbackRecord) => boolean): Promise<boolean> {
    const store = this.dialer.store;
    const now = this.dialer.clock.now();
    const due = await store.callbacks.due(this.campaign.id, now);
    if (due.length === 0) {
      this.noCallbackBefore = now + this.dialer.options.callbackCheckMs;
      return false;
    }
    for (const callback of due) {
      if (callback.expiresAt <= now) {
        await store.callbacks.transition(callback.id, 'pending', 'expired');
        continue;
      }
      if (!isFor(callback)) continue;
      const contact = await store.contacts.findById(callback.contactId);
      if (!contact || contact.state === 'uncallable' || this.picker.inHand.has(contact.id)) continue;
      const phone = contact.phones.find((p) => p.number === callback.number);
      if (!isWithinWindow(now, { ...phone, timezone: callback.timezone }, this.campaign.callingWindow, this.dialer.options.windowMarginSeconds)) continue;
      // Cancelled or moved later by a supervisor since it was read: not delivered.
      if (!(await store.callbacks.transition(callback.id, 'pending', 'delivered', now))) continue;
      if (contact.state === 'ready' && !(await store.contacts.claim(contact.id))) {
        await store.callbacks.transition(callback.id, 'delivered', 'pending');
        continue;
      }
      this.picker.inHand.add(contact.id);
      const call = this.newCall(contact, 'callback', 'Callback', callback);
      await this.dialer.offerPreview(call, agent, this, { timeoutSeconds: 0, callbackNotes: callback.notes });
      return true;
    }
    return false;
  }

  private callbackIsFor(callback: CallbackRecord, agent: AgentSession): boolean {
    if (callback.type === 'StrictAgent') return callback.agentId === agent.agentId;
    if (callback.type === 'Agent') {
      // The owner first; anyone on the campaign when the owner is not logged in.
      return callback.agentId === agent.agentId || !this.dialer.isLoggedOn(callback.agentId ?? '');
    }
    return true;
  }

  wrapupDetails(): POMWrapupDetails {
    return { acwMaxTime: this.campaign.wrapupSeconds, acwExtendable: this.campaign.wrapupExtendable, defaultCompCode: this.campaign.defaultCompletionCode };
  }

  pomContactFor(call: OutboundCall, agent: AgentSession, offer: PreviewOffer = { timeoutSeconds: 0 }): void {
    call.pomContact = toPomContact(call.contact, this.campaign, {
      contactType: call.contactType, capabilities: agent.capabilities(), previewTimeoutSeconds: offer.timeoutSeconds, callbackNotes: offer.callbackNotes ?? '',
      // A callback is offered on the number it was booked for; a preview on one inside its calling window.
      ...(call.callback ? { defaultNumber: call.callback.number } : offer.defaultNumber ? { defaultNumber: offer.defaultNumber } : {}),
    });
  }
}
