import type { Insertable, Kysely, Selectable } from 'kysely';
import type { AgentRecord } from '../records.ts';
import type { AgentsTable, Database } from '../schema.ts';
import type { AgentRepository } from '../store.ts';
import { fromFlag, fromJson, toFlag, toJson } from './columns.ts';

type AgentRow = Selectable<AgentsTable>;

function toRow(agent: AgentRecord): Insertable<AgentsTable> {
  return {
    agent_id: agent.agentId,
    extension: agent.extension,
    lan_id: agent.lanId,
    first_name: agent.firstName,
    last_name: agent.lastName,
    name: agent.name,
    password_hash: agent.passwordHash,
    organization_name: agent.organizationName,
    team_name: agent.teamName,
    skills: toJson(agent.skills),
    location_preference: agent.locationPreference,
    locale: agent.locale,
    time_zone: agent.timeZone,
    zone_name: agent.zoneName,
    enabled: toFlag(agent.enabled),
    skill_levels: toJson(agent.skillLevels),
  };
}

function fromRow(row: AgentRow): AgentRecord {
  return {
    agentId: row.agent_id,
    extension: row.extension,
    lanId: row.lan_id,
    firstName: row.first_name,
    lastName: row.last_name,
    name: row.name,
    passwordHash: row.password_hash,
    organizationName: row.organization_name,
    teamName: row.team_name,
    skills: fromJson<string[]>(row.skills),
    locationPreference: row.location_preference,
    locale: row.locale,
    timeZone: row.time_zone,
    zoneName: row.zone_name,
    enabled: fromFlag(row.enabled),
    skillLevels: fromJson<Record<string, number>>(row.skill_levels),
  };
}

export class KyselyAgentRepository implements AgentRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async upsert(agent: AgentRecord): Promise<void> {
    const row = toRow(agent);
    const { agent_id: _agentId, ...changes } = row;
    await this.db.insertInto('agents').values(row)
      .onConflict((oc) => oc.column('agent_id').doUpdateSet(changes)).execute();
  }

  async insertMany(agents: readonly AgentRecord[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const agent of agents) await trx.insertInto('agents').values(toRow(agent)).execute();
    });
  }

  async remove(agentId: string): Promise<boolean> {
    const result = await this.db.deleteFrom('agents').where('agent_id', '=', agentId).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async findByAgentId(agentId: string): Promise<AgentRecord | undefined> {
    const row = await this.db.selectFrom('agents').selectAll().where('agent_id', '=', agentId).executeTakeFirst();
    return row && fromRow(row);
  }

  async findByLanId(lanId: string): Promise<AgentRecord | undefined> {
    const row = await this.db.selectFrom('agents').selectAll().where('lan_id', '=', lanId).executeTakeFirst();
    return row && fromRow(row);
  }

  async list(): Promise<AgentRecord[]> {
    const rows = await this.db.selectFrom('agents').selectAll().orderBy('agent_id').execute();
    return rows.map(fromRow);
  }
}
