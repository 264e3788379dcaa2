import type { Kysely, Selectable } from 'kysely';
import type { ContactListRecord } from '../records.ts';
import type { ContactListsTable, Database } from '../schema.ts';
import type { ContactListRepository } from '../store.ts';

function fromRow(row: Selectable<ContactListsTable>): ContactListRecord {
  return {
    id: row.id,
    name: row.name,
    organizationName: row.organization_name,
    zoneName: row.zone_name,
    lastUpdatedOn: row.last_updated_on,
  };
}

export class KyselyContactListRepository implements ContactListRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(list: Omit<ContactListRecord, 'id'>): Promise<ContactListRecord> {
    const row = await this.db.insertInto('contact_lists')
      .values({
        name: list.name,
        organization_name: list.organizationName,
        zone_name: list.zoneName,
        last_updated_on: list.lastUpdatedOn,
      })
      .returningAll().executeTakeFirstOrThrow();
    return fromRow(row);
  }

  async findById(id: number): Promise<ContactListRecord | undefined> {
    const row = await this.db.selectFrom('contact_lists').selectAll().where('id', '=', id).executeTakeFirst();
    return row && fromRow(row);
  }

  async findByName(name: string): Promise<ContactListRecord | undefined> {
    const row = await this.db.selectFrom('contact_lists').selectAll().where('name', '=', name).executeTakeFirst();
    return row && fromRow(row);
  }

  async list(): Promise<ContactListRecord[]> {
    const rows = await this.db.selectFrom('contact_lists').selectAll().orderBy('id').execute();
    return rows.map(fromRow);
  }

  async touch(id: number, now: number): Promise<void> {
    await this.db.updateTable('contact_lists').set({ last_updated_on: now }).where('id', '=', id).execute();
  }
}
