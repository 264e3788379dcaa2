/** Logins, users (administrators) and the audit log (administrators). */
import type { FastifyInstance } from 'fastify';
import { publicUser } from '../auth/supervisor-auth.ts';
import { NailupError } from '../errors.ts';
import type { SupervisorSide } from '../utilities/supervisor-side.ts';
import { int, one, principalOf, query, role } from './http-helpers.ts';

export function registerAuthRoutes(api: FastifyInstance, side: SupervisorSide): void {
  const supervisor = role(side.auth, 'supervisor');
  const administrator = role(side.auth, 'administrator');

  // Throttled per user name and client address, and audited, by SupervisorAuth.login (docs/security.md).
  api.post('/auth/login', async (request, reply) => {
    try {
      return await side.auth.login(request.body, { address: request.ip });
    } catch (error) {
      if (error instanceof NailupError && error.retryAfterSeconds !== undefined) void reply.header('retry-after', String(error.retryAfterSeconds));
      // The reason and the address, never what was typed (a password may land in the name field).
      if (error instanceof NailupError) request.log.warn({ code: error.code, remoteAddress: request.ip }, 'supervisor login failed');
      throw error;
    }
  });

  api.post('/auth/logout', { preHandler: supervisor }, async (request) => {
    const p = principalOf(request);
    await side.auth.logout(p);
    await side.audit.record(p, { action: 'logout', target: p.username, outcome: 'ok' });
    return { ok: true };
  });

  api.get('/auth/me', { preHandler: supervisor }, async (request) => side.auth.view(principalOf(request)));

  api.post('/auth/extend', { preHandler: supervisor }, async (request) => {
    const p = principalOf(request);
    const extended = await side.audit.around(p, 'extendSession', p.username, () => side.auth.extend(p), (e) => ({ details: { expiresAt: new Date(e.expiresAt).toISOString() } }));
    return side.auth.view(extended);
  });

  api.get('/users', { preHandler: administrator }, async () => (await side.store.supervisors.listUsers()).map(publicUser));

  api.post('/users', { preHandler: administrator }, async (request, reply) => {
    const p = principalOf(request);
    const user = await side.audit.around(p, 'createUser', String((request.body as { username?: unknown } | undefined)?.username ?? ''),
      () => side.auth.createUser(request.body), (u) => ({ details: { role: u.role } }));
    return reply.status(201).send(publicUser(user));
  });

  api.patch<{ Params: { username: string } }>('/users/:username', { preHandler: administrator }, async (request) => {
    const p = principalOf(request);
    const user = await side.audit.around(p, 'updateUser', request.params.username, () => side.auth.updateUser(request.params.username, request.body),
      (u) => ({ details: { role: u.role, disabled: u.disabled } }));
    return publicUser(user);
  });

  api.get('/audit', { preHandler: administrator }, async (request) => {
    const q = query(request);
    const records = await side.store.audit.list({
      ...(one(q, 'username') ? { username: one(q, 'username') } : {}),
      ...(one(q, 'action') ? { action: one(q, 'action') } : {}),
      ...(one(q, 'beforeId') ? { beforeId: int(one(q, 'beforeId'), 'beforeId', 1, Number.MAX_SAFE_INTEGER) } : {}),
      limit: int(one(q, 'limit'), 'limit', 1, 1000, 100),
    });
    return records.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
  });
}
