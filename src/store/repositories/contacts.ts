import type { Insertable, Kysely, Selectable } from 'kysely';
import type { ContactAddress, ContactOutcome, ContactPhone, ContactRecord, ContactState, NewContact } from '../records.ts';
import type { ContactsTable, Database } from '../schema.ts';
import type { ContactCounts, ContactRepository } from '../store.ts';
import { chunks, expectUpdated, fromJson, toJson } from './columns.ts';

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
  constructor(private readonly db: Kysely<Database>) {}

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

  async claim(id: number): Promise<boolean> {
    // One conditional UPDATE: of two concurrent claims only one sees state = 'ready'.
    const result = await this.db.updateTable('contacts').set({ state: 'in_progress' })
      .where('id', '=', id).where('state', '=', 'ready')
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async recordOutcome(id: number, outcome: ContactOutcome): Promise<void> {
    const result = await this.db.updateTable('contacts')
      .set((eb) => ({
        attempts: eb('attempts', '+', 1),
        state: outcome.state,
        next_attempt_at: outcome.nextAttemptAt,
        last_result: outcome.lastResult,
        last_completion_code: outcome.lastCompletionCode,
        last_attempt_at: outcome.attemptedAt,
      }))
      .where('id', '=', id)
      .executeTakeFirst();
    expectUpdated(result, 'contact', id);
  }

  async release(id: number, nextAttemptAt: number): Promise<void> {
    // Only a contact still in play goes back: one finished or purged meanwhile stays as it is.
    const result = await this.db.updateTable('contacts').set({ state: 'ready', next_attempt_at: nextAttemptAt })
      .where('id', '=', id).where('state', 'in', ['ready', 'in_progress'])
      .executeTakeFirst();
    if (result.numUpdatedRows === 0n && !(await this.exists(id))) throw new Error(`contact ${id} not found`);
  }

  async setState(id: number, state: ContactState): Promise<void> {
    const result = await this.db.updateTable('contacts').set({ state }).where('id', '=', id).executeTakeFirst();
    expectUpdated(result, 'contact', id);
  }

  async releaseAllInProgress(contactListId: number): Promise<number> {
    const result = await this.db.updateTable('contacts').set({ state: 'ready' })
      .where('contact_list_id', '=', contactListId).where('state', '=', 'in_progress')
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
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
      counts.total += count;
      if (state === 'ready') counts.available += count;
      else if (state === 'uncallable') counts.excluded += count;
      else if (state === 'done') counts.done += count;
      else if (state === 'in_progress') counts.inProgress += count;
    }
    return counts;
  }

  private async firstExisting(contactListId: number, userContactIds: readonly string[]): Promise<string | undefined> {
    for (const chunk of chunks(userContactIds, INSERT_CHUNK)) {
      const row = await this.db.selectFrom('contacts').select('user_contact_id')
        .where('contact_list_id', '=', contactListId).where('user_contact_id', 'in', chunk)
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
