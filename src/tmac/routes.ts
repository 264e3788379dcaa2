import type { FastifyInstance, FastifyRequest } from 'fastify';
import { WebSocketServer, type WebSocket } from 'ws';
import type { IncomingMessage } from 'node:http';
import { SESSION_ENDED_CLOSE_CODE } from './desktop-session.ts';
import type { TmacServer } from './tmac-server.ts';
import { NailupError } from '../errors.ts';

const bearer = (request: FastifyRequest): string | undefined => {
  const header = request.headers.authorization;
  return header?.startsWith('Bearer ') ? header.slice(7) : undefined;
};

/** The name the TMAC server is known by on the Fastify app (tmacServerOf). */
const DECORATOR = 'nailupTmacServer';

/**
 * The TMAC server whose routes the app serves, for routes registered beside them (a supervisor's logout
 * of an agent ends the agent's desktop sessions: src/api/agent-session-routes.ts); null without one.
 */
export function tmacServerOf(app: FastifyInstance): TmacServer | null {
  return app.hasDecorator(DECORATOR) ? (app as unknown as Record<string, TmacServer>)[DECORATOR] ?? null : null;
}

/** The web client's API (docs/tmac-api.md). */
export function registerTmacRoutes(app: FastifyInstance, tmac: TmacServer): void {
  if (!app.hasDecorator(DECORATOR)) app.decorate(DECORATOR, tmac);
  // Throttled per LAN ID and client address, and audited, by TmacServer.login (docs/security.md).
  app.post('/tmac/v1/login', async (request, reply) => {
    let login;
    try {
      login = await tmac.login(request.body, { address: request.ip });
    } catch (error) {
      if (error instanceof NailupError && error.retryAfterSeconds !== undefined) void reply.header('retry-after', String(error.retryAfterSeconds));
      // The reason and the address, never what was typed (a password may land in the name field).
      if (error instanceof NailupError) request.log.warn({ code: error.code, remoteAddress: request.ip }, 'desktop login failed');
      throw error;
    }
    const { token, session } = login;
    return { token, agent: session.state.agent, state: session.state, config: tmac.desktopConfig() };
  });

  app.get('/tmac/v1/state', async (request) => {
    const session = tmac.authenticate(bearer(request));
    return { state: await tmac.state(session), config: tmac.desktopConfig() };
  });

  app.post<{ Params: { name: string } }>('/tmac/v1/commands/:name', async (request) => {
    const session = tmac.authenticate(bearer(request));
    await tmac.command(session, request.params.name, request.body);
    return { ok: true };
  });

  app.get<{ Params: { id: string } }>('/tmac/v1/sales-screens/:id/prefill', async (request) => {
    const session = tmac.authenticate(bearer(request));
    return { fields: tmac.prefill(session, request.params.id) };
  });

  const wss = new WebSocketServer({ noServer: true });
  app.server.on('upgrade', (request: IncomingMessage, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== '/tmac/v1/events') return;
    let session;
    try {
      session = tmac.authenticate(url.searchParams.get('token') ?? undefined);
    } catch {
      socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
      return;
    }
    const live = session;
    wss.handleUpgrade(request, socket, head, (ws: WebSocket) => {
      const unsubscribe = tmac.subscribe(live, (message) => {
        if (ws.readyState !== ws.OPEN) return;
        ws.send(JSON.stringify(message));
        // The session is over for this socket (logged out, expired, taken over from another window): it closes.
        if (message.type === 'loggedOut') ws.close(SESSION_ENDED_CLOSE_CODE, message.reason.slice(0, 120));
      });
      ws.send(JSON.stringify({ type: 'state', state: live.state }));
      ws.on('close', unsubscribe);
      ws.on('error', unsubscribe);
    });
  });
  app.addHook('onClose', async () => {
    for (const client of wss.clients) client.terminate();
    wss.close();
  });
}
