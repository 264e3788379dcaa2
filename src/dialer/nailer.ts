import type { Clock } from '../clock/clock.ts';
import type { Log } from '../log/log.ts';
import type { Network, StationCall, StationEvent } from '../telephony/network.ts';
import { ResultCode } from '../pom/result-codes.ts';
import type { AgentSession } from './agent-session.ts';
import type { JobRunner } from './job-runner.ts';
import type { SerialQueue } from './serial-queue.ts';

/** What the nailer needs of the dialer's agent manager. */
export interface NailerHost {
  readonly clock: Clock;
  readonly network: Network;
  readonly queue: SerialQueue;
  readonly log: Log;
  /** The ring of the nail-up call before the station answers it (dialer option `nailupDelayMs`). */
  readonly nailupDelayMs: number;
  /** The session is still the agent's logged-on one. */
  isCurrent(session: AgentSession): boolean;
  /** The running job that would take the agent now, if any. */
  jobForAgent(agent: AgentSession): JobRunner | undefined;
  /** The agent's line dropped with a customer on it: the call ends and the agent wraps it up. */
  lineLost(agent: AgentSession): Promise<void>;
}

/**
 * The agents' nail-up calls (POM's Nailer): an agent Ready and free is nailed to the job that needs it by a
 * call to its station, which answers by itself; the line stays up between customers. When the station
 * hangs up, the nailing is lost: the agent is told (NailingLost), a customer on the line is cut off and
 * wrapped up, and the agent is nailed up again as soon as it is Ready with nothing in hand.
 * Nail-up status (diagram in agent-states.ts):
 *
 *   NotNailedUp ──job needs agent──► PendingNailUp ──station answers──► NailedUp
 *   NailingLost ──job needs agent──►      │                                │ │
 *   (station hung up) ◄────────────────────┴────────────────────────────────┘ └─job ends, blend, logoff──► PendingNailupDrop ──► NotNailedUp
 */
export class Nailer {
  constructor(private readonly host: NailerHost) {}

  async availableForNailup(session: AgentSession): Promise<void> {
    if (session.nailedStatus !== 'NotNailedUp') {
      session.handler.AGTAvailableForNailupRESP?.(ResultCode.AlreadyNailed);
      return;
    }
    session.availableForNailup = true;
    session.handler.AGTAvailableForNailupRESP?.(0);
    await this.tryNailUp(session);
  }

  async tryNailUp(agent: AgentSession): Promise<void> {
    // Not with a call in hand (a wrap-up given back after a failover, a consult, a call cut off): once it is done.
    if (agent.mode === 'inbound' || !agent.availableForNailup || agent.agentState !== 'Ready' || !agent.isFree) return;
    if (agent.nailedStatus !== 'NotNailedUp' && agent.nailedStatus !== 'NailingLost') return;
    const job = this.host.jobForAgent(agent);
    if (!job) return;
    agent.job = job;
    await agent.setNailedStatus('PendingNailUp');
  }

  /** The desktop is ready (AGTReadyForNailup): the nail-up call rings the station, which answers by itself. */
  async readyForNailup(session: AgentSession): Promise<void> {
    if (session.nailedStatus !== 'PendingNailUp' || !session.job) {
      session.handler.AGTReadyForNailupRESP?.(ResultCode.WrongState);
      return;
    }
    session.handler.AGTReadyForNailupRESP?.(0);
    session.hangUpNailLeg();
    const leg: StationCall = this.host.network.callStation({
      extension: session.record.extension,
      answerAfterMs: this.host.nailupDelayMs,
      onEvent: (event) => this.host.queue.push(() => this.stationEvent(session, leg, event)),
    });
    session.nailLeg = leg;
  }

  private async stationEvent(session: AgentSession, leg: StationCall, event: StationEvent): Promise<void> {
    // A leg the dialer has let go of since (logged off, nail dropped, nailed again) says nothing.
    if (session.nailLeg !== leg || !this.host.isCurrent(session)) return;
    if (event.type === 'answered') await this.nailed(session);
    else await this.lost(session);
  }

  private async nailed(session: AgentSession): Promise<void> {
    const job = session.job;
    if (session.nailedStatus !== 'PendingNailUp' || !job) return;
    if (!job.acceptsAgents) {
      session.hangUpNailLeg();
      session.job = null;
      await session.setNailedStatus('NotNailedUp');
      await this.tryNailUp(session);
      return;
    }
    job.attach(session);
    await session.setNailedStatus('NailedUp');
    await session.setCallState('Idle');
    session.handler.AGTJobAttached?.(job.campaign.name);
    await job.agentFreed(session);
  }

  /** The station hung up the nail-up call. */
  private async lost(session: AgentSession): Promise<void> {
    session.nailLeg = null;
    session.job?.detach(session);
    session.job = null;
    await session.setNailedStatus('NailingLost');
    this.host.log.info({ agentId: session.agentId, extension: session.record.extension }, 'nail-up call lost');
    await this.host.lineLost(session);
    // Nothing in hand: nailed up again now if Ready (else at its next Ready); a call in hand waits for its disposition.
    if (session.isFree) {
      await session.setCallState('NoState');
      await this.tryNailUp(session);
    }
  }

  /** The job let the agent go: the nail is dropped, and the agent nailed to another job if one needs it. */
  async dropNail(agent: AgentSession): Promise<void> {
    agent.job?.detach(agent);
    agent.job = null;
    if (agent.nailedStatus === 'NotNailedUp') return;
    agent.hangUpNailLeg();
    if (agent.nailedStatus !== 'NailingLost') await agent.setNailedStatus('PendingNailupDrop');
    await agent.setCallState('NoState');
    await agent.setNailedStatus('NotNailedUp');
    await this.tryNailUp(agent);
  }

  /** The agent leaves outbound (logoff, blended to inbound): its nail is dropped, and it is not nailed again. */
  async release(agent: AgentSession): Promise<void> {
    agent.job?.detach(agent);
    agent.job = null;
    agent.hangUpNailLeg();
    if (agent.nailedStatus === 'NotNailedUp') return;
    if (agent.nailedStatus !== 'NailingLost') await agent.setNailedStatus('PendingNailupDrop');
    await agent.setNailedStatus('NotNailedUp');
  }
}
