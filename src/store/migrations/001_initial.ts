/**
 * The initial schema. One migration for both dialects: only the id, time and flag column types
 * differ, everything else is portable SQL.
 */
import type { Kysely, Migration } from 'kysely';
import { COLUMN_TYPES, dialectOf } from './column-types.ts';

async function createSchema(db: Kysely<unknown>): Promise<void> {
  const t = COLUMN_TYPES[dialectOf(db)];

  await db.schema.createTable('organizations')
    .addColumn('id', t.id, t.primaryId)
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .execute();

  await db.schema.createTable('zones')
    .addColumn('id', t.id, t.primaryId)
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .execute();

  await db.schema.createTable('teams')
    .addColumn('id', t.id, t.primaryId)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('organization_name', 'text', (c) => c.notNull().references('organizations.name'))
    .addUniqueConstraint('teams_organization_name_name_key', ['organization_name', 'name'])
    .execute();

  await db.schema.createTable('skills')
    .addColumn('id', t.id, t.primaryId)
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('organization_name', 'text', (c) => c.notNull().references('organizations.name'))
    .addUniqueConstraint('skills_organization_name_name_key', ['organization_name', 'name'])
    .execute();

  await db.schema.createTable('agents')
    .addColumn('agent_id', 'text', (c) => c.primaryKey())
    .addColumn('extension', 'text', (c) => c.notNull())
    // The login name: unique so that a logon finds exactly one agent.
    .addColumn('lan_id', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('organization_name', 'text', (c) => c.notNull())
    .addColumn('team_name', 'text', (c) => c.notNull())
    .addColumn('skills', 'text', (c) => c.notNull())
    .addColumn('location_preference', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('zone_name', 'text', (c) => c.notNull())
    .execute();

  await db.schema.createTable('contact_lists')
    .addColumn('id', t.id, t.primaryId)
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('organization_name', 'text', (c) => c.notNull())
    .addColumn('zone_name', 'text', (c) => c.notNull())
    .addColumn('last_updated_on', t.time, (c) => c.notNull())
    .execute();

  await db.schema.createTable('campaigns')
    .addColumn('id', t.id, t.primaryId)
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('organization_name', 'text', (c) => c.notNull())
    .addColumn('team_name', 'text', (c) => c.notNull())
    .addColumn('skillset_name', 'text', (c) => c.notNull())
    .addColumn('skillset_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('contact_list_id', t.id, (c) => c.notNull().references('contact_lists.id'))
    .addColumn('dnc_list_ids', 'text', (c) => c.notNull())
    .addColumn('completion_codes', 'text', (c) => c.notNull())
    .addColumn('default_completion_code', 'text', (c) => c.notNull())
    .addColumn('calling_window', 'text', (c) => c.notNull())
    .addColumn('retry_rules', 'text', (c) => c.notNull())
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    .addColumn('no_answer_timeout_seconds', 'integer', (c) => c.notNull())
    .addColumn('preview_timed', t.flag, (c) => c.notNull())
    .addColumn('preview_timeout_seconds', 'integer', (c) => c.notNull())
    .addColumn('preview_can_cancel', t.flag, (c) => c.notNull())
    .addColumn('wrapup_seconds', 'integer', (c) => c.notNull())
    .addColumn('wrapup_extendable', t.flag, (c) => c.notNull())
    .addColumn('amd', t.flag, (c) => c.notNull())
    .addColumn('answering_machine_action', 'text', (c) => c.notNull())
    .addColumn('pacing', 'text', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull())
    .execute();

  await db.schema.createTable('contacts')
    .addColumn('id', t.id, t.primaryId)
    .addColumn('contact_list_id', t.id, (c) => c.notNull().references('contact_lists.id'))
    .addColumn('user_contact_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('first_name', 'text', (c) => c.notNull())
    .addColumn('last_name', 'text', (c) => c.notNull())
    .addColumn('phones', 'text', (c) => c.notNull())
    .addColumn('emails', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('custom_fields', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('priority', 'integer', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_attempt_at', t.time)
    .addColumn('next_attempt_at', t.time, (c) => c.notNull())
    .addColumn('last_result', 'text')
    .addColumn('last_completion_code', 'text')
    .execute();
  await db.schema.createIndex('contacts_list_user_contact_id_key').unique()
    .on('contacts').columns(['contact_list_id', 'user_contact_id']).execute();
  // nextDialable reads this index in its order and stops after `limit` due rows; an index on
  // (contact_list_id, state, next_attempt_at) would make it sort every due contact of the list
  // instead (SQLite picks that one when both exist). The (contact_list_id, state) prefix serves
  // counts() and releaseAllInProgress().
  await db.schema.createIndex('contacts_list_state_dial_order_idx')
    .on('contacts').columns(['contact_list_id', 'state', 'priority desc', 'next_attempt_at', 'id']).execute();

  await db.schema.createTable('dnc_lists')
    .addColumn('id', t.id, t.primaryId)
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('organization_name', 'text', (c) => c.notNull())
    .addColumn('list_type', 'text', (c) => c.notNull())
    .addColumn('last_updated', t.time, (c) => c.notNull())
    .execute();

  await db.schema.createTable('dnc_addresses')
    .addColumn('dnc_list_id', t.id, (c) => c.notNull().references('dnc_lists.id'))
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('added_at', t.time, (c) => c.notNull())
    .execute();
  // isListed and the ON CONFLICT of addAddresses.
  await db.schema.createIndex('dnc_addresses_list_address_key').unique()
    .on('dnc_addresses').columns(['dnc_list_id', 'address']).execute();

  await db.schema.createTable('jobs')
    .addColumn('id', t.id, t.primaryId)
    .addColumn('campaign_id', t.id, (c) => c.notNull().references('campaigns.id'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('started_at', t.time, (c) => c.notNull())
    .addColumn('ended_at', t.time)
    .execute();

  await db.schema.createTable('call_attempts')
    .addColumn('id', t.id, t.primaryId)
    .addColumn('job_id', t.id, (c) => c.notNull().references('jobs.id'))
    .addColumn('campaign_id', t.id, (c) => c.notNull().references('campaigns.id'))
    .addColumn('contact_id', t.id, (c) => c.notNull().references('contacts.id'))
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('dialed_at', t.time, (c) => c.notNull())
    .addColumn('answered_at', t.time)
    .addColumn('connected_at', t.time)
    .addColumn('ended_at', t.time)
    .addColumn('result', 'text')
    .addColumn('agent_id', 'text')
    .addColumn('completion_code', 'text')
    .addColumn('abandoned', t.flag, (c) => c.notNull())
    .addColumn('nuisance', t.flag, (c) => c.notNull())
    .addColumn('amd_hangup', t.flag, (c) => c.notNull())
    .execute();
  // Campaign statistics since a time.
  await db.schema.createIndex('call_attempts_campaign_dialed_at_idx')
    .on('call_attempts').columns(['campaign_id', 'dialed_at']).execute();
  await db.schema.createIndex('call_attempts_job_idx').on('call_attempts').column('job_id').execute();
  // listBetween: reports over all campaigns.
  await db.schema.createIndex('call_attempts_dialed_at_idx').on('call_attempts').column('dialed_at').execute();

  await db.schema.createTable('callbacks')
    .addColumn('id', t.id, t.primaryId)
    .addColumn('campaign_id', t.id, (c) => c.notNull().references('campaigns.id'))
    .addColumn('contact_id', t.id, (c) => c.notNull().references('contacts.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('agent_id', 'text')
    .addColumn('due_at', t.time, (c) => c.notNull())
    .addColumn('expires_at', t.time, (c) => c.notNull())
    .addColumn('number', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('notes', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('created_at', t.time, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('callbacks_campaign_state_due_at_idx')
    .on('callbacks').columns(['campaign_id', 'state', 'due_at']).execute();

  await db.schema.createTable('agent_state_history')
    .addColumn('id', t.id, t.primaryId)
    .addColumn('agent_id', 'text', (c) => c.notNull())
    .addColumn('at', t.time, (c) => c.notNull())
    .addColumn('agent_state', 'text', (c) => c.notNull())
    .addColumn('call_state', 'text', (c) => c.notNull())
    .addColumn('nailed_status', 'text', (c) => c.notNull())
    .addColumn('reason_code', 'integer', (c) => c.notNull())
    .addColumn('campaign_name', 'text')
    .execute();
  await db.schema.createIndex('agent_state_history_agent_at_idx')
    .on('agent_state_history').columns(['agent_id', 'at']).execute();
}

export const initialMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    // Kysely wraps migrations in a transaction only for PostgreSQL, but SQLite's DDL is
    // transactional too: make a failed migration leave nothing behind there as well.
    if (db.isTransaction) await createSchema(db);
    else await db.transaction().execute((trx) => createSchema(trx));
  },

  async down(db: Kysely<unknown>): Promise<void> {
    // Children before parents, for the foreign keys.
    for (const table of [
      'agent_state_history', 'callbacks', 'call_attempts', 'jobs', 'dnc_addresses', 'dnc_lists', 'contacts',
      'campaigns', 'contact_lists', 'agents', 'skills', 'teams', 'zones', 'organizations',
    ]) {
      await db.schema.dropTable(table).execute();
    }
  },
};
