import type { FastifyInstance, FastifyRequest } from 'fastify';
import { WebSocketServer, type WebSocket } from 'ws';
import type { IncomingMessage } from 'node:http';
import { NailupError } from '../errors.ts';
import type { CtiLink } from '../tmac/cti-link.ts';
import { headerKey, isLocalClient, keyMatches, KEY_IN_URL_MESSAGE } from './access.ts';
import { refuseUpgrade } from '../http/transport.ts';

export interface CtiRouteOptions {
  /**
   * When set, A3 and A4 require it: the header `x-api-key`, or on A4 from a browser (a socket with an
   * Origin, which cannot send headers) `{"apiKey": "…"}` as the socket's first message. Otherwise only local
   * clients (loopback, not relayed by a proxy). Never in the URL.
   */
  apiKey: string;
  /** How long a browser's A4 socket has to send the key as its first message (default 10 s). */
  firstMessageTimeoutMs?: number;
  /** Where the links report to the metrics (GET /metrics): A3 handling times, the open A4 sockets. */
  metrics?: CtiLinkMetrics;
}

/** What the links tell the metrics registry (src/http/metrics.ts). */
export interface CtiLinkMetrics {
  /** An A3 command was handled (accepted or refused) in `seconds`. */
  commandHandled(command: string, seconds: number): void;
  /** How to count the open A4 sockets, read at scrape time. */
  eventSockets(count: () => number): void;
}

const FIRST_MESSAGE_TIMEOUT_MS = 10_000;

/** Whether a URL carries the key as a query parameter (`apiKey`, in any case). */
const keyInUrl = (url: URL): boolean => [...url.searchParams.keys()].some((name) => name.toLowerCase() === 'apikey');

const keyInUrlError = (): NailupError => new NailupError('VALIDATION_FAILED', KEY_IN_URL_MESSAGE, 'apiKey');
const missingKeyError = (): NailupError => new NailupError('UNAUTHORIZED', 'a valid x-api-key header is required');
const notLocalError = (): NailupError => new NailupError('FORBIDDEN', 'only local clients may use the CTI links (set cti.apiKey to serve other hosts)');

/** Why a client may not use the links, or null when it may. */
function refusal(request: IncomingMessage, options: CtiRouteOptions): NailupError | null {
  if (options.apiKey) return keyMatches(headerKey(request.headers), options.apiKey) ? null : missingKeyError();
  return isLocalClient(request.socket.remoteAddress, request.headers) ? null : notLocalError();
}

/** Links A3 (commands), A4 (events) and the agent state read of protocol.md §2 and §5, to the CTI server in this process or (gateway) over the cluster's bus. */
export function registerCtiRoutes(app: FastifyInstance, cti: CtiLink, options: CtiRouteOptions): void {
  const guard = async (request: FastifyRequest): Promise<void> => {
    if (keyInUrl(new URL(request.url, 'http://localhost'))) throw keyInUrlError();
    const refused = refusal(request.raw, options);
    if (refused) throw refused;
  };

  app.post<{ Params: { command: string } }>('/cti/v1/commands/:command', { onRequest: guard }, async (request) => {
    const started = performance.now();
    try {
      const result = await cti.execute(request.params.command, request.body ?? null);
      return { result };
    } finally {
      options.metrics?.commandHandled(request.params.command, (performance.now() - started) / 1000);
    }
  });

  app.get<{ Params: { agentID: string } }>('/cti/v1/agents/:agentID', { onRequest: guard }, async (request, reply) => {
    const view = await cti.agentView(request.params.agentID);
    if (!view) return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `agent ${request.params.agentID} is not logged in` } });
    return view;
  });

  const wss = new WebSocketServer({ noServer: true });
  options.metrics?.eventSockets(() => wss.clients.size);
  const timeoutMs = options.firstMessageTimeoutMs ?? FIRST_MESSAGE_TIMEOUT_MS;
  app.server.on('upgrade', (request: IncomingMessage, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== '/cti/v1/events') return;
    const refuse = (error: NailupError): void => refuseUpgrade(socket, error.status, { error: error.toJSON() });
    if (keyInUrl(url)) return refuse(keyInUrlError());
    // A browser cannot set headers on a WebSocket: it sends the key as its first message instead.
    const keyFirst = options.apiKey !== '' && headerKey(request.headers) === undefined && request.headers.origin !== undefined;
    if (!keyFirst) {
      const refused = refusal(request, options);
      if (refused) return refuse(refused);
    }
    wss.handleUpgrade(request, socket, head, (ws: WebSocket) => {
      const extension = url.searchParams.get('extension') ?? undefined;
      let unsubscribe = (): void => {};
      const start = (): void => {
        unsubscribe = cti.subscribe(extension, (event) => {
          if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(event));
        });
      };
      ws.on('close', () => unsubscribe());
      ws.on('error', () => unsubscribe());
      if (!keyFirst) {
        start();
        return;
      }
      // No event is sent before the key: the socket is closed unless it comes first, and soon.
      const timer = setTimeout(() => ws.close(1008, 'send {"apiKey": "..."} as the first message'), timeoutMs);
      ws.on('close', () => clearTimeout(timer));
      ws.once('message', (data: Buffer, isBinary: boolean) => {
        clearTimeout(timer);
        let given: unknown;
        try {
          given = isBinary ? undefined : (JSON.parse(data.toString('utf8')) as { apiKey?: unknown } | null)?.apiKey;
        } catch {
          given = undefined;
        }
        if (typeof given === 'string' && keyMatches(given, options.apiKey)) start();
        else ws.close(1008, 'the first message must be {"apiKey": "<the CTI key>"}');
      });
    });
  });
  app.addHook('onClose', async () => {
    for (const client of wss.clients) client.terminate();
    wss.close();
  });
}
