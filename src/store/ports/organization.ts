/** The repositories of organizations, zones, teams, skills and agents. */
import type { AgentRecord, OrganizationRecord, TeamRecord, ZoneRecord } from '../records/organization.ts';

export interface OrganizationRepository {
  ensureOrganization(name: string): Promise<OrganizationRecord>;
  ensureZone(name: string): Promise<ZoneRecord>;
  ensureTeam(name: string, organizationName: string): Promise<TeamRecord>;
  ensureSkill(name: string, organizationName: string): Promise<void>;
  listOrganizations(): Promise<OrganizationRecord[]>;
  listZones(): Promise<ZoneRecord[]>;
  listTeams(): Promise<TeamRecord[]>;
  /** The team of that name (team names are unique across organizations: the API names teams alone). */
  findTeam(name: string): Promise<TeamRecord | undefined>;
  /** A CONFLICT error if a team of that name, case folded, exists in its organization. */
  createTeam(team: Omit<TeamRecord, 'id'>): Promise<TeamRecord>;
  /** False if there is no such team. */
  updateTeam(name: string, change: Pick<TeamRecord, 'organizationName' | 'skills' | 'blending'>): Promise<boolean>;
  removeTeam(name: string): Promise<boolean>;
  /** Every skill name defined (ensureSkill), in name order. */
  listSkills(): Promise<string[]>;
}

export interface AgentRepository {
  /** Inserts or replaces the agent with this agentId. */
  upsert(agent: AgentRecord): Promise<void>;
  /** Inserts in one transaction: all or nothing (an agentId or lanId already taken fails them all). */
  insertMany(agents: readonly AgentRecord[]): Promise<void>;
  remove(agentId: string): Promise<boolean>;
  findByAgentId(agentId: string): Promise<AgentRecord | undefined>;
  findByLanId(lanId: string): Promise<AgentRecord | undefined>;
  list(): Promise<AgentRecord[]>;
}
