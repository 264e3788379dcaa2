/**
 * File imports: runs, per-row rejects, and the staging tables a run fills before it commits.
 *
 * On SQLite, rows are staged with statements prepared once on the connection under Kysely, run while
 * holding that connection (`db.connection()`) so no other query interleaves, one transaction per
 * batch. On PostgreSQL a batch goes in as one JSON parameter (json_array_elements). A commit moves
 * the staged rows in one statement inside one transaction: an import is all or nothing.
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import type SqliteDatabase from 'better-sqlite3';
import type { ImportRejectRecord, ImportRunRecord, StagedContact, UnlistedReason } from '../records.ts';
import type { Database, Dialect, ImportRunsTable } from '../schema.ts';
import type { ImportRepository, UnlistedAccountView } from '../store.ts';
import { dialectOf } from '../migrations/column-types.ts';
import { chunks, expectUpdated, fromFlag, toFlag } from './columns.ts';

/** The longest account id, name or number kept for the Account Not in Listing report: a row's field can be long. */
const ACCOUNT_TEXT = 200;
const clip = (text: string): string => (text.length > ACCOUNT_TEXT ? `${text.slice(0, ACCOUNT_TEXT)}…` : text);

/** A contact row's reject as an account not in the listing: DNC and duplicates by name, every other reject 'rejected'. */
function unlistedRow(runId: number, listing: { contactListId: number; at: number }, r: ImportRejectRecord) {
  const reason: UnlistedReason = r.reason === 'dnc' ? 'dnc' : r.reason === 'duplicate' ? 'duplicate' : 'rejected';
  const a = r.account;
  return {
    run_id: runId, contact_list_id: listing.contactListId, user_contact_id: clip(a?.userContactId ?? ''), name: clip(a?.name ?? ''),
    number: clip(a?.number ?? ''), reason, detail: r.message, at: listing.at,
  };
}

/** Rejects per INSERT: 6 parameters each (9 for their accounts). */
const REJECT_CHUNK = 1000;
/** userContactIds per IN list when looking up a batch. */
const LOOKUP_CHUNK = 1000;

const runFromRow = (r: Selectable<ImportRunsTable>): ImportRunRecord => ({
  id: r.id, kind: r.kind, targetId: r.target_id, targetName: r.target_name, fileName: r.file_name, scrub: fromFlag(r.scrub),
  state: r.state, rowsRead: r.rows_read, rowsAccepted: r.rows_accepted, rowsRejected: r.rows_rejected,
  startedAt: r.started_at, endedAt: r.ended_at, error: r.error, userName: r.user_name,
});

/**
 * A SQLite run's staging: TEMP tables of its own (no WAL writes, dropped whole at the end, gone by
 * themselves if the process stops) and the statements prepared on them.
 */
interface SqliteStaging {
  contacts: string;
  dnc: string;
  stageContact: SqliteDatabase.Statement<unknown[]>;
  stagedContactRow: SqliteDatabase.Statement<[string], number>;
  stageAddress: SqliteDatabase.Statement<[number, string]>;
  stagedAddressRow: SqliteDatabase.Statement<[string], number>;
  /** The list had no contacts when the run began: no row can be in it already. */
  listWasEmpty: boolean | undefined;
}

export class KyselyImportRepository implements ImportRepository {
  private readonly dialect: Dialect;
  private readonly staging = new Map<number, SqliteStaging>();
  private inListStatement: SqliteDatabase.Statement<[number, string], number> | undefined;
  private anyInListStatement: SqliteDatabase.Statement<[number], number> | undefined;
  private rejectStatement: SqliteDatabase.Statement<unknown[]> | undefined;
  private unlistedStatement: SqliteDatabase.Statement<unknown[]> | undefined;

  constructor(private readonly db: Kysely<Database>, private readonly sqlite?: SqliteDatabase.Database) {
    this.dialect = dialectOf(db as Kysely<unknown>);
  }

  private stagingOf(sqlite: SqliteDatabase.Database, runId: number): SqliteStaging {
    let staging = this.staging.get(runId);
    if (staging) return staging;
    const contacts = `import_stage_contacts_${Math.trunc(runId)}`;
    const dnc = `import_stage_dnc_${Math.trunc(runId)}`;
    sqlite.exec(`create temp table if not exists ${contacts} (row_number integer not null, user_contact_id text not null, title text not null,
        first_name text not null, last_name text not null, phones text not null, emails text not null, address text not null,
        custom_fields text not null, priority integer not null);
      create unique index if not exists temp.${contacts}_key on ${contacts} (user_contact_id);
      create temp table if not exists ${dnc} (row_number integer not null, address text not null);
      create unique index if not exists temp.${dnc}_key on ${dnc} (address);`);
    staging = {
      contacts, dnc,
      stageContact: sqlite.prepare(`insert into temp.${contacts}
          (row_number, user_contact_id, title, first_name, last_name, phones, emails, address, custom_fields, priority)
          values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (user_contact_id) do nothing`),
      stagedContactRow: sqlite.prepare<[string], number>(`select row_number from temp.${contacts} where user_contact_id = ?`).pluck(),
      stageAddress: sqlite.prepare<[number, string]>(`insert into temp.${dnc} (row_number, address) values (?, ?) on conflict (address) do nothing`),
      stagedAddressRow: sqlite.prepare<[string], number>(`select row_number from temp.${dnc} where address = ?`).pluck(),
      listWasEmpty: undefined,
    };
    this.staging.set(runId, staging);
    return staging;
  }

  /** Runs `work` on the SQLite connection in one transaction, holding it so that nothing else interleaves. */
  private async onSqlite<T>(sqlite: SqliteDatabase.Database, work: () => T): Promise<T> {
    return this.db.connection().execute(async () => sqlite.transaction(work)());
  }

  async createRun(run: Omit<ImportRunRecord, 'id' | 'state' | 'rowsRead' | 'rowsAccepted' | 'rowsRejected' | 'endedAt' | 'error'>): Promise<ImportRunRecord> {
    const row = await this.db.insertInto('import_runs').values({
      kind: run.kind, target_id: run.targetId, target_name: run.targetName, file_name: run.fileName, scrub: toFlag(run.scrub),
      state: 'running', rows_read: 0, rows_accepted: 0, rows_rejected: 0, started_at: run.startedAt, ended_at: null, error: null,
      user_name: run.userName,
    }).returningAll().executeTakeFirstOrThrow();
    return runFromRow(row);
  }

  async findRun(id: number): Promise<ImportRunRecord | undefined> {
    const row = await this.db.selectFrom('import_runs').selectAll().where('id', '=', id).executeTakeFirst();
    return row && runFromRow(row);
  }

  async listRuns(limit: number): Promise<ImportRunRecord[]> {
    const rows = await this.db.selectFrom('import_runs').selectAll().orderBy('id', 'desc').limit(limit).execute();
    return rows.map(runFromRow);
  }

  async updateProgress(id: number, c: { rowsRead: number; rowsAccepted: number; rowsRejected: number }): Promise<void> {
    const result = await this.db.updateTable('import_runs')
      .set({ rows_read: c.rowsRead, rows_accepted: c.rowsAccepted, rows_rejected: c.rowsRejected })
      .where('id', '=', id).executeTakeFirst();
    expectUpdated(result, 'import run', id);
  }

  async finishRun(
    id: number, state: 'completed' | 'failed', c: { rowsRead: number; rowsAccepted: number; rowsRejected: number }, endedAt: number, error: string | null,
  ): Promise<void> {
    const result = await this.db.updateTable('import_runs')
      .set({ state, rows_read: c.rowsRead, rows_accepted: c.rowsAccepted, rows_rejected: c.rowsRejected, ended_at: endedAt, error })
      .where('id', '=', id).executeTakeFirst();
    expectUpdated(result, 'import run', id);
  }

  async addRejects(runId: number, rejects: readonly ImportRejectRecord[], listing?: { contactListId: number; at: number }): Promise<void> {
    if (rejects.length === 0) return;
    const sqlite = this.sqlite;
    if (sqlite) {
      // Statements prepared once, every row of the batch in one transaction (as the staging is written).
      this.rejectStatement ??= sqlite.prepare('insert into import_rejects (run_id, row_number, reason, field, message, value) values (?, ?, ?, ?, ?, ?)');
      this.unlistedStatement ??= sqlite.prepare(`insert into unlisted_accounts (run_id, contact_list_id, user_contact_id, name, number, reason, detail, at)
        values (?, ?, ?, ?, ?, ?, ?, ?)`);
      const insertReject = this.rejectStatement;
      const insertUnlisted = this.unlistedStatement;
      await this.onSqlite(sqlite, () => {
        for (const r of rejects) {
          insertReject.run(runId, r.rowNumber, r.reason, r.field, r.message, r.value);
          if (!listing) continue;
          const u = unlistedRow(runId, listing, r);
          insertUnlisted.run(u.run_id, u.contact_list_id, u.user_contact_id, u.name, u.number, u.reason, u.detail, u.at);
        }
      });
      return;
    }
    // With the listing, both tables in one transaction: one commit a batch, as the import's other writes.
    const write = async (db: Kysely<Database>): Promise<void> => {
      for (const chunk of chunks(rejects, REJECT_CHUNK)) {
        await db.insertInto('import_rejects').values(chunk.map((r) => ({
          run_id: runId, row_number: r.rowNumber, reason: r.reason, field: r.field, message: r.message, value: r.value,
        }))).execute();
        if (listing) await db.insertInto('unlisted_accounts').values(chunk.map((r) => unlistedRow(runId, listing, r))).execute();
      }
    };
    if (listing) await this.db.transaction().execute(write);
    else await write(this.db);
  }

  async unlisted(filter: { from: number; to: number; contactListIds?: readonly number[] }, limit: number, offset: number): Promise<{ rows: UnlistedAccountView[]; total: number }> {
    if (filter.contactListIds?.length === 0) return { rows: [], total: 0 };
    // Only completed imports: a failed one changed nothing, a running one is not done deciding.
    let matching = this.db.selectFrom('unlisted_accounts as u')
      .innerJoin('import_runs as r', 'r.id', 'u.run_id')
      .where('u.at', '>=', filter.from).where('u.at', '<', filter.to).where('r.state', '=', 'completed');
    if (filter.contactListIds !== undefined) matching = matching.where('u.contact_list_id', 'in', [...filter.contactListIds]);
    const count = await matching.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
    const rows = await matching.selectAll('u').select(['r.file_name', 'r.target_name'])
      .orderBy('u.at').orderBy('u.id').limit(limit).offset(offset).execute();
    return {
      total: Number(count.n),
      rows: rows.map((u) => ({
        runId: Number(u.run_id), contactListId: Number(u.contact_list_id), userContactId: u.user_contact_id, name: u.name, number: u.number,
        reason: u.reason, detail: u.detail, at: Number(u.at), fileName: u.file_name, contactListName: u.target_name,
      })),
    };
  }

  async rejects(runId: number, offset: number, limit: number): Promise<ImportRejectRecord[]> {
    const rows = await this.db.selectFrom('import_rejects').select(['row_number', 'reason', 'field', 'message', 'value'])
      .where('run_id', '=', runId).orderBy('row_number').limit(limit).offset(offset).execute();
    return rows.map((r) => ({ rowNumber: r.row_number, reason: r.reason, field: r.field, message: r.message, value: r.value }));
  }

  async stageContacts(runId: number, contactListId: number, rows: readonly StagedContact[]): Promise<{
    alreadyInList: Array<{ rowNumber: number; userContactId: string }>;
    inFile: Array<{ rowNumber: number; firstRowNumber: number; userContactId: string }>;
  }> {
    if (rows.length === 0) return { alreadyInList: [], inFile: [] };
    const sqlite = this.sqlite;
    if (sqlite) {
      return this.onSqlite(sqlite, () => {
        const st = this.stagingOf(sqlite, runId);
        this.inListStatement ??= sqlite.prepare<[number, string], number>(
          "select 1 from contacts where contact_list_id = ? and user_contact_id = ? and state <> 'purged'").pluck();
        this.anyInListStatement ??= sqlite.prepare<[number], number>(
          "select 1 from contacts where contact_list_id = ? and state <> 'purged' limit 1").pluck();
        st.listWasEmpty ??= this.anyInListStatement.get(contactListId) === undefined;
        const alreadyInList: Array<{ rowNumber: number; userContactId: string }> = [];
        const inFile: Array<{ rowNumber: number; firstRowNumber: number; userContactId: string }> = [];
        for (const c of rows) {
          const rowNumber = c.rowNumber;
          if (!st.listWasEmpty && this.inListStatement.get(contactListId, c.userContactId) !== undefined) {
            alreadyInList.push({ rowNumber, userContactId: c.userContactId });
            continue;
          }
          const info = st.stageContact.run(
            rowNumber, c.userContactId, c.title, c.firstName, c.lastName, c.phones, c.emails, c.address, c.customFields, c.priority,
          );
          if (info.changes === 0) {
            inFile.push({ rowNumber, firstRowNumber: st.stagedContactRow.get(c.userContactId) ?? 0, userContactId: c.userContactId });
          }
        }
        return { alreadyInList, inFile };
      });
    }
    const existing = new Set<string>();
    for (const chunk of chunks(rows.map((r) => r.userContactId), LOOKUP_CHUNK)) {
      const found = await this.db.selectFrom('contacts').select('user_contact_id')
        .where('contact_list_id', '=', contactListId).where('user_contact_id', 'in', chunk).where('state', '<>', 'purged')
        .execute();
      for (const f of found) existing.add(f.user_contact_id);
    }
    const alreadyInList = rows.filter((r) => existing.has(r.userContactId))
      .map((r) => ({ rowNumber: r.rowNumber, userContactId: r.userContactId }));
    const fresh = existing.size === 0 ? rows : rows.filter((r) => !existing.has(r.userContactId));
    if (fresh.length === 0) return { alreadyInList, inFile: [] };

    const payload = JSON.stringify(fresh.map((c) => [
      c.rowNumber, c.userContactId, c.title, c.firstName, c.lastName, c.phones, c.emails, c.address, c.customFields, c.priority,
    ]));
    const result = await sql`insert into import_staging_contacts
          (run_id, row_number, user_contact_id, title, first_name, last_name, phones, emails, address, custom_fields, priority)
        select ${runId}::bigint, (e->>0)::integer, e->>1, e->>2, e->>3, e->>4, e->>5, e->>6, e->>7, e->>8, (e->>9)::integer
        from json_array_elements(${payload}::json) as e
        on conflict (run_id, user_contact_id) do nothing`.execute(this.db);
    if (Number(result.numAffectedRows ?? 0n) === fresh.length) return { alreadyInList, inFile: [] };

    // Some userContactIds were staged already (by an earlier row, maybe of this batch): find by whom.
    const stagedBy = new Map<string, number>();
    for (const chunk of chunks(fresh.map((r) => r.userContactId), LOOKUP_CHUNK)) {
      const found = await this.db.selectFrom('import_staging_contacts').select(['user_contact_id', 'row_number'])
        .where('run_id', '=', runId).where('user_contact_id', 'in', chunk).execute();
      for (const f of found) stagedBy.set(f.user_contact_id, f.row_number);
    }
    const inFile = fresh.filter((r) => stagedBy.get(r.userContactId) !== r.rowNumber).map((r) => ({
      rowNumber: r.rowNumber, firstRowNumber: stagedBy.get(r.userContactId) ?? 0, userContactId: r.userContactId,
    }));
    return { alreadyInList, inFile };
  }

  async stageDnc(runId: number, rows: ReadonlyArray<{ rowNumber: number; address: string }>): Promise<Array<{ rowNumber: number; firstRowNumber: number; address: string }>> {
    if (rows.length === 0) return [];
    const sqlite = this.sqlite;
    if (sqlite) {
      return this.onSqlite(sqlite, () => {
        const st = this.stagingOf(sqlite, runId);
        const repeated: Array<{ rowNumber: number; firstRowNumber: number; address: string }> = [];
        for (const r of rows) {
          if (st.stageAddress.run(r.rowNumber, r.address).changes === 0) {
            repeated.push({ rowNumber: r.rowNumber, firstRowNumber: st.stagedAddressRow.get(r.address) ?? 0, address: r.address });
          }
        }
        return repeated;
      });
    }
    const payload = JSON.stringify(rows.map((r) => [r.rowNumber, r.address]));
    const result = await sql`insert into import_staging_dnc (run_id, row_number, address)
        select ${runId}::bigint, (e->>0)::integer, e->>1 from json_array_elements(${payload}::json) as e
        on conflict (run_id, address) do nothing`.execute(this.db);
    if (Number(result.numAffectedRows ?? 0n) === rows.length) return [];
    const stagedBy = new Map<string, number>();
    for (const chunk of chunks(rows.map((r) => r.address), LOOKUP_CHUNK)) {
      const found = await this.db.selectFrom('import_staging_dnc').select(['address', 'row_number'])
        .where('run_id', '=', runId).where('address', 'in', chunk).execute();
      for (const f of found) stagedBy.set(f.address, f.row_number);
    }
    return rows.filter((r) => stagedBy.get(r.address) !== r.rowNumber)
      .map((r) => ({ rowNumber: r.rowNumber, firstRowNumber: stagedBy.get(r.address) ?? 0, address: r.address }));
  }

  async commitContacts(runId: number, contactListId: number, now: number): Promise<number> {
    const sqlite = this.sqlite;
    const inserted = await this.db.transaction().execute(async (trx) => {
      let result;
      if (sqlite) {
        const st = this.stagingOf(sqlite, runId);
        // In file order: the staging rows are in rowid order already (a scan of the table, no sort).
        result = await sql`insert into contacts
            (contact_list_id, user_contact_id, title, first_name, last_name, phones, emails, address, custom_fields, state, priority, attempts, next_attempt_at)
          select ${contactListId}, user_contact_id, title, first_name, last_name, phones, emails, address, custom_fields, 'ready', priority, 0, ${now}
          from temp.${sql.raw(st.contacts)} not indexed order by rowid`.execute(trx);
      } else {
        result = await sql`insert into contacts
            (contact_list_id, user_contact_id, title, first_name, last_name, phones, emails, address, custom_fields, state, priority, attempts, next_attempt_at)
          select ${contactListId}::bigint, user_contact_id, title, first_name, last_name, phones, emails, address, custom_fields, 'ready', priority, 0, ${now}::bigint
          from import_staging_contacts where run_id = ${runId}::bigint order by row_number`.execute(trx);
      }
      await trx.updateTable('contact_lists').set({ last_updated_on: now }).where('id', '=', contactListId).execute();
      return Number(result.numAffectedRows ?? 0n);
    });
    await this.discardStaging(runId);
    return inserted;
  }

  async commitDnc(runId: number, dncListId: number, now: number): Promise<number> {
    const sqlite = this.sqlite;
    const added = await this.db.transaction().execute(async (trx) => {
      const from = sqlite
        ? sql`select ${dncListId}, address, ${now} from temp.${sql.raw(this.stagingOf(sqlite, runId).dnc)} not indexed where true order by rowid`
        : sql`select ${dncListId}::bigint, address, ${now}::bigint from import_staging_dnc where run_id = ${runId}::bigint`;
      const result = await sql`insert into dnc_addresses (dnc_list_id, address, added_at) ${from}
        on conflict (dnc_list_id, address) do nothing`.execute(trx);
      const count = Number(result.numAffectedRows ?? 0n);
      if (count > 0) await trx.updateTable('dnc_lists').set({ last_updated: now }).where('id', '=', dncListId).execute();
      return count;
    });
    await this.discardStaging(runId);
    return added;
  }

  async discardStaging(runId: number): Promise<void> {
    const sqlite = this.sqlite;
    if (sqlite) {
      const st = this.staging.get(runId);
      this.staging.delete(runId);
      if (st) await this.db.connection().execute(async () => sqlite.exec(`drop table if exists temp.${st.contacts}; drop table if exists temp.${st.dnc};`));
      return;
    }
    await this.db.deleteFrom('import_staging_contacts').where('run_id', '=', runId).execute();
    await this.db.deleteFrom('import_staging_dnc').where('run_id', '=', runId).execute();
  }
}
