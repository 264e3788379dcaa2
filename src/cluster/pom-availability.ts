/**
 * POM's POMNotAvailable / POMAvailable on a gateway's link A4 (POM tells every agent when its Agent Manager
 * fails and again when the standby has taken the zone; pom-agent-api.md §1.8). The gateway's CTI edge
 * loses the dialer when the leader goes silent or another dialer takes the lease, and regains it when the
 * new leader, having resumed the floor, beats: each A4 socket watching an extension on this gateway gets
 * `{"Extension"}` with each. A socket opened while no dialer leads is told at once.
 *
 *   available ──(leader lost)──▶ unavailable ──(a leader beats)──▶ available
 */
import { event, type TmacEvent } from '../cti/tmac-events.ts';
import type { LeaderWatchListener } from './leader-watch.ts';

type Listener = (event: TmacEvent) => void;

export class PomAvailability implements LeaderWatchListener {
  private readonly watching = new Map<Listener, string>();
  private available = true;

  /** An A4 socket watching `extension`; returns its removal. */
  watch(extension: string, listener: Listener): () => void {
    this.watching.set(listener, extension);
    if (!this.available) listener(notice('POMNotAvailable', extension));
    return () => this.watching.delete(listener);
  }

  lost(): void {
    if (!this.available) return;
    this.available = false;
    this.tellAll('POMNotAvailable');
  }

  changed(): void {
    if (this.available) return;
    this.available = true;
    this.tellAll('POMAvailable');
  }

  private tellAll(eventName: 'POMNotAvailable' | 'POMAvailable'): void {
    for (const [listener, extension] of this.watching) listener(notice(eventName, extension));
  }
}

function notice(eventName: 'POMNotAvailable' | 'POMAvailable', extension: string): TmacEvent {
  return event(eventName, extension, { Extension: extension });
}
