import type { Rng } from './rng.ts';

/** The distributions of the pacing scenario format (bench/pacing/README.md), plus exponential. */
export type DistributionSpec =
  | { dist: 'lognormal'; mean: number; cv: number }
  | { dist: 'lognormal'; median: number; sigma: number }
  | { dist: 'uniform'; min: number; max: number }
  | { dist: 'constant'; value: number }
  | { dist: 'exponential'; mean: number };

/** A fixed number or a distribution: what a scenario may give for a time or a size. */
export type Quantity = number | DistributionSpec;

/**
 * Reads a distribution spec from JSON. A bare finite number is read as a constant, since scenarios
 * write fixed times that way (`"busyAfter": 3`). Errors name `path` and what is wrong.
 */
export function parseDistribution(value: unknown, path: string): DistributionSpec {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`${path}: must be a finite number, got ${value}`);
    return { dist: 'constant', value };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`${path}: expected a number or a distribution object like {"dist": "uniform", "min": 1, "max": 2}`);
  }
  const raw = value as Record<string, unknown>;
  const field = (key: string): number => {
    const v = raw[key];
    if (v === undefined) throw new Error(`${path}.${key}: missing`);
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${path}.${key}: must be a finite number, got ${JSON.stringify(v)}`);
    return v;
  };
  const onlyKeys = (...keys: string[]): void => {
    for (const key of Object.keys(raw)) {
      if (key !== 'dist' && !keys.includes(key)) {
        throw new Error(`${path}.${key}: not a parameter of a ${String(raw.dist)} distribution (expected ${keys.join(', ')})`);
      }
    }
  };
  const positive = (key: string): number => {
    const v = field(key);
    if (v <= 0) throw new Error(`${path}.${key}: must be > 0, got ${v}`);
    return v;
  };
  const nonNegative = (key: string): number => {
    const v = field(key);
    if (v < 0) throw new Error(`${path}.${key}: must be >= 0, got ${v}`);
    return v;
  };

  switch (raw.dist) {
    case 'lognormal':
      if ('mean' in raw || 'cv' in raw) {
        onlyKeys('mean', 'cv');
        return { dist: 'lognormal', mean: positive('mean'), cv: nonNegative('cv') };
      }
      onlyKeys('median', 'sigma');
      return { dist: 'lognormal', median: positive('median'), sigma: nonNegative('sigma') };
    case 'uniform': {
      onlyKeys('min', 'max');
      const min = field('min');
      const max = field('max');
      if (min > max) throw new Error(`${path}: min (${min}) must not exceed max (${max})`);
      return { dist: 'uniform', min, max };
    }
    case 'constant':
      onlyKeys('value');
      return { dist: 'constant', value: field('value') };
    case 'exponential':
      onlyKeys('mean');
      return { dist: 'exponential', mean: positive('mean') };
    case undefined:
      throw new Error(`${path}.dist: missing (lognormal, uniform, constant or exponential)`);
    default:
      throw new Error(`${path}.dist: unknown distribution ${JSON.stringify(raw.dist)} (lognormal, uniform, constant or exponential)`);
  }
}

/** One draw. Lognormal uses Box–Muller; one normal per draw, so every draw costs the same two numbers. */
export function sample(spec: Quantity, rng: Rng): number {
  if (typeof spec === 'number') return spec;
  switch (spec.dist) {
    case 'lognormal': {
      const { mu, sigma } = lognormalParams(spec);
      return Math.exp(mu + sigma * standardNormal(rng));
    }
    case 'uniform':
      return spec.min + (spec.max - spec.min) * rng.next();
    case 'constant':
      return spec.value;
    case 'exponential':
      return -spec.mean * Math.log(1 - rng.next());
  }
}

export function meanOf(spec: Quantity): number {
  if (typeof spec === 'number') return spec;
  switch (spec.dist) {
    case 'lognormal': {
      const { mu, sigma } = lognormalParams(spec);
      return Math.exp(mu + (sigma * sigma) / 2);
    }
    case 'uniform':
      return (spec.min + spec.max) / 2;
    case 'constant':
      return spec.value;
    case 'exponential':
      return spec.mean;
  }
}

/** The smallest value a draw can take (0 for the positive distributions). */
export function minOf(spec: Quantity): number {
  if (typeof spec === 'number') return spec;
  switch (spec.dist) {
    case 'uniform':
      return spec.min;
    case 'constant':
      return spec.value;
    case 'lognormal':
    case 'exponential':
      return 0;
  }
}

/** mu and sigma of the underlying normal. For mean/cv: sigma² = ln(1 + cv²), mu = ln(mean) − sigma²/2. */
export function lognormalParams(spec: Extract<DistributionSpec, { dist: 'lognormal' }>): { mu: number; sigma: number } {
  if ('median' in spec) return { mu: Math.log(spec.median), sigma: spec.sigma };
  const variance = Math.log(1 + spec.cv * spec.cv);
  return { mu: Math.log(spec.mean) - variance / 2, sigma: Math.sqrt(variance) };
}

function standardNormal(rng: Rng): number {
  const u1 = 1 - rng.next(); // in (0, 1], so the log is finite
  const u2 = rng.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

/** Φ, the standard normal distribution function (Abramowitz–Stegun 26.2.17, error < 7.5e-8). */
export function normalCdf(z: number): number {
  if (z < -8) return 0;
  if (z > 8) return 1;
  const t = 1 / (1 + 0.2316419 * Math.abs(z));
  const density = 0.3989422804014327 * Math.exp(-0.5 * z * z);
  const tail = density * t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return z >= 0 ? 1 - tail : tail;
}

/**
 * The largest mean r of a Poisson count N with P(N ≥ n) ≤ probability (bisection; n ≥ 1). Past 200
 * the tail is taken as normal (with a continuity correction): the exact sum would underflow.
 */
export function poissonMeanWithTail(n: number, probability: number): number {
  const tail = (r: number): number => {
    if (n > 200) return 1 - normalCdf((n - 0.5 - r) / Math.sqrt(r));
    let term = Math.exp(-r);
    let below = 0;
    for (let k = 0; k < n; k++) {
      below += term;
      term *= r / (k + 1);
    }
    return 1 - below;
  };
  let low = 0;
  let high = n + 10 * Math.sqrt(n) + 10;
  for (let i = 0; i < 50; i++) {
    const mid = (low + high) / 2;
    if (tail(mid) > probability) high = mid;
    else low = mid;
  }
  return low;
}
