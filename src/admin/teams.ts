/** Teams: an organization's groups of agents, with the skills a new agent of the team is given. */
import { conflict, NailupError, notFound } from '../errors.ts';
import type { TeamRecord } from '../store/records.ts';
import type { AdminContext } from './context.ts';
import { NAME_PATTERN, NAME_RULE, names, onlyKnown, optional, text, type Body } from './fields.ts';
import type { TeamView } from './views.ts';

const name = (v: unknown, f: string): string => text(v, f, { max: 64, pattern: NAME_PATTERN, patternText: NAME_RULE });
const skillNames = (v: unknown, f: string): string[] => names(v, f, { max: 64, pattern: NAME_PATTERN, patternText: NAME_RULE });

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
  return { teamName: team.name, organization: team.organizationName, skills: team.skills, agents };
}

/** Without an organization, the team joins the first one (a one-organization floor needs not name it). */
async function defaultOrganization(ctx: AdminContext): Promise<string> {
  return (await ctx.store.organizations.listOrganizations())[0]?.name ?? 'Default';
}

async function ensureSkills(ctx: AdminContext, skills: readonly string[], organization: string): Promise<void> {
  for (const skill of skills) await ctx.store.organizations.ensureSkill(skill, organization);
}

export async function createTeam(ctx: AdminContext, body: Body): Promise<TeamView> {
  onlyKnown(body, ['teamName', 'organization', 'skills', 'agents']);
  const teamName = name(body.teamName, 'teamName');
  const organization = optional(body, 'organization', name, await defaultOrganization(ctx));
  const skills = optional(body, 'skills', skillNames, []);
  if (await ctx.store.organizations.findTeam(teamName)) throw new NailupError('CONFLICT', `a team named ${teamName} exists`, 'teamName');
  await ensureSkills(ctx, skills, organization);
  return viewOf(await ctx.store.organizations.createTeam({ name: teamName, organizationName: organization, skills }), 0);
}

/** A team's organization moves its agents with it. */
export async function updateTeam(ctx: AdminContext, teamName: string, body: Body): Promise<TeamView> {
  onlyKnown(body, ['teamName', 'organization', 'skills', 'agents']);
  const team = await ctx.store.organizations.findTeam(teamName);
  if (!team) throw notFound(`team ${teamName}`);
  if (body.teamName !== undefined && body.teamName !== team.name) throw new NailupError('VALIDATION_FAILED', 'teamName: a team keeps its name (agents and campaigns refer to it)', 'teamName');
  const organization = optional(body, 'organization', name, team.organizationName);
  const skills = optional(body, 'skills', skillNames, team.skills);
  await ensureSkills(ctx, skills, organization);
  await ctx.store.organizations.updateTeam(team.name, { organizationName: organization, skills });
  if (organization !== team.organizationName) {
    for (const agent of await ctx.store.agents.list()) {
      if (agent.teamName === team.name) await ctx.store.agents.upsert({ ...agent, organizationName: organization });
    }
  }
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
}
