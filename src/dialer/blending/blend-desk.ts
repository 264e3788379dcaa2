import type { Clock } from '../../clock/clock.ts';
import type { BlendingRule } from '../../acd/queue-types.ts';
import type { Log } from '../../log/log.ts';
import { ResultCode } from '../../pom/result-codes.ts';
import type { AgentSession } from '../agent-session.ts';
import { skillLevelsOf, type InboundRouting } from '../inbound/inbound-routing.ts';

/** What the blend desk needs of the dialer's agent manager. */
export interface BlendDeskHost {
  readonly clock: Clock;
  readonly log: Log;
  routing(): InboundRouting | null;
  /** The team's blending rule (blender.ts), if the team blends. */
  ruleOf(teamName: string): BlendingRule | undefined;
  /** Lets the agent's nail-up call go (nailer.ts). */
  releaseNail(agent: AgentSession): Promise<void>;
  tryNailUp(agent: AgentSession): Promise<void>;
}

/**
 * An agent's moves between outbound and inbound: POM's AGTBlendToInbound / AGTBlendToOutbound, the
 * blender's moves, and whether the ACD may ring an inbound agent. Runs inside the dialer's queue.
 */
export class BlendDesk {
  constructor(private readonly host: BlendDeskHost) {}

  /** An inbound agent is offered ACD calls while Ready with nothing in hand. */
  offerToAcd(session: AgentSession): void {
    const takesCalls = session.mode === 'inbound' && session.pendingMode === null && session.agentState === 'Ready' && session.isFree && session.callState === 'Idle';
    this.host.routing()?.setAgentAvailable(session.agentId, skillLevelsOf(session.record), takesCalls);
  }

  /** The agent, with nothing in hand, leaves outbound: its nail-up is dropped and the ACD may ring it. */
  async moveToInbound(agent: AgentSession, queue: string): Promise<void> {
    agent.mode = 'inbound';
    agent.pendingMode = null;
    agent.blendQueue = queue;
    agent.lastInboundAt = this.host.clock.now();
    await this.host.releaseNail(agent);
    await agent.setCallState('Idle');
    agent.handler.AGTBlendedToInbound?.(queue);
    this.host.log.info({ agentId: agent.agentId, queue }, 'agent blended to inbound');
    this.offerToAcd(agent);
  }

  /** Back to outbound: the ACD stops ringing the agent and it is nailed to a job again. */
  async moveToOutbound(agent: AgentSession): Promise<void> {
    const queue = agent.blendQueue ?? '';
    // With no skills the ACD neither rings the agent nor counts it staffed.
    this.host.routing()?.setAgentAvailable(agent.agentId, {}, false);
    agent.mode = 'outbound';
    agent.pendingMode = null;
    agent.blendQueue = null;
    await agent.setCallState('NoState');
    agent.handler.AGTBlendedToOutbound?.(queue);
    this.host.log.info({ agentId: agent.agentId, queue }, 'agent blended to outbound');
    await this.host.tryNailUp(agent);
  }

  async blend(session: AgentSession, direction: 'inbound' | 'outbound'): Promise<void> {
    const rule = this.host.ruleOf(session.record.teamName);
    const heading = session.pendingMode ?? session.mode;
    if (direction === 'inbound') {
      const result = heading === 'inbound' ? ResultCode.AlreadyInbound : !rule || !this.host.routing() ? ResultCode.WrongState : 0;
      session.handler.AGTBlendToInboundRESP?.(result);
      if (result !== 0) return;
      if (session.isFree && session.callState !== 'Wrapup' && session.callState !== 'Preview') await this.moveToInbound(session, rule!.queue);
      else [session.pendingMode, session.blendQueue] = ['inbound', rule!.queue];
      return;
    }
    const result = heading === 'outbound' ? ResultCode.AlreadyOutbound : 0;
    session.handler.AGTBlendToOutboundRESP?.(result);
    if (result !== 0) return;
    if (session.isFree && session.callState !== 'Wrapup') await this.moveToOutbound(session);
    else session.pendingMode = 'outbound';
  }
}
