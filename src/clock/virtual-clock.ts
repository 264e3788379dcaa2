import type { Clock, TimerHandle } from './clock.ts';

interface PendingTimer {
  at: number;
  seq: number;
  fn: () => void;
  cancelled: boolean;
}

/** Something that finishes asynchronous work started by a timer (a serial task queue, say). */
export type Settler = () => Promise<void>;

/**
 * Simulated time for tests, demos and benchmarks: hours of dialing in seconds.
 * Time moves only through `advance`/`runUntil`. After each timer fires, every registered settler is
 * awaited, so asynchronous work (store writes) finishes before simulated time moves on. Timers due at
 * the same instant fire in the order they were set, which keeps seeded runs reproducible.
 */
export class VirtualClock implements Clock {
  private current: number;
  private seq = 0;
  private readonly heap: PendingTimer[] = [];
  private readonly settlers: Settler[] = [];

  constructor(startMs = Date.UTC(2026, 0, 5, 13, 0, 0)) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  setTimer(delayMs: number, fn: () => void): TimerHandle {
    const timer: PendingTimer = { at: this.current + Math.max(0, delayMs), seq: this.seq++, fn, cancelled: false };
    this.push(timer);
    return { cancel: () => void (timer.cancelled = true) };
  }

  addSettler(settler: Settler): void {
    this.settlers.push(settler);
  }

  /** Fires every timer due within `ms` from now, in order, then sets the time to now + ms. */
  async advance(ms: number): Promise<void> {
    await this.runUntil(this.current + ms);
  }

  async runUntil(targetMs: number): Promise<void> {
    await this.settle();
    for (;;) {
      const next = this.heap[0];
      if (!next || next.at > targetMs) break;
      this.pop();
      if (next.cancelled) continue;
      this.current = Math.max(this.current, next.at);
      next.fn();
      await this.settle();
    }
    this.current = Math.max(this.current, targetMs);
  }

  /** Timers still pending (cancelled ones excluded). */
  pendingTimers(): number {
    return this.heap.filter((t) => !t.cancelled).length;
  }

  private async settle(): Promise<void> {
    for (const settler of this.settlers) await settler();
  }

  private push(timer: PendingTimer): void {
    const heap = this.heap;
    heap.push(timer);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!earlier(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let min = i;
      if (l < heap.length && earlier(heap[l]!, heap[min]!)) min = l;
      if (r < heap.length && earlier(heap[r]!, heap[min]!)) min = r;
      if (min === i) break;
      [heap[i], heap[min]] = [heap[min]!, heap[i]!];
      i = min;
    }
  }
}

function earlier(a: PendingTimer, b: PendingTimer): boolean {
  return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
