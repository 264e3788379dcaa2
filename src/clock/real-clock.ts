import type { Clock, TimerHandle } from './clock.ts';

/** Wall-clock time, for production. */
export class RealClock implements Clock {
  now(): number {
    return Date.now();
  }

  setTimer(delayMs: number, fn: () => void): TimerHandle {
    const timer = setTimeout(fn, Math.max(0, delayMs));
    // Simulated callers and calls keep timers for minutes; the servers keep a running process alive, not they.
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  }
}
