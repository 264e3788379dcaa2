/**
 * What the reports read through the rollups: each builds a read plan (read-plan.ts) from the rollups'
 * coverage, sums the rolled-up hours in SQL and the raw pieces from the records, and adds them up.
 */
import type { AgentTimeTotals, AttemptFilter, JobTotals, Store, TimeRange } from '../../store/store.ts';
import { agentTotals } from './agent-hours.ts';
import { agentCoverage, readPlan } from './read-plan.ts';

/** Per job of these campaigns, what its attempts dialed in the range came to (as AttemptRepository.jobTotals). */
export async function rolledJobTotals(store: Store, campaignIds: readonly number[], range: TimeRange, limit: number, offset: number): Promise<{ rows: JobTotals[]; total: number }> {
  if (campaignIds.length === 0) return { rows: [], total: 0 };
  const plan = readPlan(range, await store.rollups.coverage('attempts'));
  return store.rollups.jobTotals(campaignIds, plan, limit, offset);
}

/** How many attempts the filter matches (the total of AttemptRepository.report). */
export async function rolledAttemptCount(store: Store, filter: AttemptFilter): Promise<number> {
  const { from, to, ...narrow } = filter;
  // The rollups do not keep the nuisance reason (migration 012): narrowed by it, the attempts alone are counted.
  const plan = narrow.nuisanceReason === undefined ? readPlan({ from, to }, await store.rollups.coverage('attempts')) : { rolled: [], raw: [{ from, to }] };
  return store.rollups.attemptCount(narrow, plan);
}

/** Every agent's time in the range per campaign (agents and campaigns with no stretch and no call left out). */
export async function rolledAgentTime(store: Store, range: TimeRange): Promise<AgentTimeTotals[]> {
  const plan = readPlan(range, agentCoverage(await store.rollups.coverage('agents')));
  const parts = [await store.rollups.agentTotals(plan.rolled)];
  for (const raw of plan.raw) parts.push(agentTotals(await store.rollups.agentHistory(raw), raw));
  const sums = new Map<string, AgentTimeTotals>();
  for (const t of parts.flat()) {
    const key = `${t.agentId}\u0000${t.campaignName}`;
    const sum = sums.get(key);
    if (!sum) {
      sums.set(key, { ...t });
      continue;
    }
    sum.readyMs += t.readyMs;
    sum.previewMs += t.previewMs;
    sum.talkMs += t.talkMs;
    sum.wrapMs += t.wrapMs;
    sum.notReadyMs += t.notReadyMs;
    sum.calls += t.calls;
  }
  return [...sums.values()];
}
