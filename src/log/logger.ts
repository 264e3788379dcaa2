/**
 * The process's logger: pino (the library fastify logs with), JSON lines on standard output with the
 * level, time, process id and role. Secrets and contact data stay out: authorization headers and API
 * keys are redacted, and a request is logged by its path and the names of its query parameters only
 * (a search can hold a customer's name).
 */
import pino, { type Logger, type LevelWithSilent } from 'pino';

export const LOG_LEVELS: readonly LevelWithSilent[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export type { Logger };

interface RequestLike {
  method: string;
  url: string;
  ip?: string;
  id?: unknown;
}

/** The path and the names of the query's parameters, without their values. */
export function pathOf(url: string): string {
  const [path = '', query] = url.split('?', 2);
  if (query === undefined) return path;
  const names = [...new Set(query.split('&').map((p) => decodeURIComponent(p.split('=')[0] ?? '')).filter(Boolean))];
  return `${path}?${names.join('&')}`;
}

export function createLogger(level: LevelWithSilent, role = 'all', destination?: pino.DestinationStream): Logger {
  return pino({
    level,
    base: { pid: process.pid, role },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['req.headers.authorization', 'req.headers["x-api-key"]', '*.password', '*.token', '*.apiKey'], censor: '[redacted]' },
    serializers: {
      req: (req: RequestLike) => ({ method: req.method, url: pathOf(req.url), remoteAddress: req.ip }),
      err: pino.stdSerializers.err,
    },
  }, destination);
}
