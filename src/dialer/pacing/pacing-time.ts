import type { PacingReason } from './pacer.ts';

/**
 * How long a job has dialed under each of the guard's reasons (pacer.ts), from its decisions: the
 * time from one decision to the next counts for the first one's reason. The job decides at least
 * once a second while it runs, so the figures are good to a second.
 */
export class PacingTime {
  private readonly seconds = new Map<PacingReason, number>();
  private last: { at: number; reason: PacingReason } | null = null;

  note(now: number, reason: PacingReason): void {
    if (this.last) this.add(this.seconds, this.last.reason, now - this.last.at);
    this.last = { at: now, reason };
  }

  /** Seconds per reason up to `now` (the current reason counted until then). */
  secondsByReason(now: number): Map<PacingReason, number> {
    const out = new Map(this.seconds);
    if (this.last && now > this.last.at) this.add(out, this.last.reason, now - this.last.at);
    return out;
  }

  private add(into: Map<PacingReason, number>, reason: PacingReason, ms: number): void {
    into.set(reason, (into.get(reason) ?? 0) + ms / 1000);
  }
}
