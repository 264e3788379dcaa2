import { sql } from 'kysely';
import { openDatabase } from './src/store/open-store.ts';
import { migrateToLatest } from './src/store/migrate.ts';
import { KyselyStore } from './src/store/kysely-store.ts';
const { db } = await openDatabase(':memory:');
await migrateToLatest(db);
const s = new KyselyStore(db, 'sqlite');
const list = await s.contactLists.create({ name: 'L', organizationName: 'O', zoneName: 'Z', lastUpdatedOn: 1 });
const N = 100_000;
const contacts = Array.from({ length: N }, (_, i) => ({
  userContactId: `U${i}`, title: 'Mr', firstName: 'A', lastName: 'B',
  phones: [], emails: [], address: { line1: '1 Main', line2: '', line3: '', line4: '', line5: '', country: 'US', zipCode: '10001' },
  customFields: {}, priority: i % 5, nextAttemptAt: i % 2 ? 0 : 1000,
}));
await s.contacts.insertMany(list.id, contacts);
if (process.argv[2] === 'analyze') await sql`analyze`.execute(db);
if (process.argv[2] === 'drop') await sql`drop index contacts_list_state_next_attempt_idx`.execute(db);
const q = db.selectFrom('contacts').selectAll().where('contact_list_id', '=', 1).where('state', '=', 'ready').where('next_attempt_at', '<=', 10).where('attempts', '<', 3).orderBy('priority', 'desc').orderBy('next_attempt_at').orderBy('id').limit(10).compile();
const r = await sql.raw(`explain query plan ${q.sql.replaceAll('?', '1')}`).execute(db);
console.log(r.rows);
const t = performance.now();
for (let i = 0; i < 1000; i++) {
  const next = await s.contacts.nextDialable(list.id, 10, 3, 10);
  for (const c of next) if (await s.contacts.claim(c.id)) await s.contacts.recordOutcome(c.id, { state: 'ready', nextAttemptAt: 5000, lastResult: 'Ring_No_Answer', lastCompletionCode: null, attemptedAt: 5 });
}
console.log('1000 dial rounds', performance.now() - t);
await s.close();
