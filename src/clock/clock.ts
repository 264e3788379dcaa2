/** The time port. Domain code reads time and sets timers only through a Clock. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Calls `fn` once after `delayMs`; the handle cancels it. */
  setTimer(delayMs: number, fn: () => void): TimerHandle;
}

export interface TimerHandle {
  cancel(): void;
}
