/**
 * A small client of the CTI server's links for tests (protocol.md §2 and §5): A3 commands over real HTTP
 * (`POST /cti/v1/commands/{Command}`), the agent state read (`GET /cti/v1/agents/{agentID}`), and an A4
 * WebSocket (`GET /cti/v1/events`) whose events are collected in arrival order.
 */
import WebSocket from 'ws';

/** One A4 event as it arrived, and its text as sent (to check key order where the spec writes it). */
export interface CtiEvent {
  eventName: string;
  extension: string;
  eventData: Record<string, string>;
}

export type EventPredicate = (event: CtiEvent) => boolean;

export interface HttpReply {
  status: number;
  /** The parsed JSON body, or the text when it is not JSON. */
  body: unknown;
}

export interface RequestOptions {
  headers?: Record<string, string>;
  /** Sent as is instead of JSON.stringify(body). */
  raw?: string | Uint8Array<ArrayBuffer>;
  /** The content-type header; `null` sends none. Default application/json. */
  contentType?: string | null;
  method?: string;
}

async function readReply(response: Response): Promise<HttpReply> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text === '' ? text : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body };
}

/** Sends one A3 command and returns the HTTP status and body, whatever they are. */
export async function postCommand(baseUrl: string, command: string, body: unknown, options: RequestOptions = {}): Promise<HttpReply> {
  const headers: Record<string, string> = { ...options.headers };
  const contentType = options.contentType === undefined ? 'application/json' : options.contentType;
  if (contentType !== null) headers['content-type'] = contentType;
  const method = options.method ?? 'POST';
  const payload = method === 'GET' || method === 'HEAD' ? undefined : (options.raw ?? (body === undefined ? undefined : JSON.stringify(body)));
  const response = await fetch(`${baseUrl}/cti/v1/commands/${command}`, { method, headers, body: payload });
  return readReply(response);
}

/** Sends one A3 command that must be accepted at the HTTP level and returns its `result`. */
export async function sendCommand(baseUrl: string, command: string, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<number> {
  const reply = await postCommand(baseUrl, command, body, { headers });
  if (reply.status !== 200) throw new Error(`${command} ${JSON.stringify(body)}: HTTP ${reply.status} ${JSON.stringify(reply.body)}`);
  const result = (reply.body as { result?: unknown }).result;
  if (typeof result !== 'number' || Object.keys(reply.body as object).length !== 1) {
    throw new Error(`${command}: the reply is not {"result": <int>}: ${JSON.stringify(reply.body)}`);
  }
  return result;
}

/** `GET /cti/v1/agents/{agentID}`. */
export async function getAgent(baseUrl: string, agentID: string, headers: Record<string, string> = {}): Promise<HttpReply> {
  return readReply(await fetch(`${baseUrl}/cti/v1/agents/${encodeURIComponent(agentID)}`, { headers }));
}

/** Matches events by name and, optionally, by some eventData values. */
export function named(eventName: string, data: Record<string, string> = {}): EventPredicate {
  return (e) => e.eventName === eventName && Object.entries(data).every(([k, v]) => e.eventData[k] === v);
}

interface Waiter {
  predicate: EventPredicate;
  resolve: (event: CtiEvent) => void;
}

/**
 * The events of one A4 WebSocket, in arrival order. `next` reads forward from a cursor: it returns the
 * first matching event after the previous one it returned (waiting for it to arrive), so a series of
 * `next` calls also checks the order of those events.
 */
export class EventCollector {
  private readonly events: CtiEvent[] = [];
  private readonly texts: string[] = [];
  private cursor = 0;
  private waiter: (Waiter & { from: number }) | null = null;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data: WebSocket.RawData) => {
      const text = data.toString();
      this.texts.push(text);
      this.events.push(JSON.parse(text) as CtiEvent);
      this.wake();
    });
  }

  /** Opens `GET /cti/v1/events[?extension=…]` on the server at `baseUrl`. */
  static open(baseUrl: string, options: { extension?: string; headers?: Record<string, string> } = {}): Promise<EventCollector> {
    const url = new URL('/cti/v1/events', baseUrl.replace(/^http/, 'ws'));
    if (options.extension !== undefined) url.searchParams.set('extension', options.extension);
    const ws = new WebSocket(url, { headers: options.headers ?? {} });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new EventCollector(ws)));
      ws.once('error', reject);
      ws.once('unexpected-response', (_request, response) => reject(new Error(`WebSocket refused: HTTP ${response.statusCode}`)));
    });
  }

  /** Every event received so far, in order. */
  all(): CtiEvent[] {
    return [...this.events];
  }

  /** The text of every event received so far, in order. */
  allTexts(): string[] {
    return [...this.texts];
  }

  /** Index of the next event to arrive (or the number received so far). */
  mark(): number {
    return this.events.length;
  }

  /** Events received from index `mark` on. */
  since(mark: number): CtiEvent[] {
    return this.events.slice(mark);
  }

  /** Moves the cursor of `next` to the end: later `next` calls look only at events not yet received. */
  skipAll(): void {
    this.cursor = this.events.length;
  }

  /** The text of the event `next` returned last. */
  textOf(event: CtiEvent): string {
    const i = this.events.indexOf(event);
    if (i < 0) throw new Error('not an event of this collector');
    return this.texts[i]!;
  }

  /** The first event after the cursor that matches; waits up to `timeoutMs` (real time) for it. */
  next(predicate: EventPredicate, timeoutMs = 3000): Promise<CtiEvent> {
    const found = this.scan(predicate, this.cursor);
    if (found) return Promise.resolve(found);
    if (this.waiter) return Promise.reject(new Error('next: already waiting'));
    const from = this.cursor;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        const seen = this.events.slice(from).map((e) => `${e.eventName} ${e.extension} ${JSON.stringify(e.eventData)}`);
        reject(new Error(`no matching event within ${timeoutMs} ms; events since: ${seen.length ? `\n  ${seen.join('\n  ')}` : 'none'}`));
      }, timeoutMs);
      this.waiter = {
        from,
        predicate,
        resolve: (event) => {
          clearTimeout(timer);
          this.waiter = null;
          resolve(event);
        },
      };
    });
  }

  /** Whether an event after the cursor matches (without waiting, without moving the cursor). */
  has(predicate: EventPredicate): boolean {
    return this.events.slice(this.cursor).some(predicate);
  }

  /**
   * Resolves once every event the server sent before this call has arrived: a ping's pong comes back on
   * the same connection after them.
   */
  flush(timeoutMs = 3000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('flush: no pong')), timeoutMs);
      this.ws.once('pong', () => {
        clearTimeout(timer);
        resolve();
      });
      this.ws.ping();
    });
  }

  close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.ws.once('close', () => resolve());
      this.ws.close();
      setTimeout(() => {
        this.ws.terminate();
        resolve();
      }, 1000).unref();
    });
  }

  private scan(predicate: EventPredicate, from: number): CtiEvent | undefined {
    for (let i = from; i < this.events.length; i++) {
      const event = this.events[i]!;
      if (predicate(event)) {
        this.cursor = i + 1;
        return event;
      }
    }
    return undefined;
  }

  private wake(): void {
    const w = this.waiter;
    if (!w) return;
    const found = this.scan(w.predicate, Math.max(w.from, this.cursor));
    if (found) w.resolve(found);
  }
}
