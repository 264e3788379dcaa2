/** The audit log of the supervisor utilities: who did what, on what, when, with which counts. */
import type { Clock } from '../clock/clock.ts';
import type { AuditRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';

export interface Actor {
  username: string;
  role: string;
}

export interface AuditEntry {
  action: string;
  target: string;
  outcome: 'ok' | 'failed';
  counts?: Record<string, number>;
  details?: Record<string, unknown>;
}

export class AuditLog {
  constructor(private readonly store: Store, private readonly clock: Clock) {}

  record(actor: Actor, entry: AuditEntry): Promise<AuditRecord> {
    return this.store.audit.insert({
      at: this.clock.now(), username: actor.username, role: actor.role, action: entry.action, target: entry.target,
      outcome: entry.outcome, counts: entry.counts ?? {}, details: entry.details ?? {},
    });
  }

  /**
   * Runs an operation and records it: `ok` with the counts `summarize` takes from its result, or
   * `failed` with the error. The operation's result or error is passed on.
   */
  async around<T>(actor: Actor, action: string, target: string, run: () => Promise<T>,
    summarize: (result: T) => { outcome?: 'ok' | 'failed'; counts?: Record<string, number>; details?: Record<string, unknown> } = () => ({})): Promise<T> {
    let result: T;
    try {
      result = await run();
    } catch (error) {
      await this.record(actor, { action, target, outcome: 'failed', details: { error: error instanceof Error ? error.message : String(error) } });
      throw error;
    }
    const summary = summarize(result);
    await this.record(actor, { action, target, outcome: summary.outcome ?? 'ok', counts: summary.counts ?? {}, details: summary.details ?? {} });
    return result;
  }
}
