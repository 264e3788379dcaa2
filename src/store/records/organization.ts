/** Organizations, zones, teams, skills and agents. */
import type { BlendingRule } from '../../acd/queue-types.ts';

export type LocationPreference = 'primary' | 'auxiliary';

export interface OrganizationRecord { id: number; name: string }
export interface ZoneRecord { id: number; name: string }
export interface TeamRecord {
  id: number;
  name: string;
  organizationName: string;
  /** The skills an agent of the team is given when created without skills of its own. */
  skills: string[];
  /** How the team's agents blend into an inbound queue (null: outbound only). */
  blending: BlendingRule | null;
}
export interface SkillRecord { id: number; name: string; organizationName: string }

export interface AgentRecord {
  agentId: string;
  extension: string;
  lanId: string;
  firstName: string;
  lastName: string;
  /** First and last name, as reports and desktops show it. */
  name: string;
  /** scrypt hash, `scrypt$N$r$p$salt$hash` (see store/password.ts). */
  passwordHash: string;
  organizationName: string;
  teamName: string;
  skills: string[];
  /** The agent's level in each skill, 1 (best) to 16; a skill not listed is level 1. */
  skillLevels: Record<string, number>;
  locationPreference: LocationPreference;
  locale: string;
  timeZone: string;
  zoneName: string;
  /** A disabled agent cannot log on (AGTLogon answers AuthenticationFailed). */
  enabled: boolean;
}
