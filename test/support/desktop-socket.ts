/**
 * The agent desktop's event socket (`/tmac/v1/events?token=…`) as a test reads it: every message in
 * order; `message` and `next` find the first one after the last they returned that matches.
 */
import WebSocket from 'ws';
import { eventually } from './cluster.ts';
import type { Json } from './nailup.ts';

export class DesktopSocket {
  readonly messages: Json[] = [];
  private cursor = 0;

  private constructor(readonly ws: WebSocket, private readonly timeoutMs: number) {
    ws.on('message', (data: WebSocket.RawData) => this.messages.push(JSON.parse(data.toString())));
  }

  /** Opens the socket of the session with this token on the server at `base`; rejects when it is refused. */
  static open(base: string, token: string, timeoutMs = 20_000): Promise<DesktopSocket> {
    const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/tmac/v1/events?token=${encodeURIComponent(token)}`);
    return new Promise((resolve, reject) => {
      const socket = new DesktopSocket(ws, timeoutMs);
      ws.once('open', () => resolve(socket));
      ws.once('error', reject);
    });
  }

  /** The next desktop state that matches. */
  async next(what: string, match: (state: Json) => boolean): Promise<Json> {
    return this.message(what, (m) => m.type === 'state' && match(m.state)).then((m: Json) => m.state);
  }

  /** The next message of any type that matches. */
  message(what: string, match: (message: Json) => boolean): Promise<Json> {
    return eventually(what, () => {
      const i = this.messages.findIndex((m, index) => index >= this.cursor && match(m));
      if (i < 0) return undefined;
      this.cursor = i + 1;
      return this.messages[i];
    }, this.timeoutMs);
  }

  close(): void {
    this.ws.close();
  }
}
