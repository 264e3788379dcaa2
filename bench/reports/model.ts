/**
 * The generated year of the reports benchmark, as formulas of the attempt's number i, so that SQLite
 * (rows made in JS) and PostgreSQL (rows made by generate_series) get the same data.
 *
 * Agent a = i mod A works campaign a mod C, 12-hour shifts from 08:00 UTC every day; its day is cut into
 * equal slots and it dials one attempt per slot. The outcome comes from a hash of i: 35 % connect to
 * the agent (talk 30 s and up, 20 s wrap-up, one call in ten followed by a minute not ready), 2 %
 * abandoned, 0.5 % nuisance, then machines, busy and no answer. The agent history follows the calls:
 * logged in at shift start, talking, wrap-up, ready (or not ready), previews on preview campaigns,
 * logged out at shift end. Each campaign runs one job a month.
 */
export const DAY_MS = 86_400_000;
export const SHIFT_START_MS = 8 * 3_600_000;
const SHIFT_MS = 12 * 3_600_000;
/** 2025-01-06T00:00:00Z. */
export const START = Date.UTC(2025, 0, 6);
export const CODES = ['SALE', 'CB', 'NSP', 'NTC', 'NI', 'DNC'] as const;
export const JOBS_PER_CAMPAIGN = 12;

export interface Model {
  attempts: number;
  agents: number;
  campaigns: number;
  days: number;
  contacts: number;
  /** Ids of the rows made through the store (consecutive). */
  firstCampaignId: number;
  firstJobId: number;
  firstContactId: number;
}

export function slotsPerDay(m: Model): number {
  return Math.max(1, Math.ceil(m.attempts / (m.agents * m.days)));
}
export function slotMs(m: Model): number {
  return Math.floor(SHIFT_MS / slotsPerDay(m));
}
/** The longest talk beyond the first 30 s: the call, wrap-up and a break fit in a slot. */
export function talkSpanMs(m: Model): number {
  return Math.min(150_000, Math.floor(slotMs(m) / 3));
}

export type Outcome = 'connected' | 'abandoned' | 'nuisance' | 'machine' | 'busy' | 'noAnswer';

export function outcomeOf(hash: number): Outcome {
  if (hash < 350) return 'connected';
  if (hash < 370) return 'abandoned';
  if (hash < 375) return 'nuisance';
  if (hash < 500) return 'machine';
  if (hash < 600) return 'busy';
  return 'noAnswer';
}

/** Campaign types in the order floor.ts creates them. */
export const isPreviewCampaign = (c: number): boolean => c % 3 === 2;

export interface AttemptRow {
  job_id: number; campaign_id: number; contact_id: number; number: string; kind: string; dialed_at: number;
  answered_at: number | null; connected_at: number | null; ended_at: number | null; result: string; agent_id: string | null;
  completion_code: string | null; abandoned: number; nuisance: number; amd_hangup: number;
}

export interface HistoryRow {
  agent_id: string; at: number; agent_state: string; call_state: string; nailed_status: string; reason_code: number; campaign_name: string | null;
}

export const agentIdOf = (a: number): string => `${1000 + a}`;

/** Attempt i and the agent history it brings (SQLite's generator; postgres.ts has the same in SQL). */
export function attemptOf(i: number, m: Model, campaignNames: readonly string[]): { attempt: AttemptRow; history: HistoryRow[] } {
  const a = i % m.agents;
  const s = Math.floor(i / m.agents);
  const day = Math.floor(s / slotsPerDay(m));
  const k = s % slotsPerDay(m);
  const dialedAt = START + day * DAY_MS + SHIFT_START_MS + k * slotMs(m) + ((a * 997) % 5000);
  const c = a % m.campaigns;
  const preview = isPreviewCampaign(c);
  const hash = (i * 7919 + 13) % 1000;
  const outcome = outcomeOf(hash);
  const agentId = agentIdOf(a);
  const campaign = campaignNames[c]!;
  const attempt: AttemptRow = {
    job_id: m.firstJobId + c * JOBS_PER_CAMPAIGN + Math.min(JOBS_PER_CAMPAIGN - 1, Math.floor(day / 31)), campaign_id: m.firstCampaignId + c,
    contact_id: m.firstContactId + (i % m.contacts), number: `+1312${String(i % 10_000_000).padStart(7, '0')}`,
    kind: preview ? 'preview' : 'predictive', dialed_at: dialedAt, answered_at: null, connected_at: null, ended_at: null, result: 'Ring_No_Answer',
    agent_id: preview ? agentId : null, completion_code: null, abandoned: 0, nuisance: 0, amd_hangup: 0,
  };
  const history: HistoryRow[] = [];
  const change = (at: number, agentState: string, callState: string, reasonCode = 0): void => {
    history.push({ agent_id: agentId, at, agent_state: agentState, call_state: callState, nailed_status: 'NailedUp', reason_code: reasonCode, campaign_name: agentState === 'LoggedOut' ? null : campaign });
  };
  if (k === 0) change(dialedAt - ((a * 997) % 5000) - 60_000, 'Ready', 'Idle');
  if (preview) change(dialedAt - 10_000, 'Ready', 'Preview');
  switch (outcome) {
    case 'connected': {
      const ended = dialedAt + 9000 + 30_000 + Math.floor((((i * 131) % 1000) * talkSpanMs(m)) / 1000);
      Object.assign(attempt, { answered_at: dialedAt + 8000, connected_at: dialedAt + 9000, ended_at: ended, result: 'Answer_Human', agent_id: agentId, completion_code: CODES[(i * 17) % 6]! });
      change(dialedAt + 9000, 'Ready', 'Talking');
      change(ended, 'Ready', 'Wrapup');
      if (i % 10 === 0) {
        change(ended + 20_000, 'NotReady', 'Idle', 2);
        change(ended + 80_000, 'Ready', 'Idle');
      } else change(ended + 20_000, 'Ready', 'Idle');
      break;
    }
    case 'abandoned':
      Object.assign(attempt, { answered_at: dialedAt + 8000, ended_at: dialedAt + 10_000, result: 'Abandoned', abandoned: 1 });
      break;
    case 'nuisance':
      Object.assign(attempt, { answered_at: dialedAt + 8000, ended_at: dialedAt + 15_000, result: 'Answer_Human', nuisance: 1 });
      break;
    case 'machine':
      Object.assign(attempt, { answered_at: dialedAt + 8000, ended_at: dialedAt + 12_000, result: 'Answer_Machine', amd_hangup: 1 });
      break;
    case 'busy':
      Object.assign(attempt, { ended_at: dialedAt + 3000, result: 'Call_Busy' });
      break;
    case 'noAnswer':
      Object.assign(attempt, { ended_at: dialedAt + 25_000, result: 'Ring_No_Answer' });
      break;
  }
  if (preview && outcome !== 'connected') change(attempt.ended_at!, 'Ready', 'Idle');
  const last = k === slotsPerDay(m) - 1 || i + m.agents >= m.attempts;
  if (last) change(dialedAt - ((a * 997) % 5000) + slotMs(m) + 60_000, 'LoggedOut', 'NoState');
  return { attempt, history };
}
