import type { Kysely } from 'kysely';
import type { OrganizationRecord, TeamRecord, ZoneRecord } from '../records.ts';
import type { Database } from '../schema.ts';
import type { OrganizationRepository } from '../store.ts';

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
    const row = await this.db.selectFrom('teams').select(['id', 'name', 'organization_name'])
      .where('organization_name', '=', organizationName).where('name', '=', name)
      .executeTakeFirstOrThrow();
    return { id: row.id, name: row.name, organizationName: row.organization_name };
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
    const rows = await this.db.selectFrom('teams').select(['id', 'name', 'organization_name']).orderBy('id').execute();
    return rows.map((row) => ({ id: row.id, name: row.name, organizationName: row.organization_name }));
  }
}
