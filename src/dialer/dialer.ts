import type { Clock } from '../clock/clock.ts';
import type { QueueFigures } from '../acd/queue-types.ts';
import type { Network, DialFailReason } from '../telephony/network.ts';
import type { Store } from '../store/store.ts';
import type { CampaignRecord, JobRecord } from '../store/records.ts';
import type { PomAgentHandler } from '../pom/agent-api.ts';
import type { POMAgentState } from '../pom/types.ts';
import { ResultCode } from '../pom/result-codes.ts';
import { DEFAULT_LOGIN_THROTTLE, LoginThrottle, type LoginThrottleOptions } from '../auth/login-throttle.ts';
import { AgentSession } from './agent-session.ts';
import { decideStateChange, isBusy } from './agent-states.ts';
import type { JobHost, JobRunner, PreviewOffer } from './job-runner.ts';
import type { OutboundCall } from './outbound-call.ts';
import { CallDesk } from './call-desk.ts';
import { CampaignManager, type RecoveryReport } from './campaign-manager.ts';
import { SerialQueue } from './serial-queue.ts';
import { LeftWrapups } from './left-wrapups.ts';
import { SILENT_LOG, type Log } from '../log/log.ts';
import { checkLogon } from './logon-checks.ts';
import type { DialerOptions } from './dialer-options.ts';
import { InboundDesk } from './inbound/inbound-desk.ts';
import { skillLevelsOf, type InboundRouting } from './inbound/inbound-routing.ts';
import { ConsultDesk } from './consult/consult-desk.ts';
import { Blender } from './blending/blender.ts';

export type { RecoveryReport } from './campaign-manager.ts';

export interface DialerDeps {
  store: Store;
  clock: Clock;
  network: Network;
  options: DialerOptions;
  /** What happened (job state changes, recovery) and what failed; none: failures to standard error. */
  log?: Log;
  /** Throttling of failed AGTLogons per agent ID (config `logins`); the defaults when absent. */
  logins?: LoginThrottleOptions;
}

/**
 * The embedded POM: agent manager and campaign manager. Every change runs in one serial queue, is
 * written to the store, and only then answered (…RESP) or notified to the agent's handler.
 */
export class Dialer implements JobHost {
  readonly store: Store;
  readonly clock: Clock;
  readonly network: Network;
  readonly options: DialerOptions;
  readonly queue: SerialQueue;
  private readonly sessionsById = new Map<string, AgentSession>();
  /** The running jobs (POM's campaign manager). */
  readonly campaigns: CampaignManager;
  readonly log: Log;
  /** ACD calls at agents blended to inbound. */
  readonly inboundDesk: InboundDesk;
  readonly consults: ConsultDesk;
  /** The agent side of calls: call control, wrap-up, disposition. */
  readonly calls: CallDesk;
  readonly blender: Blender;
  private acd: InboundRouting | null = null;
  /** Failed logons per agent ID; in memory, this process only (auth/login-throttle.ts). */
  readonly logonThrottle: LoginThrottle;
  private sessionCounter = 0;
  private readonly leftWrapups = new LeftWrapups();

  constructor(deps: DialerDeps) {
    this.store = deps.store;
    this.clock = deps.clock;
    this.network = deps.network;
    this.options = deps.options;
    this.logonThrottle = new LoginThrottle(deps.logins ?? DEFAULT_LOGIN_THROTTLE);
    this.log = deps.log ?? { ...SILENT_LOG, error: (fields, message) => console.error(message, fields.err ?? '') };
    this.queue = new SerialQueue((error) => this.log.error({ err: error }, 'dialer task failed'));
    this.inboundDesk = new InboundDesk({
      store: this.store, clock: this.clock, queue: this.queue, routing: () => this.acd,
      session: (id) => this.session(id), sessions: () => this.sessions(), newSessionId: () => this.newSessionId(),
      agentDone: (agent) => this.agentDone(agent),
    });
    const externalDestinations = this.options.consultDestinations;
    this.consults = new ConsultDesk({
      clock: this.clock, network: this.network, queue: this.queue, externalDestinations,
      session: (id) => this.session(id), sessions: () => this.sessions(), newSessionId: () => this.newSessionId(),
      agentDone: (agent) => this.agentDone(agent),
      wrapUpHandedOver: (agent, call) => this.calls.wrapUpHandedOver(agent, call),
      wrapUpTransferredOut: (agent, call) => this.calls.wrapUpTransferredOut(agent, call),
    });
    this.campaigns = new CampaignManager({
      store: this.store, clock: this.clock, queue: this.queue, options: this.options, log: this.log, jobHost: this,
      sessions: () => this.sessions(), tryNailUp: (agent) => this.tryNailUp(agent), dropNail: (agent) => this.dropNail(agent),
    });
    this.calls = new CallDesk({
      store: this.store, clock: this.clock, queue: this.queue, options: this.options, inbound: this.inboundDesk, consults: this.consults,
      agentDone: (agent) => this.agentDone(agent),
    });
    this.blender = new Blender({
      store: this.store, clock: this.clock, queue: this.queue, tickMs: this.options.tickMs,
      routing: () => this.acd, sessions: () => this.sessions(),
      moveToInbound: (agent, queue) => this.moveToInbound(agent, queue),
      moveToOutbound: (agent) => this.moveToOutbound(agent),
    });
  }

  routing(): InboundRouting | null {
    return this.acd;
  }

  /** Connects the ACD (link A5's role): its queues from the store, and the blender starts watching them. */
  async useAcd(acd: InboundRouting): Promise<void> {
    this.acd = acd;
    acd.setQueues(await this.store.queues.list());
    await this.blender.reload();
    this.blender.start();
  }

  newSessionId(): string {
    this.sessionCounter++;
    return `${this.clock.now().toString(36)}-${this.sessionCounter}`;
  }

  isLoggedOn(agentId: string): boolean {
    return this.sessionsById.has(agentId);
  }

  session(agentId: string): AgentSession | undefined {
    return this.sessionsById.get(agentId);
  }

  sessions(): AgentSession[] {
    return [...this.sessionsById.values()];
  }

  runningJobs(): JobRunner[] {
    return this.campaigns.runningJobs();
  }

  campaignChanged(campaign: CampaignRecord): Promise<{ running: boolean; deferred: string[] }> {
    return this.campaigns.campaignChanged(campaign);
  }

  callbacksChanged(campaignId: number): void {
    this.campaigns.callbacksChanged(campaignId);
  }

  /** `resuming`: the agents a new leading dialer logs on again; their wrap-ups in progress are kept for them. */
  recover(resuming: ReadonlySet<string> = new Set()): Promise<RecoveryReport> {
    return this.campaigns.recover(this.leftWrapups.keeperFor(resuming));
  }

  /** After a failover, once the agents are logged on again: each gets back the wrap-up it had in progress. */
  async resumeLeftWrapups(): Promise<{ restored: number; disposed: number }> {
    let counts = { restored: 0, disposed: 0 };
    await this.inQueue(async () => {
      counts = await this.leftWrapups.resume({
        store: this.store, now: () => this.clock.now(), session: (id) => this.session(id), newSessionId: () => this.newSessionId(),
        runningJob: (jobId) => this.runningJobs().find((runner) => runner.job.id === jobId), calls: this.calls,
      });
    });
    return counts;
  }

  startJob(campaignName: string): Promise<{ job: JobRecord; isQueued: boolean }> {
    return this.campaigns.startJob(campaignName);
  }

  setJobState(jobId: number, action: 'pause' | 'resume' | 'stop'): Promise<boolean> {
    return this.campaigns.setJobState(jobId, action);
  }

  endJob(runner: JobRunner, state: 'stopped' | 'completed'): Promise<void> {
    return this.campaigns.endJob(runner, state);
  }

  /** The inbound queues' live figures (the ACD's). */
  inboundFigures(): QueueFigures[] {
    return this.acd?.figures() ?? [];
  }

  /** Queues were created, changed or deleted: the ACD takes the new definitions. */
  async queuesChanged(): Promise<void> {
    const queues = await this.store.queues.list();
    await this.inQueue(async () => this.acd?.setQueues(queues));
  }

  /** A team's blending rule changed: the blender reads the rules again. */
  async teamsChanged(): Promise<void> {
    await this.inQueue(() => this.blender.reload());
  }

  /** Runs the task in the dialer's queue and resolves when it has run. */
  private inQueue(task: () => Promise<void>): Promise<void> {
    return new Promise((resolve, reject) => this.queue.push(() => task().then(resolve, reject)));
  }

  whenIdle(): Promise<void> {
    return this.queue.whenIdle();
  }

  /** Stops placing calls and lets queued work finish; jobs stay running in the store for the next start. */
  async shutdown(): Promise<void> {
    this.blender.stop();
    this.campaigns.stopAll();
    for (const session of this.sessionsById.values()) session.clearTimers();
    await this.queue.whenIdle();
  }

  // ── nail-up ───────────────────────────────────────────────────────────────

  async dropNail(agent: AgentSession): Promise<void> {
    agent.job?.detach(agent);
    agent.job = null;
    if (agent.nailedStatus === 'NotNailedUp') return;
    await agent.setNailedStatus('PendingNailupDrop');
    await agent.setCallState('NoState');
    await agent.setNailedStatus('NotNailedUp');
    await this.tryNailUp(agent);
  }

  async tryNailUp(agent: AgentSession): Promise<void> {
    // Not with a call in hand (a wrap-up given back after a failover, a consult): once it is done.
    if (agent.mode === 'inbound' || !agent.availableForNailup || agent.nailedStatus !== 'NotNailedUp' || agent.agentState !== 'Ready' || !agent.isFree) return;
    const job = this.campaigns.jobForAgent(agent);
    if (!job) return;
    agent.job = job;
    await agent.setNailedStatus('PendingNailUp');
  }

  // ── agent commands (each runs inside the queue) ──────────────────────────

  /** `resumed`: a desktop session that outlived a failover logs its agent on again, without the password (AGTResumeLogon). */
  async logon(agentId: string, handler: PomAgentHandler, ext: string, pwd: string, isForce: boolean, locale: string, timeZone: string, zoneName: string, how: { resumed?: boolean } = {}): Promise<void> {
    const deps = { store: this.store, clock: this.clock, throttle: this.logonThrottle, isLoggedOn: (id: string) => this.isLoggedOn(id) };
    const result = await checkLogon(deps, { agentId, ext, pwd, isForce, locale, timeZone, zoneName }, how.resumed === true);
    if (result !== 0) {
      // Every refused logon is in the audit log, whichever link it came by (never the password).
      await this.store.audit.insert({
        at: this.clock.now(), username: agentId, role: 'agent', action: 'agentLogon', target: agentId, outcome: 'failed',
        counts: {}, details: { result, extension: ext },
      });
      handler.AGTLogonRESP?.(result);
      return;
    }
    const existing = this.sessionsById.get(agentId);
    if (existing) await this.forceLogoff(existing);
    const record = (await this.store.agents.findByAgentId(agentId))!;
    const session = new AgentSession({ ...record, extension: ext }, handler, this.store, () => this.clock.now());
    this.sessionsById.set(agentId, session);
    await this.store.agentHistory.insert({ agentId, at: this.clock.now(), agentState: 'NotReady', callState: 'NoState', nailedStatus: 'NotNailedUp', reasonCode: 0, campaignName: null });
    session.notifyCapabilities();
    handler.AGTLogonRESP?.(0);
  }

  /** A forced logon takes the agent over: the old session is closed as if logged off. */
  private async forceLogoff(session: AgentSession): Promise<void> {
    await this.consults.agentLeaving(session);
    await this.inboundDesk.finishForLogoff(session);
    if (session.call) await this.calls.finishCall(session, session.call);
    await this.closeSession(session);
  }

  async logoff(session: AgentSession): Promise<void> {
    if (session.agentState !== 'NotReady' || isBusy(session.callState)) {
      session.handler.AGTLogoffRESP?.(ResultCode.NotInAux);
      return;
    }
    await this.closeSession(session);
    session.handler.AGTLogoffRESP?.(0);
  }

  private async closeSession(session: AgentSession): Promise<void> {
    session.clearTimers();
    session.availableForNailup = false;
    this.acd?.setAgentAvailable(session.agentId, {}, false);
    if (session.nailedStatus !== 'NotNailedUp') {
      session.job?.detach(session);
      session.job = null;
      await session.setNailedStatus('PendingNailupDrop');
      await session.setNailedStatus('NotNailedUp');
    }
    session.job?.detach(session);
    this.sessionsById.delete(session.agentId);
    await this.store.agentHistory.insert({ agentId: session.agentId, at: this.clock.now(), agentState: 'LoggedOut', callState: 'NoState', nailedStatus: 'NotNailedUp', reasonCode: 0, campaignName: null });
    session.handler.AGTAgentLoggedOut?.();
  }

  async stateChange(session: AgentSession, requested: POMAgentState, reasonCode: number, hasWalkedAway: boolean): Promise<void> {
    const decision = decideStateChange(session.agentState, session.reasonCode, session.callState, requested, reasonCode);
    if (decision.result !== 0) {
      session.handler.AGTStateChangeRESP?.(requested, decision.result);
      return;
    }
    const reason = decision.next === 'Ready' ? 0 : hasWalkedAway ? this.options.walkAwayReasonCode : reasonCode;
    await session.setAgentState(decision.next, reason);
    session.handler.AGTStateChangeRESP?.(decision.next, 0);
    if (session.mode === 'inbound') this.offerToAcd(session);
    if (decision.next === 'Ready') await this.agentReady(session);
  }

  private async agentReady(session: AgentSession): Promise<void> {
    if (session.mode === 'inbound') return;
    if (session.nailedStatus === 'NailedUp') await session.job?.agentFreed(session);
    else await this.tryNailUp(session);
  }

  /** An inbound agent is offered ACD calls while Ready with nothing in hand. */
  private offerToAcd(session: AgentSession): void {
    const takesCalls = session.mode === 'inbound' && session.pendingMode === null && session.agentState === 'Ready' && session.isFree && session.callState === 'Idle';
    this.acd?.setAgentAvailable(session.agentId, skillLevelsOf(session.record), takesCalls);
  }

  // ── blending ──────────────────────────────────────────────────────────────

  /** The agent, with nothing in hand, leaves outbound: its nail-up is dropped and the ACD may ring it. */
  private async moveToInbound(agent: AgentSession, queue: string): Promise<void> {
    agent.mode = 'inbound';
    agent.pendingMode = null;
    agent.blendQueue = queue;
    agent.lastInboundAt = this.clock.now();
    agent.job?.detach(agent);
    agent.job = null;
    if (agent.nailedStatus !== 'NotNailedUp') {
      await agent.setNailedStatus('PendingNailupDrop');
      await agent.setNailedStatus('NotNailedUp');
    }
    await agent.setCallState('Idle');
    agent.handler.AGTBlendedToInbound?.(queue);
    this.log.info({ agentId: agent.agentId, queue }, 'agent blended to inbound');
    this.offerToAcd(agent);
  }

  /** Back to outbound: the ACD stops ringing the agent and it is nailed to a job again. */
  private async moveToOutbound(agent: AgentSession): Promise<void> {
    const queue = agent.blendQueue ?? '';
    // With no skills the ACD neither rings the agent nor counts it staffed.
    this.acd?.setAgentAvailable(agent.agentId, {}, false);
    agent.mode = 'outbound';
    agent.pendingMode = null;
    agent.blendQueue = null;
    await agent.setCallState('NoState');
    agent.handler.AGTBlendedToOutbound?.(queue);
    this.log.info({ agentId: agent.agentId, queue }, 'agent blended to outbound');
    await this.tryNailUp(agent);
  }

  /** Agents on an ACD call who return to outbound once it is disposed, and who would be nailed to this job. */
  agentsReturningTo(job: JobRunner): AgentSession[] {
    return this.sessions().filter((s) => s.pendingMode === 'outbound' && s.agentState === 'Ready' && job.takesAgent(s.record));
  }

  async availableForNailup(session: AgentSession): Promise<void> {
    if (session.nailedStatus !== 'NotNailedUp') {
      session.handler.AGTAvailableForNailupRESP?.(ResultCode.AlreadyNailed);
      return;
    }
    session.availableForNailup = true;
    session.handler.AGTAvailableForNailupRESP?.(0);
    await this.tryNailUp(session);
  }

  async readyForNailup(session: AgentSession): Promise<void> {
    if (session.nailedStatus !== 'PendingNailUp' || !session.job) {
      session.handler.AGTReadyForNailupRESP?.(ResultCode.WrongState);
      return;
    }
    session.handler.AGTReadyForNailupRESP?.(0);
    // The nail-up call rings the station and is answered automatically.
    this.clock.setTimer(this.options.nailupDelayMs, () => this.queue.push(() => this.nailed(session)));
  }

  private async nailed(session: AgentSession): Promise<void> {
    const job = session.job;
    if (!this.sessionsById.has(session.agentId) || session.nailedStatus !== 'PendingNailUp' || !job) return;
    if (!job.acceptsAgents) {
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

  async blend(session: AgentSession, direction: 'inbound' | 'outbound'): Promise<void> {
    const rule = this.blender.ruleOf(session.record.teamName);
    const heading = session.pendingMode ?? session.mode;
    if (direction === 'inbound') {
      const result = heading === 'inbound' ? ResultCode.AlreadyInbound : !rule || !this.acd ? ResultCode.WrongState : 0;
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

  // ── the agent side of a job's calls (call-desk.ts) ──────────────────────

  offerPreview(call: OutboundCall, agent: AgentSession, job: JobRunner, opts: PreviewOffer): Promise<void> {
    return this.calls.offerPreview(call, agent, job, opts);
  }

  deliverConnected(call: OutboundCall, agent: AgentSession, job: JobRunner): Promise<void> {
    return this.calls.deliverConnected(call, agent, job);
  }

  customerAnswered(call: OutboundCall): Promise<void> {
    return this.calls.customerAnswered(call);
  }

  customerHungUp(call: OutboundCall): Promise<void> {
    return this.calls.customerHungUp(call);
  }

  agentCallFailed(call: OutboundCall, reason: DialFailReason | 'Answer_Machine'): Promise<void> {
    return this.calls.agentCallFailed(call, reason);
  }

  /**
   * The agent has nothing left in hand. In order: a consult waiting for it, a callback due for it while
   * it goes Not-Ready (PendingNotReady waits for both), Not-Ready, a pending blend, then its next work.
   */
  private async agentDone(agent: AgentSession): Promise<void> {
    if (!this.sessionsById.has(agent.agentId)) return;
    if (await this.consults.connectPending(agent)) return;
    if (agent.agentState === 'PendingNotReady') {
      // A callback of its own that is due comes first (offered straight from wrap-up); else NotReady now.
      if (agent.mode === 'outbound' && agent.job && agent.nailedStatus === 'NailedUp' && await agent.job.offerOwnCallback(agent)) return;
      await agent.setAgentState('NotReady', agent.reasonCode);
    }
    if (agent.pendingMode === 'inbound') {
      await this.moveToInbound(agent, agent.blendQueue ?? '');
      return;
    }
    if (agent.pendingMode === 'outbound') {
      await this.moveToOutbound(agent);
      return;
    }
    if (agent.mode === 'inbound') {
      await agent.setCallState('Idle');
      this.offerToAcd(agent);
      return;
    }
    // A caller waits and this agent of a blended team is the first one free: it goes in now.
    const queue = this.blender.claimFreed(agent);
    if (queue !== null) {
      await this.moveToInbound(agent, queue);
      return;
    }
    const job = agent.job;
    if (!job) {
      // Not nailed up (a consult or a transferred call reached it while it waited for a job, a wrap-up given
      // back after a failover): no call state, and a job now if one takes it.
      await agent.setCallState('NoState');
      await this.tryNailUp(agent);
      return;
    }
    if (!job.acceptsAgents && job.callsInFlight === 0) {
      await this.dropNail(agent);
      return;
    }
    await agent.setCallState('Idle');
    if (agent.agentState === 'Ready') await job.agentFreed(agent);
  }

}
