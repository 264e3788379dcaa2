import type { Clock } from '../clock/clock.ts';
import type { Store } from '../store/store.ts';
import type { AttemptResult } from '../store/records.ts';
import type { POMCompletionCode } from '../pom/types.ts';
import { ResultCode } from '../pom/result-codes.ts';
import type { AgentSession } from './agent-session.ts';
import type { JobRunner } from './job-runner.ts';
import { callInHand, type OutboundCall } from './outbound-call.ts';
import type { SerialQueue } from './serial-queue.ts';
import type { DialerOptions } from './dialer-options.ts';
import { codeOf, outcomeOfWrapup } from './contact-outcome.ts';
import type { InboundDesk } from './inbound/inbound-desk.ts';

const SECOND = 1000;
const MINUTE = 60_000;

/** What the wrap-up desk needs of the dialer's agent manager. */
export interface WrapupDeskHost {
  readonly store: Store;
  readonly clock: Clock;
  readonly queue: SerialQueue;
  readonly options: DialerOptions;
  readonly inbound: InboundDesk;
  /** The agent has nothing left in hand: it takes its next work (or goes Not-Ready, or blends). */
  agentDone(agent: AgentSession): Promise<void>;
}

/**
 * The end of an outbound call at its agent: POM's wrap-up commands (completion codes, wrap-up, extend) —
 * an ACD call's go to the inbound desk — the wrap-up timer (acwMaxTime), and the disposition written
 * to the store. Runs inside the dialer's queue.
 */
export class WrapupDesk {
  constructor(private readonly host: WrapupDeskHost) {}

  async getCompCodes(session: AgentSession, sessionID: string): Promise<void> {
    const inbound = this.host.inbound.callOf(session, sessionID);
    if (inbound) return this.host.inbound.completionCodes(session, inbound);
    const call = callInHand(session, sessionID);
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
    const call = callInHand(session, sessionID);
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
    const call = callInHand(session, sessionID);
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

  /** The call has ended with `result` (hang-up, release, line lost): the agent wraps it up. */
  async enterWrapup(agent: AgentSession, call: OutboundCall, result: AttemptResult): Promise<void> {
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
    job.pomContactFor(call, agent, undefined, 'Wrapup');
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

  /** (Re)starts the wrap-up timer of the campaign (none when its wrap-up time is 0). */
  startWrapTimer(agent: AgentSession, call: OutboundCall): void {
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
  async dispose(agent: AgentSession, call: OutboundCall, codeID: string): Promise<void> {
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
}
