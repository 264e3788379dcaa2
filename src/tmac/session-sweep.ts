import type { Clock, TimerHandle } from '../clock/clock.ts';
import type { TmacOptions } from './desktop-config.ts';
import type { DesktopSession, EndReason } from './desktop-session.ts';
import { holdsContact } from './desktop-state.ts';

const SWEEP_MS = 5000;

/** What the session sweep needs of the TMAC server. */
export interface SessionSweepHost {
  readonly clock: Clock;
  readonly options: TmacOptions;
  /** The live desktop sessions. */
  sessions(): Iterable<DesktopSession>;
  logout(session: DesktopSession, reason: EndReason): Promise<void>;
  /** Ends the desktop session without logging the agent out. */
  end(session: DesktopSession, reason: EndReason): Promise<void>;
}

/**
 * Desktop sessions timing out: every SWEEP_MS, a warning before the idle or lifetime limit, then the
 * logout. A session that expires while the agent holds a contact (a call, its wrap-up, a preview) is not
 * cut from it: the logout's first step makes the agent Not-Ready once the contact is done, the dialer
 * refuses the logoff itself, and the session lives on — the agent may still finish the call, or take the
 * session over from a new window — until the contact is done; then the logout is tried again. A request
 * from the desktop meanwhile cancels an idle expiry (SessionRegistry.touch), not a lifetime one.
 */
export class SessionSweep {
  private timer: TimerHandle | null = null;

  constructor(private readonly host: SessionSweepHost) {}

  start(): void {
    this.timer = this.host.clock.setTimer(SWEEP_MS, () => {
      this.start();
      void this.sweep();
    });
  }

  /** Warns desktops whose session is about to expire, and ends the expired ones. */
  private async sweep(): Promise<void> {
    const now = this.host.clock.now();
    for (const session of [...this.host.sessions()]) {
      if (session.expiredAs) {
        if (!holdsContact(session.state)) await this.expire(session, session.expiredAs);
        continue;
      }
      const deadline = Math.min(session.expiresAt, session.state.session.idleExpiresAt);
      if (now >= deadline) {
        await this.expire(session, session.expiresAt <= session.state.session.idleExpiresAt ? 'lifetime' : 'idleTimeout');
      } else if (!session.warned && now >= deadline - this.host.options.warnBeforeSeconds * 1000) {
        session.warned = true;
        session.send({ type: 'sessionWarning', expiresAt: deadline });
      }
    }
  }

  private async expire(session: DesktopSession, reason: EndReason): Promise<void> {
    try {
      await this.host.logout(session, reason);
    } catch {
      if (holdsContact(session.state)) {
        session.expiredAs = reason;
        return;
      }
      // Refused without a contact (the dialer unreachable): the desktop session ends, the agent stays as it is.
      await this.host.end(session, reason);
    }
  }

  stop(): void {
    this.timer?.cancel();
  }
}
