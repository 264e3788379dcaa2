import type { FastifyInstance, FastifyRequest } from 'fastify';
import { WebSocketServer, type WebSocket } from 'ws';
import type { IncomingMessage } from 'node:http';
import { NailupError } from '../errors.ts';
import type { CtiServer } from './cti-server.ts';

export interface CtiRouteOptions {
  /** When set, A3 and A4 require it (header `x-api-key`, or `?apiKey=` on A4); otherwise only loopback clients. */
  apiKey: string;
}

const isLoopback = (address: string | undefined): boolean =>
  !!address && (address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.'));

function allowed(address: string | undefined, key: string | undefined, options: CtiRouteOptions): boolean {
  return options.apiKey ? key === options.apiKey : isLoopback(address);
}

/** Links A3 (commands), A4 (events) and the agent state read of protocol.md §2 and §5. */
export function registerCtiRoutes(app: FastifyInstance, cti: CtiServer, options: CtiRouteOptions): void {
  const guard = async (request: FastifyRequest): Promise<void> => {
    const key = request.headers['x-api-key'];
    if (!allowed(request.socket.remoteAddress, typeof key === 'string' ? key : undefined, options)) {
      throw new NailupError(options.apiKey ? 'UNAUTHORIZED' : 'FORBIDDEN', options.apiKey ? 'a valid x-api-key header is required' : 'only local clients may use the CTI links');
    }
  };

  app.post<{ Params: { command: string } }>('/cti/v1/commands/:command', { onRequest: guard }, async (request) => {
    const result = await cti.execute(request.params.command, request.body ?? null);
    return { result };
  });

  app.get<{ Params: { agentID: string } }>('/cti/v1/agents/:agentID', { onRequest: guard }, async (request, reply) => {
    const view = cti.agentView(request.params.agentID);
    if (!view) return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `agent ${request.params.agentID} is not logged in` } });
    return view;
  });

  const wss = new WebSocketServer({ noServer: true });
  app.server.on('upgrade', (request: IncomingMessage, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== '/cti/v1/events') return;
    const key = (request.headers['x-api-key'] as string | undefined) ?? url.searchParams.get('apiKey') ?? undefined;
    if (!allowed(request.socket.remoteAddress, key, options)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws: WebSocket) => {
      const extension = url.searchParams.get('extension') ?? undefined;
      const unsubscribe = cti.events.subscribe((event) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(event));
      }, extension);
      ws.on('close', unsubscribe);
      ws.on('error', unsubscribe);
    });
  });
  app.addHook('onClose', async () => {
    for (const client of wss.clients) client.terminate();
    wss.close();
  });
}
