/**
 * A small, fast seeded PRNG (sfc32, seeded through splitmix32) for simulations: the same seed gives
 * the same numbers on every run and platform. Not for anything that needs unpredictability.
 */
export class Rng {
  // sfc32 state: three mixing words and a counter that guarantees a period of at least 2^32.
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  /** The four words the stream started from; forks derive from these, not from the current state. */
  private readonly key: readonly [number, number, number, number];

  /** `seed` may be any finite number; non-integers and values outside 32 bits are hashed. */
  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new Error(`Rng seed must be a finite number, got ${seed}`);
    this.key = keyFromSeed(seed);
    [this.a, this.b, this.c, this.d] = this.key;
    this.warmUp();
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new Error(`Rng.int needs a positive integer, got ${n}`);
    return Math.floor(this.next() * n);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick from an empty list');
    return items[this.int(items.length)] as T;
  }

  /**
   * An independent stream derived from this stream's seed and `label` only, so drawing from one
   * stream never shifts another.
   */
  fork(label: string | number): Rng {
    const l = labelHash(label);
    const words: [number, number, number, number] = [0, 0, 0, 0];
    // fmix32 is a bijection, so for a given parent distinct integer labels give distinct words.
    for (let i = 0; i < 4; i++) {
      words[i] = fmix32((this.key[i]! ^ fmix32((l + Math.imul(i + 1, 0x9e3779b9)) | 0)) | 0);
    }
    return Rng.fromKey(words);
  }

  private static fromKey(key: [number, number, number, number]): Rng {
    const rng: Rng = Object.create(Rng.prototype) as Rng;
    Object.assign(rng, { key, a: key[0], b: key[1], c: key[2], d: key[3] });
    rng.warmUp();
    return rng;
  }

  private nextUint32(): number {
    let { a, b, c, d } = this;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
    return t >>> 0;
  }

  /** The first outputs of sfc32 are poorly mixed; skip them. */
  private warmUp(): void {
    for (let i = 0; i < 12; i++) this.nextUint32();
  }
}

function keyFromSeed(seed: number): [number, number, number, number] {
  let state = Number.isInteger(seed) && seed >= 0 && seed <= 0xffffffff ? seed | 0 : stringHash(String(seed));
  const key: [number, number, number, number] = [0, 0, 0, 0];
  for (let i = 0; i < 4; i++) {
    state = (state + 0x9e3779b9) | 0;
    key[i] = fmix32(state);
  }
  return key;
}

function labelHash(label: string | number): number {
  if (typeof label === 'number' && Number.isInteger(label) && label >= 0 && label <= 0xffffffff) return label | 0;
  return stringHash(String(label));
}

/** FNV-1a, 32 bits. */
function stringHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}

/** The murmur3 finalizer (as in splitmix32): a bijective 32-bit mix. */
function fmix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) | 0;
}
