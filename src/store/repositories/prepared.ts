import type { Compilable, CompiledQuery, Kysely, QueryResult } from 'kysely';

/** Stands for a named value while Kysely builds a prepared query; becomes a bound parameter. */
class Slot {
  constructor(readonly name: string) {}
}

interface Prepared {
  query: CompiledQuery;
  /** Per bound parameter: the name of the value it takes, or undefined for a constant of the query. */
  names: Array<string | undefined>;
}

/**
 * Queries built and compiled once per shape, then run with new values. The dialer writes the same
 * few statements for every call (claim a contact, record the attempt, its answer and its end);
 * building and compiling them in Kysely cost as much CPU as SQLite takes to run them.
 *
 * `build` receives stand-ins for `values` and must take every value that varies from call to call
 * from them: anything else it writes is compiled into the query once, as a constant. Values may be
 * null, never undefined. `shape` names the query, and must change whenever `build` would build
 * different SQL.
 */
export class PreparedQueries {
  private readonly prepared = new Map<string, Prepared>();

  constructor(private readonly db: Kysely<never>) {}

  async run<V extends object, R>(shape: string, values: V, build: (slots: V) => Compilable<R>): Promise<QueryResult<R>> {
    let prepared = this.prepared.get(shape);
    if (!prepared) {
      const slots = Object.fromEntries(Object.keys(values).map((name) => [name, new Slot(name)])) as unknown as V;
      const query = build(slots).compile();
      prepared = { query, names: query.parameters.map((p) => (p instanceof Slot ? p.name : undefined)) };
      this.prepared.set(shape, prepared);
    }
    const { query, names } = prepared;
    const parameters = query.parameters.map((constant, i) => {
      const name = names[i];
      if (name === undefined) return constant;
      const value = (values as Record<string, unknown>)[name];
      // Kysely leaves out what is undefined, so a query built without it would be different SQL.
      if (value === undefined) throw new Error(`prepared query ${shape}: no value for ${name}`);
      return value;
    });
    return this.db.executeQuery<R>({ ...query, parameters } as CompiledQuery<R>);
  }
}

/** Rows an UPDATE or DELETE changed, from a raw query result. */
export function affectedRows(result: QueryResult<unknown>): bigint {
  return result.numAffectedRows ?? 0n;
}
