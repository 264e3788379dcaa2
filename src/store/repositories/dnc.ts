import type { Kysely, Selectable } from 'kysely';
import type { DncAddressRecord, DncListRecord, DncSource } from '../records.ts';
import type { Database, DncListsTable } from '../schema.ts';
import type { DncRepository } from '../store.ts';
import { chunks } from './columns.ts';

/** Addresses per statement: 4 parameters each on insert, well under every bound-parameter limit. */
const CHUNK = 2000;

function fromRow(row: Selectable<DncListsTable>): DncListRecord {
  return {
    id: row.id,
    name: row.name,
    organizationName: row.organization_name,
    listType: row.list_type,
    lastUpdated: row.last_updated,
  };
}

export class KyselyDncRepository implements DncRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async createList(list: Omit<DncListRecord, 'id' | 'lastUpdated'>, now: number): Promise<DncListRecord> {
    const row = await this.db.insertInto('dnc_lists')
      .values({ name: list.name, organization_name: list.organizationName, list_type: list.listType, last_updated: now })
      .returningAll().executeTakeFirstOrThrow();
    return fromRow(row);
  }

  async findListByName(name: string): Promise<DncListRecord | undefined> {
    const row = await this.db.selectFrom('dnc_lists').selectAll().where('name', '=', name).executeTakeFirst();
    return row && fromRow(row);
  }

  async lists(): Promise<DncListRecord[]> {
    const rows = await this.db.selectFrom('dnc_lists').selectAll().orderBy('id').execute();
    return rows.map(fromRow);
  }

  async addAddresses(listId: number, addresses: string[], now: number, source: DncSource = 'manual'): Promise<number> {
    // A repeated address is one address: dedupe so it is counted once.
    const unique = [...new Set(addresses)];
    return this.db.transaction().execute(async (trx) => {
      let added = 0;
      for (const chunk of chunks(unique, CHUNK)) {
        const result = await trx.insertInto('dnc_addresses')
          .values(chunk.map((address) => ({ dnc_list_id: listId, address, added_at: now, source })))
          .onConflict((oc) => oc.columns(['dnc_list_id', 'address']).doNothing())
          .executeTakeFirst();
        added += Number(result.numInsertedOrUpdatedRows ?? 0n);
      }
      if (added > 0) await trx.updateTable('dnc_lists').set({ last_updated: now }).where('id', '=', listId).execute();
      return added;
    });
  }

  async addedBetween(listIds: readonly number[], from: number, to: number, limit: number, offset: number): Promise<{ rows: DncAddressRecord[]; total: number }> {
    if (listIds.length === 0) return { rows: [], total: 0 };
    const matching = this.db.selectFrom('dnc_addresses')
      .where('dnc_list_id', 'in', [...listIds]).where('added_at', '>=', from).where('added_at', '<', to);
    const count = await matching.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await matching.selectAll().orderBy('added_at').orderBy('dnc_list_id').orderBy('address').limit(limit).offset(offset).execute();
    return { total: Number(count.n), rows: rows.map((r) => ({ dncListId: r.dnc_list_id, address: r.address, addedAt: r.added_at, source: r.source })) };
  }

  async removeAddresses(listId: number, addresses: string[], now: number): Promise<number> {
    const unique = [...new Set(addresses)];
    return this.db.transaction().execute(async (trx) => {
      let removed = 0;
      for (const chunk of chunks(unique, CHUNK)) {
        const result = await trx.deleteFrom('dnc_addresses')
          .where('dnc_list_id', '=', listId).where('address', 'in', chunk)
          .executeTakeFirst();
        removed += Number(result.numDeletedRows);
      }
      if (removed > 0) await trx.updateTable('dnc_lists').set({ last_updated: now }).where('id', '=', listId).execute();
      return removed;
    });
  }

  async isListed(listIds: readonly number[], address: string): Promise<boolean> {
    if (listIds.length === 0) return false;
    // One lookup in the (dnc_list_id, address) unique index per list.
    const row = await this.db.selectFrom('dnc_addresses').select('dnc_list_id')
      .where('dnc_list_id', 'in', listIds).where('address', '=', address)
      .limit(1).executeTakeFirst();
    return row !== undefined;
  }

  async findListById(id: number): Promise<DncListRecord | undefined> {
    const row = await this.db.selectFrom('dnc_lists').selectAll().where('id', '=', id).executeTakeFirst();
    return row && fromRow(row);
  }

  async addressesAfter(listId: number, after: string, limit: number): Promise<string[]> {
    // Keyset paging on the (dnc_list_id, address) index: every page costs the same.
    const rows = await this.db.selectFrom('dnc_addresses').select('address')
      .where('dnc_list_id', '=', listId).where('address', '>', after)
      .orderBy('address').limit(limit).execute();
    return rows.map((r) => r.address);
  }

  async countAddresses(listId: number): Promise<number> {
    const row = await this.db.selectFrom('dnc_addresses')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('dnc_list_id', '=', listId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
