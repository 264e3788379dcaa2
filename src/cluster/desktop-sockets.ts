/**
 * The agent desktop's event socket (`/tmac/v1/events?token=…`) on a gateway: the session lives in the
 * leading dialer's TMAC server; the gateway checks the token there, then forwards what the leader
 * publishes for that session. Any gateway can serve any desktop, and a desktop whose gateway died
 * reconnects to another with the same token.
 *
 * Messages beside the TMAC server's (docs/tmac-api.md): `{"type":"link","state":"reconnecting"}` while no
 * dialer leads, `{"type":"link","state":"up"}` and the state again once a new leader has resumed the session.
 */
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { Subscription } from 'nats';
import { WebSocketServer, type WebSocket } from 'ws';
import { END_REASONS, SESSION_ENDED_CLOSE_CODE } from '../tmac/desktop-session.ts';
import { hashToken } from '../tmac/tmac-server.ts';
import type { Logger } from '../log/logger.ts';
import { refuseUpgrade } from '../http/transport.ts';
import { BusUnavailable, type ClusterBus } from './bus.ts';
import type { LeaderWatch } from './leader-watch.ts';
import { SUBJECTS } from './subjects.ts';

interface DesktopSocket {
  ws: WebSocket;
  tokenHash: string;
  subscription: Subscription;
}

type Attached = { state: unknown } | { error: { code: string; message: string } };

export function registerDesktopSockets(app: FastifyInstance, bus: ClusterBus, leader: LeaderWatch, timeoutMs: number, log: Logger): { count(): number } {
  const wss = new WebSocketServer({ noServer: true });
  const open = new Set<DesktopSocket>();
  const send = (ws: WebSocket, message: unknown): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  /** A message of the leader's for this socket; after `loggedOut` the session is over for it (as in tmac/routes.ts). */
  const forward = (ws: WebSocket, message: unknown): void => {
    send(ws, message);
    const ended = message as { type?: unknown; reason?: unknown };
    if (ended.type === 'loggedOut' && ws.readyState === ws.OPEN) ws.close(SESSION_ENDED_CLOSE_CODE, String(ended.reason).slice(0, 120));
  };
  const attach = (tokenHash: string): Promise<Attached> => bus.request(SUBJECTS.desktopAttach, { tokenHash }, timeoutMs) as Promise<Attached>;

  app.server.on('upgrade', (request: IncomingMessage, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== '/tmac/v1/events') return;
    const tokenHash = hashToken(url.searchParams.get('token') ?? '');
    // Subscribed before the state is read, so that nothing published in between is missed.
    const early: unknown[] = [];
    let target: WebSocket | null = null;
    const subscription = bus.subscribe(SUBJECTS.desktop(tokenHash), (message) => {
      if (target) forward(target, message);
      else early.push(message);
    });
    attach(tokenHash).then((answer) => {
      if ('error' in answer) {
        subscription.unsubscribe();
        socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
        return;
      }
      wss.handleUpgrade(request, socket, head, (ws: WebSocket) => {
        const entry: DesktopSocket = { ws, tokenHash, subscription };
        open.add(entry);
        send(ws, { type: 'state', state: answer.state });
        for (const message of early) forward(ws, message);
        target = ws;
        const close = (): void => {
          subscription.unsubscribe();
          open.delete(entry);
        };
        ws.on('close', close);
        ws.on('error', close);
      });
    }, (error: unknown) => {
      subscription.unsubscribe();
      if (!(error instanceof BusUnavailable)) log.error({ err: error }, 'desktop socket: the session could not be read');
      refuseUpgrade(socket, 503, { error: { code: 'LEADER_UNAVAILABLE', message: 'no dialer leads the cluster right now; try again' } });
    });
  });

  leader.listen({
    lost() {
      for (const { ws } of open) send(ws, { type: 'link', state: 'reconnecting' });
    },
    changed() {
      // The new leader has resumed the sessions it could: each desktop reads its own again.
      for (const entry of open) {
        attach(entry.tokenHash).then((answer) => {
          if ('error' in answer) {
            forward(entry.ws, { type: 'loggedOut', reason: END_REASONS.resumeFailed });
            return;
          }
          send(entry.ws, { type: 'link', state: 'up' });
          send(entry.ws, { type: 'state', state: answer.state });
        }, () => send(entry.ws, { type: 'link', state: 'reconnecting' }));
      }
    },
  });

  app.addHook('onClose', async () => {
    for (const client of wss.clients) client.terminate();
    wss.close();
  });
  return { count: () => open.size };
}
