/**
 * The dialer's lease: a PostgreSQL session advisory lock, held on one dedicated connection.
 *
 * Why PostgreSQL and not a NATS key-value lease: the store is what must be protected, and the lock lives
 * beside it. PostgreSQL drops the lock the moment the holder's connection ends (a killed process's socket
 * is closed by the kernel at once), so a standby takes over within one poll, without waiting for a TTL;
 * and the new epoch is written in the same database that refuses the old one (src/store/fencing.ts). A
 * holder whose host vanishes without closing the socket is found by TCP keepalives set on the lease's
 * connection (about 5 s).
 *
 * Life of a dialer process:
 *
 *   standby ──(pg_try_advisory_lock succeeds)──▶ leading(epoch N) ──(connection lost)──▶ deposed
 *      ▲ polls every lockPollMs                      pings every heartbeatMs               the process exits
 */
import { hostname } from 'node:os';
import pg from 'pg';
import { FENCE_LOCK_KEY, LEADER_LOCK_KEY } from '../store/fencing.ts';
import type { Logger } from '../log/logger.ts';

export type LeadershipState = 'standby' | 'leading' | 'deposed';

export interface LeadershipOptions {
  databaseUrl: string;
  /** This process, as the leadership table and the logs name it. */
  instance: string;
  lockPollMs: number;
  heartbeatMs: number;
  log: Logger;
}

/** The name of this process when the config gives none. */
export const defaultInstance = (): string => `${hostname()}:${process.pid}`;

export class Leadership {
  state: LeadershipState = 'standby';
  epoch = 0;
  private client: pg.Client | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private stopped = false;
  private readonly lostListeners = new Set<(reason: string) => void>();

  constructor(private readonly options: LeadershipOptions) {}

  /** Calls `listener` once if the lease is lost after it was won. */
  onLost(listener: (reason: string) => void): void {
    this.lostListeners.add(listener);
  }

  /** Waits until this process holds the lease, raises the epoch, and resolves with it. */
  async acquire(): Promise<number> {
    const { log, lockPollMs } = this.options;
    let waitingLogged = false;
    while (!this.stopped) {
      try {
        const client = this.client ?? (await this.connect());
        const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [LEADER_LOCK_KEY]);
        if (rows[0]?.ok) {
          this.epoch = await this.raiseEpoch(client);
          this.state = 'leading';
          this.watch(client);
          return this.epoch;
        }
        if (!waitingLogged) log.info({ instance: this.options.instance }, 'standing by: another dialer holds the lease');
        waitingLogged = true;
      } catch (error) {
        log.warn({ err: error }, 'leadership: cannot reach PostgreSQL; trying again');
        await this.dropClient();
      }
      await sleep(lockPollMs);
    }
    throw new Error('leadership: stopped before the lease was won');
  }

  /** Gives the lease up (a clean shutdown): a standby takes it at its next poll. */
  async release(): Promise<void> {
    this.stopped = true;
    if (this.pingTimer) clearTimeout(this.pingTimer);
    this.pingTimer = null;
    await this.dropClient();
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.options.databaseUrl,
      keepAlive: true,
      keepAliveInitialDelayMillis: 1000,
      // Half-open connections (the other host vanished) show up within seconds on both sides.
      options: '-c tcp_keepalives_idle=2 -c tcp_keepalives_interval=1 -c tcp_keepalives_count=3',
      query_timeout: Math.max(2000, this.options.heartbeatMs * 4),
      application_name: `nailup-lease ${this.options.instance}`.slice(0, 63),
    });
    client.on('error', (error) => this.lose(`the lease's connection failed: ${error.message}`));
    client.on('end', () => this.lose('the lease\'s connection closed'));
    this.client = client;
    await client.connect();
    return client;
  }

  /** The next epoch, written once every write of the previous leader that passed the fence has committed. */
  private async raiseEpoch(client: pg.Client): Promise<number> {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [FENCE_LOCK_KEY]);
      const { rows } = await client.query<{ epoch: string }>(
        `INSERT INTO leadership (id, epoch, holder, since) VALUES (1, 1, $1, $2)
         ON CONFLICT (id) DO UPDATE SET epoch = leadership.epoch + 1, holder = EXCLUDED.holder, since = EXCLUDED.since
         RETURNING epoch`,
        [this.options.instance, Date.now()],
      );
      await client.query('COMMIT');
      return Number(rows[0]!.epoch);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    }
  }

  /** Pings the lease's connection: a lost connection is a lost lease. */
  private watch(client: pg.Client): void {
    this.pingTimer = setTimeout(() => {
      this.pingTimer = null;
      client.query('SELECT 1').then(
        () => { if (this.state === 'leading') this.watch(client); },
        (error: Error) => this.lose(`the lease's connection does not answer: ${error.message}`),
      );
    }, this.options.heartbeatMs);
    this.pingTimer.unref();
  }

  private lose(reason: string): void {
    if (this.state !== 'leading' || this.stopped) {
      this.client = null;
      return;
    }
    this.state = 'deposed';
    this.client = null;
    for (const listener of this.lostListeners) listener(reason);
  }

  private async dropClient(): Promise<void> {
    const client = this.client;
    this.client = null;
    if (client) await client.end().catch(() => {});
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
