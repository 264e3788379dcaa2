/**
 * PurgeContact (protocol.md §6): purge the contacts of a list that match an attribute filter.
 *
 * 1. Count the list before, by campaign (the CAMP_ID attribute), from the raw list.
 * 2. An `expiry` attribute's values must be dates (yyyy-MM-dd).
 * 3. Direct purge (the attribute is the configured DirectPurge one, the userContactId): "not equal
 *    to" purges every contact of the raw list but the given ones, otherwise the matched ones. A
 *    normal purge purges each contact the filtered list matches.
 * 4. A delete refused with "Cannot delete contact as the attempt is in progress" is tried again, up
 *    to `purgeRetries` tries in all, `purgeRetryDelayMs` apart.
 * 5. Count again after, write OutboundPurgeData (one row per campaign), return the PurgeResult.
 */
import { validationError } from '../errors.ts';
import { ATTEMPT_IN_PROGRESS_MESSAGE } from '../pom-rest/errors.ts';
import type { PomContact } from '../pom-rest/views.ts';
import { PomCallFailed, type ContactPageRequest } from './pom-client.ts';
import { sleep, type UtilityContext } from './context.ts';

export const PURGE_FILTERS = { 'equal to': 'equals', 'not equal to': 'notEquals', like: 'like', 'less than': 'lessThan', 'greater than': 'greaterThan' } as const;
export type PurgeFilter = keyof typeof PURGE_FILTERS;

export interface PurgeRequest {
  /** The contact list's name, as recorded in OutboundPurgeData. */
  contactName: string;
  contactListId: number;
  attribute: string;
  filter: string;
  userName: string;
  values: string[];
}

/** The spec's PurgeResult, and what the supervisor page shows beside it. */
export interface PurgeResult {
  isDeleted: boolean;
  failedUserContactId: string;
  errorMessage: string;
  mode: 'direct' | 'normal';
  matched: number;
  purged: number;
  /** Deletes tried again because the attempt was in progress. */
  retries: number;
  beforePurging: number;
  afterPurging: number;
  byCampaign: Array<{ campaignId: string; beforePurging: number; afterPurging: number }>;
}

const ATTRIBUTE = /^[\w .\-/]{1,100}$/;
const MAX_VALUES = 10_000;

function isDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** Checks the request; throws a validation error naming the field. */
export function checkPurgeRequest(r: PurgeRequest): void {
  if (!Number.isSafeInteger(r.contactListId) || r.contactListId < 1) throw validationError('contactListId', 'must be a contact list id');
  if (typeof r.attribute !== 'string' || !ATTRIBUTE.test(r.attribute)) throw validationError('attribute', 'must name a contact field or attribute');
  if (!(r.filter in PURGE_FILTERS)) throw validationError('filter', `must be one of: ${Object.keys(PURGE_FILTERS).join(', ')}`);
  if (!Array.isArray(r.values) || r.values.length === 0) throw validationError('values', 'at least one value is required');
  if (r.values.length > MAX_VALUES) throw validationError('values', `at most ${MAX_VALUES} values`);
  r.values.forEach((v, i) => {
    if (typeof v !== 'string' || v.trim() === '') throw validationError(`values[${i}]`, 'must be a non-empty string');
  });
  if ((r.filter === 'less than' || r.filter === 'greater than') && r.values.length > 1) throw validationError('values', `"${r.filter}" takes one value`);
  if (r.attribute.toLowerCase().includes('expiry')) {
    r.values.forEach((v, i) => {
      if (!isDate(v.trim())) throw validationError(`values[${i}]`, `${JSON.stringify(v)} is not a date (yyyy-MM-dd) for ${r.attribute}`);
    });
  }
}

/** Every contact of the list, page by page (the raw list, or the filtered one). */
async function* allContacts(ctx: UtilityContext, listId: number, search?: ContactPageRequest['search']): AsyncGenerator<PomContact> {
  for (let pageNumber = 1; ; pageNumber++) {
    const page = await ctx.pom.getContacts(listId, { pageSize: ctx.options.pageSize, pageNumber, ...(search ? { search, sortBy: 'userContactId', sortDirection: 'DESC' as const } : {}) });
    yield* page.contactBatch;
    if (pageNumber >= page.totalPage || page.contactBatch.length === 0) return;
  }
}

/** Contacts per campaign: the CAMP_ID attribute, or the list's campaign when a contact has none. */
async function countByCampaign(ctx: UtilityContext, listId: number, fallback: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for await (const contact of allContacts(ctx, listId)) {
    const campaign = contact.attributes.CAMP_ID ?? fallback;
    counts.set(campaign, (counts.get(campaign) ?? 0) + 1);
  }
  return counts;
}

export async function purgeContact(ctx: UtilityContext, request: PurgeRequest): Promise<PurgeResult> {
  checkPurgeRequest(request);
  const values = request.values.map((v) => v.trim());
  const listId = request.contactListId;
  const list = await ctx.pom.getContactList(listId);
  const campaigns = await ctx.pom.getCampaigns();
  const fallbackCampaign = campaigns.find((c) => c.contactListId === listId)?.campaignName ?? '';
  const before = await countByCampaign(ctx, listId, fallbackCampaign);

  const direct = request.attribute === ctx.options.directPurge;
  const targets: string[] = [];
  if (direct && request.filter === 'not equal to') {
    const keep = new Set(values);
    for await (const c of allContacts(ctx, listId)) if (!keep.has(c.userContactId)) targets.push(c.userContactId);
  } else {
    const search = { searchBy: request.attribute, searchOperator: PURGE_FILTERS[request.filter as PurgeFilter], searchValue: values };
    for await (const c of allContacts(ctx, listId, search)) targets.push(c.userContactId);
  }

  const failed: string[] = [];
  let purged = 0;
  let retries = 0;
  let lastError = '';
  for (const userContactId of targets) {
    for (let attempt = 1; ; attempt++) {
      try {
        await ctx.pom.deleteContact(listId, userContactId);
        purged++;
        break;
      } catch (error) {
        if (!(error instanceof PomCallFailed)) throw error;
        // Gone already (purged meanwhile): what was asked for is done.
        if (error.errorCode === 'NOT_FOUND') break;
        const inProgress = error.errorMessage === ATTEMPT_IN_PROGRESS_MESSAGE;
        if (inProgress && attempt < ctx.options.purgeRetries) {
          retries++;
          await sleep(ctx.clock, ctx.options.purgeRetryDelayMs);
          continue;
        }
        failed.push(userContactId);
        lastError = error.errorMessage;
        break;
      }
    }
  }

  const after = await countByCampaign(ctx, listId, fallbackCampaign);
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
  const byCampaign = keys.map((campaignId) => ({ campaignId, beforePurging: before.get(campaignId) ?? 0, afterPurging: after.get(campaignId) ?? 0 }));
  const now = ctx.clock.now();
  const mode = direct ? 'direct' : 'normal';
  await ctx.store.purgeData.insertMany(byCampaign.map((c) => ({
    mode, contactList: request.contactName || list.contactListName, campaignId: c.campaignId, beforePurging: c.beforePurging,
    afterPurging: c.afterPurging, businessParameter: `${request.attribute} ${request.filter} ${values.join(',')}`,
    userName: request.userName, createdAt: now,
  })));
  const sum = (m: Map<string, number>): number => [...m.values()].reduce((a, b) => a + b, 0);
  const errorMessage = failed.length > 0 ? lastError : targets.length === 0 ? `no contact of ${list.contactListName} has ${request.attribute} ${request.filter} ${values.join(', ')}` : '';
  return {
    isDeleted: purged > 0 && failed.length === 0,
    failedUserContactId: failed.join(','),
    errorMessage,
    mode,
    matched: targets.length,
    purged,
    retries,
    beforePurging: sum(before),
    afterPurging: sum(after),
    byCampaign,
  };
}
