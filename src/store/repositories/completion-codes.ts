import type { Insertable, Kysely, Selectable } from 'kysely';
import type { CompletionCode } from '../records.ts';
import type { CompletionCodesTable, Database } from '../schema.ts';
import type { CompletionCodeRepository } from '../store.ts';
import { fromFlag, toFlag } from './columns.ts';

function toRow(code: CompletionCode): Insertable<CompletionCodesTable> {
  return {
    code_id: code.codeID, code_value: code.codeValue, next_state: code.nextState, retry_minutes: code.retryMinutes,
    sale: toFlag(code.sale), right_party_contact: toFlag(code.rightPartyContact),
  };
}

export function codeFromRow(row: Selectable<CompletionCodesTable>): CompletionCode {
  return {
    codeID: row.code_id, codeValue: row.code_value, nextState: row.next_state, retryMinutes: row.retry_minutes,
    sale: fromFlag(row.sale), rightPartyContact: fromFlag(row.right_party_contact),
  };
}

/** Numeric ids in their numeric order, then the others. */
const byId = (a: CompletionCode, b: CompletionCode): number => {
  const [x, y] = [Number(a.codeID), Number(b.codeID)];
  if (Number.isInteger(x) && Number.isInteger(y)) return x - y;
  return Number.isInteger(x) ? -1 : Number.isInteger(y) ? 1 : a.codeID.localeCompare(b.codeID);
};

export class KyselyCompletionCodeRepository implements CompletionCodeRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async list(): Promise<CompletionCode[]> {
    const rows = await this.db.selectFrom('completion_codes').selectAll().execute();
    return rows.map(codeFromRow).sort(byId);
  }

  async findById(codeID: string): Promise<CompletionCode | undefined> {
    const row = await this.db.selectFrom('completion_codes').selectAll().where('code_id', '=', codeID).executeTakeFirst();
    return row && codeFromRow(row);
  }

  async upsert(code: CompletionCode): Promise<void> {
    const { code_id: _id, ...changes } = toRow(code);
    await this.db.insertInto('completion_codes').values(toRow(code))
      .onConflict((oc) => oc.column('code_id').doUpdateSet(changes)).execute();
  }

  async ensure(codes: readonly CompletionCode[]): Promise<void> {
    if (codes.length === 0) return;
    await this.db.insertInto('completion_codes').values(codes.map(toRow))
      .onConflict((oc) => oc.column('code_id').doNothing()).execute();
  }

  async remove(codeID: string): Promise<boolean> {
    const result = await this.db.deleteFrom('completion_codes').where('code_id', '=', codeID).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
