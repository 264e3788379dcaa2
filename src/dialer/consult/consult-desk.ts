import type { Clock } from '../../clock/clock.ts';
import type { CallEvent, Network } from '../../telephony/network.ts';
import type { POMDestination, POMDestinationType } from '../../pom/types.ts';
import { ResultCode } from '../../pom/result-codes.ts';
import type { AgentSession } from '../agent-session.ts';
import type { OutboundCall } from '../outbound-call.ts';
import type { SerialQueue } from '../serial-queue.ts';
import { Consult } from './consult.ts';

/** An outside party an agent may consult (config `dialer.consultDestinations`). */
export interface ExternalDestination {
  name: string;
  number: string;
}

/** What the consult desk needs of the dialer's agent manager. */
export interface ConsultHost {
  readonly clock: Clock;
  readonly network: Network;
  readonly queue: SerialQueue;
  readonly externalDestinations: readonly ExternalDestination[];
  session(agentId: string): AgentSession | undefined;
  sessions(): AgentSession[];
  newSessionId(): string;
  /** The agent has nothing left in hand: it takes its next work (or goes Not-Ready, or blends). */
  agentDone(agent: AgentSession): Promise<void>;
  /** The agent handed its customer on: it wraps up its own part (the call's codes; no disposition of the contact). */
  wrapUpHandedOver(agent: AgentSession, call: OutboundCall): Promise<void>;
  /** An outside party took the customer: the agent wraps up and disposes the contact. */
  wrapUpTransferredOut(agent: AgentSession, call: OutboundCall): Promise<void>;
}

/** A busy agent has at most this many consults waiting for it (POM's limit). */
const MAX_PENDING_CONSULTS = 2;
/** An outside number rings this long before the consult fails. */
const EXTERNAL_RING_MS = 30_000;
const NUMBER = /^\+?[0-9]{3,20}$/;

/**
 * Consult, transfer and conference (POM's AGTConsultCall, AGTCompleteTransfer, AGTCancelConsult,
 * AGTStartConf, AGTEndConf, AGTLeaveConf) for an agent talking to an outbound customer. Runs inside the
 * dialer's queue.
 */
export class ConsultDesk {
  constructor(private readonly host: ConsultHost) {}

  /** The customer call the requester consults about: the agent's own, live. */
  private customerOf(session: AgentSession, sessionID: string): OutboundCall | null {
    const call = session.call;
    return call && call.agent === session && session.handle === sessionID && call.isLive ? call : null;
  }

  consultTypes(session: AgentSession, sessionID: string): void {
    const ok = this.customerOf(session, sessionID) !== null;
    session.handler.AGTGetConsultTypesRESP?.(['Agent', 'External'], true, sessionID, ok ? 0 : ResultCode.HoldNotInCall);
  }

  destinations(session: AgentSession, type: POMDestinationType, sessionID: string): void {
    const respond = (dests: POMDestination[], result: number): void => session.handler.AGTGetConsultDestsForTypeRESP?.(type, dests, sessionID, result);
    if (!this.customerOf(session, sessionID) && session.handle !== sessionID) return respond([], ResultCode.HoldNotInCall);
    if (type === 'External') {
      const dests = this.host.externalDestinations.map((d) => ({
        destinationName: d.name, destinationValue: d.number, destinationType: 'External' as const, timeZone: '', presence: 'Available', state: '',
      }));
      return respond(dests, dests.length === 0 ? ResultCode.NoExternalNumbers : 0);
    }
    const agents = this.host.sessions().filter((s) => s !== session && s.agentState !== 'NotReady' && s.record.organizationName === session.record.organizationName);
    const dests = agents.map((s) => ({
      destinationName: s.record.name, destinationValue: s.agentId, destinationType: 'Agent' as const,
      timeZone: s.record.timeZone, presence: s.isFree && s.callState !== 'Wrapup' ? 'Available' : 'Busy', state: s.agentState,
    }));
    respond(dests, dests.length === 0 ? ResultCode.NoAgents : 0);
  }

  async consult(session: AgentSession, destination: POMDestination, sessionID: string): Promise<void> {
    const respond = (result: number): void => session.handler.AGTConsultCallRESP?.(sessionID, result);
    const call = this.customerOf(session, sessionID);
    if (!call || session.consult) return respond(ResultCode.ConsultFailed);
    const value = destination.destinationValue.trim();
    if (value === '') return respond(ResultCode.ConsultDestinationNull);
    if (destination.destinationType === 'External') {
      if (!NUMBER.test(value)) return respond(ResultCode.ConsultDestinationNull);
      return this.consultOutside(session, call, value, respond);
    }
    const target = this.host.session(value);
    if (!target || target === session) return respond(target ? ResultCode.ConsultFailed : ResultCode.ConsultAgentLoggedOut);
    if (target.agentState === 'NotReady') return respond(ResultCode.ConsultAgentInAux);
    const free = target.isFree && (target.callState === 'Idle' || target.callState === 'NoState');
    if (!free && target.agentState !== 'Ready') return respond(ResultCode.ConsultAgentBusy);
    if (!free && target.pendingConsults.length >= MAX_PENDING_CONSULTS) return respond(ResultCode.ConsultMaxReached);
    const consult = new Consult(this.host.newSessionId(), session, call, 'Agent', target.agentId, target, free ? 'connected' : 'pending');
    await this.holdForConsult(session, call, consult);
    respond(0);
    session.handler.AGTEnableCancelConsult?.(consult.handle);
    if (free) {
      await this.connectTarget(consult, target);
    } else {
      target.pendingConsults.push(consult);
      target.handler.AGTConsultPending?.(session.record.name, session.agentId, call.job?.campaign.name ?? '', consult.handle);
    }
  }

  private async holdForConsult(session: AgentSession, call: OutboundCall, consult: Consult): Promise<void> {
    call.phase = 'held';
    session.consult = consult;
    await session.setCallState('Consult');
  }

  private async connectTarget(consult: Consult, target: AgentSession): Promise<void> {
    consult.phase = 'connected';
    target.consult = consult;
    target.handle = consult.handle;
    // A free outbound agent leaves its job's pool while it helps a colleague.
    await target.setCallState('Talking');
    target.handler.AGTConsultNotify?.(consult.customer.pomContact!, consult.requester.agentId, consult.handle);
    consult.requester.notifyCapabilities();
  }

  private async consultOutside(session: AgentSession, call: OutboundCall, number: string, respond: (result: number) => void): Promise<void> {
    const consult = new Consult(this.host.newSessionId(), session, call, 'External', number, null, 'ringing');
    await this.holdForConsult(session, call, consult);
    respond(0);
    session.handler.AGTEnableCancelConsult?.(consult.handle);
    consult.external = this.host.network.dial({
      number, noAnswerTimeoutMs: EXTERNAL_RING_MS, amd: false, callerId: call.job?.campaign.callerId ?? '',
      onEvent: (event) => this.host.queue.push(() => this.outsideEvent(consult, event)),
    });
  }

  private async outsideEvent(consult: Consult, event: CallEvent): Promise<void> {
    if (consult.phase === 'ended') return;
    const requester = consult.requester;
    if (event.type === 'answered') {
      consult.external?.connect();
      consult.phase = 'connected';
      requester.notifyCapabilities();
      return;
    }
    // Failed, or the outside party hung up before a transfer: the agent is back with the customer.
    consult.phase = 'ended';
    requester.consult = null;
    if (event.type === 'failed') {
      requester.handler.AGTConsultDialFailed?.(event.reason, consult.handle);
      await requester.setCallState('Held');
    } else {
      requester.handler.AGTConsultCancelled?.(requester.agentId, consult.handle);
      consult.customer.phase = 'connected';
      await requester.setCallState('Talking');
    }
  }

  async transfer(session: AgentSession, sessionID: string): Promise<void> {
    const consult = session.consult;
    const respond = (result: number): void => session.handler.AGTCompleteTransferRESP?.(result === 0, result === 0 ? consult!.customer.job?.wrapupDetails() ?? null : null, sessionID, result);
    if (!consult || consult.requester !== session || session.handle !== sessionID || consult.phase !== 'connected') return respond(ResultCode.CannotCompleteTransfer);
    consult.phase = 'ended';
    session.consult = null;
    const call = consult.customer;
    call.phase = 'connected';
    const target = consult.target;
    if (!target) {
      // The outside party keeps the customer; the agent disposes the contact.
      await this.host.wrapUpTransferredOut(session, call);
      return respond(0);
    }
    await this.handOver(call, target, consult.handle);
    await this.host.wrapUpHandedOver(session, call);
    respond(0);
    target.handler.AGTTransferNotify?.(call.pomContact!, consult.handle);
  }

  /** The customer is now the target's call, on the consult's handle; the target disposes it. */
  private async handOver(call: OutboundCall, target: AgentSession, handle: string): Promise<void> {
    target.consult = null;
    call.agent = target;
    target.take(call, handle);
    await target.setCallState('Talking');
  }

  async cancel(session: AgentSession, sessionID: string): Promise<void> {
    const consult = session.consult;
    const respond = (result: number): void => session.handler.AGTCancelConsultRESP?.(sessionID, result);
    if (!consult || session.handle !== sessionID) return respond(ResultCode.CannotCancelConsult);
    if (consult.phase === 'conference') return respond(ResultCode.ConsultAlreadyCompleted);
    respond(0);
    await this.endConsult(consult);
  }

  /** Ends a consult short of a transfer: the requester is back with the customer, the target free. */
  private async endConsult(consult: Consult): Promise<void> {
    const { requester, target } = consult;
    consult.phase = 'ended';
    consult.external?.hangup();
    requester.consult = null;
    consult.customer.phase = 'connected';
    requester.handler.AGTConsultCancelled?.(requester.agentId, consult.handle);
    await requester.setCallState('Talking');
    if (target) await this.releaseTarget(consult, target);
  }

  private async releaseTarget(consult: Consult, target: AgentSession): Promise<void> {
    const pending = target.pendingConsults.indexOf(consult);
    if (pending >= 0) {
      target.pendingConsults.splice(pending, 1);
      target.handler.AGTConsultCancelled?.(consult.requester.agentId, consult.handle);
      return;
    }
    if (target.consult !== consult) return;
    target.consult = null;
    target.handle = '';
    target.handler.AGTConsultCancelled?.(consult.requester.agentId, consult.handle);
    await this.host.agentDone(target);
  }

  async startConference(session: AgentSession, sessionID: string): Promise<void> {
    const consult = session.consult;
    const respond = (result: number): void => session.handler.AGTStartConfRESP?.(sessionID, result);
    if (!consult || consult.requester !== session || session.handle !== sessionID || !consult.target) return respond(ResultCode.ConferenceNotInConsult);
    if (consult.phase !== 'connected') return respond(ResultCode.ConferenceNotAnswered);
    const target = consult.target;
    consult.phase = 'conference';
    consult.customer.phase = 'connected';
    await session.setCallState('ConferenceOwner');
    await target.setCallState('ConferencePassive');
    respond(0);
    const contact = consult.customer.pomContact!;
    session.handler.AGTConferenceNotify?.(contact, sessionID);
    target.handler.AGTConferenceNotify?.(contact, consult.handle);
  }

  /** The owner drops the other party and stays with the customer. */
  async endConference(session: AgentSession, sessionID: string): Promise<void> {
    const consult = session.consult;
    const respond = (result: number): void => session.handler.AGTEndConfRESP?.(sessionID, result);
    if (!consult || consult.phase !== 'conference' || consult.requester !== session || session.handle !== sessionID) return respond(ResultCode.EndNotConferenceOwner);
    respond(0);
    await this.dropPassive(consult);
  }

  private async dropPassive(consult: Consult): Promise<void> {
    const { requester, target } = consult;
    consult.phase = 'ended';
    requester.consult = null;
    requester.handler.AGTConferenceEnded?.(requester.handle);
    await requester.setCallState('Talking');
    if (target) {
      target.consult = null;
      target.handle = '';
      target.handler.AGTConferenceEnded?.(consult.handle);
      await this.host.agentDone(target);
    }
  }

  /** Leaving: the passive party just goes; the owner hands the customer to the passive party and wraps up. */
  async leaveConference(session: AgentSession, sessionID: string): Promise<void> {
    const consult = session.consult;
    if (!consult || consult.phase !== 'conference' || session.handle !== sessionID) {
      session.handler.AGTLeaveConfRESP?.(sessionID, ResultCode.LeaveNotInConference, null);
      return;
    }
    if (consult.target === session) {
      session.handler.AGTLeaveConfRESP?.(sessionID, 0, null);
      await this.dropPassive(consult);
      return;
    }
    const target = consult.target!;
    const call = consult.customer;
    consult.phase = 'ended';
    session.consult = null;
    await this.handOver(call, target, consult.handle);
    await this.host.wrapUpHandedOver(session, call);
    session.handler.AGTLeaveConfRESP?.(sessionID, 0, call.job?.wrapupDetails() ?? null);
    target.handler.AGTConferenceEnded?.(consult.handle);
    target.handler.AGTConferenceOwnershipChanged?.(call.pomContact!, consult.handle);
  }

  /** The consulted agent hangs up its side (DisconnectCall on the consult's handle). True if it was that. */
  async releaseByTarget(session: AgentSession, sessionID: string): Promise<boolean> {
    const consult = session.consult;
    if (!consult || consult.target !== session || session.handle !== sessionID) return false;
    if (consult.phase === 'conference') await this.dropPassive(consult);
    else await this.endConsult(consult);
    return true;
  }

  /** The customer hung up while the agent consulted or conferenced: the other party is let go. */
  async customerGone(call: OutboundCall): Promise<void> {
    const consult = call.agent?.consult;
    if (!consult || consult.customer !== call || consult.phase === 'ended') return;
    const wasConference = consult.phase === 'conference';
    consult.phase = 'ended';
    consult.external?.hangup();
    consult.requester.consult = null;
    if (wasConference) consult.requester.handler.AGTConferenceEnded?.(consult.requester.handle);
    const target = consult.target;
    if (!target) return;
    if (wasConference && target.consult === consult) {
      target.consult = null;
      target.handle = '';
      target.handler.AGTConferenceEnded?.(consult.handle);
      await this.host.agentDone(target);
      return;
    }
    await this.releaseTarget(consult, target);
  }

  /** The agent is free again: the oldest consult waiting for it connects. True if one did. */
  async connectPending(agent: AgentSession): Promise<boolean> {
    const consult = agent.pendingConsults.shift();
    if (!consult) return false;
    if (consult.phase !== 'pending') return this.connectPending(agent);
    agent.handler.AGTPendingConsultComplete?.(consult.handle);
    await this.connectTarget(consult, agent);
    return true;
  }

  /** The agent logs off (or is forced off): its consults end. */
  async agentLeaving(agent: AgentSession): Promise<void> {
    for (const consult of agent.pendingConsults.splice(0)) await this.endConsult(consult);
    const consult = agent.consult;
    if (!consult || consult.phase === 'ended') return;
    if (consult.target === agent) {
      if (consult.phase === 'conference') await this.dropPassive(consult);
      else await this.endConsult(consult);
      return;
    }
    consult.phase = 'ended';
    consult.external?.hangup();
    agent.consult = null;
    if (consult.target) await this.releaseTarget(consult, consult.target);
  }
}
