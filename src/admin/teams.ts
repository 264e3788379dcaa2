/**
 * Teams: an organization's groups of agents, with the skills a new agent of the team is given and the
 * rule by which they blend into an inbound queue. A change reaches the blender at once
 * (`dialer.teamsChanged`).
 */
import { conflict, NailupError, notFound, validationError } from '../errors.ts';
import type { BlendingRule } from '../acd/queue-types.ts';
import type { TeamRecord } from '../store/records.ts';
import type { AdminContext } from './context.ts';
import { createNamed, decimal, integer, NAME_PATTERN, NAME_RULE, names, object, onlyKnown, optional, sameName, text, type Body } from './fields.ts';
import type { TeamView } from './views.ts';

const FIELDS = ['teamName', 'organization', 'skills', 'blending', 'agents'] as const;
const BLENDING_FIELDS = ['queue', 'callsWaitingAbove', 'oldestWaitAboveSeconds', 'serviceLevelBelowPercent', 'releaseAfterEmptySeconds', 'minOutbound', 'maxOutbound'] as const;
const TRIGGERS = ['callsWaitingAbove', 'oldestWaitAboveSeconds', 'serviceLevelBelowPercent'] as const;

/** What a new blending rule gets for each field it leaves out (but its queue, which it must name). */
export const BLENDING_DEFAULTS: Omit<BlendingRule, 'queue'> = {
  callsWaitingAbove: null, oldestWaitAboveSeconds: null, serviceLevelBelowPercent: null, releaseAfterEmptySeconds: 30, minOutbound: 0, maxOutbound: null,
};

const name = (v: unknown, f: string): string => text(v, f, { max: 64, pattern: NAME_PATTERN, patternText: NAME_RULE });
const skillNames = (v: unknown, f: string): string[] => names(v, f, { max: 64, pattern: NAME_PATTERN, patternText: NAME_RULE });
const orNull = <T>(read: (v: unknown, f: string) => T) => (v: unknown, f: string): T | null => (v === null ? null : read(v, f));

/**
 * A blending rule as `value` gives it over `base` (the team's rule, when it has one: fields left out
 * keep their values), every field checked (`blending.minOutbound`, …); null takes the rule away.
 * Its queue must exist.
 */
async function readBlending(ctx: AdminContext, value: unknown, base: BlendingRule | null): Promise<BlendingRule | null> {
  if (value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value)) throw validationError('blending', 'must be an object (a blending rule) or null');
  const body = object(value, 'blending');
  onlyKnown(body, BLENDING_FIELDS, 'blending.');
  type Settings = Omit<BlendingRule, 'queue'>;
  const from: Settings = { ...BLENDING_DEFAULTS, ...base };
  const field = <K extends keyof Settings>(key: K, read: (v: unknown, f: string) => Settings[K]): Settings[K] =>
    optional(body, key, read, from[key], 'blending.');
  if (body.queue === undefined && !base) throw validationError('blending.queue', 'is required: the queue the team blends into');
  const rule: BlendingRule = {
    queue: body.queue === undefined && base ? base.queue : name(body.queue, 'blending.queue'),
    callsWaitingAbove: field('callsWaitingAbove', orNull((v, f) => integer(v, f, 0, 10_000))),
    oldestWaitAboveSeconds: field('oldestWaitAboveSeconds', orNull((v, f) => integer(v, f, 0, 86_400))),
    serviceLevelBelowPercent: field('serviceLevelBelowPercent', orNull((v, f) => decimal(v, f, 0, 100))),
    releaseAfterEmptySeconds: field('releaseAfterEmptySeconds', (v, f) => integer(v, f, 0, 3600)),
    minOutbound: field('minOutbound', (v, f) => integer(v, f, 0, 10_000)),
    maxOutbound: field('maxOutbound', orNull((v, f) => integer(v, f, 0, 10_000))),
  };
  if (TRIGGERS.every((t) => rule[t] === null)) throw validationError('blending', `needs at least one trigger: ${TRIGGERS.join(', ')}`);
  if (rule.maxOutbound !== null && rule.maxOutbound < rule.minOutbound) throw validationError('blending.maxOutbound', `must be at least minOutbound (${rule.minOutbound}), or null for no limit`);
  if (!(await ctx.store.queues.findByName(rule.queue))) throw validationError('blending.queue', `no queue named ${rule.queue}`);
  return rule;
}

export async function listTeams(ctx: AdminContext): Promise<TeamView[]> {
  const agents = await ctx.store.agents.list();
  return (await ctx.store.organizations.listTeams()).map((t) => viewOf(t, agents.filter((a) => a.teamName === t.name).length));
}

export async function getTeam(ctx: AdminContext, teamName: string): Promise<TeamView> {
  const team = await ctx.store.organizations.findTeam(teamName);
  if (!team) throw notFound(`team ${teamName}`);
  const agents = (await ctx.store.agents.list()).filter((a) => a.teamName === team.name).length;
  return viewOf(team, agents);
}

function viewOf(team: TeamRecord, agents: number): TeamView {
  return { teamName: team.name, organization: team.organizationName, skills: team.skills, blending: team.blending, agents };
}

/** Without an organization, the team joins the first one (a one-organization floor needs not name it). */
async function defaultOrganization(ctx: AdminContext): Promise<string> {
  return (await ctx.store.organizations.listOrganizations())[0]?.name ?? 'Default';
}

async function ensureSkills(ctx: AdminContext, skills: readonly string[], organization: string): Promise<void> {
  for (const skill of skills) await ctx.store.organizations.ensureSkill(skill, organization);
}

export async function createTeam(ctx: AdminContext, body: Body): Promise<TeamView> {
  onlyKnown(body, FIELDS);
  const teamName = name(body.teamName, 'teamName');
  const organization = optional(body, 'organization', name, await defaultOrganization(ctx));
  const skills = optional(body, 'skills', skillNames, []);
  const blending = body.blending === undefined ? null : await readBlending(ctx, body.blending, null);
  const refuseTaken = async (): Promise<void> => {
    const taken = (await ctx.store.organizations.findTeam(teamName)) ?? (await ctx.store.organizations.listTeams()).find((t) => sameName(t.name, teamName));
    if (taken) throw new NailupError('CONFLICT', `a team named ${taken.name} exists${taken.name === teamName ? '' : ': team names must differ by more than case'}`, 'teamName');
  };
  const created = await createNamed(refuseTaken, async () => {
    await ensureSkills(ctx, skills, organization);
    return ctx.store.organizations.createTeam({ name: teamName, organizationName: organization, skills, blending });
  });
  await ctx.dialer.teamsChanged();
  return viewOf(created, 0);
}

/** A team's organization moves its agents with it. */
export async function updateTeam(ctx: AdminContext, teamName: string, body: Body): Promise<TeamView> {
  onlyKnown(body, FIELDS);
  const team = await ctx.store.organizations.findTeam(teamName);
  if (!team) throw notFound(`team ${teamName}`);
  if (body.teamName !== undefined && body.teamName !== team.name) throw new NailupError('VALIDATION_FAILED', 'teamName: a team keeps its name (agents and campaigns refer to it)', 'teamName');
  const organization = optional(body, 'organization', name, team.organizationName);
  const skills = optional(body, 'skills', skillNames, team.skills);
  const blending = body.blending === undefined ? team.blending : await readBlending(ctx, body.blending, team.blending);
  await ensureSkills(ctx, skills, organization);
  await ctx.store.organizations.updateTeam(team.name, { organizationName: organization, skills, blending });
  if (organization !== team.organizationName) {
    for (const agent of await ctx.store.agents.list()) {
      if (agent.teamName === team.name) await ctx.store.agents.upsert({ ...agent, organizationName: organization });
    }
  }
  await ctx.dialer.teamsChanged();
  return getTeam(ctx, team.name);
}

export async function deleteTeam(ctx: AdminContext, teamName: string): Promise<void> {
  const team = await ctx.store.organizations.findTeam(teamName);
  if (!team) throw notFound(`team ${teamName}`);
  const agents = (await ctx.store.agents.list()).filter((a) => a.teamName === team.name);
  const campaigns = (await ctx.store.campaigns.list()).filter((c) => c.teamName === team.name);
  if (agents.length > 0 || campaigns.length > 0) {
    const users = [...(agents.length ? [`${agents.length} agent(s)`] : []), ...(campaigns.map((c) => `campaign ${c.name}`))];
    throw conflict(`team ${team.name} is in use by ${users.join(', ')}: move them to another team first`);
  }
  await ctx.store.organizations.removeTeam(team.name);
  await ctx.dialer.teamsChanged();
}
