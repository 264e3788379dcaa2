/**
 * The pace of `--call-every S`: each agent starts a call cycle (dials its preview) at most every S
 * seconds. Between cycles it stays Ready with the next preview on screen, as a person reading it would;
 * the dialer's preview is untimed, so nothing dials by itself meanwhile. The agents' first cycles are
 * spread evenly over the first S seconds after the pace starts, so the floor runs at N / S cycles per
 * second from the start, not in waves of N. All times are performance.now() milliseconds.
 */

export interface Pace {
  /** At most one call cycle per agent this often. */
  everyMs: number;
  /** Where the agent's first slot lies within the period, in [0, 1). */
  phase: number;
}

/** Agent `index` of `count`: phases (index + 0.5) / count, evenly spread over the period. */
export function paceOf(everySeconds: number, index: number, count: number): Pace {
  if (!(everySeconds > 0)) throw new RangeError(`the period must be positive (got ${everySeconds})`);
  if (!Number.isInteger(index) || !Number.isInteger(count) || count < 1 || index < 0 || index >= count) {
    throw new RangeError(`agent ${index} of ${count} is not an agent of the run`);
  }
  return { everyMs: everySeconds * 1000, phase: (index + 0.5) / count };
}

/**
 * When the agent may dial the preview in hand: its first slot (origin + phase × period), then a period
 * after the last dial; never before `now`. A cycle that took longer than the period is followed at once.
 */
export function nextDialAt(pace: Pace, origin: number, lastDialAt: number | null, now: number): number {
  const due = lastDialAt === null ? origin + pace.phase * pace.everyMs : lastDialAt + pace.everyMs;
  return Math.max(now, due);
}

/**
 * Contacts each demo list needs for a run: one per call cycle of every agent during warm-up, measurement
 * and the drain (about 60 s) with a 20 % margin (paced: plus two, the preview in hand and a slot's rounding); at least 20,000 and at
 * most the demo seed's limit. Back-to-back, an agent cycles about once a second (the 1 s ring dominates).
 */
export function contactsPerList(agents: number, durationSeconds: number, callEverySeconds: number | null): number {
  const cycles = callEverySeconds === null
    ? agents * (durationSeconds + 60) * 1.2
    : agents * ((durationSeconds + 60) / callEverySeconds + 2) * 1.2;
  return Math.min(999_999, Math.max(20_000, Math.ceil(cycles)));
}
