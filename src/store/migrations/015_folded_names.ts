/**
 * Names unique as a person reads them: `QA Team` and `qa team` are one name. The admin API checks it
 * before it creates a team or a campaign; these indexes, the existing unique constraints case
 * folded (a team's name within its organization, a campaign's name), hold it when two requests race
 * past that check. The names are ASCII (admin/fields.ts NAME_PATTERN), so lower() folds them alike
 * on SQLite and PostgreSQL. A database that already holds such a pair cannot take its index: the
 * migration names the pair, to rename one before upgrading.
 */
import { sql, type Kysely, type Migration, type RawBuilder } from 'kysely';

const FOLDED: ReadonlyArray<{ table: string; key: RawBuilder<unknown> }> = [
  { table: 'teams', key: sql`organization_name, lower(name)` },
  { table: 'campaigns', key: sql`lower(name)` },
];
const indexOf = (table: string): string => `${table}_folded_name_key`;

export const foldedNamesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    // Every table is checked before any index is made: on SQLite a migration does not run in a transaction.
    for (const { table, key } of FOLDED) {
      const { rows } = await sql<{ name: string }>`select name from ${sql.table(table)} where (${key}) in
        (select ${key} from ${sql.table(table)} group by ${key} having count(*) > 1)`.execute(db);
      if (rows.length > 0) throw new Error(`${table} named alike but for case: ${rows.map((r) => r.name).sort().join(', ')}; rename one of each`);
    }
    for (const { table, key } of FOLDED) await db.schema.createIndex(indexOf(table)).on(table).unique().expression(key).execute();
  },
  async down(db: Kysely<unknown>) {
    for (const { table } of FOLDED) await db.schema.dropIndex(indexOf(table)).execute();
  },
};
