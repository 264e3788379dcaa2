const BUCKET_MS = 60_000;

/** What answer detection gets wrong, as configured for the trunk (or learned from reviews). */
export interface AmdErrorRates {
  /** P(a person is taken for a machine and hung up on): each is an abandoned call. */
  falsePositive: number;
  /** P(a machine is taken for a person and passed on as a live answer). */
  falseNegative: number;
}

/** Live answers and abandons over one window, as the regulator counts them. */
export interface AbandonTotals {
  windowMs: number;
  /** People who answered (estimated where answer detection hides them). */
  liveAnswers: number;
  /** People who answered and got no agent in time, AMD false positives included. */
  abandoned: number;
  /** Of `abandoned`, the people answer detection hung up on (estimated): abandons no pacing can avoid. */
  detectionAbandoned: number;
}

/** Live answers and abandons (all, and those answer detection caused) of a window or of the job so far. */
export type Counted = Omit<AbandonTotals, 'windowMs'>;

interface Counts {
  /** Live answers of calls dialed without answer detection. */
  live: number;
  /** Abandoned calls (no agent in time, or the customer hung up while waiting). */
  abandoned: number;
  /** Calls dialed with answer detection that it passed on as a person. */
  amdHuman: number;
  /** Calls dialed with answer detection that it hung up on as a machine. */
  amdMachine: number;
}

interface Bucket extends Counts {
  start: number;
}

interface Window extends Counts {
  windowMs: number;
  /** Index of the oldest bucket still inside this window. */
  head: number;
  /** Counts seeded from the store after a restart, with the time they were seeded. */
  seeds: Array<{ at: number; live: number; abandoned: number }>;
}

function zero(): Counts {
  return { live: 0, abandoned: 0, amdHuman: 0, amdMachine: 0 };
}

function add(to: Counts, from: Counts, sign: 1 | -1): void {
  to.live += sign * from.live;
  to.abandoned += sign * from.abandoned;
  to.amdHuman += sign * from.amdHuman;
  to.amdMachine += sign * from.amdMachine;
}

/**
 * Live answers and abandons of one campaign over each of its rolling regulatory windows (24 hours in
 * the UK, 30 days in the US; several at once if the campaign answers to several), in one-minute
 * buckets so that the totals cost nothing to read.
 *
 * Answer detection hides some abandons: a person AMD takes for a machine is hung up on and counts as
 * abandoned, but the dialer only saw a machine. From AMD's error rates p (false positive) and q
 * (false negative) and the calls it passed on as people (h) and hung up on as machines (m), the
 * people behind them are estimated as H = ((1 − q)·h − q·m) / (1 − p − q), of whom p·H were hung up
 * on: those count as live answers and as abandons.
 */
export class AbandonLedger {
  private readonly buckets: Bucket[] = [];
  private readonly windows: Window[];
  private readonly all: Counts = zero();

  constructor(windowsMs: number | readonly number[], private amd: AmdErrorRates = { falsePositive: 0, falseNegative: 0 }) {
    const list = (typeof windowsMs === 'number' ? [windowsMs] : [...windowsMs]).filter((w) => w > 0);
    if (list.length === 0) throw new Error('an abandon ledger needs at least one window');
    this.windows = [...new Set(list)].sort((a, b) => a - b).map((windowMs) => ({ windowMs, head: 0, seeds: [], ...zero() }));
  }

  /** New estimates of the detection's errors (a campaign edited): the counts so far are read with them. */
  setAmdErrorRates(rates: AmdErrorRates): void {
    this.amd = rates;
  }

  get windowsMs(): number[] {
    return this.windows.map((w) => w.windowMs);
  }

  /** A person answered a call dialed without answer detection. */
  recordLiveAnswer(at: number): void {
    this.count(at, 'live');
  }

  /** Answer detection passed a call on as a person. */
  recordDetectedHuman(at: number): void {
    this.count(at, 'amdHuman');
  }

  /** Answer detection hung up on a call as a machine (a person, now and then). */
  recordAmdHangup(at: number): void {
    this.count(at, 'amdMachine');
  }

  recordAbandon(at: number): void {
    this.count(at, 'abandoned');
  }

  /** Seeds the window of `windowMs` with counts from the store (after a restart). */
  seed(at: number, liveAnswers: number, abandoned: number, windowMs?: number): void {
    for (const w of this.windows) {
      if (windowMs !== undefined && w.windowMs !== windowMs) continue;
      w.seeds.push({ at, live: liveAnswers, abandoned });
      w.live += liveAnswers;
      w.abandoned += abandoned;
    }
  }

  /** Totals of every window, shortest first. */
  allTotals(now: number): AbandonTotals[] {
    this.expire(now);
    return this.windows.map((w) => ({ windowMs: w.windowMs, ...this.estimate(w) }));
  }

  /** The window whose rate is highest now (the one nearest its cap). */
  totals(now: number): Counted {
    let worst: AbandonTotals | null = null;
    for (const t of this.allTotals(now)) {
      if (!worst || rate(t) > rate(worst)) worst = t;
    }
    return { liveAnswers: worst!.liveAnswers, abandoned: worst!.abandoned, detectionAbandoned: worst!.detectionAbandoned };
  }

  /** Everything recorded since the ledger was made (seeds excluded): for the pacer's feedback. */
  cumulative(): Counted {
    return this.estimate(this.all);
  }

  private estimate(c: Counts): Counted {
    if (c.amdHuman === 0 && c.amdMachine === 0) return { liveAnswers: c.live, abandoned: c.abandoned, detectionAbandoned: 0 };
    const { falsePositive: p, falseNegative: q } = this.amd;
    const denominator = Math.max(0.05, 1 - p - q);
    const people = Math.max(0, Math.min(c.amdHuman + c.amdMachine, ((1 - q) * c.amdHuman - q * c.amdMachine) / denominator));
    const hungUpOn = Math.min(c.amdMachine, p * people);
    // People passed on: those AMD got right (the machines it let through are not live answers).
    const passedOn = Math.max(0, people - hungUpOn);
    return { liveAnswers: c.live + passedOn + hungUpOn, abandoned: c.abandoned + hungUpOn, detectionAbandoned: hungUpOn };
  }

  private count(at: number, key: keyof Counts): void {
    this.bucket(at)[key]++;
    this.all[key]++;
    for (const w of this.windows) w[key]++;
  }

  private bucket(at: number): Bucket {
    const start = at - (at % BUCKET_MS);
    const last = this.buckets[this.buckets.length - 1];
    if (last && last.start === start) return last;
    const fresh: Bucket = { start, ...zero() };
    this.buckets.push(fresh);
    return fresh;
  }

  private expire(now: number): void {
    for (const w of this.windows) {
      const oldest = now - w.windowMs;
      while (w.head < this.buckets.length && this.buckets[w.head]!.start + BUCKET_MS <= oldest) {
        add(w, this.buckets[w.head]!, -1);
        w.head++;
      }
      while (w.seeds.length > 0 && w.seeds[0]!.at <= oldest) {
        const s = w.seeds.shift()!;
        w.live -= s.live;
        w.abandoned -= s.abandoned;
      }
    }
    // Drop the buckets every window has passed (the longest window's head), now and then.
    const head = this.windows[this.windows.length - 1]!.head;
    if (head > 1024) {
      this.buckets.splice(0, head);
      for (const w of this.windows) w.head -= head;
    }
  }
}

function rate(t: AbandonTotals): number {
  return t.liveAnswers > 0 ? t.abandoned / t.liveAnswers : 0;
}
