import { sql, type Expression, type Insertable, type Kysely, type Selectable, type SqlBool } from 'kysely';
import type { ContactAddress, ContactOutcome, ContactPhone, ContactRecord, ContactState, NewContact } from '../records.ts';
import type { ContactsTable, Database, Dialect } from '../schema.ts';
import { CONTACT_COLUMNS, type ContactCounts, type ContactQuery, type ContactRepository } from '../store.ts';
import { dialectOf } from '../migrations/column-types.ts';
import { firstAttemptOrNever } from '../migrations/013_first_attempt.ts';
import { chunks, expectUpdated, fromJson, toJson } from './columns.ts';
import { affectedRows, PreparedQueries } from './prepared.ts';

type ContactRow = Selectable<ContactsTable>;

/**
 * Rows per INSERT: 13 columns × 1000 rows stays well under SQLite's 32766 and PostgreSQL's 65535
 * bound parameters, and is large enough that 100k contacts take a hundred statements.
 */
const INSERT_CHUNK = 1000;

function toRow(contactListId: number, contact: NewContact): Insertable<ContactsTable> {
  return {
    contact_list_id: contactListId,
    user_contact_id: contact.userContactId,
    title: contact.title,
    first_name: contact.firstName,
    last_name: contact.lastName,
    phones: toJson(contact.phones),
    emails: toJson(contact.emails),
    address: toJson(contact.address),
    custom_fields: toJson(contact.customFields),
    state: contact.state ?? 'ready',
    priority: contact.priority,
    attempts: 0,
    // No earliest time given: dialable at once.
    next_attempt_at: contact.nextAttemptAt ?? 0,
  };
}

function fromRow(row: ContactRow): ContactRecord {
  return {
    id: row.id,
    contactListId: row.contact_list_id,
    userContactId: row.user_contact_id,
    title: row.title,
    firstName: row.first_name,
    lastName: row.last_name,
    phones: fromJson<ContactPhone[]>(row.phones),
    emails: fromJson<string[]>(row.emails),
    address: fromJson<ContactAddress>(row.address),
    customFields: fromJson<Record<string, string>>(row.custom_fields),
    state: row.state,
    priority: row.priority,
    attempts: row.attempts,
    lastAttemptAt: row.last_attempt_at,
    nextAttemptAt: row.next_attempt_at,
    lastResult: row.last_result,
    lastCompletionCode: row.last_completion_code,
  };
}

function firstDuplicate(ids: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) return id;
    seen.add(id);
  }
  return undefined;
}

export class KyselyContactRepository implements ContactRepository {
  private readonly dialect: Dialect;
  private readonly prepared: PreparedQueries;

  constructor(private readonly db: Kysely<Database>) {
    this.dialect = dialectOf(db as Kysely<unknown>);
    this.prepared = new PreparedQueries(db as Kysely<never>);
  }

  async insertMany(contactListId: number, contacts: NewContact[]): Promise<number> {
    const duplicate = firstDuplicate(contacts.map((c) => c.userContactId));
    if (duplicate !== undefined) {
      throw new Error(`Duplicate userContactId ${duplicate} in the contacts for contact list ${contactListId}`);
    }
    try {
      await this.db.transaction().execute(async (trx) => {
        for (const chunk of chunks(contacts, INSERT_CHUNK)) {
          await trx.insertInto('contacts').values(chunk.map((c) => toRow(contactListId, c))).execute();
        }
      });
    } catch (error) {
      // The unique index refused a contact already in the list. Everything was rolled back, so
      // any of these ids still found was there before: name it.
      const existing = await this.firstExisting(contactListId, contacts.map((c) => c.userContactId));
      if (existing === undefined) throw error;
      throw new Error(`Duplicate userContactId ${existing}: already in contact list ${contactListId}`, { cause: error });
    }
    return contacts.length;
  }

  async findById(id: number): Promise<ContactRecord | undefined> {
    const row = await this.db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst();
    return row && fromRow(row);
  }

  async findByUserContactId(contactListId: number, userContactId: string): Promise<ContactRecord | undefined> {
    const row = await this.db.selectFrom('contacts').selectAll()
      .where('contact_list_id', '=', contactListId).where('user_contact_id', '=', userContactId)
      .where('state', '<>', 'purged')
      .executeTakeFirst();
    return row && fromRow(row);
  }

  async nextDialable(
    contactListId: number, now: number, maxAttempts: number, limit: number, excludeIds: readonly number[] = [],
  ): Promise<ContactRecord[]> {
    let query = this.db.selectFrom('contacts').selectAll()
      .where('contact_list_id', '=', contactListId)
      .where('state', '=', 'ready')
      .where('next_attempt_at', '<=', now)
      .where('attempts', '<', maxAttempts);
    if (excludeIds.length > 0) query = query.where('id', 'not in', excludeIds);
    const rows = await query
      .orderBy('priority', 'desc').orderBy('next_attempt_at').orderBy('id')
      .limit(limit).execute();
    return rows.map(fromRow);
  }

  async nextDueAt(contactListId: number, maxAttempts: number): Promise<number | null> {
    const row = await this.db.selectFrom('contacts')
      .select((eb) => eb.fn.min('next_attempt_at').as('due'))
      .where('contact_list_id', '=', contactListId).where('state', '=', 'ready').where('attempts', '<', maxAttempts)
      .executeTakeFirst();
    return row?.due === null || row?.due === undefined ? null : Number(row.due);
  }

  async claim(id: number): Promise<boolean> {
    // One conditional UPDATE: of two concurrent claims only one sees state = 'ready'.
    const result = await this.prepared.run('claim', { id }, (v) => this.db.updateTable('contacts').set({ state: 'in_progress' })
      .where('id', '=', v.id).where('state', '=', 'ready'));
    return affectedRows(result) > 0n;
  }

  async recordOutcome(id: number, outcome: ContactOutcome): Promise<void> {
    const result = await this.prepared.run('recordOutcome', { id, ...outcome }, (v) => this.db.updateTable('contacts')
      .set((eb) => ({
        attempts: eb('attempts', '+', 1),
        state: v.state,
        next_attempt_at: v.nextAttemptAt,
        last_result: v.lastResult,
        last_completion_code: v.lastCompletionCode,
        last_attempt_at: v.attemptedAt,
        window_deferred_at: null,
      }))
      // A contact purged meanwhile stays purged.
      .where('id', '=', v.id).where('state', '<>', 'purged'));
    if (affectedRows(result) === 0n && !(await this.exists(id))) throw new Error(`contact ${id} not found`);
  }

  async release(id: number, nextAttemptAt: number): Promise<void> {
    await this.putBack(id, nextAttemptAt, null);
  }

  async deferToWindow(id: number, opensAt: number, now: number): Promise<void> {
    await this.putBack(id, opensAt, now);
  }

  /** Only a contact still in play goes back: one finished or purged meanwhile stays as it is. */
  private async putBack(id: number, nextAttemptAt: number, windowDeferredAt: number | null): Promise<void> {
    const result = await this.db.updateTable('contacts').set({ state: 'ready', next_attempt_at: nextAttemptAt, window_deferred_at: windowDeferredAt })
      .where('id', '=', id).where('state', 'in', ['ready', 'in_progress'])
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n && !(await this.exists(id))) throw new Error(`contact ${id} not found`);
  }

  async undeferFromWindows(contactListId: number, now: number): Promise<number> {
    const result = await this.db.updateTable('contacts').set({ next_attempt_at: now, window_deferred_at: null })
      .where('contact_list_id', '=', contactListId).where('state', '=', 'ready').where('window_deferred_at', 'is not', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async setState(id: number, state: ContactState): Promise<void> {
    if (state === 'purged') throw new Error('contacts are purged with purge()');
    const result = await this.db.updateTable('contacts').set({ state }).where('id', '=', id).where('state', '<>', 'purged').executeTakeFirst();
    if (result.numUpdatedRows === 0n) expectUpdated({ numUpdatedRows: (await this.exists(id)) ? 1n : 0n }, 'contact', id);
  }

  async inProgress(contactListId: number): Promise<ContactRecord[]> {
    const rows = await this.db.selectFrom('contacts').selectAll()
      .where('contact_list_id', '=', contactListId).where('state', '=', 'in_progress').orderBy('id').execute();
    return rows.map(fromRow);
  }

  async counts(contactListId: number): Promise<ContactCounts> {
    const rows = await this.db.selectFrom('contacts')
      .select((eb) => ['state', eb.fn.countAll<number>().as('n')])
      .where('contact_list_id', '=', contactListId)
      .groupBy('state')
      .execute();
    const counts: ContactCounts = { total: 0, available: 0, excluded: 0, done: 0, inProgress: 0 };
    for (const { state, n } of rows) {
      const count = Number(n);
      if (state === 'purged') continue;
      counts.total += count;
      if (state === 'ready') counts.available += count;
      else if (state === 'uncallable') counts.excluded += count;
      else if (state === 'done') counts.done += count;
      else if (state === 'in_progress') counts.inProgress += count;
    }
    return counts;
  }

  async page(contactListId: number, query: ContactQuery): Promise<{ contacts: ContactRecord[]; total: number }> {
    const condition = query.search ? this.searchCondition(query.search) : sql<SqlBool>`1 = 1`;
    const base = this.db.selectFrom('contacts')
      .where('contact_list_id', '=', contactListId).where('state', '<>', 'purged')
      .where(condition);
    const countRow = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const column = query.sortBy === 'userContactId' ? 'user_contact_id' : 'id';
    const direction = query.sortDirection === 'DESC' ? 'desc' : 'asc';
    const rows = await base.selectAll().orderBy(column, direction).orderBy('id', direction)
      .limit(query.limit).offset(query.offset).execute();
    return { contacts: rows.map(fromRow), total: Number(countRow.n) };
  }

  async notAttempted(contactListIds: readonly number[], before: number, limit: number, offset: number): Promise<{ contacts: ContactRecord[]; total: number }> {
    if (contactListIds.length === 0) return { contacts: [], total: 0 };
    // The first attempt's time kept on the contact (migration 013), read by one range of its index
    // (never attempted counts as attempted after every time): no probe of call_attempts per contact.
    const matching = this.db.selectFrom('contacts')
      .where('contact_list_id', 'in', [...contactListIds]).where('state', '<>', 'purged')
      .where(firstAttemptOrNever(), '>=', before);
    const count = await matching.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await matching.selectAll().orderBy('contact_list_id').orderBy('id').limit(limit).offset(offset).execute();
    return { contacts: rows.map(fromRow), total: Number(count.n) };
  }

  /** The SQL condition of a search; custom fields are read from the JSON column per dialect. */
  private searchCondition(search: NonNullable<ContactQuery['search']>): Expression<SqlBool> {
    const known = CONTACT_COLUMNS[search.attribute as keyof typeof CONTACT_COLUMNS];
    const value = known !== undefined
      ? sql<string>`${sql.ref(known)}`
      : this.dialect === 'postgres'
        ? sql<string>`coalesce(custom_fields::json ->> ${search.attribute}, '')`
        : sql<string>`coalesce(json_extract(custom_fields, ${`$."${search.attribute.replaceAll('"', '')}"`}), '')`;
    const values = search.values;
    switch (search.operator) {
      case 'equals':
        return sql<SqlBool>`${value} in (${sql.join(values)})`;
      case 'notEquals':
        return sql<SqlBool>`${value} not in (${sql.join(values)})`;
      case 'like': {
        const patterns = values.map((v) => (/[%_]/.test(v) ? v : `%${v}%`).toLowerCase());
        return sql<SqlBool>`(${sql.join(patterns.map((p) => sql`lower(${value}) like ${p}`), sql` or `)})`;
      }
      case 'lessThan':
        return sql<SqlBool>`${value} < ${values[0] ?? ''}`;
      case 'greaterThan':
        return sql<SqlBool>`${value} > ${values[0] ?? ''}`;
    }
  }

  async purge(contactListId: number, userContactId: string): Promise<'purged' | 'in_progress' | 'not_found'> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('contacts').select(['id', 'state'])
        .where('contact_list_id', '=', contactListId).where('user_contact_id', '=', userContactId).where('state', '<>', 'purged')
        .executeTakeFirst();
      if (!row) return 'not_found';
      // One conditional UPDATE: a claim by the dialer and this purge cannot both succeed.
      const result = await trx.updateTable('contacts').set({ state: 'purged' })
        .where('id', '=', row.id).where('state', 'not in', ['in_progress', 'purged'])
        .where((eb) => eb.not(eb.exists(
          eb.selectFrom('call_attempts').select('call_attempts.id').where('call_attempts.contact_id', '=', row.id).where('call_attempts.ended_at', 'is', null),
        )))
        .executeTakeFirst();
      if (result.numUpdatedRows === 0n) return 'in_progress';
      await trx.updateTable('callbacks').set({ state: 'cancelled' }).where('contact_id', '=', row.id).where('state', '=', 'pending').execute();
      return 'purged';
    });
  }

  async markUncallable(contactListId: number, userContactIds: readonly string[]): Promise<{ marked: number; notFound: string[]; inProgress: string[] }> {
    const wanted = [...new Set(userContactIds)];
    return this.db.transaction().execute(async (trx) => {
      const found = new Map<string, { id: number; state: ContactState }>();
      for (const chunk of chunks(wanted, INSERT_CHUNK)) {
        const rows = await trx.selectFrom('contacts').select(['id', 'user_contact_id', 'state'])
          .where('contact_list_id', '=', contactListId).where('user_contact_id', 'in', chunk).where('state', '<>', 'purged')
          .execute();
        for (const r of rows) found.set(r.user_contact_id, { id: r.id, state: r.state });
      }
      const notFound = wanted.filter((id) => !found.has(id));
      const inProgress = wanted.filter((id) => found.get(id)?.state === 'in_progress');
      if (notFound.length > 0 || inProgress.length > 0) return { marked: 0, notFound, inProgress };
      let marked = 0;
      for (const chunk of chunks([...found.values()].map((c) => c.id), INSERT_CHUNK)) {
        const result = await trx.updateTable('contacts').set({ state: 'uncallable' })
          .where('id', 'in', chunk).where('state', 'in', ['ready', 'done', 'uncallable'])
          .executeTakeFirst();
        marked += Number(result.numUpdatedRows);
      }
      // Claimed between the read and the update: refuse the lot, as for one found in progress.
      if (marked !== found.size) throw new Error('a contact was claimed by the dialer while being marked uncallable; try again');
      return { marked, notFound: [], inProgress: [] };
    });
  }

  private async firstExisting(contactListId: number, userContactIds: readonly string[]): Promise<string | undefined> {
    for (const chunk of chunks(userContactIds, INSERT_CHUNK)) {
      const row = await this.db.selectFrom('contacts').select('user_contact_id')
        .where('contact_list_id', '=', contactListId).where('user_contact_id', 'in', chunk)
        .where('state', '<>', 'purged')
        .limit(1).executeTakeFirst();
      if (row) return row.user_contact_id;
    }
    return undefined;
  }

  private async exists(id: number): Promise<boolean> {
    const row = await this.db.selectFrom('contacts').select('id').where('id', '=', id).executeTakeFirst();
    return row !== undefined;
  }
}
