/** The TMAC server's tables: desktop sessions, what agents did, and the sales records they saved. */
import type { Kysely, Migration } from 'kysely';
import { COLUMN_TYPES, dialectOf } from './column-types.ts';

async function up(db: Kysely<unknown>): Promise<void> {
  const t = COLUMN_TYPES[dialectOf(db)];

  await db.schema.createTable('tmac_sessions')
    // The token's SHA-256: a leaked table does not hand out live sessions.
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('agent_id', 'text', (c) => c.notNull())
    .addColumn('lan_id', 'text', (c) => c.notNull())
    .addColumn('extension', 'text', (c) => c.notNull())
    .addColumn('created_at', t.time, (c) => c.notNull())
    .addColumn('last_seen_at', t.time, (c) => c.notNull())
    .addColumn('expires_at', t.time, (c) => c.notNull())
    .addColumn('ended_at', t.time)
    .addColumn('end_reason', 'text')
    .execute();
  await db.schema.createIndex('tmac_sessions_agent_id_idx').on('tmac_sessions').columns(['agent_id', 'ended_at']).execute();

  await db.schema.createTable('agent_actions')
    .addColumn('id', t.id, t.primaryId)
    .addColumn('agent_id', 'text', (c) => c.notNull())
    .addColumn('at', t.time, (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .addColumn('result', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('agent_actions_agent_id_at_idx').on('agent_actions').columns(['agent_id', 'at']).execute();

  await db.schema.createTable('sales_records')
    .addColumn('id', t.id, t.primaryId)
    .addColumn('agent_id', 'text', (c) => c.notNull())
    .addColumn('at', t.time, (c) => c.notNull())
    .addColumn('screen_id', 'text', (c) => c.notNull())
    .addColumn('connection_handle', 'text', (c) => c.notNull())
    .addColumn('campaign_name', 'text', (c) => c.notNull())
    .addColumn('contact_id', t.id)
    .addColumn('fields', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sales_records_at_idx').on('sales_records').column('at').execute();
}

export const desktopMigration: Migration = { up };
