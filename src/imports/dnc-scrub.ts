/**
 * The numbers of DNC lists held for a scrub: E.164 digits as doubles (every E.164 number, at most 15
 * digits, is exact in one) in a sorted Float64Array. Eight bytes a number, so a million-number list
 * takes 8 MB, and a lookup is a binary search.
 */
import type { Store } from '../store/store.ts';

const PAGE = 20_000;

export class DncSet {
  private constructor(readonly numbers: Float64Array) {}

  /** A set of numbers already sorted (as `numbers` is), e.g. sent to a worker thread. */
  static fromSorted(numbers: Float64Array): DncSet {
    return new DncSet(numbers);
  }

  /** Loads the phone lists, page by page. */
  static async load(store: Store, listIds: readonly number[]): Promise<DncSet> {
    let numbers = new Float64Array(1024);
    let size = 0;
    for (const listId of listIds) {
      let after = '';
      for (;;) {
        const page = await store.dnc.addressesAfter(listId, after, PAGE);
        for (const address of page) {
          const value = keyOf(address);
          if (value === undefined) continue;
          if (size === numbers.length) {
            const grown = new Float64Array(numbers.length * 2);
            grown.set(numbers);
            numbers = grown;
          }
          numbers[size++] = value;
        }
        if (page.length < PAGE) break;
        after = page[page.length - 1]!;
      }
    }
    return new DncSet(numbers.slice(0, size).sort());
  }

  get size(): number {
    return this.numbers.length;
  }

  has(e164: string): boolean {
    const value = keyOf(e164);
    if (value === undefined) return false;
    const a = this.numbers;
    let lo = 0;
    let hi = a.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = a[mid]!;
      if (v === value) return true;
      if (v < value) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }
}

function keyOf(e164: string): number | undefined {
  if (e164.charCodeAt(0) !== 43 || e164.length > 16) return undefined;
  const value = Number(e164.slice(1));
  return Number.isSafeInteger(value) ? value : undefined;
}
