import type { Clock } from '../clock/clock.ts';
import type { QueueFigures } from '../acd/queue-types.ts';
import type { Network, DialFailReason } from '../telephony/network.ts';
import type { Store } from '../store/store.ts';
import type { CampaignRecord, JobRecord } from '../store/records.ts';
import type { PomAgentHandler } from '../pom/agent-api.ts';
import type { POMAgentState } from '../pom/types.ts';
import { DEFAULT_LOGIN_THROTTLE, LoginThrottle, type LoginThrottleOptions } from '../auth/login-throttle.ts';
import type { AgentSession } from './agent-session.ts';
import { decideStateChange } from './agent-states.ts';
import type { JobHost, JobRunner, PreviewOffer } from './job-runner.ts';
import type { OutboundCall } from './outbound-call.ts';
import { CallDesk } from './call-desk.ts';
import { WrapupDesk } from './wrapup-desk.ts';
import { CampaignManager, type RecoveryReport } from './campaign-manager.ts';
import { SerialQueue } from './serial-queue.ts';
import { LeftWrapups } from './left-wrapups.ts';
import { SILENT_LOG, type Log } from '../log/log.ts';
import { LogonDesk } from './logon-desk.ts';
import { markAuxNuisance } from './aux-nuisance.ts';
import type { DialerOptions } from './dialer-options.ts';
import { InboundDesk } from './inbound/inbound-desk.ts';
import type { InboundRouting } from './inbound/inbound-routing.ts';
import { ConsultDesk } from './consult/consult-desk.ts';
import { Blender } from './blending/blender.ts';
import { BlendDesk } from './blending/blend-desk.ts';
import { Nailer } from './nailer.ts';

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
  /** The agent side of calls: call control, preview, callbacks. */
  readonly calls: CallDesk;
  /** The end of the agents' calls: wrap-up and disposition. */
  readonly wrapups: WrapupDesk;
  readonly blender: Blender;
  /** The agents' moves between outbound and inbound. */
  readonly blends: BlendDesk;
  /** The agents' nail-up calls. */
  readonly nailer: Nailer;
  private acd: InboundRouting | null = null;
  /** Failed logons per agent ID; in memory, this process only (auth/login-throttle.ts). */
  readonly logonThrottle: LoginThrottle;
  /** Logon, forced logon and logoff. */
  private readonly logons: LogonDesk;
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
      wrapUpHandedOver: (agent, call) => this.wrapups.wrapUpHandedOver(agent, call),
      wrapUpTransferredOut: (agent, call) => this.wrapups.wrapUpTransferredOut(agent, call),
    });
    this.campaigns = new CampaignManager({
      store: this.store, clock: this.clock, queue: this.queue, options: this.options, log: this.log, jobHost: this,
      sessions: () => this.sessions(), tryNailUp: (agent) => this.tryNailUp(agent), dropNail: (agent) => this.dropNail(agent),
    });
    this.wrapups = new WrapupDesk({
      store: this.store, clock: this.clock, queue: this.queue, options: this.options, inbound: this.inboundDesk,
      agentDone: (agent) => this.agentDone(agent),
    });
    this.calls = new CallDesk({
      store: this.store, clock: this.clock, queue: this.queue, options: this.options, inbound: this.inboundDesk, consults: this.consults,
      wrapups: this.wrapups, agentDone: (agent) => this.agentDone(agent),
    });
    this.nailer = new Nailer({
      clock: this.clock, network: this.network, queue: this.queue, log: this.log, nailupDelayMs: this.options.nailupDelayMs,
      isCurrent: (session) => this.sessionsById.get(session.agentId) === session,
      jobForAgent: (agent) => this.campaigns.jobForAgent(agent),
      lineLost: (agent) => this.calls.lineLost(agent),
    });
    this.blender = new Blender({
      store: this.store, clock: this.clock, queue: this.queue, tickMs: this.options.tickMs,
      routing: () => this.acd, sessions: () => this.sessions(),
      moveToInbound: (agent, queue) => this.blends.moveToInbound(agent, queue),
      moveToOutbound: (agent) => this.blends.moveToOutbound(agent),
    });
    this.blends = new BlendDesk({
      clock: this.clock, log: this.log, routing: () => this.acd, ruleOf: (teamName) => this.blender.ruleOf(teamName),
      releaseNail: (agent) => this.nailer.release(agent), tryNailUp: (agent) => this.tryNailUp(agent),
    });
    this.logons = new LogonDesk({
      store: this.store, clock: this.clock, throttle: this.logonThrottle, consults: this.consults, inbound: this.inboundDesk, calls: this.calls,
      nailer: this.nailer, routing: () => this.acd, session: (id) => this.session(id), isLoggedOn: (id) => this.isLoggedOn(id),
      register: (session) => this.sessionsById.set(session.agentId, session), unregister: (session) => this.sessionsById.delete(session.agentId),
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
        runningJob: (jobId) => this.runningJobs().find((runner) => runner.job.id === jobId), wrapups: this.wrapups,
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
    for (const session of this.sessionsById.values()) {
      session.clearTimers();
      session.hangUpNailLeg();
    }
    await this.queue.whenIdle();
  }

  // ── nail-up (nailer.ts) ───────────────────────────────────────────────────

  dropNail(agent: AgentSession): Promise<void> {
    return this.nailer.dropNail(agent);
  }

  tryNailUp(agent: AgentSession): Promise<void> {
    return this.nailer.tryNailUp(agent);
  }

  // ── agent commands (each runs inside the queue; logon and logoff: logon-desk.ts) ──

  /** `resumed`: a desktop session that outlived a failover logs its agent on again, without the password (AGTResumeLogon). */
  logon(agentId: string, handler: PomAgentHandler, ext: string, pwd: string, isForce: boolean, locale: string, timeZone: string, zoneName: string, how: { resumed?: boolean } = {}): Promise<void> {
    return this.logons.logon(agentId, handler, ext, pwd, isForce, locale, timeZone, zoneName, how);
  }

  logoff(session: AgentSession): Promise<void> {
    return this.logons.logoff(session);
  }

  /** Closes the session whatever it is doing (its desktop can no longer be reached). */
  forceLogoff(session: AgentSession): Promise<void> {
    return this.logons.forceLogoff(session);
  }

  async stateChange(session: AgentSession, requested: POMAgentState, reasonCode: number, reasonName: string, hasWalkedAway: boolean): Promise<void> {
    const decision = decideStateChange(session.agentState, session.reasonCode, session.callState, requested, reasonCode);
    if (decision.result !== 0) {
      session.handler.AGTStateChangeRESP?.(requested, decision.result);
      return;
    }
    const reason = decision.next === 'Ready' ? 0 : hasWalkedAway ? this.options.walkAwayReasonCode : reasonCode;
    await session.setAgentState(decision.next, reason, decision.next === 'Ready' ? '' : reasonName);
    if (decision.next !== 'Ready') await markAuxNuisance(this.store, session);
    session.handler.AGTStateChangeRESP?.(decision.next, 0);
    if (session.mode === 'inbound') this.blends.offerToAcd(session);
    if (decision.next === 'Ready') await this.agentReady(session);
  }

  private async agentReady(session: AgentSession): Promise<void> {
    if (session.mode === 'inbound') return;
    if (session.nailedStatus === 'NailedUp') await session.job?.agentFreed(session);
    else await this.tryNailUp(session);
  }

  // ── blending (blend-desk.ts) ──────────────────────────────────────────────

  /** Agents on an ACD call who return to outbound once it is disposed, and who would be nailed to this job. */
  agentsReturningTo(job: JobRunner): AgentSession[] {
    return this.sessions().filter((s) => s.pendingMode === 'outbound' && s.agentState === 'Ready' && job.takesAgent(s.record));
  }

  availableForNailup(session: AgentSession): Promise<void> {
    return this.nailer.availableForNailup(session);
  }

  readyForNailup(session: AgentSession): Promise<void> {
    return this.nailer.readyForNailup(session);
  }

  /** AGTBlendToInbound / AGTBlendToOutbound (blend-desk.ts). */
  blend(session: AgentSession, direction: 'inbound' | 'outbound'): Promise<void> {
    return this.blends.blend(session, direction);
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
      await this.blends.moveToInbound(agent, agent.blendQueue ?? '');
      return;
    }
    if (agent.pendingMode === 'outbound') {
      await this.blends.moveToOutbound(agent);
      return;
    }
    if (agent.mode === 'inbound') {
      await agent.setCallState('Idle');
      this.blends.offerToAcd(agent);
      return;
    }
    // A caller waits and this agent of a blended team is the first one free: it goes in now.
    const queue = this.blender.claimFreed(agent);
    if (queue !== null) {
      await this.blends.moveToInbound(agent, queue);
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
