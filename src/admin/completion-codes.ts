/**
 * Completion codes: defined once, offered by the campaigns that list them. A change reaches the
 * running jobs of those campaigns at their next step.
 */
import { conflict, NailupError, notFound, validationError } from '../errors.ts';
import { COMPLETION_NEXT_STATES, type CampaignRecord, type CompletionCode } from '../store/records.ts';
import type { AdminContext } from './context.ts';
import { flag, ID_PATTERN, ID_RULE, integer, names, onlyKnown, oneOf, optional, sameName, text, type Body } from './fields.ts';
import type { CompletionCodeView } from './views.ts';

const FIELDS = ['codeId', 'codeValue', 'nextState', 'retryMinutes', 'sale', 'rightPartyContact', 'campaigns'] as const;

function viewOf(code: CompletionCode, campaigns: readonly CampaignRecord[]): CompletionCodeView {
  return {
    codeId: code.codeID, codeValue: code.codeValue, nextState: code.nextState, retryMinutes: code.retryMinutes,
    sale: code.sale, rightPartyContact: code.rightPartyContact,
    campaigns: campaigns.filter((c) => c.completionCodes.some((k) => k.codeID === code.codeID)).map((c) => c.name),
  };
}

export async function listCodes(ctx: AdminContext): Promise<CompletionCodeView[]> {
  const campaigns = await ctx.store.campaigns.list();
  return (await ctx.store.completionCodes.list()).map((c) => viewOf(c, campaigns));
}

async function codeView(ctx: AdminContext, codeID: string): Promise<CompletionCodeView> {
  const code = await ctx.store.completionCodes.findById(codeID);
  if (!code) throw notFound(`completion code ${codeID}`);
  return viewOf(code, await ctx.store.campaigns.list());
}

function readCode(body: Body, codeID: string, base?: CompletionCode): CompletionCode {
  onlyKnown(body, FIELDS);
  if (base && body.codeId !== undefined && body.codeId !== base.codeID) throw validationError('codeId', 'a code keeps its id (dispositions refer to it)');
  const codeValue = body.codeValue === undefined && base ? base.codeValue : text(body.codeValue, 'codeValue', { max: 64, pattern: /^[^\p{Cc}]*$/u, patternText: 'must not hold control characters' });
  const nextState = body.nextState === undefined && base ? base.nextState : oneOf(body.nextState, 'nextState', COMPLETION_NEXT_STATES);
  const retryMinutes = optional(body, 'retryMinutes', (v, f) => (v === null ? null : integer(v, f, 1, 525_600)), base?.retryMinutes ?? null);
  if (retryMinutes !== null && nextState !== 'retry') throw validationError('retryMinutes', 'applies only to a code whose nextState is retry');
  return {
    codeID, codeValue, nextState, retryMinutes,
    sale: optional(body, 'sale', flag, base?.sale ?? false),
    rightPartyContact: optional(body, 'rightPartyContact', flag, base?.rightPartyContact ?? false),
  };
}

/**
 * A code's value is what agents see on its button: two codes whose values differ only by case or by the
 * spaces around them would be two identical buttons, so the value of another code is refused.
 */
async function checkValueFree(ctx: AdminContext, code: CompletionCode): Promise<void> {
  const other = (await ctx.store.completionCodes.list()).find((c) => c.codeID !== code.codeID && sameName(c.codeValue, code.codeValue));
  if (other) throw new NailupError('CONFLICT', `completion code ${other.codeID} is ${other.codeValue} already: agents would see two buttons of that name`, 'codeValue');
}

/** The next free numeric id: one above the highest numeric id in use. */
async function nextCodeId(ctx: AdminContext): Promise<string> {
  const numbers = (await ctx.store.completionCodes.list()).map((c) => Number(c.codeID)).filter(Number.isSafeInteger);
  return String(Math.max(0, ...numbers) + 1);
}

/**
 * What making exactly the campaigns named offer the code (when `named` is given) changes: the code
 * added to them and taken from the others; a campaign's default code, or its last one, is not taken.
 * Checked before anything is written; `offering` are the campaigns that will offer the code.
 */
async function planOffer(ctx: AdminContext, code: CompletionCode, named: readonly string[] | undefined): Promise<{ changes: CampaignRecord[]; offering: CampaignRecord[] }> {
  const campaigns = await ctx.store.campaigns.list();
  for (const [i, name] of (named ?? []).entries()) {
    if (!campaigns.some((c) => c.name === name)) throw validationError(`campaigns[${i}]`, `no campaign named ${name}`);
  }
  const changes: CampaignRecord[] = [];
  const offering: CampaignRecord[] = [];
  for (const campaign of campaigns) {
    const offers = campaign.completionCodes.some((c) => c.codeID === code.codeID);
    const wanted = named === undefined ? offers : named.includes(campaign.name);
    if (wanted) offering.push(campaign);
    if (offers === wanted) continue;
    if (!wanted && campaign.defaultCompletionCode === code.codeID) throw conflict(`code ${code.codeID} is the default completion code of campaign ${campaign.name}: choose another default first`);
    if (!wanted && campaign.completionCodes.length === 1) throw conflict(`code ${code.codeID} is the only completion code of campaign ${campaign.name}`);
    const codes = wanted ? [...campaign.completionCodes, code] : campaign.completionCodes.filter((c) => c.codeID !== code.codeID);
    changes.push({ ...campaign, completionCodes: codes });
  }
  return { changes, offering };
}

/** Writes the code and the campaigns' lists; the running jobs of the campaigns concerned take them at their next step. */
async function save(ctx: AdminContext, code: CompletionCode, plan: { changes: CampaignRecord[]; offering: CampaignRecord[] }): Promise<void> {
  await ctx.store.completionCodes.upsert(code);
  for (const campaign of plan.changes) await ctx.store.campaigns.update(campaign);
  for (const campaign of new Set([...plan.changes, ...plan.offering].map((c) => c.id))) {
    const fresh = await ctx.store.campaigns.findById(campaign);
    if (fresh) await ctx.dialer.campaignChanged(fresh);
  }
}

export async function createCode(ctx: AdminContext, body: Body): Promise<CompletionCodeView> {
  const codeID = body.codeId === undefined ? await nextCodeId(ctx) : text(body.codeId, 'codeId', { max: 32, pattern: ID_PATTERN, patternText: ID_RULE });
  if (await ctx.store.completionCodes.findById(codeID)) throw new NailupError('CONFLICT', `completion code ${codeID} exists`, 'codeId');
  const code = readCode(body, codeID);
  await checkValueFree(ctx, code);
  await save(ctx, code, await planOffer(ctx, code, optional(body, 'campaigns', (v, f) => names(v, f, { max: 64 }), undefined)));
  return codeView(ctx, codeID);
}

export async function updateCode(ctx: AdminContext, codeID: string, body: Body): Promise<CompletionCodeView> {
  const base = await ctx.store.completionCodes.findById(codeID);
  if (!base) throw notFound(`completion code ${codeID}`);
  const code = readCode(body, codeID, base);
  await checkValueFree(ctx, code);
  await save(ctx, code, await planOffer(ctx, code, optional(body, 'campaigns', (v, f) => names(v, f, { max: 64 }), undefined)));
  return codeView(ctx, codeID);
}
export async function deleteCode(ctx: AdminContext, codeID: string): Promise<void> {
  const view = await codeView(ctx, codeID);
  if (view.campaigns.length > 0) throw conflict(`completion code ${codeID} is offered by ${view.campaigns.join(', ')}: take it from those campaigns first`);
  const queues = (await ctx.store.queues.list()).filter((q) => q.completionCodes.includes(codeID)).map((q) => q.name);
  if (queues.length > 0) throw conflict(`completion code ${codeID} is offered by queue ${queues.join(', queue ')}: take it from those queues first`);
  await ctx.store.completionCodes.remove(codeID);
}
