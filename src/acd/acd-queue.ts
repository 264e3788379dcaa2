import { byArrival } from './acd-call.ts';
import type { TrackedCall } from './acd-call.ts';
import type { QueueFigures } from './queue-types.ts';

const DAY_MS = 86_400_000;

/** What a queue has counted since the start of its day. */
interface DayCounters {
  /** Days since the epoch: the ACD's day runs from midnight UTC of the clock. */
  day: number;
  offered: number;
  answered: number;
  abandoned: number;
  /** Abandoned after waiting longer than the service level threshold: they count against the service level. */
  abandonedAfterThreshold: number;
  overflowed: number;
  answeredWithinThreshold: number;
  /** Sum of the answered calls' waits, for the average speed of answer. */
  answerWaitMs: number;
}

/**
 * One queue's waiting calls and its counters for the day. Counters start at 0 when the ACD starts and
 * again at each midnight UTC of the clock (checked whenever a counter is read or written, so no timer
 * is needed). A call that arrived before midnight and ends after counts its end in the new day.
 *
 * How an overflowed call counts: `overflowed` in the queue it leaves (it is neither answered nor
 * abandoned there, so it does not weigh on that queue's service level), `offered` again in the queue
 * it enters, and its wait is measured from the caller's arrival (what the caller lived), not from the
 * move.
 */
export class AcdQueue {
  /** Oldest arrival first. */
  private readonly waiting: TrackedCall[] = [];
  private counters: DayCounters;

  constructor(
    readonly name: string,
    /** The service level threshold of the queue's latest definition (kept after a removal, for its last calls). */
    public serviceLevelSeconds: number,
    now: number,
  ) {
    this.counters = emptyCounters(dayOf(now));
  }

  /** The waiting calls, oldest arrival first. */
  get waitingCalls(): readonly TrackedCall[] {
    return this.waiting;
  }

  /** The oldest waiting call the ACD may deliver (one whose caller is not known to have gone). */
  oldestDeliverable(): TrackedCall | undefined {
    return this.waiting.find((call) => call.deliverable);
  }

  /** Adds a call in arrival order (an overflowed call keeps its place by its arrival time). */
  add(call: TrackedCall): void {
    let i = this.waiting.length;
    while (i > 0 && byArrival(this.waiting[i - 1]!, call) > 0) i--;
    this.waiting.splice(i, 0, call);
  }

  remove(call: TrackedCall): void {
    const i = this.waiting.indexOf(call);
    if (i >= 0) this.waiting.splice(i, 1);
  }

  countOffered(now: number): void {
    this.today(now).offered++;
  }

  countAnswered(now: number, waitMs: number): void {
    const counters = this.today(now);
    counters.answered++;
    counters.answerWaitMs += waitMs;
    if (waitMs <= this.serviceLevelSeconds * 1000) counters.answeredWithinThreshold++;
  }

  countAbandoned(now: number, waitMs: number): void {
    const counters = this.today(now);
    counters.abandoned++;
    if (waitMs > this.serviceLevelSeconds * 1000) counters.abandonedAfterThreshold++;
  }

  countOverflowed(now: number): void {
    this.today(now).overflowed++;
  }

  figures(now: number, agents: { staffed: number; available: number }): QueueFigures {
    const counters = this.today(now);
    const oldest = this.waiting[0];
    const slDenominator = counters.answered + counters.abandonedAfterThreshold;
    return {
      queue: this.name,
      waiting: this.waiting.length,
      oldestWaitSeconds: oldest ? Math.max(0, now - oldest.call.arrivedAt) / 1000 : 0,
      agentsStaffed: agents.staffed,
      agentsAvailable: agents.available,
      offered: counters.offered,
      answered: counters.answered,
      abandoned: counters.abandoned,
      overflowed: counters.overflowed,
      answeredWithinThreshold: counters.answeredWithinThreshold,
      serviceLevelPercent: slDenominator === 0 ? null : (counters.answeredWithinThreshold / slDenominator) * 100,
      averageSpeedOfAnswerSeconds: counters.answered === 0 ? null : counters.answerWaitMs / counters.answered / 1000,
      serviceLevelSeconds: this.serviceLevelSeconds,
    };
  }

  /** The counters of `now`'s day, starting afresh when the day has changed since the last count. */
  private today(now: number): DayCounters {
    const day = dayOf(now);
    if (day !== this.counters.day) this.counters = emptyCounters(day);
    return this.counters;
  }
}

function dayOf(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

function emptyCounters(day: number): DayCounters {
  return {
    day, offered: 0, answered: 0, abandoned: 0, abandonedAfterThreshold: 0, overflowed: 0, answeredWithinThreshold: 0, answerWaitMs: 0,
  };
}
