/**
 * What a dialer that stopped without warning (a crash, a kill, a power cut) left in the store, put
 * right before its jobs resume, so that nobody is called again because of it:
 *
 * - a call in progress (dialing, ringing, talking) ends with result Unknown and counts as an attempt;
 *   its contact waits the campaign's retry interval for Unknown (dialer.unknownOutcomeRetryMinutes
 *   when the campaign names none) and is never dialed again at once;
 * - a call in wrap-up is disposed with the code the agent gave (if it was written) or the campaign's
 *   default code, as when the wrap-up time runs out — unless its agent is about to be logged on again by
 *   a new leading dialer (a failover): that wrap-up is kept for the agent to finish (left-wrapups.ts);
 * - a contact claimed but not dialed yet goes back to the list as it was;
 * - a callback delivered to an agent is pending again (after the retry interval if it was being called);
 * - every agent still on the floor in the history is logged out.
 */
import type { AttemptRecord, CampaignRecord, ContactOutcome, ContactRecord, JobRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import { codeOf, outcomeOfWrapup } from './contact-outcome.ts';

const MINUTE = 60_000;

export interface RecoveryCounts {
  /** Calls in progress closed with result Unknown. */
  callsClosed: number;
  /** Calls in wrap-up disposed (the agent's code if written, else the campaign's default). */
  wrapupsClosed: number;
  /** Calls in wrap-up kept for their agent, who is logged on again after a failover. */
  wrapupsKept: number;
  /** Contacts claimed but not dialed, back in the list. */
  contactsReleased: number;
  callbacksReturned: number;
}

export const NO_RECOVERY: Readonly<RecoveryCounts> = Object.freeze({ callsClosed: 0, wrapupsClosed: 0, wrapupsKept: 0, contactsReleased: 0, callbacksReturned: 0 });

/** The outcome of a call whose end nobody saw: an attempt, retried after the interval for Unknown. */
export function outcomeOfInterrupted(campaign: CampaignRecord, attemptsAfter: number, now: number, defaultRetryMinutes: number): ContactOutcome {
  const minutes = campaign.retryRules.Unknown ?? defaultRetryMinutes;
  const again = attemptsAfter < campaign.maxAttempts;
  return { state: again ? 'ready' : 'done', nextAttemptAt: now + minutes * MINUTE, lastResult: 'Unknown', lastCompletionCode: null, attemptedAt: now };
}

/** A wrap-up the stopped dialer left, kept for its agent (who is logged on again). */
export interface KeptWrapup {
  agentId: string;
  attempt: AttemptRecord;
  contact: ContactRecord;
}

/**
 * Puts right what the job's stopped dialer left: its calls, wrap-ups, claimed contacts and delivered
 * callbacks. `keep` takes the wrap-ups of agents about to be logged on again; the others are disposed.
 */
export async function recoverJob(store: Store, job: JobRecord, campaign: CampaignRecord, now: number, retryMinutes: number, keep: (wrapup: KeptWrapup) => boolean = () => false): Promise<RecoveryCounts> {
  const counts: RecoveryCounts = { ...NO_RECOVERY };
  const interrupted = new Set<number>();
  for (const contact of await store.contacts.inProgress(campaign.contactListId)) {
    const attempt = await store.attempts.latestOfContact(contact.id);
    // An attempt of this claim: of this job and newer than the contact's last recorded outcome.
    const ofThisClaim = attempt !== undefined && attempt.jobId === job.id && (contact.lastAttemptAt === null || attempt.dialedAt >= contact.lastAttemptAt);
    if (ofThisClaim && attempt.endedAt === null) {
      await closeCall(store, attempt, now);
      await store.contacts.recordOutcome(contact.id, outcomeOfInterrupted(campaign, contact.attempts + 1, now, retryMinutes));
      interrupted.add(contact.id);
      counts.callsClosed++;
    } else if (ofThisClaim && attempt.result !== null && attempt.result !== 'Preview_Cancelled') {
      if (attempt.completionCode === null && attempt.agentId !== null && keep({ agentId: attempt.agentId, attempt, contact })) {
        counts.wrapupsKept++;
        continue;
      }
      await store.contacts.recordOutcome(contact.id, await disposeLeftWrapup(store, campaign, attempt, contact.attempts + 1, now));
      counts.wrapupsClosed++;
    } else {
      await store.contacts.release(contact.id, contact.nextAttemptAt);
      counts.contactsReleased++;
    }
  }
  // Calls of contacts no longer in progress (purged meanwhile) are closed all the same.
  counts.callsClosed += await store.attempts.closeOpen(job.id, now);

  for (const callback of await store.callbacks.list({ state: 'delivered' })) {
    if (callback.campaignId !== campaign.id || !(await store.callbacks.transition(callback.id, 'delivered', 'pending'))) continue;
    if (interrupted.has(callback.contactId)) {
      const dueAt = now + (campaign.retryRules.Unknown ?? retryMinutes) * MINUTE;
      await store.callbacks.reschedule(callback.id, dueAt, Math.max(callback.expiresAt, dueAt + (callback.expiresAt - callback.dueAt)));
    }
    counts.callbacksReturned++;
  }
  return counts;
}

/** A call that ends now with result Unknown; one a person had answered, and no agent finished, was a nuisance call. */
async function closeCall(store: Store, attempt: AttemptRecord, now: number): Promise<void> {
  await store.attempts.update(attempt.id, { endedAt: now, result: 'Unknown', ...(attempt.answeredAt !== null && !attempt.amdHangup ? { nuisance: true } : {}) });
}

/** The wrap-up the agent did not finish: the code written (a disposition cut off half-way) or the default. */
export async function disposeLeftWrapup(store: Store, campaign: CampaignRecord, attempt: AttemptRecord, attemptsAfter: number, now: number): Promise<ContactOutcome> {
  const codeID = attempt.completionCode ?? campaign.defaultCompletionCode;
  if (attempt.completionCode === null) await store.attempts.update(attempt.id, { completionCode: codeID });
  return outcomeOfWrapup(campaign, attempt.result!, codeOf(campaign, codeID), attemptsAfter, now, null);
}

/**
 * The state an agent had on the floor before the last leader stopped: the history's last row before the
 * logout the recovery wrote (closeAgentHistory). Busy (on a call that ended with the leader) counts as Ready.
 */
export async function stateBeforeRecovery(store: Store, agentId: string, now: number): Promise<{ agentState: 'Ready' | 'NotReady'; reasonCode: number }> {
  let last = await store.agentHistory.lastBefore(agentId, now + 1);
  if (last?.agentState === 'LoggedOut') last = await store.agentHistory.lastBefore(agentId, last.at);
  if (!last || last.agentState === 'LoggedOut' || last.agentState === 'NotReady' || last.agentState === 'PendingNotReady') {
    return { agentState: 'NotReady', reasonCode: last?.reasonCode ?? 0 };
  }
  return { agentState: 'Ready', reasonCode: 0 };
}

/** Logs out, at `now`, every agent whose history still has them on the floor. Returns how many. */
export async function closeAgentHistory(store: Store, now: number): Promise<number> {
  let closed = 0;
  for (const agent of await store.agents.list()) {
    const last = await store.agentHistory.lastBefore(agent.agentId, now + 1);
    if (!last || last.agentState === 'LoggedOut') continue;
    await store.agentHistory.insert({ agentId: agent.agentId, at: now, agentState: 'LoggedOut', callState: 'NoState', nailedStatus: 'NotNailedUp', reasonCode: 0, campaignName: null });
    closed++;
  }
  return closed;
}
