import type { Clock } from '../clock/clock.ts';
import type { DialFailReason } from '../telephony/network.ts';
import type { Store } from '../store/store.ts';
import type { AttemptResult } from '../store/records.ts';
import type { POMCallbackType, POMCompletionCode, POMContactNumber } from '../pom/types.ts';
import { ResultCode } from '../pom/result-codes.ts';
import type { AgentSession } from './agent-session.ts';
import type { JobRunner, PreviewOffer } from './job-runner.ts';
import { OutboundCall } from './outbound-call.ts';
import type { SerialQueue } from './serial-queue.ts';
import type { DialerOptions } from './dialer-options.ts';
import { codeOf, outcomeOfWrapup } from './contact-outcome.ts';
import { isTimeZone, isWithinWindow } from './compliance/calling-window.ts';
import { toCustomerDetails } from './contact-view.ts';
import type { InboundDesk } from './inbound/inbound-desk.ts';
import type { ConsultDesk } from './consult/consult-desk.ts';

const SECOND = 1000;
const MINUTE = 60_000;

/** What the call desk needs of the dialer's agent manager. */
export interface CallDeskHost {
  readonly store: Store;
  readonly clock: Clock;
  readonly queue: SerialQueue;
  readonly options: DialerOptions;
  readonly inbound: InboundDesk;
  readonly consults: ConsultDesk;
  /** The agent has nothing left in hand: it takes its next work (or goes Not-Ready, or blends). */
  agentDone(agent: AgentSession): Promise<void>;
}

/**
 * The agent side of calls: POM's call-control commands (hold, release, wrap-up, preview, redial,
 * callbacks) on the call in hand — an ACD call's go to the inbound desk — and the job's calls reaching
 * their agents (offer, connect, hang-up, wrap-up, disposition). Runs inside the dialer's queue.
 */
export class CallDesk {
  constructor(private readonly host: CallDeskHost) {}

  private callOf(session: AgentSession, sessionID: string): OutboundCall | null {
    const call = session.call;
    return call && session.handle === sessionID ? call : null;
  }

  async hold(session: AgentSession, sessionID: string): Promise<void> {
    const inbound = this.host.inbound.callOf(session, sessionID);
    if (inbound) return this.host.inbound.hold(session, inbound);
    const call = this.callOf(session, sessionID);
    const result = !call || session.callState === 'Wrapup' ? (call ? ResultCode.HoldCustomerDisconnected : ResultCode.HoldNotInCall)
      : call.phase !== 'connected' || session.callState !== 'Talking' ? ResultCode.CannotHold : 0;
    if (result === 0) {
      call!.phase = 'held';
      await session.setCallState('Held');
    }
    session.handler.AGTHoldCallRESP?.(sessionID, result);
  }

  async unhold(session: AgentSession, sessionID: string): Promise<void> {
    const inbound = this.host.inbound.callOf(session, sessionID);
    if (inbound) return this.host.inbound.unhold(session, inbound);
    const call = this.callOf(session, sessionID);
    const result = !call ? ResultCode.UnholdNotOnCall
      : call.phase === 'ended' || session.callState === 'Wrapup' ? ResultCode.UnholdCallDisconnected
        : call.phase !== 'held' || session.callState !== 'Held' ? ResultCode.UnholdNotOnCall
          : !call.networkCall ? ResultCode.UnholdTelephonyError : 0;
    if (result === 0) {
      call!.phase = 'connected';
      await session.setCallState('Talking');
    }
    session.handler.AGTUnholdCallRESP?.(sessionID, result);
  }

  async releaseLine(session: AgentSession, sessionID: string): Promise<void> {
    const inbound = this.host.inbound.callOf(session, sessionID);
    if (inbound) return this.host.inbound.release(session, inbound);
    if (await this.host.consults.releaseByTarget(session, sessionID)) {
      session.handler.AGTReleaseLineRESP?.(null, sessionID, 0);
      return;
    }
    const call = this.callOf(session, sessionID);
    if (!call || call.agent !== session || session.consult || !(call.isLive || call.phase === 'dialing')) {
      session.handler.AGTReleaseLineRESP?.(null, sessionID, ResultCode.CannotDisconnect);
      return;
    }
    const wasLive = call.isLive;
    call.networkCall?.hangup();
    await this.enterWrapup(session, call, wasLive ? 'Answer_Human' : 'Ring_No_Answer');
    session.handler.AGTReleaseLineRESP?.(call.job?.wrapupDetails() ?? null, sessionID, 0);
  }

  async getCompCodes(session: AgentSession, sessionID: string): Promise<void> {
    const inbound = this.host.inbound.callOf(session, sessionID);
    if (inbound) return this.host.inbound.completionCodes(session, inbound);
    const call = this.callOf(session, sessionID);
    const job = call?.job;
    if (!call || !job) {
      session.handler.AGTGetCompCodesRESP?.([], sessionID, ResultCode.WrapupRecordNotFound);
      return;
    }
    const codes: POMCompletionCode[] = job.campaign.completionCodes.map((c) => ({ codeID: c.codeID, codeValue: c.codeValue }));
    session.handler.AGTGetCompCodesRESP?.(codes, sessionID, 0);
  }

  async wrapupContact(session: AgentSession, code: POMCompletionCode, sessionID: string): Promise<void> {
    const inbound = this.host.inbound.callOf(session, sessionID);
    if (inbound) return this.host.inbound.wrapup(session, inbound, code.codeID);
    const call = this.callOf(session, sessionID);
    if (!call) {
      session.handler.AGTWrapupContactRESP?.(sessionID, ResultCode.WrapupRecordNotFound);
      return;
    }
    if (session.callState !== 'Wrapup') {
      session.handler.AGTWrapupContactRESP?.(sessionID, ResultCode.WrongState);
      return;
    }
    const known = call.job?.campaign.completionCodes.find((c) => c.codeID === code.codeID);
    if (!known) {
      session.handler.AGTWrapupContactRESP?.(sessionID, ResultCode.CompletionCodeNotUpdated);
      return;
    }
    await this.dispose(session, call, known.codeID);
    session.handler.AGTWrapupContactRESP?.(sessionID, 0);
    await this.host.agentDone(session);
  }

  async extendWrapup(session: AgentSession, sessionID: string): Promise<void> {
    const call = this.callOf(session, sessionID);
    const job = call?.job;
    if (!call || !job || session.callState !== 'Wrapup') {
      session.handler.AGTExtendWrapupRESP?.(null, sessionID, ResultCode.NotInWrapup);
      return;
    }
    if (!job.campaign.wrapupExtendable) {
      session.handler.AGTExtendWrapupRESP?.(null, sessionID, ResultCode.WrongState);
      return;
    }
    this.startWrapTimer(session, call);
    session.handler.AGTExtendWrapupRESP?.(job.wrapupDetails(), sessionID, 0);
  }

  async previewDial(session: AgentSession, number: POMContactNumber, sessionID: string): Promise<void> {
    const call = this.callOf(session, sessionID);
    const job = session.job;
    if (!call || !job || call.phase !== 'previewing' || session.callState !== 'Preview') {
      session.handler.AGTPreviewDialRESP?.(sessionID, ResultCode.NotInPreview);
      return;
    }
    const digits = number.number.trim();
    if (!/^\+?[0-9]{3,20}$/.test(digits)) {
      session.handler.AGTPreviewDialRESP?.(sessionID, ResultCode.InvalidArgument);
      return;
    }
    session.previewTimer?.cancel();
    session.previewTimer = null;
    await this.dialPreview(session, call, job, digits);
    session.handler.AGTPreviewDialRESP?.(sessionID, 0);
  }

  private async dialPreview(session: AgentSession, call: OutboundCall, job: JobRunner, digits: string): Promise<void> {
    const now = this.host.clock.now();
    const phone = call.contact.phones.find((p) => p.number === digits);
    const timezone = phone?.timezone ?? call.contact.phones[0]?.timezone ?? session.record.timeZone;
    call.agent = session;
    const restricted: AttemptResult | null = (await this.host.store.dnc.isListed(job.campaign.dncListIds, digits)) ? 'Restricted_DNC'
      : !isWithinWindow(now, phone ?? { timezone }, job.campaign.callingWindow, this.host.options.windowMarginSeconds) ? 'Restricted_Other' : null;
    if (restricted) {
      call.number = digits;
      call.attempt = await this.host.store.attempts.insert({ jobId: job.job.id, campaignId: job.campaign.id, contactId: call.contact.id, number: digits, kind: call.kind, dialedAt: now, agentId: session.agentId });
      await this.host.store.attempts.update(call.attempt.id, { endedAt: now, result: restricted });
      call.phase = 'ended';
      call.result = restricted;
      await session.setCallState('Wrapup');
      this.startWrapTimer(session, call);
      session.handler.AGTDialFailed?.(job.wrapupDetails(), restricted, call.sessionID);
      return;
    }
    await job.dial(call, { number: digits, timezone });
    await session.setCallState('Dialing');
  }

  async previewCancel(session: AgentSession, sessionID: string): Promise<void> {
    const call = this.callOf(session, sessionID);
    const job = session.job;
    if (!call || !job || call.phase !== 'previewing') {
      session.handler.AGTPreviewCancelRESP?.(null, sessionID, ResultCode.NotInPreview);
      return;
    }
    if (!call.pomContact?.canCancel) {
      session.handler.AGTPreviewCancelRESP?.(null, sessionID, ResultCode.WrongState);
      return;
    }
    session.previewTimer?.cancel();
    session.previewTimer = null;
    call.phase = 'ended';
    call.result = 'Preview_Cancelled';
    await session.setCallState('Wrapup');
    this.startWrapTimer(session, call);
    session.handler.AGTPreviewCancelRESP?.(job.wrapupDetails(), sessionID, 0);
  }

  /** Dials the contact again from wrap-up: the last attempt keeps the default code, the new one is disposed as usual. */
  async redial(session: AgentSession, number: POMContactNumber): Promise<void> {
    const call = session.call;
    const job = session.job;
    const sessionID = call?.sessionID ?? '';
    if (!call || !job || session.callState !== 'Wrapup') {
      session.handler.AGTRedialRESP?.(sessionID, ResultCode.RedialNotInWrapup);
      return;
    }
    const digits = number.number.trim() || call.number || '';
    if (!/^\+?[0-9]{3,20}$/.test(digits)) {
      session.handler.AGTRedialRESP?.(sessionID, ResultCode.RedialNumberMissing);
      return;
    }
    session.wrapTimer?.cancel();
    session.wrapTimer = null;
    if (call.attempt) await this.host.store.attempts.update(call.attempt.id, { completionCode: job.campaign.defaultCompletionCode });
    const again = new OutboundCall(call.sessionID, call.contact, 'redial', call.contactType, call.callback);
    again.pomContact = call.pomContact;
    again.job = call.job;
    session.take(again, session.handle);
    await this.dialPreview(session, again, job, digits);
    session.handler.AGTRedialRESP?.(sessionID, 0);
  }

  async getCustomerDetails(session: AgentSession, sessionID: string): Promise<void> {
    const call = this.callOf(session, sessionID);
    if (!call) {
      session.handler.AGTGetCustomerDetailsRESP?.(null, sessionID, ResultCode.NoCustomer);
      return;
    }
    const contact = (await this.host.store.contacts.findById(call.contact.id)) ?? call.contact;
    session.handler.AGTGetCustomerDetailsRESP?.(toCustomerDetails(contact), sessionID, 0);
  }

  async callbackTypes(session: AgentSession, sessionID: string): Promise<void> {
    const types: POMCallbackType[] = ['Agent', 'Campaign', 'StrictAgent'];
    const call = this.callOf(session, sessionID);
    session.handler.AGTGetCallbackTypesRESP?.(types, call?.job?.campaign.callbackExpiryMinutes ?? this.host.options.callbackExpiryMinutes, sessionID, call ? 0 : ResultCode.CallbackNotOnCall);
  }

  async createCallback(session: AgentSession, type: POMCallbackType, callbackTime: string, callbackTimezone: string, callbackExpiryTime: string, number: POMContactNumber, notes: string, sessionID: string): Promise<void> {
    const call = this.callOf(session, sessionID);
    const job = call?.job;
    const respond = (result: number): void => session.handler.AGTCreateCallbackRESP?.(sessionID, result);
    if (!call || !job || call.agent !== session || !(call.isLive || session.callState === 'Wrapup')) return respond(ResultCode.CallbackNotOnCall);
    if (type === 'Standard') return respond(ResultCode.CallbackStandardNotSupported);
    if (!['Agent', 'Campaign', 'StrictAgent'].includes(type)) return respond(ResultCode.CallbackTypeNotFound);
    const dueAt = Date.parse(callbackTime);
    const expiresAt = callbackExpiryTime ? Date.parse(callbackExpiryTime) : dueAt + job.campaign.callbackExpiryMinutes * MINUTE;
    const timezone = callbackTimezone || call.contact.phones[0]?.timezone || session.record.timeZone;
    if (!Number.isFinite(dueAt) || !Number.isFinite(expiresAt) || expiresAt <= dueAt || !isTimeZone(timezone)) return respond(ResultCode.CallbackDateParseFailed);
    await this.host.store.callbacks.create({
      campaignId: job.campaign.id, contactId: call.contact.id, type, agentId: type === 'Campaign' ? null : session.agentId,
      dueAt, expiresAt, number: number.number || call.number || call.contact.phones[0]?.number || '', timezone, notes, createdAt: this.host.clock.now(),
    });
    call.createdCallbackExpiresAt = expiresAt;
    job.callbacksChanged();
    respond(0);
  }

  /** The agent asks to blend (AGTBlendToInbound/Outbound): into its team's queue, or back out. */


  async offerPreview(call: OutboundCall, agent: AgentSession, job: JobRunner, opts: PreviewOffer): Promise<void> {
    agent.take(call);
    call.agent = agent;
    await agent.setCallState('Preview');
    job.pomContactFor(call, agent, opts);
    if (call.callback) agent.handler.AGTPreviewCallbackPending?.(call.callback.dueAt, agent.handle);
    agent.handler.AGTCallNotify?.(call.pomContact!, agent.handle);
    agent.notifyCapabilities();
    if (opts.timeoutSeconds > 0) {
      // A timed preview dials the default number by itself when the agent has not decided.
      agent.previewTimer = this.host.clock.setTimer(opts.timeoutSeconds * SECOND, () => this.host.queue.push(async () => {
        agent.previewTimer = null;
        if (agent.call !== call || call.phase !== 'previewing') return;
        await this.dialPreview(agent, call, job, call.pomContact?.defaultNumber ?? '');
      }));
    }
  }

  async deliverConnected(call: OutboundCall, agent: AgentSession, job: JobRunner): Promise<void> {
    agent.take(call);
    job.pomContactFor(call, agent);
    agent.handler.AGTCallNotify?.(call.pomContact!, agent.handle);
    await agent.setCallState('Talking');
  }

  /** A preview or callback call was answered: the agent, on the line already, talks. */
  async customerAnswered(call: OutboundCall): Promise<void> {
    const agent = call.agent!;
    const now = this.host.clock.now();
    call.phase = 'connected';
    call.networkCall?.connect();
    await this.host.store.attempts.update(call.attempt!.id, { connectedAt: now, agentId: agent.agentId });
    call.attempt!.connectedAt = now;
    await agent.setCallState('Talking');
  }

  async agentCallFailed(call: OutboundCall, reason: DialFailReason | 'Answer_Machine'): Promise<void> {
    const agent = call.agent!;
    call.phase = 'ended';
    call.result = reason;
    await this.host.store.attempts.update(call.attempt!.id, { endedAt: this.host.clock.now(), result: reason });
    await agent.setCallState('Wrapup');
    this.startWrapTimer(agent, call);
    agent.handler.AGTDialFailed?.(call.job!.wrapupDetails(), reason, agent.handle);
  }

  async customerHungUp(call: OutboundCall): Promise<void> {
    const agent = call.agent!;
    if (agent.call !== call) return;
    await this.host.consults.customerGone(call);
    await this.enterWrapup(agent, call, 'Answer_Human');
    agent.handler.AGTAutoReleaseLine?.(call.job!.wrapupDetails(), agent.handle);
  }

  private async enterWrapup(agent: AgentSession, call: OutboundCall, result: AttemptResult): Promise<void> {
    const now = this.host.clock.now();
    const talked = call.attempt?.connectedAt != null;
    call.phase = 'ended';
    call.result = result;
    await this.host.store.attempts.update(call.attempt!.id, { endedAt: now, result });
    if (talked) call.job?.noteTalk((now - call.attempt!.connectedAt!) / SECOND);
    await agent.setCallState('Wrapup');
    agent.idleSince = now;
    this.startWrapTimer(agent, call);
  }

  /** A wrap-up the last leader left (left-wrapups.ts): the call is the agent's again, in wrap-up. */
  async restoreWrapup(agent: AgentSession, call: OutboundCall, job: JobRunner): Promise<void> {
    agent.take(call);
    job.pomContactFor(call, agent);
    agent.handler.AGTCallNotify?.(call.pomContact!, agent.handle);
    await agent.setCallState('Wrapup');
    agent.idleSince = this.host.clock.now();
    agent.handler.AGTAutoReleaseLine?.(job.wrapupDetails(), agent.handle);
    this.startWrapTimer(agent, call);
  }

  /** The agent handed its customer to a colleague: it wraps up its own part; the colleague disposes the contact. */
  async wrapUpHandedOver(agent: AgentSession, call: OutboundCall): Promise<void> {
    await agent.setCallState('Wrapup');
    agent.idleSince = this.host.clock.now();
    this.startWrapTimer(agent, call);
  }

  /** An outside party took the customer: the call ends for the dialer and the agent disposes the contact. */
  async wrapUpTransferredOut(agent: AgentSession, call: OutboundCall): Promise<void> {
    await this.enterWrapup(agent, call, 'Answer_Human');
  }

  private startWrapTimer(agent: AgentSession, call: OutboundCall): void {
    agent.wrapTimer?.cancel();
    agent.wrapTimer = null;
    const seconds = call.job?.campaign.wrapupSeconds ?? 0;
    if (seconds <= 0) return;
    agent.wrapTimer = this.host.clock.setTimer(seconds * SECOND, () => this.host.queue.push(() => this.autoWrapup(agent, call)));
  }

  /** Wrap-up ran out (POM's acwMaxTime): the contact gets the campaign's default completion code. */
  private async autoWrapup(agent: AgentSession, call: OutboundCall): Promise<void> {
    if (agent.call !== call || agent.callState !== 'Wrapup' || !call.job) return;
    agent.wrapTimer = null;
    await this.dispose(agent, call, call.job.campaign.defaultCompletionCode);
    await this.host.agentDone(agent);
  }

  /**
   * Writes the disposition (attempt, contact, callback) and frees the agent's line. An agent who
   * handed the customer on only closes its own part: the colleague who has the call disposes it.
   */
  private async dispose(agent: AgentSession, call: OutboundCall, codeID: string): Promise<void> {
    agent.wrapTimer?.cancel();
    agent.wrapTimer = null;
    agent.call = null;
    agent.handle = '';
    const job = call.job!;
    if (call.agent !== agent) return;
    const now = this.host.clock.now();
    const code = codeOf(job.campaign, codeID);
    const result: AttemptResult = call.result ?? 'Answer_Human';
    if (call.attempt) {
      await this.host.store.attempts.update(call.attempt.id, { completionCode: code.codeID });
    }
    if (result === 'Preview_Cancelled') {
      await this.host.store.contacts.release(call.contact.id, now + this.host.options.previewCancelRetryMinutes * MINUTE);
    } else if (call.attempt) {
      await this.host.store.contacts.recordOutcome(call.contact.id, outcomeOfWrapup(job.campaign, result, code, call.contact.attempts + 1, now, call.createdCallbackExpiresAt));
      if (code.nextState === 'dnc' && call.number && job.campaign.dncListIds[0] !== undefined) {
        await this.host.store.dnc.addAddresses(job.campaign.dncListIds[0], [call.number], now, 'dialer');
      }
    }
    if (call.callback) await this.host.store.callbacks.transition(call.callback.id, 'delivered', 'done');
    job.noteWrap((now - agent.idleSince) / SECOND);
    job.release(call);
  }

  /** Ends the call in hand on a forced logon: an undialed preview goes back to the list; a call is hung up and disposed. */
  async finishCall(agent: AgentSession, call: OutboundCall): Promise<void> {
    agent.clearTimers();
    if (call.agent !== agent) {
      agent.call = null;
      return;
    }
    call.networkCall?.hangup();
    if (!call.attempt) {
      await this.host.store.contacts.release(call.contact.id, this.host.clock.now());
      if (call.callback) {
        await this.host.store.callbacks.transition(call.callback.id, 'delivered', 'pending');
        call.job?.callbacksChanged();
      }
      call.job?.release(call);
      agent.call = null;
      return;
    }
    if (call.phase !== 'ended') await this.enterWrapup(agent, call, call.answeredAt ? 'Answer_Human' : 'Ring_No_Answer');
    if (call.job) await this.dispose(agent, call, call.job.campaign.defaultCompletionCode);
  }
}
