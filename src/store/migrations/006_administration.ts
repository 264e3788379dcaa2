/**
 * Administration of the floor: teams with their skills; agents with first and last name and an enabled
 * flag; completion codes defined once (campaigns keep the ids of those they offer); the campaign
 * settings an administrator sets (calling hours per weekday and region, attempts per number, minimum
 * ring, caller ID, callback expiry, answer detection's error estimates, pacing method and target).
 * Rows written before are carried over with the behaviour they had.
 */
import type { Kysely, Migration } from 'kysely';
import { COLUMN_TYPES, dialectOf } from './column-types.ts';

interface OldCode { codeID: string; codeValue: string; outcome: 'final' | 'retry' | 'dnc' | 'callback' }
interface OldPacing { initialRatio: number; maxLinesPerAgent: number; abandonCap: number; connectWithinSeconds: number }

const WEEK = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export const administrationMigration: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    const dialect = dialectOf(db);
    const t = COLUMN_TYPES[dialect];
    const yes = dialect === 'postgres' ? true : 1;
    const no = dialect === 'postgres' ? false : 0;

    await db.schema.alterTable('teams').addColumn('skills', 'text', (c) => c.notNull().defaultTo('[]')).execute();

    await db.schema.alterTable('agents').addColumn('first_name', 'text', (c) => c.notNull().defaultTo('')).execute();
    await db.schema.alterTable('agents').addColumn('last_name', 'text', (c) => c.notNull().defaultTo('')).execute();
    await db.schema.alterTable('agents').addColumn('enabled', t.flag, (c) => c.notNull().defaultTo(yes)).execute();
    const agents = db as unknown as Kysely<{ agents: { agent_id: string; name: string; first_name: string; last_name: string } }>;
    for (const agent of await agents.selectFrom('agents').select(['agent_id', 'name']).execute()) {
      const [first = '', ...rest] = agent.name.trim().split(/\s+/);
      await agents.updateTable('agents').set({ first_name: first, last_name: rest.join(' ') }).where('agent_id', '=', agent.agent_id).execute();
    }

    await db.schema.createTable('completion_codes')
      .addColumn('code_id', 'text', (c) => c.primaryKey())
      .addColumn('code_value', 'text', (c) => c.notNull())
      .addColumn('next_state', 'text', (c) => c.notNull())
      .addColumn('retry_minutes', 'integer')
      .addColumn('sale', t.flag, (c) => c.notNull().defaultTo(no))
      .addColumn('right_party_contact', t.flag, (c) => c.notNull().defaultTo(no))
      .execute();

    await db.schema.alterTable('campaigns').addColumn('max_attempts_per_number', 'integer', (c) => c.notNull().defaultTo(0)).execute();
    await db.schema.alterTable('campaigns').addColumn('minimum_ring_seconds', 'integer', (c) => c.notNull().defaultTo(15)).execute();
    await db.schema.alterTable('campaigns').addColumn('caller_id', 'text', (c) => c.notNull().defaultTo('')).execute();
    await db.schema.alterTable('campaigns').addColumn('callback_expiry_minutes', 'integer', (c) => c.notNull().defaultTo(120)).execute();
    // The dialer's former default estimates.
    await db.schema.alterTable('campaigns').addColumn('amd_estimates', 'text', (c) => c.notNull().defaultTo('{"falsePositive":0.05,"falseNegative":0.15}')).execute();

    type CampaignRow = { id: number; completion_codes: string; calling_window: string; pacing: string };
    type CodeRow = { code_id: string; code_value: string; next_state: string; retry_minutes: number | null; sale: number | boolean; right_party_contact: number | boolean };
    const old = db as unknown as Kysely<{ campaigns: CampaignRow; completion_codes: CodeRow }>;
    for (const campaign of await old.selectFrom('campaigns').select(['id', 'completion_codes', 'calling_window', 'pacing']).execute()) {
      const codes = JSON.parse(campaign.completion_codes) as OldCode[];
      for (const code of codes) {
        const sale = /^sale$/i.test(code.codeValue);
        await old.insertInto('completion_codes').values({
          code_id: code.codeID, code_value: code.codeValue, next_state: code.outcome === 'final' ? 'done' : code.outcome, retry_minutes: null,
          sale: sale ? yes : no, right_party_contact: sale ? yes : no,
        }).onConflict((oc) => oc.doNothing()).execute();
      }
      const window = JSON.parse(campaign.calling_window) as { start: string; end: string };
      const pacing = JSON.parse(campaign.pacing) as OldPacing;
      await old.updateTable('campaigns').set({
        completion_codes: JSON.stringify(codes.map((c) => c.codeID)),
        calling_window: JSON.stringify({ hours: Object.fromEntries(WEEK.map((d) => [d, { start: window.start, end: window.end }])) }),
        pacing: JSON.stringify({ method: 'target', ...pacing, targetAbandonRate: Math.round(pacing.abandonCap * 0.75 * 10_000) / 10_000 }),
      }).where('id', '=', campaign.id).execute();
    }

    // Maximum attempts per number counts a contact's attempts on one number.
    await db.schema.createIndex('call_attempts_contact_number_idx').on('call_attempts').columns(['contact_id', 'number']).execute();
  },
};
