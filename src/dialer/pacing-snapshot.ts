import type { CampaignRecord } from '../store/records.ts';
import type { POMAgentState, POMCallState } from '../pom/types.ts';
import type { CallPhase } from './call-phase.ts';
import { DEFAULT_GUARD_OPTIONS, type AbandonGuard, type InFlight } from './compliance/abandon-guard.ts';
import type { AbandonLedger } from './compliance/abandon-ledger.ts';
import { modeOf, type PacingBudget, type PacingSnapshot } from './pacing/pacer.ts';
import type { CampaignModel } from './pacing/campaign-model.ts';
import type { NetworkCall } from '../telephony/network.ts';

const SECOND = 1000;

/** What the snapshot reads of an agent (agent-session.ts). */
export interface SnapshotAgent {
  readonly agentState: POMAgentState;
  readonly callState: POMCallState;
  readonly pendingMode: 'outbound' | 'inbound' | null;
  readonly isAvailable: boolean;
  readonly idleSince: number;
  readonly call: {
    readonly isLive: boolean;
    readonly agent: unknown;
    readonly attempt: { readonly connectedAt: number | null } | null;
    readonly networkCall: NetworkCall | null;
  } | null;
  readonly inbound: { readonly connectedAt: number } | null;
}

/** What the snapshot reads of a running job (job-runner.ts); narrow, so that it depends on no session or call class. */
export interface SnapshotSource {
  readonly now: number;
  readonly agents: Iterable<SnapshotAgent>;
  /** Agents blended out who are coming back to this job. */
  returning(): Iterable<SnapshotAgent>;
  /** Customers answered and waiting for an agent. */
  readonly waiting: number;
  readonly outstanding: Iterable<{ readonly phase: CallPhase; readonly attempt: { readonly dialedAt: number } | null }>;
  /** The abandons expected of the pacer's calls still ringing. */
  readonly flightRisk: number;
  readonly learned: { readonly dials: number; readonly completed: number };
  readonly campaign: CampaignRecord;
  readonly model: CampaignModel;
  readonly guard: AbandonGuard | null;
  readonly ledger: AbandonLedger;
  /** Benchmarks only: when a connected call's customer will hang up (DialerOptions.releaseOracle). */
  readonly releaseOracle?: ((call: NetworkCall) => number | null) | undefined;
}

/** The pacer's view of a job now: agents, calls under way, the model, the compliance budget and the figures. */
export function pacingSnapshot(job: SnapshotSource): PacingSnapshot {
  const { now, model, ledger, campaign } = job;
  // Agents who will take another call, by what they do now; and every talk and wrap-up under way.
  const talking: number[] = [];
  const talkLeft: number[] | undefined = job.releaseOracle ? [] : undefined;
  const wrapping: number[] = [];
  const allTalking: number[] = [];
  const allWrapping: number[] = [];
  let loggedIn = 0;
  let available = 0;
  for (const agent of job.agents) {
    if (agent.agentState === 'Ready' || agent.call) loggedIn++;
    if (agent.isAvailable) {
      available++;
      continue;
    }
    const call = agent.call;
    // An agent going Not-Ready (or logging off, or blending to inbound) after this call will not take the next one.
    const returning = agent.agentState === 'Ready' && agent.pendingMode !== 'inbound';
    if (call?.isLive && call.agent === agent && call.attempt?.connectedAt) {
      const seconds = (now - call.attempt.connectedAt) / SECOND;
      allTalking.push(seconds);
      if (returning) {
        talking.push(seconds);
        if (talkLeft) talkLeft.push(secondsUntil(call.networkCall ? (job.releaseOracle?.(call.networkCall) ?? null) : null, now));
      }
    } else if (agent.callState === 'Wrapup') {
      const seconds = (now - agent.idleSince) / SECOND;
      allWrapping.push(seconds);
      if (returning) wrapping.push(seconds);
    }
  }
  // Agents blended out who are coming back: the pacer counts them as talking since their ACD call began.
  for (const agent of job.returning()) {
    const since = agent.inbound?.connectedAt;
    if (since === undefined || agent.callState !== 'Talking') continue;
    loggedIn++;
    talking.push((now - since) / SECOND);
    talkLeft?.push(NaN);
  }
  model.talk.underWay(allTalking);
  model.wrap.underWay(allWrapping);
  const ringing: number[] = [];
  let expectedLive = job.waiting;
  const outcomes = model.outcomes;
  outcomes.refresh(now);
  for (const call of job.outstanding) {
    if (call.phase !== 'dialing' || !call.attempt) continue;
    const rung = (now - call.attempt.dialedAt) / SECOND;
    ringing.push(rung);
    expectedLive += outcomes.liveWithin(rung, Infinity);
  }
  const inFlight: InFlight = { risk: job.flightRisk + 0.5 * job.waiting, liveAnswers: expectedLive, surprise: outcomes.surpriseFactor };
  const cap = campaign.pacing.abandonCap;
  const guarded: PacingBudget = job.guard
    ? job.guard.budget(now, inFlight)
    : { mode: 'paced', reason: 'unguarded', scale: 1, target: campaign.pacing.targetAbandonRate || DEFAULT_GUARD_OPTIONS.targetShare * cap, riskAllowance: Infinity };
  // No agent to dial for: the job dials nothing, whatever the budget (the supervisor is told why).
  const budget: PacingBudget = loggedIn > 0 ? guarded : { ...guarded, mode: modeOf('no-agents'), reason: 'no-agents' };
  const l = job.learned;
  const window = ledger.totals(now);
  const cumulative = ledger.cumulative();
  return {
    now,
    agentsLoggedIn: loggedIn,
    agentsAvailable: available,
    talkingSeconds: talking,
    ...(talkLeft ? { talkingLeftSeconds: talkLeft } : {}),
    wrapupSeconds: wrapping,
    ...(campaign.wrapupSeconds > 0 && !campaign.wrapupExtendable ? { wrapupLimitSeconds: campaign.wrapupSeconds } : {}),
    ringingSeconds: ringing,
    waiting: job.waiting,
    maxLines: Math.floor(loggedIn * campaign.pacing.maxLinesPerAgent),
    connectWithinSeconds: campaign.pacing.connectWithinSeconds,
    model: model,
    budget,
    stats: {
      dials: l.dials,
      completedDials: l.completed,
      liveAnswers: cumulative.liveAnswers,
      abandoned: cumulative.abandoned,
      detectionAbandoned: cumulative.detectionAbandoned,
      abandonRate: window.liveAnswers > 0 ? window.abandoned / window.liveAnswers : 0,
      abandonCap: cap,
      windowLiveAnswers: window.liveAnswers,
      windowAbandoned: window.abandoned,
      windowDetectionAbandoned: window.detectionAbandoned,
      meanTalkSeconds: model.talk.mean(),
      meanWrapSeconds: model.wrap.mean(),
      meanRingToAnswerSeconds: outcomes.meanLiveSeconds(),
    },
  };
}

/** Seconds from now until `at`; NaN when unknown. */
function secondsUntil(at: number | null, now: number): number {
  return at === null ? NaN : (at - now) / SECOND;
}
