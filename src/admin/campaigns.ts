/**
 * Campaigns as an administrator sets them up. An edit reaches the campaign's running job at its next
 * step (the dialer's queue, between two pacing decisions), but for what the job was built on — its
 * type, contact list and pacing method — which wait for the next job; the reply says which.
 */
import { conflict, NailupError, notFound, validationError } from '../errors.ts';
import type { CampaignRecord } from '../store/records.ts';
import type { AdminContext } from './context.ts';
import { campaignWarnings } from './campaign-warnings.ts';
import { defaultSettings, readSettings, type CampaignDefaults, type CampaignSettings } from './campaign-settings.ts';
import { amdErrorRatesOf } from '../dialer/dialer-options.ts';
import { createNamed, sameName, type Body } from './fields.ts';
import type { CampaignEditView, CampaignView } from './views.ts';

/** Names of the lists and the agents, read once for a page of views. */
interface Lookups {
  contactLists: Map<number, string>;
  dncLists: Map<number, string>;
  agents: Awaited<ReturnType<AdminContext['store']['agents']['list']>>;
}

async function lookups(ctx: AdminContext): Promise<Lookups> {
  return {
    contactLists: new Map((await ctx.store.contactLists.list()).map((l) => [l.id, l.name])),
    dncLists: new Map((await ctx.store.dnc.lists()).map((l) => [l.id, l.name])),
    agents: await ctx.store.agents.list(),
  };
}

function settingsOf(c: CampaignRecord, names: Lookups): CampaignSettings {
  return {
    campaignName: c.name, type: c.type, previewTimed: c.previewTimed, previewTimeoutSeconds: c.previewTimeoutSeconds, previewCanCancel: c.previewCanCancel,
    contactList: names.contactLists.get(c.contactListId) ?? String(c.contactListId),
    dncLists: c.dncListIds.map((id) => names.dncLists.get(id) ?? String(id)),
    teamName: c.teamName, skill: c.skillsetName,
    completionCodes: c.completionCodes.map((k) => k.codeID), defaultCompletionCode: c.defaultCompletionCode,
    wrapupSeconds: c.wrapupSeconds, wrapupExtendable: c.wrapupExtendable,
    callingWindow: c.callingWindow, retryRules: c.retryRules, maxAttempts: c.maxAttempts, maxAttemptsPerNumber: c.maxAttemptsPerNumber,
    pacing: {
      method: c.pacing.method, targetAbandonRate: c.pacing.targetAbandonRate, abandonCap: c.pacing.abandonCap, ratio: c.pacing.initialRatio,
      maxLinesPerAgent: c.pacing.maxLinesPerAgent, connectWithinSeconds: c.pacing.connectWithinSeconds,
    },
    answeringMachine: { detection: c.amd, action: c.answeringMachineAction, falsePositiveRate: c.amdEstimates.falsePositive, falseNegativeRate: c.amdEstimates.falseNegative },
    noAnswerTimeoutSeconds: c.noAnswerTimeoutSeconds, minimumRingSeconds: c.minimumRingSeconds, callerId: c.callerId,
    callbackExpiryMinutes: c.callbackExpiryMinutes, priority: c.priority,
  };
}

function viewOf(ctx: AdminContext, c: CampaignRecord, names: Lookups): CampaignView {
  const runner = ctx.dialer.runningJobs().find((j) => j.campaign.id === c.id);
  return {
    ...settingsOf(c, names), campaignId: c.id, organization: c.organizationName,
    warnings: campaignWarnings(runner?.campaign ?? c, names.agents),
    job: runner ? { jobId: runner.job.id, state: runner.state, startedAt: new Date(runner.job.startedAt).toISOString() } : null,
  };
}

export async function listCampaigns(ctx: AdminContext): Promise<CampaignView[]> {
  const names = await lookups(ctx);
  return (await ctx.store.campaigns.list()).map((c) => viewOf(ctx, c, names));
}

async function find(ctx: AdminContext, name: string): Promise<CampaignRecord> {
  const campaign = await ctx.store.campaigns.findByName(name);
  if (!campaign) throw notFound(`campaign ${name}`);
  return campaign;
}

export async function getCampaign(ctx: AdminContext, name: string): Promise<CampaignView> {
  return viewOf(ctx, await find(ctx, name), await lookups(ctx));
}

/** The record of checked settings: every name must resolve to what it names. */
async function recordOf(ctx: AdminContext, s: CampaignSettings, base: Pick<CampaignRecord, 'skillsetId'> | null): Promise<Omit<CampaignRecord, 'id'>> {
  const list = await ctx.store.contactLists.findByName(s.contactList);
  if (!list) throw validationError('contactList', `no contact list named ${s.contactList}`);
  const dncListIds: number[] = [];
  for (const [i, name] of s.dncLists.entries()) {
    const dnc = await ctx.store.dnc.findListByName(name);
    if (!dnc) throw validationError(`dncLists[${i}]`, `no DNC list named ${name}`);
    dncListIds.push(dnc.id);
  }
  const team = await ctx.store.organizations.findTeam(s.teamName);
  if (!team) throw validationError('teamName', `no team named ${s.teamName}`);
  const defined = new Map((await ctx.store.completionCodes.list()).map((c) => [c.codeID, c]));
  const completionCodes = s.completionCodes.map((id, i) => {
    const code = defined.get(id);
    if (!code) throw validationError(`completionCodes[${i}]`, `no completion code ${id}`);
    return code;
  });
  if (s.skill) await ctx.store.organizations.ensureSkill(s.skill, team.organizationName);
  return {
    name: s.campaignName, organizationName: team.organizationName, teamName: team.name, skillsetName: s.skill,
    skillsetId: base?.skillsetId ?? await nextSkillsetId(ctx), type: s.type, contactListId: list.id, dncListIds,
    completionCodes, defaultCompletionCode: s.defaultCompletionCode, callingWindow: s.callingWindow, retryRules: s.retryRules,
    maxAttempts: s.maxAttempts, maxAttemptsPerNumber: s.maxAttemptsPerNumber, noAnswerTimeoutSeconds: s.noAnswerTimeoutSeconds,
    minimumRingSeconds: s.minimumRingSeconds, callerId: s.callerId, callbackExpiryMinutes: s.callbackExpiryMinutes,
    previewTimed: s.previewTimed, previewTimeoutSeconds: s.previewTimeoutSeconds, previewCanCancel: s.previewCanCancel,
    wrapupSeconds: s.wrapupSeconds, wrapupExtendable: s.wrapupExtendable, amd: s.answeringMachine.detection,
    answeringMachineAction: s.answeringMachine.action,
    amdEstimates: { falsePositive: s.answeringMachine.falsePositiveRate, falseNegative: s.answeringMachine.falseNegativeRate },
    pacing: {
      method: s.pacing.method, initialRatio: s.pacing.ratio, maxLinesPerAgent: s.pacing.maxLinesPerAgent, abandonCap: s.pacing.abandonCap,
      targetAbandonRate: s.pacing.targetAbandonRate, connectWithinSeconds: s.pacing.connectWithinSeconds,
    },
    priority: s.priority,
  };
}

/** POM's skillset id of a new campaign: one above the highest numeric one. */
async function nextSkillsetId(ctx: AdminContext): Promise<string> {
  const ids = (await ctx.store.campaigns.list()).map((c) => Number(c.skillsetId)).filter(Number.isSafeInteger);
  return String(Math.max(0, ...ids) + 1);
}

/** What a new campaign gets for each setting a POST leaves out (but its codes: every code defined, the first the default). */
export function campaignDefaults(ctx: AdminContext): CampaignDefaults {
  const rates = amdErrorRatesOf(ctx.config.dialer);
  return defaultSettings({ callbackExpiryMinutes: ctx.config.dialer.callbackExpiryMinutes, falsePositiveRate: rates.falsePositive, falseNegativeRate: rates.falseNegative });
}

/** A new campaign offers every completion code defined unless the body names them; its default is its first code. */
export async function createCampaign(ctx: AdminContext, body: Body): Promise<CampaignView> {
  const defaults = campaignDefaults(ctx);
  const codes = (await ctx.store.completionCodes.list()).map((c) => c.codeID);
  const settings = readSettings(body, { ...defaults, completionCodes: codes, defaultCompletionCode: (body.completionCodes as string[] | undefined)?.[0] ?? codes[0] ?? '' });
  const name = settings.campaignName;
  const refuseTaken = async (): Promise<void> => {
    const taken = (await ctx.store.campaigns.findByName(name)) ?? (await ctx.store.campaigns.list()).find((c) => sameName(c.name, name));
    if (taken) throw new NailupError('CONFLICT', `a campaign named ${taken.name} exists${taken.name === name ? '' : ': campaign names must differ by more than case'}`, 'campaignName');
  };
  const created = await createNamed(refuseTaken, async () => ctx.store.campaigns.create(await recordOf(ctx, settings, null)));
  return viewOf(ctx, created, await lookups(ctx));
}

export async function updateCampaign(ctx: AdminContext, name: string, body: Body): Promise<CampaignEditView> {
  const current = await find(ctx, name);
  if (body.campaignName !== undefined && body.campaignName !== current.name) throw validationError('campaignName', 'a campaign keeps its name (its jobs and reports refer to it)');
  const names = await lookups(ctx);
  const settings = readSettings(body, settingsOf(current, names));
  const record = { ...(await recordOf(ctx, settings, current)), id: current.id };
  await ctx.store.campaigns.update(record);
  const fresh = await find(ctx, name);
  const { running, deferred } = await ctx.dialer.campaignChanged(fresh);
  const view = viewOf(ctx, fresh, names);
  return { ...view, edit: { runningJobId: running ? (view.job?.jobId ?? null) : null, waitsForNextJob: deferred } };
}

/** A campaign with a job (running or in its history) stays: its attempts are in the reports. */
export async function deleteCampaign(ctx: AdminContext, name: string): Promise<void> {
  const campaign = await find(ctx, name);
  const jobs = await ctx.store.jobs.list(campaign.id);
  const active = jobs.find((j) => j.state === 'running' || j.state === 'paused');
  if (active) throw conflict(`campaign ${name} has job ${active.id} ${active.state}: stop it first`);
  if (jobs.length > 0) throw conflict(`campaign ${name} has ${jobs.length} job(s) in its history: it stays, so that its attempts stay in the reports`);
  await ctx.store.campaigns.remove(campaign.id);
}
