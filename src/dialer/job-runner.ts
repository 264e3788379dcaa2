import type { CampaignRecord, ContactPhone, ContactRecord, JobRecord, AttemptResult, CallbackRecord, AttemptKind } from '../store/records.ts';
import type { CallEvent, DialFailReason } from '../telephony/network.ts';
import type { POMContactType, POMWrapupDetails } from '../pom/types.ts';
import type { TimerHandle } from '../clock/clock.ts';
import type { AgentSession } from './agent-session.ts';
import type { Dialer } from './dialer.ts';
import { OutboundCall } from './outbound-call.ts';
import { isWithinWindow, nextWindowOpening } from './compliance/calling-window.ts';
import { AbandonLedger } from './compliance/abandon-ledger.ts';
import { outcomeOfResult } from './contact-outcome.ts';
import { toPomContact } from './contact-view.ts';
import type { Pacer, PacingSnapshot } from './pacing/pacer.ts';

/*
 * A running job of one campaign.
 *
 *   running ⇄ paused
 *      │         │
 *      └─► stopping (no new contacts; calls in hand finish) ──► stopped | completed
 */
export type JobRunState = 'running' | 'paused' | 'stopping' | 'stopped' | 'completed';

const SECOND = 1000;
/** Contacts fetched from the store at a time. */
const BATCH = 100;

export class JobRunner {
  state: JobRunState = 'running';
  readonly agents = new Set<AgentSession>();
  /** Dialed by the pacer and not yet with an agent or ended. */
  readonly outstanding = new Set<OutboundCall>();
  /** Answered, waiting for an agent (oldest first). */
  readonly waiting: OutboundCall[] = [];
  readonly ledger: AbandonLedger;
  private buffer: ContactRecord[] = [];
  private readonly inHand = new Set<number>();
  private tickTimer: TimerHandle | null = null;
  private listExhaustedAt = -Infinity;
  private lastCallbackCheck = -Infinity;
  private readonly learned = { talkSeconds: 0, talks: 0, wrapSeconds: 0, wraps: 0, ringSeconds: 0, rings: 0, dials: 0, completed: 0, live: 0 };

  constructor(
    readonly dialer: Dialer,
    readonly job: JobRecord,
    public campaign: CampaignRecord,
    private readonly pacer: Pacer,
  ) {
    this.ledger = new AbandonLedger(dialer.options.abandonWindowMs);
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

  /** An agent of this job is free: hand it work, or let the pacer dial for it. */
  async agentFreed(agent: AgentSession): Promise<void> {
    if (!agent.isAvailable || this.state !== 'running') return;
    if (await this.offerCallback(agent)) return;
    if (this.isPreview) {
      await this.offerPreview(agent);
      return;
    }
    const next = this.waiting.shift();
    if (next) {
      next.abandonTimer?.cancel();
      await this.connect(next, agent);
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
      for (const agent of this.availableAgents()) if (!(await this.offerCallback(agent))) break;
    }
    if (this.isPreview) {
      for (const agent of this.availableAgents()) await this.offerPreview(agent);
    } else {
      await this.pace();
    }
    await this.finishIfDrained();
  }

  stop(): void {
    if (this.state === 'stopped' || this.state === 'completed') return;
    this.state = 'stopping';
    this.buffer = [];
  }

  cancelTimers(): void {
    this.tickTimer?.cancel();
  }

  private async finishIfDrained(): Promise<void> {
    if (this.state === 'stopping' && this.outstanding.size === 0 && this.waiting.length === 0 && ![...this.agents].some((a) => a.call)) {
      await this.dialer.endJob(this, 'stopped');
    }
  }

  // ── predictive and progressive ────────────────────────────────────────────

  availableAgents(): AgentSession[] {
    return [...this.agents].filter((a) => a.isAvailable).sort((a, b) => a.idleSince - b.idleSince);
  }

  snapshot(): PacingSnapshot {
    const now = this.dialer.clock.now();
    const talking: number[] = [];
    const wrapping: number[] = [];
    let loggedIn = 0;
    for (const agent of this.agents) {
      if (agent.agentState === 'Ready' || agent.call) loggedIn++;
      const call = agent.call;
      if (call?.isLive && call.attempt?.connectedAt) talking.push((now - call.attempt.connectedAt) / SECOND);
      else if (agent.callState === 'Wrapup') wrapping.push((now - agent.idleSince) / SECOND);
    }
    const ringing: number[] = [];
    for (const call of this.outstanding) if (call.phase === 'dialing' && call.attempt) ringing.push((now - call.attempt.dialedAt) / SECOND);
    const l = this.learned;
    const window = this.ledger.totals(now);
    return {
      now,
      agentsLoggedIn: loggedIn,
      agentsAvailable: this.availableAgents().length,
      talkingSeconds: talking,
      wrapupSeconds: wrapping,
      ringingSeconds: ringing,
      waiting: this.waiting.length,
      maxLines: Math.floor(loggedIn * this.campaign.pacing.maxLinesPerAgent),
      stats: {
        dials: l.dials,
        completedDials: l.completed,
        liveAnswers: l.live,
        abandoned: window.abandoned,
        abandonRate: window.liveAnswers > 0 ? window.abandoned / window.liveAnswers : 0,
        abandonCap: this.campaign.pacing.abandonCap,
        windowLiveAnswers: window.liveAnswers,
        windowAbandoned: window.abandoned,
        meanTalkSeconds: l.talks > 0 ? l.talkSeconds / l.talks : 180,
        meanWrapSeconds: l.wraps > 0 ? l.wrapSeconds / l.wraps : this.campaign.wrapupSeconds || 15,
        meanRingToAnswerSeconds: l.rings > 0 ? l.ringSeconds / l.rings : 10,
      },
    };
  }

  /** Dials what the pacer asks for. No agent logged in: no dialing. */
  async pace(): Promise<void> {
    if (this.state !== 'running' || this.isPreview) return;
    const snapshot = this.snapshot();
    if (snapshot.agentsLoggedIn === 0) return;
    let lines = this.pacer.linesToDial(snapshot);
    while (lines > 0) {
      const picked = await this.nextContact();
      if (!picked) break;
      await this.dial(new OutboundCall(this.dialer.newSessionId(), picked.contact, this.kindOfDial(), this.contactTypeOfDial()), picked.phone);
      lines--;
    }
  }

  private kindOfDial(): AttemptKind {
    return this.campaign.type === 'Progressive' ? 'progressive' : 'predictive';
  }

  private contactTypeOfDial(): POMContactType {
    return this.campaign.type === 'Progressive' ? 'Progressive' : 'Predictive';
  }

  /**
   * The next contact to dial and the number to dial it on: claimed, inside its calling window, not on
   * a DNC list. Contacts outside their window wait for it to open; contacts with only DNC numbers are
   * recorded as restricted and made uncallable.
   */
  private async nextContact(): Promise<{ contact: ContactRecord; phone: ContactPhone } | null> {
    const store = this.dialer.store;
    for (let tries = 0; tries < BATCH * 2; tries++) {
      const contact = await this.takeFromBuffer();
      if (!contact) return null;
      const now = this.dialer.clock.now();
      const choice = await this.choosePhone(contact, now);
      if (choice.kind === 'later') {
        await store.contacts.release(contact.id, choice.at);
        continue;
      }
      if (!(await store.contacts.claim(contact.id))) continue;
      if (choice.kind === 'dnc') {
        await this.recordRestricted(contact, choice.number, now);
        continue;
      }
      this.inHand.add(contact.id);
      return { contact, phone: choice.phone };
    }
    return null;
  }

  private async takeFromBuffer(): Promise<ContactRecord | undefined> {
    if (this.buffer.length === 0) {
      const now = this.dialer.clock.now();
      // An empty list is asked again only now and then, not on every event.
      if (now - this.listExhaustedAt < this.dialer.options.emptyListRecheckMs) return undefined;
      this.buffer = await this.dialer.store.contacts.nextDialable(this.campaign.contactListId, now, this.campaign.maxAttempts, BATCH, [...this.inHand]);
      if (this.buffer.length === 0) {
        this.listExhaustedAt = now;
        await this.completeIfExhausted();
        return undefined;
      }
    }
    return this.buffer.shift();
  }

  private async completeIfExhausted(): Promise<void> {
    const counts = await this.dialer.store.contacts.counts(this.campaign.contactListId);
    if (counts.available === 0 && counts.inProgress === 0 && this.inHand.size === 0 && this.state === 'running') {
      this.state = 'stopping';
      await this.finishIfDrained();
      if (this.state === 'stopping' && this.outstanding.size === 0) await this.dialer.endJob(this, 'completed');
    }
  }

  private async choosePhone(contact: ContactRecord, now: number): Promise<
    { kind: 'dial'; phone: ContactPhone } | { kind: 'later'; at: number } | { kind: 'dnc'; number: string }
  > {
    let reopensAt = Infinity;
    let dncNumber: string | null = null;
    for (const phone of contact.phones) {
      if (await this.dialer.store.dnc.isListed(this.campaign.dncListIds, phone.number)) {
        dncNumber = phone.number;
        continue;
      }
      if (isWithinWindow(now, phone.timezone, this.campaign.callingWindow, this.dialer.options.windowMarginSeconds)) return { kind: 'dial', phone };
      reopensAt = Math.min(reopensAt, nextWindowOpening(now, phone.timezone, this.campaign.callingWindow));
    }
    if (reopensAt < Infinity) return { kind: 'later', at: reopensAt };
    return { kind: 'dnc', number: dncNumber ?? contact.phones[0]?.number ?? '' };
  }

  private async recordRestricted(contact: ContactRecord, number: string, now: number): Promise<void> {
    const store = this.dialer.store;
    const attempt = await store.attempts.insert({ jobId: this.job.id, campaignId: this.campaign.id, contactId: contact.id, number, kind: this.kindOfDial(), dialedAt: now });
    await store.attempts.update(attempt.id, { endedAt: now, result: 'Restricted_DNC' });
    await store.contacts.recordOutcome(contact.id, outcomeOfResult(this.campaign, 'Restricted_DNC', contact.attempts + 1, now));
  }

  /** Places the call: the attempt is stored before the network is asked. */
  async dial(call: OutboundCall, phone: { number: string; timezone: string }): Promise<void> {
    const store = this.dialer.store;
    const now = this.dialer.clock.now();
    call.number = phone.number;
    call.attempt = await store.attempts.insert({
      jobId: this.job.id, campaignId: this.campaign.id, contactId: call.contact.id, number: phone.number,
      kind: call.kind, dialedAt: now, agentId: call.agent?.agentId ?? null,
    });
    call.phase = 'dialing';
    this.learned.dials++;
    if (!call.agent) this.outstanding.add(call);
    const noAnswerTimeoutMs = Math.max(this.dialer.options.minimumRingSeconds, this.campaign.noAnswerTimeoutSeconds) * SECOND;
    call.networkCall = this.dialer.network.dial({
      number: phone.number,
      noAnswerTimeoutMs,
      amd: this.campaign.amd && !call.agent,
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

  private noteCompleted(live: boolean, call: OutboundCall): void {
    this.learned.completed++;
    if (live) {
      this.learned.live++;
      if (call.attempt) {
        this.learned.rings++;
        this.learned.ringSeconds += (this.dialer.clock.now() - call.attempt.dialedAt) / SECOND;
      }
    }
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
      this.noteCompleted(false, call);
      await store.attempts.update(call.attempt!.id, { answeredAt: now, amdHangup: true });
      if (this.campaign.answeringMachineAction === 'message') call.networkCall?.playMessageAndHangup(this.dialer.options.machineMessageMs);
      else call.networkCall?.hangup();
      if (call.agent) await this.dialer.agentCallFailed(call, 'Answer_Machine');
      else await this.endAttempt(call, 'Answer_Machine');
      return;
    }
    this.noteCompleted(true, call);
    await store.attempts.update(call.attempt!.id, { answeredAt: now });
    if (call.agent) {
      // Preview and callback: the agent is already on the line.
      await this.dialer.customerAnswered(call);
      return;
    }
    this.ledger.recordLiveAnswer(now);
    const agent = this.availableAgents()[0];
    if (agent) {
      await this.connect(call, agent);
      return;
    }
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

  private async connect(call: OutboundCall, agent: AgentSession): Promise<void> {
    const now = this.dialer.clock.now();
    this.outstanding.delete(call);
    call.networkCall?.connect();
    call.agent = agent;
    call.phase = 'connected';
    await this.dialer.store.attempts.update(call.attempt!.id, { connectedAt: now, agentId: agent.agentId });
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
    this.outstanding.delete(call);
    this.inHand.delete(call.contact.id);
    if (flags.abandoned) this.ledger.recordAbandon(now);
    await store.attempts.update(call.attempt!.id, { endedAt: now, result, abandoned: flags.abandoned ?? false });
    await store.contacts.recordOutcome(call.contact.id, outcomeOfResult(this.campaign, result, call.contact.attempts + 1, now));
    await this.pace();
    await this.finishIfDrained();
  }

  /** The contact is done with (disposed, cancelled, failed): forget it. */
  release(call: OutboundCall): void {
    this.inHand.delete(call.contact.id);
    this.outstanding.delete(call);
  }

  noteTalk(seconds: number): void {
    this.learned.talks++;
    this.learned.talkSeconds += seconds;
  }

  noteWrap(seconds: number): void {
    this.learned.wraps++;
    this.learned.wrapSeconds += seconds;
  }

  // ── preview and callbacks ────────────────────────────────────────────────

  private async offerPreview(agent: AgentSession): Promise<void> {
    if (!agent.isAvailable || this.state !== 'running') return;
    const picked = await this.nextContact();
    if (!picked) return;
    const call = new OutboundCall(this.dialer.newSessionId(), picked.contact, 'preview', 'Preview');
    await this.dialer.offerPreview(call, agent, this, { timeoutSeconds: this.campaign.previewTimed ? this.campaign.previewTimeoutSeconds : 0 });
  }

  /** Delivers a due callback to the agent if one is for it. True if it did. */
  private async offerCallback(agent: AgentSession): Promise<boolean> {
    const store = this.dialer.store;
    const now = this.dialer.clock.now();
    const due = await store.callbacks.due(this.campaign.id, now);
    for (const callback of due) {
      if (callback.expiresAt <= now) {
        await store.callbacks.setState(callback.id, 'expired');
        continue;
      }
      if (!this.callbackIsFor(callback, agent)) continue;
      const contact = await store.contacts.findById(callback.contactId);
      if (!contact || contact.state === 'uncallable' || this.inHand.has(contact.id)) continue;
      if (!isWithinWindow(now, callback.timezone, this.campaign.callingWindow, this.dialer.options.windowMarginSeconds)) continue;
      if (contact.state === 'ready' && !(await store.contacts.claim(contact.id))) continue;
      await store.callbacks.setState(callback.id, 'delivered');
      this.inHand.add(contact.id);
      const call = new OutboundCall(this.dialer.newSessionId(), contact, 'callback', 'Callback', callback);
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

  pomContactFor(call: OutboundCall, agent: AgentSession, timeoutSeconds = 0, callbackNotes = ''): void {
    call.pomContact = toPomContact(call.contact, this.campaign, {
      contactType: call.contactType, capabilities: agent.capabilities(), previewTimeoutSeconds: timeoutSeconds, callbackNotes,
    });
  }
}
