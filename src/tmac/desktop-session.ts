import type { TimerHandle } from '../clock/clock.ts';
import type { TmacEvent } from '../cti/tmac-events.ts';
import type { AgentRecord } from '../store/records.ts';
import { applyEvent, type DesktopState } from './desktop-state.ts';

export type DesktopMessage =
  | { type: 'state'; state: DesktopState }
  | { type: 'sessionWarning'; expiresAt: number }
  | { type: 'loggedOut'; reason: string };

/** One agent logged in at the desktop: its state, its open WebSockets, and the events it waits for. */
export class DesktopSession {
  readonly listeners = new Set<(message: DesktopMessage) => void>();
  private readonly waiters: Array<{ match: (e: TmacEvent) => boolean; resolve: (e: TmacEvent) => void }> = [];
  warned = false;
  ended = false;
  /** Set while the desktop logs the agent out, so the logout's own events do not end the session early. */
  loggingOut = false;
  /** The invokeIDs of the commands this desktop sent: only their failures are this agent's errors. */
  private readonly ownInvokeIDs: string[] = [];
  unsubscribe: () => void = () => {};
  /** The timer that reads the capabilities again while a consult is going (TmacServer.watchConsult). */
  consultPoll: TimerHandle | null = null;

  constructor(
    readonly tokenHash: string,
    readonly agent: AgentRecord,
    readonly extension: string,
    readonly createdAt: number,
    public lastSeenAt: number,
    readonly expiresAt: number,
    readonly state: DesktopState,
  ) {}

  get agentID(): string {
    return this.agent.agentId;
  }

  /** The sessionID this desktop gives the CTI server: opaque, and not the token. */
  get ctiSessionID(): string {
    return this.tokenHash.slice(0, 16);
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
  }
}
