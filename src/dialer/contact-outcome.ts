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

/** The campaign's code of this id; an id it does not offer (since deleted) is a retry with the id as its name. */
export function codeOf(campaign: CampaignRecord, codeID: string): CompletionCode {
  return campaign.completionCodes.find((c) => c.codeID === codeID)
    ?? { codeID, codeValue: codeID, nextState: 'retry', retryMinutes: null, sale: false, rightPartyContact: false };
}

/**
 * Where a contact goes once its call is disposed with `code`: by the code when a person was reached (or
 * a callback booked), else by the result's retry rule.
 */
export function outcomeOfWrapup(
  campaign: CampaignRecord, result: AttemptResult, code: CompletionCode, attemptsAfter: number, now: number, callbackExpiresAt: number | null,
): ContactOutcome {
  const outcome = result === 'Answer_Human' || callbackExpiresAt !== null
    ? outcomeOfDisposition(campaign, result, code, attemptsAfter, now, callbackExpiresAt)
    : outcomeOfResult(campaign, result, attemptsAfter, now);
  return { ...outcome, lastCompletionCode: code.codeID };
}
