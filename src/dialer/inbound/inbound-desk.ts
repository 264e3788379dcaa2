import type { Clock } from '../../clock/clock.ts';
import type { AcdAgentDesk, AcdCall } from '../../acd/embedded-acd.ts';
import type { QueueDefinition } from '../../acd/queue-types.ts';
import type { POMCompletionCode, POMWrapupDetails } from '../../pom/types.ts';
import { ResultCode } from '../../pom/result-codes.ts';
import type { Store } from '../../store/store.ts';
import type { AgentSession } from '../agent-session.ts';
import type { SerialQueue } from '../serial-queue.ts';
import { InboundCallInHand } from './inbound-call.ts';
import type { InboundRouting } from './inbound-routing.ts';

const SECOND = 1000;

/** What the inbound desk needs of the dialer's agent manager. */
export interface InboundHost {
  readonly store: Store;
  readonly clock: Clock;
  readonly queue: SerialQueue;
  routing(): InboundRouting | null;
  session(agentId: string): AgentSession | undefined;
  sessions(): AgentSession[];
  newSessionId(): string;
  /** The agent has nothing left in hand: it takes its next work (or goes Not-Ready, or blends). */
  agentDone(agent: AgentSession): Promise<void>;
}

/**
 * ACD calls at the agents blended to inbound: the ACD rings the agent (deliver), the agent talks,
 * holds, releases, wraps up with the queue's codes. Runs inside the dialer's queue.
 */
export class InboundDesk implements AcdAgentDesk {
  constructor(private readonly host: InboundHost) {}

  async deliver(agentId: string, acdCall: AcdCall): Promise<boolean> {
    const agent = this.host.session(agentId);
    const queue = this.host.routing()?.queueDefinition(acdCall.queue);
    if (!agent || !queue || agent.mode !== 'inbound' || agent.pendingMode === 'outbound' || agent.agentState !== 'Ready' || !agent.isFree || agent.callState !== 'Idle') return false;
    const now = this.host.clock.now();
    const inCall = new InboundCallInHand(this.host.newSessionId(), acdCall, queue, now);
    agent.inbound = inCall;
    agent.handle = inCall.sessionID;
    await this.host.store.inboundCalls.update(acdCall.recordId, { agentId });
    await agent.setCallState('Talking');
    agent.handler.AGTInboundCallNotify?.({
      queue: acdCall.queue, callingNumber: acdCall.network.callingNumber, ucid: acdCall.id,
      waitSeconds: Math.round((now - acdCall.arrivedAt) / SECOND),
    }, inCall.sessionID);
    return true;
  }

  async customerHungUp(acdCall: AcdCall): Promise<void> {
    const agent = this.host.sessions().find((s) => s.inbound?.acdCall === acdCall);
    if (!agent || agent.inbound!.phase === 'ended') return;
    const inCall = agent.inbound!;
    await this.endCall(agent, inCall);
    agent.handler.AGTAutoReleaseLine?.(this.wrapupDetails(inCall.queue), inCall.sessionID);
  }

  /** The ACD call the agent refers to by `sessionID`, if that is what it has in hand. */
  callOf(agent: AgentSession, sessionID: string): InboundCallInHand | null {
    return agent.inbound && agent.handle === sessionID ? agent.inbound : null;
  }

  wrapupDetails(queue: QueueDefinition): POMWrapupDetails {
    return { acwMaxTime: queue.wrapupSeconds, acwExtendable: false, defaultCompCode: queue.defaultCompletionCode };
  }

  async hold(agent: AgentSession, inCall: InboundCallInHand): Promise<void> {
    const result = inCall.phase === 'ended' ? ResultCode.HoldCustomerDisconnected : inCall.phase !== 'connected' ? ResultCode.CannotHold : 0;
    if (result === 0) {
      inCall.phase = 'held';
      inCall.acdCall.network.playMusic();
      await agent.setCallState('Held');
    }
    agent.handler.AGTHoldCallRESP?.(inCall.sessionID, result);
  }

  async unhold(agent: AgentSession, inCall: InboundCallInHand): Promise<void> {
    const result = inCall.phase === 'ended' ? ResultCode.UnholdCallDisconnected : inCall.phase !== 'held' ? ResultCode.UnholdNotOnCall : 0;
    if (result === 0) {
      inCall.phase = 'connected';
      await agent.setCallState('Talking');
    }
    agent.handler.AGTUnholdCallRESP?.(inCall.sessionID, result);
  }

  async release(agent: AgentSession, inCall: InboundCallInHand): Promise<void> {
    if (inCall.phase === 'ended') {
      agent.handler.AGTReleaseLineRESP?.(null, inCall.sessionID, ResultCode.CannotDisconnect);
      return;
    }
    inCall.acdCall.network.hangup();
    await this.endCall(agent, inCall);
    agent.handler.AGTReleaseLineRESP?.(this.wrapupDetails(inCall.queue), inCall.sessionID, 0);
  }

  private async endCall(agent: AgentSession, inCall: InboundCallInHand): Promise<void> {
    const now = this.host.clock.now();
    inCall.phase = 'ended';
    inCall.endedAt = now;
    // The ACD writes the call's end (the caller hung up, or callEnded).
    this.host.routing()?.callEnded(inCall.acdCall.id);
    await agent.setCallState('Wrapup');
    agent.idleSince = now;
    agent.wrapTimer?.cancel();
    agent.wrapTimer = null;
    const seconds = inCall.queue.wrapupSeconds;
    if (seconds > 0) {
      agent.wrapTimer = this.host.clock.setTimer(seconds * SECOND, () => this.host.queue.push(async () => {
        if (agent.inbound !== inCall || agent.callState !== 'Wrapup') return;
        await this.dispose(agent, inCall, inCall.queue.defaultCompletionCode);
      }));
    }
  }

  async completionCodes(agent: AgentSession, inCall: InboundCallInHand): Promise<void> {
    const defined = new Map((await this.host.store.completionCodes.list()).map((c) => [c.codeID, c.codeValue]));
    const codes: POMCompletionCode[] = inCall.queue.completionCodes.map((codeID) => ({ codeID, codeValue: defined.get(codeID) ?? codeID }));
    agent.handler.AGTGetCompCodesRESP?.(codes, inCall.sessionID, 0);
  }

  async wrapup(agent: AgentSession, inCall: InboundCallInHand, codeID: string): Promise<void> {
    if (agent.callState !== 'Wrapup') {
      agent.handler.AGTWrapupContactRESP?.(inCall.sessionID, ResultCode.WrongState);
      return;
    }
    if (!inCall.queue.completionCodes.includes(codeID)) {
      agent.handler.AGTWrapupContactRESP?.(inCall.sessionID, ResultCode.CompletionCodeNotUpdated);
      return;
    }
    await this.dispose(agent, inCall, codeID, () => agent.handler.AGTWrapupContactRESP?.(inCall.sessionID, 0));
  }

  private async dispose(agent: AgentSession, inCall: InboundCallInHand, codeID: string, acknowledge?: () => void): Promise<void> {
    agent.wrapTimer?.cancel();
    agent.wrapTimer = null;
    await this.host.store.inboundCalls.update(inCall.acdCall.recordId, { completionCode: codeID });
    agent.inbound = null;
    agent.handle = '';
    acknowledge?.();
    await this.host.agentDone(agent);
  }

  /** A forced logon or logoff: the call is hung up and disposed with the queue's default code. */
  async finishForLogoff(agent: AgentSession): Promise<void> {
    const inCall = agent.inbound;
    if (!inCall) return;
    if (inCall.phase !== 'ended') {
      inCall.acdCall.network.hangup();
      inCall.phase = 'ended';
      this.host.routing()?.callEnded(inCall.acdCall.id);
    }
    agent.wrapTimer?.cancel();
    agent.wrapTimer = null;
    await this.host.store.inboundCalls.update(inCall.acdCall.recordId, { completionCode: inCall.queue.defaultCompletionCode });
    agent.inbound = null;
  }
}
