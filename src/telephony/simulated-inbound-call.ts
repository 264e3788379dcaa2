import type { Clock, TimerHandle } from '../clock/clock.ts';
import type { InboundCallEvent, InboundNetworkCall } from './inbound.ts';

/** What the simulated callers have done so far. */
export interface InboundTrafficCounters {
  /** Calls handed to the ACD. */
  arrivals: number;
  /** Callers who hung up in queue because their patience ran out. */
  gaveUp: number;
  /** Callers connected to an agent. */
  talked: number;
  /** Periodic announcements played to waiting callers. */
  announcements: number;
  /** Times music was started for a caller. */
  music: number;
}

/** A simulated caller's fate, drawn when the call arrives. */
export interface CallerFate {
  callingNumber: string;
  /** How long the caller waits in queue before giving up. */
  patienceMs: number;
  /** How long the caller talks once connected, before hanging up. */
  talkMs: number;
}

/*
 * One simulated caller. At most one timer is pending: the caller's next move.
 *
 *   waiting ──connect()──► connected ──(talk time)──► ended: remoteHangup
 *      └──(patience)──► ended: remoteHangup (gave up)
 *   any ──hangup()──► ended, no event
 *
 * Hold is not modelled: the talk clock keeps running on hold, as in the outbound simulation.
 */
type Phase = 'waiting' | 'connected' | 'ended';

export class SimulatedInboundCall implements InboundNetworkCall {
  readonly callingNumber: string;
  readonly arrivedAt: number;
  private phase: Phase = 'waiting';
  private timer: TimerHandle | null = null;
  private listener: ((event: InboundCallEvent) => void) | null = null;

  constructor(
    readonly id: string,
    readonly queue: string,
    private readonly fate: CallerFate,
    private readonly clock: Clock,
    private readonly counters: InboundTrafficCounters,
  ) {
    this.callingNumber = fate.callingNumber;
    this.arrivedAt = clock.now();
    this.timer = clock.setTimer(fate.patienceMs, () => {
      this.counters.gaveUp++;
      this.remoteHangup();
    });
  }

  onEvent(listener: (event: InboundCallEvent) => void): void {
    this.listener = listener;
  }

  playMusic(): void {
    if (this.phase !== 'ended') this.counters.music++;
  }

  announce(): void {
    if (this.phase === 'waiting') this.counters.announcements++;
  }

  connect(): void {
    if (this.phase !== 'waiting') return;
    this.cancelTimer();
    this.phase = 'connected';
    this.counters.talked++;
    this.timer = this.clock.setTimer(this.fate.talkMs, () => this.remoteHangup());
  }

  hangup(): void {
    this.cancelTimer();
    this.phase = 'ended';
  }

  /** The state changes before the event goes out, so a listener calling back into the call sees it ended. */
  private remoteHangup(): void {
    this.timer = null;
    this.phase = 'ended';
    this.listener?.({ type: 'remoteHangup' });
  }

  private cancelTimer(): void {
    this.timer?.cancel();
    this.timer = null;
  }
}
