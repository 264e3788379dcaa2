/**
 * The inbound half: the ACD's queues as an administrator defines them, each team's blending rule
 * into a queue, the agents' levels in their skills, and every inbound call with how it ended (the
 * Inbound Abandoned report reads them by arrival time, over all queues or one). Rows written before
 * are carried over: teams blend into nothing, agents are level 1 in every skill.
 */
import type { Kysely, Migration } from 'kysely';
import { COLUMN_TYPES, dialectOf } from './column-types.ts';

async function createSchema(db: Kysely<unknown>): Promise<void> {
  const t = COLUMN_TYPES[dialectOf(db)];

  await db.schema.createTable('queues')
    .addColumn('id', t.id, t.primaryId)
    // Queues are named alone (the API path, a team's blending rule, overflow), as teams are.
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('organization_name', 'text', (c) => c.notNull())
    .addColumn('skill', 'text', (c) => c.notNull())
    .addColumn('routing', 'text', (c) => c.notNull())
    .addColumn('service_level_seconds', 'integer', (c) => c.notNull())
    .addColumn('announcement_seconds', 'integer', (c) => c.notNull())
    .addColumn('overflow_queue', 'text')
    .addColumn('overflow_after_seconds', 'integer', (c) => c.notNull())
    .addColumn('wrapup_seconds', 'integer', (c) => c.notNull())
    .addColumn('completion_codes', 'text', (c) => c.notNull())
    .addColumn('default_completion_code', 'text', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('teams').addColumn('blending', 'text').execute();
  await db.schema.alterTable('agents').addColumn('skill_levels', 'text', (c) => c.notNull().defaultTo('{}')).execute();

  await db.schema.createTable('inbound_calls')
    .addColumn('id', t.id, t.primaryId)
    .addColumn('call_id', 'text', (c) => c.notNull())
    .addColumn('queue', 'text', (c) => c.notNull())
    .addColumn('overflowed_from', 'text')
    .addColumn('calling_number', 'text', (c) => c.notNull())
    .addColumn('arrived_at', t.time, (c) => c.notNull())
    .addColumn('answered_at', t.time)
    .addColumn('ended_at', t.time)
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('agent_id', 'text')
    .addColumn('completion_code', 'text')
    .execute();
  // The abandoned calls of a period: over every queue, and of one queue.
  await db.schema.createIndex('inbound_calls_result_arrived_at_idx').on('inbound_calls').columns(['result', 'arrived_at']).execute();
  await db.schema.createIndex('inbound_calls_queue_arrived_at_idx').on('inbound_calls').columns(['queue', 'arrived_at']).execute();
}

export const inboundMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    // Kysely wraps migrations in a transaction only for PostgreSQL; SQLite's DDL is transactional too.
    if (db.isTransaction) await createSchema(db);
    else await db.transaction().execute((trx) => createSchema(trx));
  },
};
