/**
 * A gateway's view of the lead: the heartbeats the leading dialer publishes. Silence longer than
 * `leaderTimeoutMs` means the leader is gone (its desktops are told "reconnecting"); a heartbeat with a
 * new epoch means a new leader has resumed the floor (its desktops read their state again). A dialer that
 * wins the lease says so at once (`takingOver`): the last leader is gone even if its silence is not yet
 * long enough to tell.
 *
 *   none ──(heartbeat)──▶ present(epoch) ──(silence > timeout, or another dialer taking over)──▶ none
 *                            │ heartbeat with another epoch: changed
 */
import type { Subscription } from 'nats';
import type { Logger } from '../log/logger.ts';
import type { ClusterBus } from './bus.ts';
import type { LeaderHeartbeat } from './leader-services.ts';
import { SUBJECTS } from './subjects.ts';

export interface LeaderWatchListener {
  lost(): void;
  changed(leader: LeaderHeartbeat): void;
}

export class LeaderWatch {
  leader: LeaderHeartbeat | null = null;
  private lastSeen = 0;
  /** The highest epoch heard: only a leader with a higher one is new after a silence. */
  private highestEpoch = 0;
  private readonly subscriptions: Subscription[];
  private readonly timer: NodeJS.Timeout;
  private readonly listeners = new Set<LeaderWatchListener>();

  constructor(bus: ClusterBus, private readonly timeoutMs: number, private readonly log: Logger) {
    this.subscriptions = [
      bus.subscribe(SUBJECTS.leader, (data) => this.heard(data as LeaderHeartbeat)),
      bus.subscribe(SUBJECTS.takingOver, (data) => this.takingOver(data as Pick<LeaderHeartbeat, 'epoch' | 'instance'>)),
    ];
    this.timer = setInterval(() => this.check(), Math.max(50, Math.floor(timeoutMs / 4)));
    this.timer.unref();
  }

  listen(listener: LeaderWatchListener): void {
    this.listeners.add(listener);
  }

  get epoch(): number {
    return this.leader?.epoch ?? 0;
  }

  /** How long since the last heartbeat, for the readiness probe. */
  silenceMs(): number {
    return this.lastSeen === 0 ? Number.POSITIVE_INFINITY : Date.now() - this.lastSeen;
  }

  private heard(heartbeat: LeaderHeartbeat): void {
    // A heartbeat of an older epoch (a deposed leader's last, still in flight) is not a leader.
    if (heartbeat.epoch < this.highestEpoch) return;
    this.lastSeen = Date.now();
    if (this.leader?.epoch === heartbeat.epoch) return;
    this.leader = heartbeat;
    this.highestEpoch = heartbeat.epoch;
    this.log.info({ epoch: heartbeat.epoch, leader: heartbeat.instance }, 'a dialer leads');
    for (const listener of this.listeners) listener.changed(heartbeat);
  }

  private takingOver(next: Pick<LeaderHeartbeat, 'epoch' | 'instance'>): void {
    if (next.epoch <= this.highestEpoch) return;
    this.highestEpoch = next.epoch;
    if (!this.leader) return;
    this.log.warn({ epoch: this.leader.epoch, leader: this.leader.instance, next: next.instance }, 'another dialer took the lease: waiting for it to resume the floor');
    this.gone();
  }

  private check(): void {
    if (!this.leader || Date.now() - this.lastSeen <= this.timeoutMs) return;
    this.log.warn({ epoch: this.leader.epoch, leader: this.leader.instance, silentMs: Date.now() - this.lastSeen }, 'the leading dialer is silent: waiting for a new leader');
    this.gone();
  }

  private gone(): void {
    this.leader = null;
    for (const listener of this.listeners) listener.lost();
  }

  close(): void {
    clearInterval(this.timer);
    for (const subscription of this.subscriptions) subscription.unsubscribe();
  }
}
