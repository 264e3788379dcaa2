/**
 * Time per SQL statement, for `--profile`: the store's statements run inside the driver (SQLite:
 * in this process, so the time is CPU; PostgreSQL: a round trip, so the time is the wait for the
 * server's answer). The drivers' prototypes are wrapped for the run and put back after it.
 */
import Database from 'better-sqlite3';
import pg from 'pg';

export interface StatementFigure {
  sql: string;
  count: number;
  ms: number;
  msPerAttempt: number;
}

type Method = (this: unknown, ...args: unknown[]) => unknown;

export class StatementTimer {
  private readonly figures = new Map<string, { count: number; ns: bigint }>();
  private readonly restore: Array<() => void> = [];

  /** Times every SQLite statement run (run, get, all, iterate) from now on. */
  watchSqlite(): void {
    const probe = new Database(':memory:');
    const proto = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, Method>;
    probe.close();
    for (const name of ['run', 'get', 'all', 'iterate']) {
      const original = proto[name]!;
      const record = this.record.bind(this);
      proto[name] = function (this: unknown, ...args: unknown[]): unknown {
        const started = process.hrtime.bigint();
        try {
          return original.apply(this, args);
        } finally {
          record((this as { source: string }).source, process.hrtime.bigint() - started);
        }
      };
      this.restore.push(() => void (proto[name] = original));
    }
  }

  /** Times every PostgreSQL query from sending it to its answer, from now on. */
  watchPostgres(): void {
    const proto = pg.Client.prototype as unknown as Record<string, Method>;
    const original = proto.query!;
    const record = this.record.bind(this);
    proto.query = function (this: unknown, ...args: unknown[]): unknown {
      const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text?: string } | undefined)?.text ?? '?';
      const started = process.hrtime.bigint();
      const result = original.apply(this, args);
      if (result instanceof Promise) void result.finally(() => record(text, process.hrtime.bigint() - started)).catch(() => {});
      return result;
    };
    this.restore.push(() => void (proto.query = original));
  }

  stop(): void {
    for (const undo of this.restore.splice(0)) undo();
  }

  /** The costliest statements, their SQL shortened. */
  top(attempts: number, count = 10): StatementFigure[] {
    return [...this.figures].sort((a, b) => Number(b[1].ns - a[1].ns)).slice(0, count).map(([sql, f]) => {
      const ms = Number(f.ns) / 1e6;
      return { sql: shorten(sql), count: f.count, ms, msPerAttempt: attempts > 0 ? ms / attempts : 0 };
    });
  }

  private record(sql: string, ns: bigint): void {
    const f = this.figures.get(sql);
    if (f) {
      f.count++;
      f.ns += ns;
    } else this.figures.set(sql, { count: 1, ns });
  }
}

/** `insert into call_attempts (job_id, …) values …`: the statement's start, without quotes. */
function shorten(sql: string): string {
  const text = sql.replace(/"/g, '').replace(/\s+/g, ' ').trim();
  const columns = /^(insert into \w+) \(([^)]*)\)/.exec(text);
  if (columns) return `${columns[1]} (${columns[2]!.split(', ').slice(0, 2).join(', ')}, …)`;
  return text.length > 90 ? `${text.slice(0, 89)}…` : text;
}
