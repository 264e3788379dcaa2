/**
 * Where an agent's time went, from the agent's state history: each change starts a stretch that
 * lasts until the next change, cut to the report's range. A stretch counts for the campaign the agent
 * was working then (the history names it), and goes to one activity by the call state first (a call
 * in hand is work, whatever the agent state says), then the agent state.
 */
import type { AgentStateChangeRecord } from '../store/records.ts';

export type Activity = 'ready' | 'preview' | 'talk' | 'wrap' | 'notReady';

export interface AgentTime {
  seconds: Record<Activity, number>;
  /** Calls the agent started talking on. */
  calls: number;
  campaigns: Set<string>;
}

export function activityOf(change: AgentStateChangeRecord): Activity | null {
  switch (change.callState) {
    case 'Talking':
    case 'Held':
      return 'talk';
    case 'Wrapup':
      return 'wrap';
    case 'Preview':
    case 'Dialing':
      return 'preview';
    default:
      if (change.agentState === 'LoggedOut') return null;
      return change.agentState === 'Ready' ? 'ready' : 'notReady';
  }
}

/**
 * The agent's time in [from, to) on the campaigns `counts` accepts. `before` is the last change
 * before `from` (the state the range starts in); `changes` those inside it, oldest first.
 */
export function agentTime(before: AgentStateChangeRecord | undefined, changes: readonly AgentStateChangeRecord[], from: number, to: number,
  counts: (campaignName: string) => boolean): AgentTime {
  const time: AgentTime = { seconds: { ready: 0, preview: 0, talk: 0, wrap: 0, notReady: 0 }, calls: 0, campaigns: new Set() };
  // Summed in whole ms, divided once: the sum over hours (the rollups) then equals the sum over the range exactly.
  const ms: Record<Activity, number> = { ready: 0, preview: 0, talk: 0, wrap: 0, notReady: 0 };
  const all = before ? [before, ...changes] : [...changes];
  for (let i = 0; i < all.length; i++) {
    const change = all[i]!;
    if (change.at >= to) break;
    const start = Math.max(change.at, from);
    const end = Math.min(all[i + 1]?.at ?? to, to);
    const activity = activityOf(change);
    if (change.campaignName === null || !counts(change.campaignName) || activity === null) continue;
    if (end > start) {
      ms[activity] += end - start;
      time.campaigns.add(change.campaignName);
    }
    const previous = all[i - 1];
    if (activity === 'talk' && change.at >= from && (!previous || activityOf(previous) !== 'talk')) time.calls++;
  }
  for (const activity of Object.keys(ms) as Activity[]) time.seconds[activity] = ms[activity] / 1000;
  return time;
}
