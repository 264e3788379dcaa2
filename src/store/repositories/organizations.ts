import type { Kysely, Selectable } from 'kysely';
import type { BlendingRule } from '../../acd/queue-types.ts';
import type { OrganizationRecord, TeamRecord, ZoneRecord } from '../records.ts';
import type { Database, TeamsTable } from '../schema.ts';
import type { OrganizationRepository } from '../store.ts';
import { fromJson, insertNamed, toJson } from './columns.ts';

const teamOf = (row: Selectable<TeamsTable>): TeamRecord => ({
  id: row.id, name: row.name, organizationName: row.organization_name, skills: fromJson<string[]>(row.skills),
  blending: row.blending === null ? null : fromJson<BlendingRule>(row.blending),
});

const blendingColumn = (rule: BlendingRule | null): string | null => (rule === null ? null : toJson(rule));

export class KyselyOrganizationRepository implements OrganizationRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async ensureOrganization(name: string): Promise<OrganizationRecord> {
    // ON CONFLICT DO NOTHING keeps "ensure" safe when two callers race.
    await this.db.insertInto('organizations').values({ name })
      .onConflict((oc) => oc.column('name').doNothing()).execute();
    return this.db.selectFrom('organizations').select(['id', 'name']).where('name', '=', name)
      .executeTakeFirstOrThrow();
  }

  async ensureZone(name: string): Promise<ZoneRecord> {
    await this.db.insertInto('zones').values({ name })
      .onConflict((oc) => oc.column('name').doNothing()).execute();
    return this.db.selectFrom('zones').select(['id', 'name']).where('name', '=', name)
      .executeTakeFirstOrThrow();
  }

  async ensureTeam(name: string, organizationName: string): Promise<TeamRecord> {
    await this.ensureOrganization(organizationName);
    await this.db.insertInto('teams').values({ name, organization_name: organizationName })
      .onConflict((oc) => oc.columns(['organization_name', 'name']).doNothing()).execute();
    const row = await this.db.selectFrom('teams').selectAll()
      .where('organization_name', '=', organizationName).where('name', '=', name)
      .executeTakeFirstOrThrow();
    return teamOf(row);
  }

  async createTeam(team: Omit<TeamRecord, 'id'>): Promise<TeamRecord> {
    await this.ensureOrganization(team.organizationName);
    const row = await insertNamed('team', team.name, () => this.db.insertInto('teams').values({
      name: team.name, organization_name: team.organizationName, skills: toJson(team.skills), blending: blendingColumn(team.blending),
    })
      .returningAll().executeTakeFirstOrThrow());
    return teamOf(row);
  }

  async updateTeam(name: string, change: Pick<TeamRecord, 'organizationName' | 'skills' | 'blending'>): Promise<boolean> {
    await this.ensureOrganization(change.organizationName);
    const result = await this.db.updateTable('teams')
      .set({ organization_name: change.organizationName, skills: toJson(change.skills), blending: blendingColumn(change.blending) })
      .where('name', '=', name).executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async removeTeam(name: string): Promise<boolean> {
    const result = await this.db.deleteFrom('teams').where('name', '=', name).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async findTeam(name: string): Promise<TeamRecord | undefined> {
    const row = await this.db.selectFrom('teams').selectAll().where('name', '=', name).orderBy('id').executeTakeFirst();
    return row && teamOf(row);
  }

  async ensureSkill(name: string, organizationName: string): Promise<void> {
    await this.ensureOrganization(organizationName);
    await this.db.insertInto('skills').values({ name, organization_name: organizationName })
      .onConflict((oc) => oc.columns(['organization_name', 'name']).doNothing()).execute();
  }

  listOrganizations(): Promise<OrganizationRecord[]> {
    return this.db.selectFrom('organizations').select(['id', 'name']).orderBy('id').execute();
  }

  listZones(): Promise<ZoneRecord[]> {
    return this.db.selectFrom('zones').select(['id', 'name']).orderBy('id').execute();
  }

  async listTeams(): Promise<TeamRecord[]> {
    const rows = await this.db.selectFrom('teams').selectAll().orderBy('id').execute();
    return rows.map(teamOf);
  }

  async listSkills(): Promise<string[]> {
    const rows = await this.db.selectFrom('skills').select('name').distinct().orderBy('name').execute();
    return rows.map((r) => r.name);
  }
}
