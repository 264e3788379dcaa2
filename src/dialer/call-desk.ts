import type { Clock } from '../clock/clock.ts';
import type { DialFailReason } from '../telephony/network.ts';
import type { Store } from '../store/store.ts';
import type { AttemptResult } from '../store/records.ts';
import type { POMCallbackType, POMContactNumber } from '../pom/types.ts';
import { ResultCode } from '../pom/result-codes.ts';
import type { AgentSession } from './agent-session.ts';
import type { JobRunner, PreviewOffer } from './job-runner.ts';
import { OutboundCall, callInHand } from './outbound-call.ts';
import type { SerialQueue } from './serial-queue.ts';
import type { DialerOptions } from './dialer-options.ts';
import { isTimeZone, isWithinWindow } from './compliance/calling-window.ts';
import { toCustomerDetails } from './contact-view.ts';
import type { InboundDesk } from './inbound/inbound-desk.ts';
import type { ConsultDesk } from './consult/consult-desk.ts';
import type { WrapupDesk } from './wrapup-desk.ts';

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
  /** Wrap-up and disposition of the calls this desk ends (wrapup-desk.ts). */
  readonly wrapups: WrapupDesk;
  /** The agent has nothing left in hand: it takes its next work (or goes Not-Ready, or blends). */
  agentDone(agent: AgentSession): Promise<void>;
}

/**
 * The agent side of calls: POM's call-control commands (hold, release, preview, redial, callbacks) on
 * the call in hand — an ACD call's go to the inbound desk — and the job's calls reaching their agents
 * (offer, connect, hang-up); their wrap-up and disposition are the wrap-up desk's (wrapup-desk.ts).
 * Runs inside the dialer's queue.
 */
export class CallDesk {
  constructor(private readonly host: CallDeskHost) {}

  async hold(session: AgentSession, sessionID: string): Promise<void> {
    const inbound = this.host.inbound.callOf(session, sessionID);
    if (inbound) return this.host.inbound.hold(session, inbound);
    const call = callInHand(session, sessionID);
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
    const call = callInHand(session, sessionID);
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
    const call = callInHand(session, sessionID);
    if (!call || call.agent !== session || session.consult || !(call.isLive || call.phase === 'dialing')) {
      session.handler.AGTReleaseLineRESP?.(null, sessionID, ResultCode.CannotDisconnect);
      return;
    }
    const wasLive = call.isLive;
    call.networkCall?.hangup();
    await this.host.wrapups.enterWrapup(session, call, wasLive ? 'Answer_Human' : 'Ring_No_Answer');
    session.handler.AGTReleaseLineRESP?.(call.job?.wrapupDetails() ?? null, sessionID, 0);
  }

  async previewDial(session: AgentSession, number: POMContactNumber, sessionID: string): Promise<void> {
    const call = callInHand(session, sessionID);
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
      this.host.wrapups.startWrapTimer(session, call);
      session.handler.AGTDialFailed?.(job.wrapupDetails(), restricted, call.sessionID);
      return;
    }
    await job.dial(call, { number: digits, timezone });
    await session.setCallState('Dialing');
  }

  async previewCancel(session: AgentSession, sessionID: string): Promise<void> {
    const call = callInHand(session, sessionID);
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
    this.host.wrapups.startWrapTimer(session, call);
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
    const call = callInHand(session, sessionID);
    if (!call) {
      session.handler.AGTGetCustomerDetailsRESP?.(null, sessionID, ResultCode.NoCustomer);
      return;
    }
    const contact = (await this.host.store.contacts.findById(call.contact.id)) ?? call.contact;
    session.handler.AGTGetCustomerDetailsRESP?.(toCustomerDetails(contact), sessionID, 0);
  }

  async callbackTypes(session: AgentSession, sessionID: string): Promise<void> {
    const types: POMCallbackType[] = ['Standard', 'Agent', 'Campaign', 'StrictAgent'];
    const call = callInHand(session, sessionID);
    session.handler.AGTGetCallbackTypesRESP?.(types, call?.job?.campaign.callbackExpiryMinutes ?? this.host.options.callbackExpiryMinutes, sessionID, call ? 0 : ResultCode.CallbackNotOnCall);
  }

  async createCallback(session: AgentSession, type: POMCallbackType, callbackTime: string, callbackTimezone: string, callbackExpiryTime: string, number: POMContactNumber, notes: string, sessionID: string): Promise<void> {
    const call = callInHand(session, sessionID);
    const job = call?.job;
    const respond = (result: number): void => session.handler.AGTCreateCallbackRESP?.(sessionID, result);
    if (!call || !job || call.agent !== session || !(call.isLive || session.callState === 'Wrapup')) return respond(ResultCode.CallbackNotOnCall);
    if (!['Standard', 'Agent', 'Campaign', 'StrictAgent'].includes(type)) return respond(ResultCode.CallbackTypeNotFound);
    const dueAt = Date.parse(callbackTime);
    const expiresAt = callbackExpiryTime ? Date.parse(callbackExpiryTime) : dueAt + job.campaign.callbackExpiryMinutes * MINUTE;
    const timezone = callbackTimezone || call.contact.phones[0]?.timezone || session.record.timeZone;
    if (!Number.isFinite(dueAt) || !Number.isFinite(expiresAt) || expiresAt <= dueAt || !isTimeZone(timezone)) return respond(ResultCode.CallbackDateParseFailed);
    await this.host.store.callbacks.create({
      // Standard and Campaign callbacks go back to the campaign for any of its agents: no owner.
      campaignId: job.campaign.id, contactId: call.contact.id, type, agentId: type === 'Agent' || type === 'StrictAgent' ? session.agentId : null,
      dueAt, expiresAt, number: number.number || call.number || call.contact.phones[0]?.number || '', timezone, notes, createdAt: this.host.clock.now(),
    });
    call.createdCallbackExpiresAt = expiresAt;
    job.callbacksChanged();
    respond(0);
  }

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
    job.pomContactFor(call, agent, undefined, 'Talking');
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
    this.host.wrapups.startWrapTimer(agent, call);
    agent.handler.AGTDialFailed?.(call.job!.wrapupDetails(), reason, agent.handle);
  }

  async customerHungUp(call: OutboundCall): Promise<void> {
    const agent = call.agent!;
    if (agent.call !== call) return;
    await this.host.consults.customerGone(call);
    await this.host.wrapups.enterWrapup(agent, call, 'Answer_Human');
    agent.handler.AGTAutoReleaseLine?.(call.job!.wrapupDetails(), agent.handle);
  }

  /**
   * The agent's nailed line dropped (nailer.ts): the customer can no longer hear the agent. A call is hung up
   * and wrapped up as after a hang-up; an undialed preview goes back to the list. A wrap-up or a consult stays.
   */
  async lineLost(agent: AgentSession): Promise<void> {
    const call = agent.call;
    if (!call || call.agent !== agent || agent.consult) return;
    if (call.phase === 'previewing') return this.finishCall(agent, call);
    if (!call.isLive && call.phase !== 'dialing') return;
    const wasLive = call.isLive;
    call.networkCall?.hangup();
    await this.host.wrapups.enterWrapup(agent, call, wasLive ? 'Answer_Human' : 'Ring_No_Answer');
    agent.handler.AGTAutoReleaseLine?.(call.job!.wrapupDetails(), agent.handle);
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
    if (call.phase !== 'ended') await this.host.wrapups.enterWrapup(agent, call, call.answeredAt ? 'Answer_Human' : 'Ring_No_Answer');
    if (call.job) await this.host.wrapups.dispose(agent, call, call.job.campaign.defaultCompletionCode);
  }
}
