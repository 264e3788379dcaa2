/** The tables of organizations, zones, teams, skills and agents. */
import type { Generated } from 'kysely';
import type { Flag, Json } from './columns.ts';
import type { LocationPreference } from '../records/organization.ts';

export interface OrganizationsTable {
  id: Generated<number>;
  name: string;
}

export interface ZonesTable {
  id: Generated<number>;
  name: string;
}

export interface TeamsTable {
  id: Generated<number>;
  name: string;
  organization_name: string;
  /** JSON string[]. */
  skills: Generated<Json>;
  /** JSON BlendingRule; null: outbound only. */
  blending: Json | null;
}

export interface SkillsTable {
  id: Generated<number>;
  name: string;
  organization_name: string;
}

export interface AgentsTable {
  agent_id: string;
  extension: string;
  lan_id: string;
  first_name: string;
  last_name: string;
  name: string;
  password_hash: string;
  organization_name: string;
  team_name: string;
  /** JSON string[]. */
  skills: Json;
  location_preference: LocationPreference;
  locale: string;
  time_zone: string;
  zone_name: string;
  enabled: Flag;
  /** JSON Record<string, number>: the agent's level (1 best … 16) per skill. */
  skill_levels: Generated<Json>;
}
