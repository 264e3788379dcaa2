/** Shared pieces of the supervisor API routes: roles, the current user, parameters, error replies. */
import { isStaleEpochError } from '../store/fencing.ts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { NailupError, validationError } from '../errors.ts';
import { SupervisorAuth, type Principal } from '../auth/supervisor-auth.ts';
import { PomCallFailed } from '../utilities/pom-client.ts';
import { ImportFailed } from '../imports/importer.ts';
import type { SupervisorRole } from '../store/records.ts';

const principals = new WeakMap<FastifyRequest, Principal>();

/** A preHandler that admits users holding `role` (administrators hold every role). */
export function role(auth: SupervisorAuth, needed: SupervisorRole) {
  return async (request: FastifyRequest): Promise<void> => {
    const header = request.headers.authorization;
    const principal = await auth.authenticate(header?.startsWith('Bearer ') ? header.slice(7) : undefined);
    SupervisorAuth.require(principal, needed);
    principals.set(request, principal);
  };
}

export function principalOf(request: FastifyRequest): Principal {
  const p = principals.get(request);
  if (!p) throw new NailupError('UNAUTHORIZED', 'not logged in');
  return p;
}

export type Query = Record<string, string | string[] | undefined>;

export function query(request: FastifyRequest): Query {
  return (request.query ?? {}) as Query;
}

export function one(q: Query, name: string): string | undefined {
  const v = q[name];
  return Array.isArray(v) ? v[v.length - 1] : v;
}

export function int(value: string | number | undefined, name: string, min: number, max: number, fallback?: number): number {
  if (value === undefined || value === '') {
    if (fallback !== undefined) return fallback;
    throw validationError(name, 'is required');
  }
  const n = typeof value === 'number' ? value : /^-?\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw validationError(name, `must be a whole number from ${min} to ${max}`);
  return n;
}

/** An ISO 8601 time (a query parameter or a body field) as epoch ms; undefined if absent or empty. */
export function isoTime(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const ms = typeof value === 'string' ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms)) throw validationError(name, 'must be a date and time (ISO 8601)');
  return ms;
}

export function bool(value: string | undefined, name: string): boolean {
  if (value === undefined || value === '' || value === 'false' || value === '0') return false;
  if (value === 'true' || value === '1') return true;
  throw validationError(name, 'must be true or false');
}

export function body(request: FastifyRequest): Record<string, unknown> {
  const b = request.body;
  if (typeof b !== 'object' || b === null || Array.isArray(b) || isStream(b)) throw validationError('body', 'must be a JSON object');
  return b as Record<string, unknown>;
}

export function isStream(value: unknown): value is AsyncIterable<Buffer> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/** The uploaded file of a text/csv request. */
export function fileBody(request: FastifyRequest): AsyncIterable<Buffer> {
  if (!isStream(request.body)) throw validationError('body', 'send the file as the request body with Content-Type: text/csv');
  return request.body;
}

/**
 * Replies with the error in the API's `{error: {code, message, field}}` form. An error nailup did not
 * expect is logged with its stack and answered with a generic message and the request's id, never its
 * internal message.
 */
export function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (error instanceof NailupError) {
    // The code and the field tell the operator why; the message may quote what was sent (a customer's data).
    request.log.info({ code: error.code, ...(error.field === undefined ? {} : { field: error.field }) }, 'request refused');
    if (error.code === 'LEADER_UNAVAILABLE') void reply.header('retry-after', '2');
    return reply.status(error.status).send({ error: error.toJSON() });
  }
  if (error instanceof PomCallFailed) {
    const field = typeof error.body.field === 'string' ? error.body.field : undefined;
    const code = error.status === 400 ? 'VALIDATION_FAILED' : error.status === 404 ? 'NOT_FOUND' : error.status === 409 ? 'CONFLICT' : 'UPSTREAM_FAILED';
    const status = code === 'UPSTREAM_FAILED' ? 502 : error.status;
    return reply.status(status).send({ error: { code, message: error.displayMessage, detail: error.errorMessage, pomErrorCode: error.errorCode, ...(field ? { field } : {}) } });
  }
  // A write of a dialer that lost the lead (src/store/fencing.ts): the new leader has the floor.
  if (isStaleEpochError(error)) {
    request.log.warn({ err: error }, 'write refused: this dialer is no longer the leader');
    return reply.status(503).header('retry-after', '2').send({ error: { code: 'LEADER_UNAVAILABLE', message: 'this dialer is no longer the leader; try again' } });
  }
  if (error instanceof ImportFailed) return reply.status(422).send({ error: { code: 'IMPORT_FAILED', message: error.message, importRunId: error.runId } });
  const status = (error as { statusCode?: number }).statusCode ?? 500;
  const message = error instanceof Error ? error.message : String(error);
  // Fastify's own 4xx: a body that is not JSON, a wrong content type.
  if (status < 500) return reply.status(400).send({ error: { code: 'VALIDATION_FAILED', message: `body: ${message}`, field: 'body' } });
  request.log.error({ err: error }, 'request failed');
  return reply.status(500).send({ error: { code: 'INTERNAL', message: `internal error: the server's log has it under request id ${request.id}`, requestId: request.id } });
}
