/**
 * The log port: structured lines (fields, then a message), as pino writes them. Domain code logs what
 * happened through it; the adapter is the process's pino logger (logger.ts), or none in tests.
 */
export interface Log {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** Writes nothing. */
export const SILENT_LOG: Log = Object.freeze({ info: () => {}, warn: () => {}, error: () => {} });

/** Writes nothing but throws what is logged as an error: a run that must fail on a failed task (tests, benchmarks). */
export const THROWING_LOG: Log = Object.freeze({
  ...SILENT_LOG,
  error: (fields: Record<string, unknown>, message: string) => {
    throw fields.err ?? new Error(message);
  },
});
