/**
 * Agents: who may log on to the dialer (A3 AgentLogin) and the desktop (LAN ID and extension). A
 * change takes effect at the agent's next logon; a logged-in agent cannot be deleted.
 */
import { conflict, NailupError, notFound, validationError } from '../errors.ts';
import { hashPassword } from '../store/password.ts';
import type { AgentRecord, LocationPreference } from '../store/records.ts';
import type { AdminContext } from './context.ts';
import { flag, ID_PATTERN, ID_RULE, integer, NAME_PATTERN, NAME_RULE, names, onlyKnown, oneOf, optional, text, type Body } from './fields.ts';
import type { AgentView } from './views.ts';

const FIELDS = ['agentId', 'lanId', 'extension', 'password', 'firstName', 'lastName', 'teamName', 'skills', 'skillLevels', 'locationPreference', 'enabled', 'loggedIn'] as const;
/** Skill levels: 1 is the best (taken first by a queue routing to the most skilled), 16 the least. */
export const SKILL_LEVELS = { best: 1, worst: 16 } as const;
const LOCATIONS: readonly LocationPreference[] = ['primary', 'auxiliary'];

/** An agent's fields as given, checked one by one; `password` in the clear, when given. */
export interface AgentInput {
  agent: Omit<AgentRecord, 'passwordHash' | 'organizationName' | 'locale' | 'timeZone' | 'zoneName' | 'name'>;
  password: string | undefined;
  /** The body gave `skillLevels` (each must name one of the agent's skills); else they are the agent's as they were. */
  skillLevelsGiven: boolean;
}

/** `{skill: level}`, each level a whole number from 1 to 16 (`skillLevels.Billing`). */
function readSkillLevels(value: unknown, field: string): Record<string, number> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw validationError(field, 'must be an object of skill: level (1 best to 16)');
  const levels: Record<string, number> = {};
  for (const [skill, level] of Object.entries(value as Record<string, unknown>)) {
    levels[skill] = integer(level, `${field}.${skill}`, SKILL_LEVELS.best, SKILL_LEVELS.worst);
  }
  return levels;
}

const id = (v: unknown, f: string): string => text(v, f, { max: 32, pattern: ID_PATTERN, patternText: ID_RULE });
const personName = (v: unknown, f: string): string => text(v, f, { max: 50, pattern: /^[^\p{Cc}]*$/u, patternText: 'must not hold control characters' });

/** Reads a POST body (base undefined: agentId, lanId, extension, password, firstName and teamName required) or a PUT body over `base`. */
export function readAgent(body: Body, base?: AgentRecord): AgentInput {
  onlyKnown(body, FIELDS);
  const required = <T>(key: keyof Body & string, read: (v: unknown, f: string) => T, current: T | undefined): T => {
    if (body[key] === undefined) {
      if (current === undefined) throw validationError(key, 'is required');
      return current;
    }
    return read(body[key], key);
  };
  if (base && body.agentId !== undefined && body.agentId !== base.agentId) throw validationError('agentId', 'an agent keeps its agentId (its history refers to it)');
  const password = body.password === undefined || (base && body.password === '') ? undefined : text(body.password, 'password', { max: 128 });
  if (password !== undefined && password.length < 4) throw validationError('password', 'must be at least 4 characters');
  if (!base && password === undefined) throw validationError('password', 'is required');
  return {
    password,
    skillLevelsGiven: body.skillLevels !== undefined,
    agent: {
      agentId: base?.agentId ?? required('agentId', id, undefined),
      lanId: required('lanId', id, base?.lanId),
      extension: required('extension', (v, f) => text(v, f, { max: 15, pattern: /^[0-9]{2,15}$/, patternText: 'must be 2 to 15 digits' }), base?.extension),
      firstName: required('firstName', personName, base?.firstName),
      lastName: optional(body, 'lastName', (v, f) => text(v, f, { max: 50, allowEmpty: true, pattern: /^[^\p{Cc}]*$/u, patternText: 'must not hold control characters' }), base?.lastName ?? ''),
      teamName: required('teamName', (v, f) => text(v, f, { max: 64, pattern: NAME_PATTERN, patternText: NAME_RULE }), base?.teamName),
      skills: optional(body, 'skills', (v, f) => names(v, f, { max: 64, pattern: NAME_PATTERN, patternText: NAME_RULE }), base?.skills ?? []),
      skillLevels: optional(body, 'skillLevels', readSkillLevels, base?.skillLevels ?? {}),
      locationPreference: optional(body, 'locationPreference', (v, f) => oneOf(v, f, LOCATIONS), base?.locationPreference ?? 'primary'),
      enabled: optional(body, 'enabled', flag, base?.enabled ?? true),
    },
  };
}

export function agentView(agent: AgentRecord, loggedIn: boolean): AgentView {
  return {
    agentId: agent.agentId, lanId: agent.lanId, extension: agent.extension, firstName: agent.firstName, lastName: agent.lastName,
    teamName: agent.teamName, skills: agent.skills, skillLevels: agent.skillLevels, locationPreference: agent.locationPreference, enabled: agent.enabled, loggedIn,
  };
}

export async function listAgents(ctx: AdminContext): Promise<AgentView[]> {
  return (await ctx.store.agents.list()).map((a) => agentView(a, ctx.dialer.isLoggedOn(a.agentId)));
}

export async function getAgent(ctx: AdminContext, agentId: string): Promise<AgentView> {
  const agent = await ctx.store.agents.findByAgentId(agentId);
  if (!agent) throw notFound(`agent ${agentId}`);
  return agentView(agent, ctx.dialer.isLoggedOn(agent.agentId));
}

/**
 * The agent's record from checked input: its team must exist (its organization is the team's); an
 * agent given no skills gets the team's, and an agent left with no skill at all is refused (it could
 * not log on). Levels given must name the agent's skills; levels kept from before lose the skills the
 * agent no longer has. Writes nothing: `defineSkills` before the record is stored.
 */
export async function agentRecord(ctx: Pick<AdminContext, 'store' | 'config'>, input: AgentInput, base: AgentRecord | undefined, field = 'teamName'): Promise<AgentRecord> {
  const { agent, password } = input;
  const team = await ctx.store.organizations.findTeam(agent.teamName);
  if (!team) throw validationError(field, `no team named ${agent.teamName}`);
  const skills = agent.skills.length > 0 ? agent.skills : team.skills;
  // An agent without a skill is refused at every logon (POM 9, "Agent skills not found").
  if (skills.length === 0) {
    throw validationError('skills', `the agent has no skill of its own and team ${team.name} has none to give it: give the agent a skill, or give team ${team.name} skills`);
  }
  const skillLevels: Record<string, number> = {};
  for (const [skill, level] of Object.entries(agent.skillLevels)) {
    if (skills.includes(skill)) skillLevels[skill] = level;
    else if (input.skillLevelsGiven) throw validationError(`skillLevels.${skill}`, `is not one of the agent's skills (${skills.join(', ') || 'none'})`);
  }
  const pom = ctx.config.pom;
  return {
    ...agent,
    skills,
    skillLevels,
    name: `${agent.firstName} ${agent.lastName}`.trim(),
    organizationName: team.organizationName,
    passwordHash: password === undefined ? base!.passwordHash : hashPassword(password),
    locale: base?.locale ?? pom.locale,
    timeZone: base?.timeZone ?? pom.timeZone,
    zoneName: base?.zoneName ?? pom.zoneName,
  };
}

/** The agent's skills defined in its organization: once every check has passed, before the agent is stored. */
export async function defineSkills(ctx: Pick<AdminContext, 'store'>, agent: { skills: readonly string[]; organizationName: string }): Promise<void> {
  for (const skill of agent.skills) await ctx.store.organizations.ensureSkill(skill, agent.organizationName);
}

/**
 * The extension is one agent's station: another agent's is refused (two agents at one station cannot both
 * log on). `agents`: the agents to look in, when the caller has them already (an import); else the store's.
 */
export async function checkExtensionFree(ctx: Pick<AdminContext, 'store'>, extension: string, agentId: string, agents?: ReadonlyMap<string, string>): Promise<void> {
  const holder = agents ? agents.get(extension) : (await ctx.store.agents.list()).find((a) => a.extension === extension && a.agentId !== agentId)?.agentId;
  if (holder !== undefined && holder !== agentId) throw new NailupError('CONFLICT', `extension ${extension} is agent ${holder}'s: give the agent another extension`, 'extension');
}

/** The LAN ID must name one login: not another agent's, not a supervisor's. */
export async function checkLanIdFree(ctx: Pick<AdminContext, 'store'>, lanId: string, agentId: string): Promise<void> {
  const holder = await ctx.store.agents.findByLanId(lanId);
  if (holder && holder.agentId !== agentId) throw new NailupError('CONFLICT', `lanId ${lanId} is agent ${holder.agentId}'s`, 'lanId');
  if (await ctx.store.supervisors.findUser(lanId)) throw new NailupError('CONFLICT', `lanId ${lanId} is a supervisor's login name`, 'lanId');
}

export async function createAgent(ctx: AdminContext, body: Body): Promise<AgentView> {
  const input = readAgent(body);
  if (await ctx.store.agents.findByAgentId(input.agent.agentId)) throw new NailupError('CONFLICT', `agent ${input.agent.agentId} exists`, 'agentId');
  await checkLanIdFree(ctx, input.agent.lanId, input.agent.agentId);
  const record = await agentRecord(ctx, input, undefined);
  await checkExtensionFree(ctx, record.extension, record.agentId);
  await defineSkills(ctx, record);
  await ctx.store.agents.upsert(record);
  return agentView(record, false);
}

export async function updateAgent(ctx: AdminContext, agentId: string, body: Body): Promise<AgentView> {
  const base = await ctx.store.agents.findByAgentId(agentId);
  if (!base) throw notFound(`agent ${agentId}`);
  const input = readAgent(body, base);
  await checkLanIdFree(ctx, input.agent.lanId, agentId);
  const record = await agentRecord(ctx, input, base);
  await checkExtensionFree(ctx, record.extension, agentId);
  await defineSkills(ctx, record);
  await ctx.store.agents.upsert(record);
  return agentView(record, ctx.dialer.isLoggedOn(agentId));
}

export async function deleteAgent(ctx: AdminContext, agentId: string): Promise<void> {
  const agent = await ctx.store.agents.findByAgentId(agentId);
  if (!agent) throw notFound(`agent ${agentId}`);
  if (ctx.dialer.isLoggedOn(agentId)) throw conflict(`agent ${agentId} is logged in: the agent logs out (or is logged out) before being deleted`);
  await ctx.store.agents.remove(agentId);
}
