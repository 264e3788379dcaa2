import type { Clock } from '../clock/clock.ts';
import type { Dialer } from '../dialer/dialer.ts';
import type { JobRunner } from '../dialer/job-runner.ts';
import type { Store } from '../store/store.ts';
import { campaignWarnings } from '../admin/campaign-warnings.ts';
import type { QueueFigures } from '../acd/queue-types.ts';
import type { PacingMode, PacingReason } from '../dialer/pacing/pacer.ts';

export interface FloorStatus {
  now: string;
  jobs: Array<{
    jobId: number; campaign: string; type: string; state: string; agents: number; agentsAvailable: number;
    linesRinging: number; waiting: number; abandonRate: number;
    /**
     * How the compliance guard lets the job dial now (paced; release: answer detection alone uses up the
     * abandon target, so only for agents about to be free; progressive) and why (pacer.ts,
     * PacingReason), and the abandon rate of the window nearest its cap split by cause: no agent in
     * time (pacing) and people answer detection hung up on. Null for a preview job: its agents dial.
     */
    pacing: { mode: PacingMode; reason: PacingReason; abandonRateByPacing: number; abandonRateByDetection: number } | null;
    contacts: { total: number; available: number; done: number; excluded: number; inProgress: number };
    attempts: { total: number; liveAnswers: number; connected: number; abandoned: number };
    /** What keeps the campaign from dialing as configured: no agent Ready, no contact due, and admin/campaign-warnings.ts. */
    warnings: string[];
  }>;
  /** The inbound queues now and since the start of the day (the ACD's figures). */
  queues: QueueFigures[];
  agents: Array<{
    agentId: string; agentState: string; callState: string; nailedStatus: string; campaign: string | null;
    /** The aux reason (0 when Ready) and its name as the agent chose it on the desktop. */
    reasonCode: number; reasonName: string;
    /** outbound: nailed to jobs; inbound: blended into its team's queue, taking ACD calls. */
    mode: 'outbound' | 'inbound';
  }>;
}

/** The job runs but dials nothing: the first reason a supervisor needs when a campaign is quiet. */
export const NO_AGENT_WARNING = 'no agent is Ready on this job: it dials nothing until one is';

/** Agents wait and nothing rings: the list has no contact due, and none will be before the time given (UTC). */
async function noContactDueWarning(store: Store, runner: JobRunner, snapshot: { agentsAvailable: number; ringingSeconds: readonly number[] }, now: number): Promise<string[]> {
  if (runner.state !== 'running' || snapshot.agentsAvailable === 0 || snapshot.ringingSeconds.length > 0) return [];
  const due = await store.contacts.nextDueAt(runner.campaign.contactListId, runner.campaign.maxAttempts);
  if (due === null || due <= now) return [];
  const at = new Date(due).toISOString().slice(0, 16).replace('T', ' ');
  return [`no contact is due now: they wait for their calling window or their retry time, none before ${at} UTC`];
}

/** What the floor is doing now: jobs, their lists and attempts, the inbound queues, and every logged-on agent. */
export async function floorStatus(dialer: Dialer, store: Store, clock: Clock): Promise<FloorStatus> {
  const jobs: FloorStatus['jobs'] = [];
  const people = await store.agents.list();
  for (const runner of dialer.runningJobs()) {
    const snapshot = runner.snapshot();
    const contacts = await store.contacts.counts(runner.campaign.contactListId);
    const attempts = await store.attempts.counts(runner.campaign.id, runner.job.startedAt);
    const { windowLiveAnswers: live, windowAbandoned: abandoned, windowDetectionAbandoned: detection } = snapshot.stats;
    const share = (n: number): number => (live > 0 ? n / live : 0);
    jobs.push({
      jobId: runner.job.id, campaign: runner.campaign.name, type: runner.campaign.type, state: runner.state,
      agents: runner.agents.size, agentsAvailable: snapshot.agentsAvailable, linesRinging: snapshot.ringingSeconds.length,
      waiting: snapshot.waiting, abandonRate: snapshot.stats.abandonRate,
      pacing: runner.isPreview ? null : { mode: snapshot.budget.mode, reason: snapshot.budget.reason, abandonRateByPacing: share(abandoned - detection), abandonRateByDetection: share(detection) },
      contacts: { total: contacts.total, available: contacts.available, done: contacts.done, excluded: contacts.excluded, inProgress: contacts.inProgress },
      attempts: { total: attempts.total, liveAnswers: attempts.liveAnswers, connected: attempts.connected, abandoned: attempts.abandoned },
      warnings: [
        ...(snapshot.agentsLoggedIn === 0 ? [NO_AGENT_WARNING] : []), ...(await noContactDueWarning(store, runner, snapshot, clock.now())),
        ...campaignWarnings(runner.campaign, people),
      ],
    });
  }
  const agents = dialer.sessions().map((s) => ({
    agentId: s.agentId, agentState: s.agentState, callState: s.callState, nailedStatus: s.nailedStatus, campaign: s.job?.campaign.name ?? null,
    reasonCode: s.reasonCode, reasonName: s.reasonName, mode: s.mode,
  }));
  return { now: new Date(clock.now()).toISOString(), jobs, queues: dialer.inboundFigures(), agents };
}
