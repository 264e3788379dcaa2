/**
 * The drill's end: what the store holds against what the desktops were told. Pure functions over records,
 * so that the test can check them; `auditStore` reads the records.
 */
import type { AttemptRecord, CampaignRecord } from '../../src/store/records.ts';
import type { Store } from '../../src/store/store.ts';
import type { WrapUpAck } from './desk.ts';

/** Attempts written for a number the dialer refused to dial: no call was made. */
const NOT_DIALED = new Set(['Restricted_DNC', 'Restricted_Other']);

export interface LostDisposition {
  ack: WrapUpAck;
  /** What the store has for that contact and agent instead. */
  found: string;
}

export interface DuplicateDial {
  contactId: number;
  first: { id: number; dialedAt: number; endedAt: number | null; result: string | null; completionCode: string | null };
  second: { id: number; dialedAt: number };
  why: 'open' | 'retry interval' | 'closed';
}

export interface AuditResult {
  acked: number;
  lost: LostDisposition[];
  /** Acknowledged with one code, stored with another. */
  codeMismatch: number;
  /** Acknowledged for a call whose offer the desktop never saw (no contact to look for): not checked. */
  unidentified: number;
  attempts: number;
  byResult: Record<string, number>;
  duplicates: DuplicateDial[];
  dncDials: AttemptRecord[];
  /** Attempts the dialer refused because the number is on a DNC list (the check working). */
  dncRefused: number;
  retryWindowMinutes: Record<string, number>;
}

/**
 * Lost: an acknowledged wrap-up (OnCallWrapUpDone, ResponseStatus 0) for which the store has no attempt of
 * that contact, by that agent, with a completion code. Mismatch: the attempt is there with another code.
 * Unidentified: the desktop never learnt the call's contact (contact 0), so there is nothing to look for.
 */
export function findLost(acks: readonly WrapUpAck[], attempts: readonly AttemptRecord[]): { lost: LostDisposition[]; codeMismatch: number; unidentified: number } {
  const byContact = new Map<number, AttemptRecord[]>();
  for (const a of attempts) {
    const list = byContact.get(a.contactId);
    if (list) list.push(a);
    else byContact.set(a.contactId, [a]);
  }
  const lost: LostDisposition[] = [];
  let codeMismatch = 0;
  let unidentified = 0;
  for (const ack of acks) {
    if (ack.contactID === 0) {
      unidentified++;
      continue;
    }
    const mine = (byContact.get(ack.contactID) ?? []).filter((a) => a.agentId === ack.agentID);
    const coded = mine.filter((a) => a.completionCode !== null);
    if (coded.length === 0) {
      lost.push({ ack, found: mine.length === 0 ? 'no attempt' : mine.map((a) => `attempt ${a.id} result ${a.result ?? 'none'} without a code`).join('; ') });
    } else if (!coded.some((a) => a.completionCode === ack.codeID)) {
      codeMismatch++;
    }
  }
  return { lost, codeMismatch, unidentified };
}

/** The shortest time a campaign waits before it dials a contact again, in minutes, whatever the outcome. */
export function retryWindowMinutes(campaign: Pick<CampaignRecord, 'retryRules' | 'completionCodes'>, unknownOutcomeRetryMinutes: number): number {
  const values = [
    ...Object.values(campaign.retryRules).filter((v): v is number => typeof v === 'number' && v > 0),
    ...campaign.completionCodes.map((c) => c.retryMinutes).filter((v): v is number => v !== null && v > 0),
    unknownOutcomeRetryMinutes,
  ];
  return Math.min(...values);
}

/**
 * Duplicate dials. For each contact, its dialed attempts (those the dialer refused are not calls) in the
 * order dialed; an attempt is a duplicate when the one before it
 * - was still open (no end yet, or ending after this one was dialed): `open`;
 * - had ended less than the campaign's retry window before (the shortest interval any outcome gives): `retry interval`;
 * - was closed by a completion code whose next state is `done` or `dnc` (the contact was finished): `closed`.
 */
export function findDuplicates(
  attempts: readonly AttemptRecord[], windowMsByCampaign: ReadonlyMap<number, number>, closingCodes: ReadonlySet<string>,
): DuplicateDial[] {
  const byContact = new Map<number, AttemptRecord[]>();
  for (const a of attempts) {
    if (a.result !== null && NOT_DIALED.has(a.result)) continue;
    const list = byContact.get(a.contactId);
    if (list) list.push(a);
    else byContact.set(a.contactId, [a]);
  }
  const duplicates: DuplicateDial[] = [];
  for (const [contactId, list] of byContact) {
    if (list.length < 2) continue;
    list.sort((x, y) => x.dialedAt - y.dialedAt || x.id - y.id);
    for (let i = 1; i < list.length; i++) {
      const first = list[i - 1]!;
      const second = list[i]!;
      const window = windowMsByCampaign.get(first.campaignId) ?? 0;
      const why: DuplicateDial['why'] | null = first.endedAt === null || first.endedAt > second.dialedAt ? 'open'
        : second.dialedAt < first.endedAt + window ? 'retry interval'
          : first.completionCode !== null && closingCodes.has(first.completionCode) ? 'closed' : null;
      if (why) {
        duplicates.push({
          contactId,
          first: { id: first.id, dialedAt: first.dialedAt, endedAt: first.endedAt, result: first.result, completionCode: first.completionCode },
          second: { id: second.id, dialedAt: second.dialedAt },
          why,
        });
      }
    }
  }
  return duplicates;
}

/** Attempts dialed (not refused) to a number on a DNC list of their campaign. */
export function findDncDials(attempts: readonly AttemptRecord[], listedByCampaign: ReadonlyMap<number, ReadonlySet<string>>): AttemptRecord[] {
  return attempts.filter((a) => !(a.result !== null && NOT_DIALED.has(a.result)) && (listedByCampaign.get(a.campaignId)?.has(a.number) ?? false));
}

export async function auditStore(store: Store, acks: readonly WrapUpAck[], from: number, unknownOutcomeRetryMinutes: number): Promise<AuditResult> {
  const attempts = await store.attempts.listBetween(from, Date.now() + 1);
  const campaigns = await store.campaigns.list();
  const windowMs = new Map<number, number>();
  const retryWindow: Record<string, number> = {};
  const closing = new Set<string>();
  const listed = new Map<number, Set<string>>();
  for (const campaign of campaigns) {
    const minutes = retryWindowMinutes(campaign, unknownOutcomeRetryMinutes);
    windowMs.set(campaign.id, minutes * 60_000);
    retryWindow[campaign.name] = minutes;
    for (const code of campaign.completionCodes) if (code.nextState === 'done' || code.nextState === 'dnc') closing.add(code.codeID);
    const numbers = new Set<string>();
    for (let offset = 0; ; offset += 10_000) {
      const page = await store.dnc.addedBetween(campaign.dncListIds, 0, Date.now() + 1, 10_000, offset);
      for (const row of page.rows) numbers.add(row.address);
      if (page.rows.length < 10_000) break;
    }
    listed.set(campaign.id, numbers);
  }
  const byResult: Record<string, number> = {};
  for (const a of attempts) byResult[a.result ?? 'open'] = (byResult[a.result ?? 'open'] ?? 0) + 1;
  const { lost, codeMismatch, unidentified } = findLost(acks, attempts);
  return {
    acked: acks.length,
    lost,
    codeMismatch,
    unidentified,
    attempts: attempts.length,
    byResult,
    duplicates: findDuplicates(attempts, windowMs, closing),
    dncDials: findDncDials(attempts, listed),
    dncRefused: attempts.filter((a) => a.result === 'Restricted_DNC').length,
    retryWindowMinutes: retryWindow,
  };
}
