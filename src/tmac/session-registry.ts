import { createHash } from 'node:crypto';
import type { Clock } from '../clock/clock.ts';
import type { Store } from '../store/store.ts';
import { NailupError } from '../errors.ts';
import type { TmacOptions } from './desktop-config.ts';
import type { DesktopMessage, DesktopSession } from './desktop-session.ts';
import type { DesktopState } from './desktop-state.ts';

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

const sessionExpired = (): NailupError => new NailupError('SESSION_EXPIRED', 'the session has expired or does not exist; log in again', 'token');

/** What the session registry needs of the TMAC server. */
export interface SessionRegistryHost {
  readonly store: Store;
  readonly clock: Clock;
  readonly options: TmacOptions;
  /** Subscribes the session to its extension's A4 events; returns the unsubscribe. */
  follow(session: DesktopSession): () => void;
}

/** The live desktop sessions of this server, by the hash of their token, and the messages they send. */
export class SessionRegistry {
  private readonly byToken = new Map<string, DesktopSession>();

  /** Every message to every desktop, with its session's token hash: a gateway's desktops get theirs this way. */
  readonly broadcast = new Set<(tokenHash: string, message: DesktopMessage) => void>();

  constructor(private readonly host: SessionRegistryHost) {}

  values(): IterableIterator<DesktopSession> {
    return this.byToken.values();
  }

  has(tokenHash: string): boolean {
    return this.byToken.has(tokenHash);
  }

  add(session: DesktopSession): void {
    this.byToken.set(session.tokenHash, session);
  }

  delete(tokenHash: string): void {
    this.byToken.delete(tokenHash);
  }

  track(session: DesktopSession): void {
    session.listeners.add((message) => {
      for (const listener of this.broadcast) listener(session.tokenHash, message);
    });
    session.unsubscribe = this.host.follow(session);
  }

  /**
   * The session under a new token (a takeover), in one step: from here on `oldHash` is refused, and its
   * sockets and gateways get `last`.
   */
  rekey(session: DesktopSession, oldHash: string, tokenHash: string, last: DesktopMessage): void {
    this.byToken.delete(oldHash);
    session.tokenHash = tokenHash;
    this.byToken.set(tokenHash, session);
    session.retire(oldHash, last);
    for (const listener of this.broadcast) listener(oldHash, last);
  }

  /** The state of a live session, for a gateway that opens its desktop's socket; 401 when it has ended. */
  attach(tokenHash: string): DesktopState {
    const session = this.byToken.get(tokenHash);
    if (!session || session.ended) throw sessionExpired();
    return session.state;
  }

  /** The live session of a bearer token; 401 when there is none or it has expired. */
  authenticate(token: string | undefined): DesktopSession {
    const session = token ? this.byToken.get(hashToken(token)) : undefined;
    if (!session || session.ended) throw sessionExpired();
    return session;
  }

  /** A request from the agent: the idle clock starts again. */
  async touch(session: DesktopSession): Promise<void> {
    session.lastSeenAt = this.host.clock.now();
    session.warned = false;
    // Back at the desktop: an idle expiry waiting for the contact to end no longer applies (a lifetime one does).
    if (session.expiredAs === 'idleTimeout') session.expiredAs = null;
    this.updateExpiry(session);
    await this.host.store.tmacSessions.touch(session.tokenHash, session.lastSeenAt);
  }

  updateExpiry(session: DesktopSession): void {
    session.state.session = { expiresAt: session.expiresAt, idleExpiresAt: session.lastSeenAt + this.host.options.idleTimeoutSeconds * 1000 };
  }
}
