/**
 * The supervisor utilities' tables (protocol.md §6): supervisor and administrator logins, the audit
 * log, the spec's OutboundPurgeData and Outbound_ManualUploadUtility, POM data sources and their
 * run-once schedules, and file imports (runs, per-row rejects, staging tables).
 *
 * A purged contact keeps its row (attempts and callbacks refer to it), so the unique index on a
 * list's userContactIds becomes partial: a purged contact's id may be used again.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import { COLUMN_TYPES, dialectOf } from './column-types.ts';

async function createSchema(db: Kysely<unknown>): Promise<void> {
  const t = COLUMN_TYPES[dialectOf(db)];

  await db.schema.dropIndex('contacts_list_user_contact_id_key').execute();
  await db.schema.createIndex('contacts_list_user_contact_id_key').unique()
    .on('contacts').columns(['contact_list_id', 'user_contact_id'])
    .where(sql.ref('state'), '<>', sql.lit('purged'))
    .execute();

  await db.schema.createTable('supervisor_users')
    .addColumn('username', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', t.time, (c) => c.notNull())
    .addColumn('disabled', t.flag, (c) => c.notNull())
    .execute();

  await db.schema.createTable('supervisor_sessions')
    // The token's SHA-256, as for desktop sessions.
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().references('supervisor_users.username'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', t.time, (c) => c.notNull())
    .addColumn('last_seen_at', t.time, (c) => c.notNull())
    .addColumn('expires_at', t.time, (c) => c.notNull())
    .addColumn('ended_at', t.time)
    .execute();

  await db.schema.createTable('audit_log')
    .addColumn('id', t.id, t.primaryId)
    .addColumn('at', t.time, (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('counts', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('audit_log_at_idx').on('audit_log').columns(['at', 'id']).execute();

  await db.schema.createTable('outbound_purge_data')
    .addColumn('id', t.id, t.primaryId)
    .addColumn('mode', 'text', (c) => c.notNull())
    .addColumn('contact_list', 'text', (c) => c.notNull())
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .addColumn('before_purging', 'integer', (c) => c.notNull())
    .addColumn('after_purging', 'integer', (c) => c.notNull())
    .addColumn('business_parameter', 'text', (c) => c.notNull())
    .addColumn('user_name', 'text', (c) => c.notNull())
    .addColumn('created_at', t.time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('outbound_purge_data_created_at_idx').on('outbound_purge_data').column('created_at').execute();

  await db.schema.createTable('outbound_manual_upload_utility')
    .addColumn('id', t.id, t.primaryId)
    .addColumn('contact_list_id', t.id, (c) => c.notNull().references('contact_lists.id'))
    .addColumn('contact_list_name', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('user_name', 'text', (c) => c.notNull())
    .addColumn('created_at', t.time, (c) => c.notNull())
    .addColumn('upload_time', t.time)
    .addColumn('upload_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .execute();

  await db.schema.createTable('data_sources')
    .addColumn('id', t.id, t.primaryId)
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('contact_list_id', t.id, (c) => c.notNull().references('contact_lists.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('created_at', t.time, (c) => c.notNull())
    .execute();

  await db.schema.createTable('import_runs')
    .addColumn('id', t.id, t.primaryId)
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('target_id', t.id, (c) => c.notNull())
    .addColumn('target_name', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('scrub', t.flag, (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('rows_read', 'integer', (c) => c.notNull())
    .addColumn('rows_accepted', 'integer', (c) => c.notNull())
    .addColumn('rows_rejected', 'integer', (c) => c.notNull())
    .addColumn('started_at', t.time, (c) => c.notNull())
    .addColumn('ended_at', t.time)
    .addColumn('error', 'text')
    .addColumn('user_name', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('data_source_schedules')
    .addColumn('id', t.id, t.primaryId)
    .addColumn('data_source_id', t.id, (c) => c.notNull().references('data_sources.id'))
    .addColumn('start_at', t.time, (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('import_run_id', t.id, (c) => c.references('import_runs.id'))
    .addColumn('error', 'text')
    .addColumn('created_at', t.time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('data_source_schedules_state_start_idx').on('data_source_schedules').columns(['state', 'start_at']).execute();

  await db.schema.createTable('import_rejects')
    .addColumn('run_id', t.id, (c) => c.notNull().references('import_runs.id'))
    .addColumn('row_number', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('import_rejects_run_row_idx').on('import_rejects').columns(['run_id', 'row_number']).execute();

  // Staging: no foreign keys and one index each (the duplicate check), so that rows go in fast.
  await db.schema.createTable('import_staging_contacts')
    .addColumn('run_id', t.id, (c) => c.notNull())
    .addColumn('row_number', 'integer', (c) => c.notNull())
    .addColumn('user_contact_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('phones', 'text', (c) => c.notNull())
    .addColumn('emails', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('custom_fields', 'text', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('import_staging_contacts_key').unique()
    .on('import_staging_contacts').columns(['run_id', 'user_contact_id']).execute();

  await db.schema.createTable('import_staging_dnc')
    .addColumn('run_id', t.id, (c) => c.notNull())
    .addColumn('row_number', 'integer', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('import_staging_dnc_key').unique()
    .on('import_staging_dnc').columns(['run_id', 'address']).execute();
}

export const utilitiesMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    if (db.isTransaction) await createSchema(db);
    else await db.transaction().execute((trx) => createSchema(trx));
  },
};
