/**
 * Agent time cut into buckets (hours for the rollups, one bucket for a raw edge of a report), by the
 * rules of agent-time.ts: each change starts a stretch until the agent's next change; a stretch counts
 * for the campaign the history names and for one activity (activityOf); a call is a change into talk
 * from a change that was not. Sums are in whole ms, so that buckets add up to the range exactly.
 */
import type { AgentStateChangeRecord } from '../../store/records.ts';
import type { AgentHistorySlice, AgentHourRow, AgentTimeTotals, TimeRange } from '../../store/store.ts';
import { activityOf, type Activity } from '../agent-time.ts';
import { floorHour, HOUR_MS } from './read-plan.ts';

const MS_FIELD: Record<Activity, 'readyMs' | 'previewMs' | 'talkMs' | 'wrapMs' | 'notReadyMs'> = {
  ready: 'readyMs', preview: 'previewMs', talk: 'talkMs', wrap: 'wrapMs', notReady: 'notReadyMs',
};

/** Each agent's changes, with the last one before the range first. */
function byAgent(history: AgentHistorySlice): Map<string, AgentStateChangeRecord[]> {
  const out = new Map<string, AgentStateChangeRecord[]>();
  for (const change of [...history.before, ...history.changes]) {
    const list = out.get(change.agentId);
    if (list) list.push(change);
    else out.set(change.agentId, [change]);
  }
  return out;
}

/**
 * The agents' time in `range` per bucket × agent × campaign. `bucketOf` names the bucket of an
 * instant, and `bucketEnd` where it ends; stretches are cut at bucket ends.
 */
function bucketed(history: AgentHistorySlice, range: TimeRange, bucketOf: (t: number) => number, bucketEnd: (bucket: number) => number): AgentHourRow[] {
  const rows = new Map<string, AgentHourRow>();
  const row = (hour: number, agentId: string, campaignName: string): AgentHourRow => {
    const key = `${hour}\u0000${agentId}\u0000${campaignName}`;
    let found = rows.get(key);
    if (!found) {
      found = { hour, agentId, campaignName, readyMs: 0, previewMs: 0, talkMs: 0, wrapMs: 0, notReadyMs: 0, calls: 0 };
      rows.set(key, found);
    }
    return found;
  };
  for (const [agentId, changes] of byAgent(history)) {
    for (let i = 0; i < changes.length; i++) {
      const change = changes[i]!;
      if (change.at >= range.to) break;
      const activity = activityOf(change);
      if (change.campaignName === null || activity === null) continue;
      const previous = changes[i - 1];
      if (activity === 'talk' && change.at >= range.from && (!previous || activityOf(previous) !== 'talk')) {
        row(bucketOf(change.at), agentId, change.campaignName).calls++;
      }
      const end = Math.min(changes[i + 1]?.at ?? range.to, range.to);
      let at = Math.max(change.at, range.from);
      while (at < end) {
        const bucket = bucketOf(at);
        const cut = Math.min(bucketEnd(bucket), end);
        row(bucket, agentId, change.campaignName)[MS_FIELD[activity]] += cut - at;
        at = cut;
      }
    }
  }
  return [...rows.values()];
}

/** The hourly rows of an hour-aligned range (the rollups). */
export function agentHours(history: AgentHistorySlice, range: TimeRange): AgentHourRow[] {
  return bucketed(history, range, floorHour, (hour) => hour + HOUR_MS);
}

/** The totals of a range per agent × campaign (a raw edge of a report). */
export function agentTotals(history: AgentHistorySlice, range: TimeRange): AgentTimeTotals[] {
  return bucketed(history, range, () => range.from, () => range.to).map(({ hour: _hour, ...totals }) => totals);
}
