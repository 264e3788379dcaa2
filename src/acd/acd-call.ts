import type { TimerHandle } from '../clock/clock.ts';
import type { InboundNetworkCall } from '../telephony/inbound.ts';

/** An inbound call as the ACD and the agent desk share it. */
export interface AcdCall {
  /** The network's call id (the UCID the desktop sees). */
  readonly id: string;
  readonly network: InboundNetworkCall;
  /** The queue the call is in now (after an overflow, the overflow queue). */
  queue: string;
  /** The queue the caller dialed. */
  readonly originalQueue: string;
  /** When the caller arrived; waits (service level, speed of answer, oldest wait) count from here, overflow or not. */
  readonly arrivedAt: number;
  answeredAt: number | null;
  /** The inbound_calls row. */
  recordId: number;
}

/*
 * One call's life in the ACD.
 *
 *   arrived ──► waiting ──► delivered ──► ended (the agent side said callEnded)
 *     │           │  ▲ overflow: waiting again, in the overflow queue
 *     │           └──► ended (the caller gave up: abandoned)
 *     └──► ended (no such queue, or its row could not be written: hung up)
 */
export type AcdCallPhase = 'arrived' | 'waiting' | 'delivered' | 'ended';

/** The ACD's bookkeeping around one AcdCall. */
export class TrackedCall {
  phase: AcdCallPhase = 'arrived';
  /**
   * Set the moment the network says the caller hung up, before the serial queue gets to it, so a
   * routing pass already running does not deliver a caller who is gone.
   */
  callerGone = false;
  /** The agent a delivered call went to. */
  agentId: string | null = null;
  /** The row's endedAt is written (once: by the caller's hang-up or by callEnded, whichever comes first). */
  rowEnded = false;
  /** Counts the queues the call has entered, so a timer set in an earlier queue does nothing in the next. */
  entry = 0;
  /** The next periodic announcement, while waiting. */
  announcementTimer: TimerHandle | null = null;
  /** The move to the overflow queue, while waiting. */
  overflowTimer: TimerHandle | null = null;

  constructor(
    readonly call: AcdCall,
    /** Order of arrival at the ACD: breaks ties between calls that arrived in the same millisecond. */
    readonly arrivalOrder: number,
  ) {}

  /** Waiting and not known to have hung up: a call the ACD may deliver. */
  get deliverable(): boolean {
    return this.phase === 'waiting' && !this.callerGone;
  }

  /** Stops the waiting-call timers (announcements, overflow). */
  cancelTimers(): void {
    this.announcementTimer?.cancel();
    this.overflowTimer?.cancel();
    this.announcementTimer = null;
    this.overflowTimer = null;
  }
}

/** Oldest arrival first. */
export function byArrival(a: TrackedCall, b: TrackedCall): number {
  return a.call.arrivedAt - b.call.arrivedAt || a.arrivalOrder - b.arrivalOrder;
}
