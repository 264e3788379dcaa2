import type { Clock } from '../clock/clock.ts';
import type { Log } from '../log/log.ts';
import type { CampaignRecord, JobRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import type { AgentSession } from './agent-session.ts';
import { closeAgentHistory, recoverJob, type KeptWrapup, type RecoveryCounts } from './crash-recovery.ts';
import type { DialerOptions } from './dialer-options.ts';
import { JobRunner, type JobHost } from './job-runner.ts';
import type { Pacer } from './pacing/pacer.ts';
import { PredictivePacer } from './pacing/predictive.ts';
import { ProgressivePacer } from './pacing/progressive.ts';
import { RatioPacer } from './pacing/ratio.ts';
import { detectionWarning } from './pacing/detection-warning.ts';
import type { SerialQueue } from './serial-queue.ts';

/** What a start found left by the run before and put right. */
export interface RecoveryReport {
  jobs: Array<{ jobId: number; campaign: string } & RecoveryCounts>;
  agentsLoggedOut: number;
}

/** What the campaign manager needs of the dialer's agent manager. */
export interface CampaignManagerHost {
  readonly store: Store;
  readonly clock: Clock;
  readonly queue: SerialQueue;
  readonly options: DialerOptions;
  readonly log: Log;
  /** What the jobs run on: the dialer's ports and the agent side of their calls. */
  readonly jobHost: JobHost;
  sessions(): AgentSession[];
  /** Nails the agent to a job that needs it, if any. */
  tryNailUp(agent: AgentSession): Promise<void>;
  /** Un-nails the agent from its job (it may be nailed to another). */
  dropNail(agent: AgentSession): Promise<void>;
}

/**
 * POM's campaign manager: the running jobs, their start, pause, resume, stop and end, campaign edits
 * reaching them, the resumption of jobs after a restart, and which job an agent is nailed to.
 */
export class CampaignManager {
  private readonly jobs = new Map<number, JobRunner>();

  constructor(private readonly host: CampaignManagerHost) {}

  runningJobs(): JobRunner[] {
    return [...this.jobs.values()];
  }

  /**
   * The campaign was edited: its running job takes the change at its next step (the queue runs it
   * between two pacing decisions). Resolves to the fields that wait for the next job.
   */
  campaignChanged(campaign: CampaignRecord): Promise<{ running: boolean; deferred: string[] }> {
    return new Promise((resolve) => {
      this.host.queue.push(async () => {
        const runner = [...this.jobs.values()].find((j) => j.campaign.id === campaign.id);
        const windowChanged = runner !== undefined && JSON.stringify(runner.campaign.callingWindow) !== JSON.stringify(campaign.callingWindow);
        const deferred = runner ? runner.applyEdit(campaign) : [];
        // Contacts put off to the old window's opening are checked against the new one at once.
        if (runner && windowChanged) await this.host.store.contacts.undeferFromWindows(runner.campaign.contactListId, this.host.clock.now());
        resolve({ running: runner !== undefined, deferred });
        // A new skill or team may take agents that were waiting for work.
        if (runner) for (const session of this.host.sessions()) await this.host.tryNailUp(session);
      });
    });
  }

  /** A callback of the campaign was moved (a supervisor): its jobs look for due callbacks again. */
  callbacksChanged(campaignId: number): void {
    for (const job of this.jobs.values()) if (job.campaign.id === campaignId) job.callbacksChanged();
  }

  /** Agent Selection Strategy: the running job of the agent's skills with the fewest agents per priority. */
  jobForAgent(agent: AgentSession): JobRunner | undefined {
    const candidates = [...this.jobs.values()].filter((j) => j.state === 'running' && j.takesAgent(agent.record));
    candidates.sort((a, b) => b.campaign.priority - a.campaign.priority || a.agents.size - b.agents.size);
    return candidates[0];
  }

  /** Stops placing calls; jobs stay running in the store for the next start. */
  stopAll(): void {
    for (const runner of this.jobs.values()) runner.cancelTimers();
    this.jobs.clear();
  }

  /**
   * Resumes the jobs a previous run left running, once what it left half-done is put right (calls it
   * lost track of count as attempts and are not dialed again before their retry interval; see
   * crash-recovery.ts). Returns what was put right.
   */
  async recover(keep?: (wrapup: KeptWrapup) => boolean): Promise<RecoveryReport> {
    const now = this.host.clock.now();
    const report: RecoveryReport = { jobs: [], agentsLoggedOut: await closeAgentHistory(this.host.store, now) };
    for (const job of await this.host.store.jobs.active()) {
      const campaign = await this.host.store.campaigns.findById(job.campaignId);
      if (!campaign) continue;
      const counts = await recoverJob(this.host.store, job, campaign, now, this.host.options.unknownOutcomeRetryMinutes, keep);
      report.jobs.push({ jobId: job.id, campaign: campaign.name, ...counts });
      this.host.log.info({ jobId: job.id, campaign: campaign.name, state: job.state, ...counts }, 'job resumed');
      this.run(job, campaign, job.state === 'paused');
    }
    if (report.agentsLoggedOut > 0) this.host.log.info({ agentsLoggedOut: report.agentsLoggedOut }, 'agents left on the floor by the previous run logged out');
    return report;
  }

  /** Starts a job of the campaign; the running one if there is one already (isQueued false). */
  async startJob(campaignName: string): Promise<{ job: JobRecord; isQueued: boolean }> {
    const campaign = await this.host.store.campaigns.findByName(campaignName);
    if (!campaign) throw new Error(`no campaign named ${campaignName}`);
    const existing = [...this.jobs.values()].find((j) => j.campaign.id === campaign.id && j.acceptsAgents);
    if (existing) return { job: existing.job, isQueued: false };
    const job = await this.host.store.jobs.create(campaign.id, this.host.clock.now());
    this.host.log.info({ jobId: job.id, campaign: campaign.name, state: 'running' }, 'job started');
    this.run(job, campaign, false);
    return { job, isQueued: true };
  }

  private run(job: JobRecord, campaign: CampaignRecord, paused: boolean): void {
    const runner = new JobRunner(this.host.jobHost, job, campaign, this.pacerFor(campaign), this.host.options.guardPacing ?? true);
    if (paused) runner.state = 'paused';
    // Detection whose errors alone use up the abandon budget: the supervisor hears it when the job starts.
    const warning = detectionWarning(campaign);
    if (warning) this.host.log.warn({ jobId: job.id, campaign: campaign.name, falsePositive: campaign.amdEstimates.falsePositive }, warning);
    this.jobs.set(job.id, runner);
    runner.start();
    this.host.queue.push(async () => {
      // Contacts another job (or this campaign before an edit) put off to its calling window: checked against this job's.
      await this.host.store.contacts.undeferFromWindows(campaign.contactListId, this.host.clock.now());
      for (const windowMs of runner.ledger.windowsMs) {
        const counts = await this.host.store.attempts.counts(campaign.id, this.host.clock.now() - windowMs);
        runner.ledger.seed(this.host.clock.now(), counts.liveAnswers, counts.abandoned, windowMs);
      }
      for (const session of this.host.sessions()) await this.host.tryNailUp(session);
    });
  }

  private pacerFor(campaign: CampaignRecord): Pacer {
    const policy = this.host.options.pacing;
    if (campaign.type !== 'Predictive') return new ProgressivePacer();
    if (policy === 'progressive') return new ProgressivePacer();
    if (typeof policy === 'object') return new RatioPacer(policy.ratio);
    if (campaign.pacing.method === 'ratio') return new RatioPacer(campaign.pacing.initialRatio);
    return new PredictivePacer();
  }

  async setJobState(jobId: number, action: 'pause' | 'resume' | 'stop'): Promise<boolean> {
    const runner = this.jobs.get(jobId);
    if (!runner) return false;
    await new Promise<void>((resolve) => {
      this.host.queue.push(async () => {
        const from = runner.state;
        if (action === 'pause' && runner.state === 'running') {
          runner.state = 'paused';
          await this.host.store.jobs.setState(jobId, 'paused', this.host.clock.now());
        } else if (action === 'resume' && runner.state === 'paused') {
          runner.state = 'running';
          await this.host.store.jobs.setState(jobId, 'running', this.host.clock.now());
          for (const agent of runner.availableAgents()) await runner.agentFreed(agent);
        } else if (action === 'stop') {
          runner.stop();
          await this.releaseIdleAgents(runner, runner.callsInFlight);
        }
        if (runner.state !== from) this.host.log.info({ jobId, campaign: runner.campaign.name, from, state: runner.state }, 'job state changed');
        resolve();
      });
    });
    return true;
  }

  /** The job has ended: its agents are un-nailed and may be nailed to another job. */
  async endJob(runner: JobRunner, state: 'stopped' | 'completed'): Promise<void> {
    if (!this.jobs.has(runner.job.id)) return;
    runner.state = state;
    runner.cancelTimers();
    this.jobs.delete(runner.job.id);
    await this.host.store.jobs.setState(runner.job.id, state, this.host.clock.now());
    this.host.log.info({ jobId: runner.job.id, campaign: runner.campaign.name, state }, 'job ended');
    await this.releaseIdleAgents(runner);
  }

  /** Un-nails the job's idle agents, but for `keep` of them that calls already dialed still need. */
  private async releaseIdleAgents(runner: JobRunner, keep = 0): Promise<void> {
    for (const agent of [...runner.agents]) {
      if (agent.call) continue;
      if (keep > 0 && agent.isAvailable) {
        keep--;
        continue;
      }
      await this.host.dropNail(agent);
    }
  }
}
