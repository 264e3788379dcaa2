import type { AttemptResult, CampaignRecord, CompletionCode, ContactOutcome } from '../store/records.ts';

const MINUTE = 60_000;

/** Where a contact goes after an attempt that ended without an agent's disposition. */
export function outcomeOfResult(campaign: CampaignRecord, result: AttemptResult, attemptsAfter: number, now: number): ContactOutcome {
  const retryMinutes = campaign.retryRules[result];
  const retry = retryMinutes !== undefined && attemptsAfter < campaign.maxAttempts;
  return {
    state: retry ? 'ready' : result === 'Restricted_DNC' ? 'uncallable' : 'done',
    nextAttemptAt: retry ? now + retryMinutes * MINUTE : now,
    lastResult: result,
    lastCompletionCode: null,
    attemptedAt: now,
  };
}

/** Where a contact goes after the agent's completion code. */
export function outcomeOfDisposition(
  campaign: CampaignRecord,
  result: AttemptResult,
  code: CompletionCode,
  attemptsAfter: number,
  now: number,
  callbackExpiresAt: number | null,
): ContactOutcome {
  const base = { lastResult: result, lastCompletionCode: code.codeID, attemptedAt: now };
  if (callbackExpiresAt !== null) {
    // The callback owns the contact until it expires; the campaign may dial it again after that.
    return { ...base, state: 'ready', nextAttemptAt: callbackExpiresAt };
  }
  switch (code.nextState) {
    case 'done':
    case 'callback':
      return { ...base, state: 'done', nextAttemptAt: now };
    case 'dnc':
      return { ...base, state: 'uncallable', nextAttemptAt: now };
    case 'retry': {
      const minutes = code.retryMinutes ?? campaign.retryRules[result] ?? campaign.retryRules.Ring_No_Answer ?? 60;
      const again = attemptsAfter < campaign.maxAttempts;
      return { ...base, state: again ? 'ready' : 'done', nextAttemptAt: now + minutes * MINUTE };
    }
  }
}
