/**
 * The processes of a cluster talk over NATS (the `nats` client): JSON requests to the leading dialer, and
 * JSON messages it publishes per agent and per desktop. Core NATS only: a message nobody listens to is
 * dropped, which is right for events (a desktop that reconnects reads its state again) and for requests
 * (the gateway answers "the dialer is failing over" and the client tries again).
 */
import { connect, ErrorCode, type Msg, type NatsConnection, type Subscription } from 'nats';
import type { Logger } from '../log/logger.ts';

/** Why a request got no answer: nobody serves the subject (no leader now), or no answer in time. */
export class BusUnavailable extends Error {
  constructor(readonly subject: string, readonly reason: 'no-responders' | 'timeout' | 'closed') {
    super(`no answer on ${subject} (${reason})`);
    this.name = 'BusUnavailable';
  }
}

export type Served = (data: unknown, msg: Msg) => Promise<unknown> | unknown;

export class ClusterBus {
  private readonly encoder = new TextEncoder();
  private readonly decoder = new TextDecoder();

  private constructor(readonly connection: NatsConnection, private readonly log: Logger) {}

  /** Connects (retrying without end while the server is away), named for the server's monitoring. */
  static async connect(url: string, name: string, log: Logger): Promise<ClusterBus> {
    const connection = await connect({
      servers: url.split(',').map((u) => u.trim()),
      name,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
      waitOnFirstConnect: true,
    });
    const bus = new ClusterBus(connection, log);
    void bus.watchStatus();
    return bus;
  }

  get connected(): boolean {
    return !this.connection.isClosed() && !this.connection.isDraining() && this.up;
  }

  private up = true;

  private async watchStatus(): Promise<void> {
    for await (const status of this.connection.status()) {
      if (status.type === 'disconnect') {
        this.up = false;
        this.log.warn({ server: String(status.data) }, 'NATS: disconnected; reconnecting');
      } else if (status.type === 'reconnect') {
        this.up = true;
        this.log.info({ server: String(status.data) }, 'NATS: reconnected');
      }
    }
  }

  encode(data: unknown): Uint8Array {
    return this.encoder.encode(JSON.stringify(data));
  }

  decode(bytes: Uint8Array): unknown {
    return bytes.length === 0 ? null : JSON.parse(this.decoder.decode(bytes));
  }

  publish(subject: string, data: unknown): void {
    if (this.connection.isClosed()) return;
    this.connection.publish(subject, this.encode(data));
  }

  /** Publishes bytes already encoded (one encoding for many subjects). */
  publishEncoded(subject: string, bytes: Uint8Array): void {
    if (this.connection.isClosed()) return;
    this.connection.publish(subject, bytes);
  }

  async request(subject: string, data: unknown, timeoutMs: number): Promise<unknown> {
    try {
      const reply = await this.connection.request(subject, this.encode(data), { timeout: timeoutMs });
      return this.decode(reply.data);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === ErrorCode.NoResponders) throw new BusUnavailable(subject, 'no-responders');
      if (code === ErrorCode.Timeout) throw new BusUnavailable(subject, 'timeout');
      if (code === ErrorCode.ConnectionClosed) throw new BusUnavailable(subject, 'closed');
      throw error;
    }
  }

  /** Calls `listener` with every message on `subject` (wildcards allowed); the subscription ends it. */
  subscribe(subject: string, listener: (data: unknown, subject: string) => void): Subscription {
    return this.connection.subscribe(subject, {
      callback: (error, msg) => {
        if (error) return;
        try {
          listener(this.decode(msg.data), msg.subject);
        } catch (failure) {
          this.log.error({ err: failure, subject: msg.subject }, 'NATS: a message could not be handled');
        }
      },
    });
  }

  /** Answers requests on `subject` with what `handler` returns (a thrown error is answered as `{error}`). */
  serve(subject: string, handler: Served): Subscription {
    return this.connection.subscribe(subject, {
      callback: (error, msg) => {
        if (error) return;
        void (async () => {
          let answer: unknown;
          try {
            answer = await handler(this.decode(msg.data), msg);
          } catch (failure) {
            answer = { error: errorJson(failure) };
          }
          if (msg.reply) msg.respond(this.encode(answer));
        })();
      },
    });
  }

  async close(): Promise<void> {
    if (this.connection.isClosed()) return;
    await this.connection.drain().catch(() => this.connection.close());
  }
}

/** An error as it crosses the bus: a NailupError keeps its code, field and TMAC code. */
function errorJson(error: unknown): Record<string, unknown> {
  if (typeof error === 'object' && error !== null && typeof (error as { toJSON?: unknown }).toJSON === 'function') {
    return (error as { toJSON(): Record<string, unknown> }).toJSON();
  }
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}
