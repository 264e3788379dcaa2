const BUCKET_MS = 60_000;

/**
 * Live answers and abandons of one campaign over a rolling regulatory window (24 hours in the UK,
 * 30 days in the US), in one-minute buckets so that the totals cost nothing to read.
 */
export class AbandonLedger {
  private readonly buckets: Array<{ start: number; live: number; abandoned: number }> = [];
  private live = 0;
  private abandoned = 0;

  constructor(private readonly windowMs: number) {}

  recordLiveAnswer(at: number): void {
    this.bucket(at).live++;
    this.live++;
  }

  recordAbandon(at: number): void {
    this.bucket(at).abandoned++;
    this.abandoned++;
  }

  /** Seeds the ledger with counts from the store (after a restart). */
  seed(at: number, liveAnswers: number, abandoned: number): void {
    const b = this.bucket(at);
    b.live += liveAnswers;
    b.abandoned += abandoned;
    this.live += liveAnswers;
    this.abandoned += abandoned;
  }

  totals(now: number): { liveAnswers: number; abandoned: number } {
    this.expire(now);
    return { liveAnswers: this.live, abandoned: this.abandoned };
  }

  private bucket(at: number): { start: number; live: number; abandoned: number } {
    const start = at - (at % BUCKET_MS);
    const last = this.buckets[this.buckets.length - 1];
    if (last && last.start === start) return last;
    const fresh = { start, live: 0, abandoned: 0 };
    this.buckets.push(fresh);
    return fresh;
  }

  private expire(now: number): void {
    while (this.buckets.length > 0 && this.buckets[0]!.start + BUCKET_MS <= now - this.windowMs) {
      const old = this.buckets.shift()!;
      this.live -= old.live;
      this.abandoned -= old.abandoned;
    }
  }
}
