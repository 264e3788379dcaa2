import type { TimerHandle } from '../clock/clock.ts';
import type { TmacEvent } from '../cti/tmac-events.ts';
import type { AgentRecord } from '../store/records.ts';
import type { DesktopState } from './desktop-state.ts';
import { applyEvent } from './desktop-state-events.ts';

export type DesktopMessage =
  | { type: 'state'; state: DesktopState }
  | { type: 'sessionWarning'; expiresAt: number }
  | { type: 'loggedOut'; reason: string };

/**
 * Why a desktop session ends: the `reason` of its `loggedOut` message and of its row in the store (the
 * text), and of its `desktopLogout` audit entry (the key).
 */
export const END_REASONS = {
  /** The agent's Log out. */
  agent: 'logged out',
  /** No request from the desktop for `tmac.idleTimeoutSeconds`. */
  idleTimeout: 'session expired',
  /** The session reached `tmac.lifetimeSeconds`. */
  lifetime: 'session expired',
  /** The agent logged in again in another window and continued there (`takeOver`): this window's token ends. */
  takenOver: 'taken over',
  /** A supervisor logged the agent out (POST /api/v1/agents/{agentId}/logout). */
  supervisor: 'logged out by a supervisor',
  /** The dialer logged the agent off (its link lost, a forced logon). */
  dialer: 'logged out by the dialer',
  /** Open when this server started: its desktop's socket died with the last run. */
  serverRestarted: 'server restarted',
  /** A new leader could not log the agent on again after a failover. */
  resumeFailed: 'could not be resumed after a failover',
} as const;

export type EndReason = keyof typeof END_REASONS;

/** Close code of a desktop socket whose session ended (its `loggedOut` message sent): the close reason is the message's. */
export const SESSION_ENDED_CLOSE_CODE = 4001;

/** One agent logged in at the desktop: its state, its open WebSockets, and the events it waits for. */
export class DesktopSession {
  /** Every message of the session (the TMAC server's broadcast to gateways). */
  readonly listeners = new Set<(message: DesktopMessage) => void>();
  /** The desktop's own sockets on this server, each with the token hash it was opened with. */
  private readonly sockets = new Map<(message: DesktopMessage) => void, string>();
  private readonly waiters: Array<{ match: (e: TmacEvent) => boolean; resolve: (e: TmacEvent) => void }> = [];
  warned = false;
  /** Expired while the agent held a contact: the logout waits for the contact to be done (session-sweep.ts). */
  expiredAs: EndReason | null = null;
  ended = false;
  /** The end under way (DesktopLogout.end): whoever ends the session again waits for it. */
  ending: Promise<void> | null = null;
  /** How the session is about to end, when that is known before the dialer's logoff event comes (a supervisor's logout). */
  endingAs: { reason: EndReason; by: string } | null = null;
  /** Set while the desktop logs the agent out, so the logout's own events do not end the session early. */
  loggingOut = false;
  /** The invokeIDs of the commands this desktop sent: only their failures are this agent's errors. */
  private readonly ownInvokeIDs: string[] = [];
  unsubscribe: () => void = () => {};
  /** The timer that reads the capabilities again while a consult is going (ConsultWatch.watch). */
  consultPoll: TimerHandle | null = null;

  /** The sessionID this desktop gives the CTI server: opaque, not the token, and kept when the session is taken over. */
  readonly ctiSessionID: string;

  constructor(
    /** The hash of the session's token; a new one when the session is taken over (DesktopLogin.takeOver). */
    public tokenHash: string,
    readonly agent: AgentRecord,
    readonly extension: string,
    readonly createdAt: number,
    public lastSeenAt: number,
    /** The end of the session's lifetime; pushed out when it is taken over (the password was given again). */
    public expiresAt: number,
    readonly state: DesktopState,
  ) {
    this.ctiSessionID = tokenHash.slice(0, 16);
  }

  get agentID(): string {
    return this.agent.agentId;
  }

  sent(invokeID: number): void {
    this.ownInvokeIDs.push(String(invokeID));
    if (this.ownInvokeIDs.length > 50) this.ownInvokeIDs.shift();
  }

  /** An A4 event for this agent's extension. */
  receive(event: TmacEvent, now: number, refresh: () => void): void {
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const waiter = this.waiters[i]!;
      if (waiter.match(event)) {
        this.waiters.splice(i, 1);
        waiter.resolve(event);
      }
    }
    const invokeID = event.eventData.InvokeID;
    // A Done event of somebody else's command on this extension (another desktop's failed login) is not ours.
    if (event.eventName.endsWith('Done') && invokeID !== undefined && invokeID !== '' && !this.ownInvokeIDs.includes(invokeID)) return;
    const changed = applyEvent(this.state, event, now);
    // Capabilities are the CTI server's: read them again after anything that may change them.
    if ((changed && event.eventName.startsWith('On')) || event.eventName.includes('Capabilit')) refresh();
    if (changed) this.push();
  }

  /** Resolves with the first event that matches, or null after `timeoutMs`. */
  waitFor(match: (e: TmacEvent) => boolean, timeoutMs: number): Promise<TmacEvent | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        const i = this.waiters.findIndex((w) => w.resolve === done);
        if (i >= 0) this.waiters.splice(i, 1);
        resolve(null);
      }, timeoutMs);
      const done = (e: TmacEvent): void => {
        clearTimeout(timer);
        resolve(e);
      };
      this.waiters.push({ match, resolve: done });
    });
  }

  push(): void {
    this.send({ type: 'state', state: this.state });
  }

  send(message: DesktopMessage): void {
    for (const listener of this.listeners) listener(message);
    for (const [socket, tokenHash] of this.sockets) if (tokenHash === this.tokenHash) socket(message);
  }

  /** A socket of the desktop that holds the current token: it gets the session's messages until it goes. */
  addSocket(socket: (message: DesktopMessage) => void): () => void {
    this.sockets.set(socket, this.tokenHash);
    return () => this.sockets.delete(socket);
  }

  /** The sockets opened with a token the session no longer has (it was taken over) get `last`, and no more. */
  retire(tokenHash: string, last: DesktopMessage): void {
    for (const [socket, hash] of [...this.sockets]) {
      if (hash !== tokenHash) continue;
      this.sockets.delete(socket);
      socket(last);
    }
  }
}
