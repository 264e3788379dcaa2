import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { meanOf, minOf, parseDistribution, sample } from '../../src/random/distributions.ts';
import type { DistributionSpec } from '../../src/random/distributions.ts';
import { Rng } from '../../src/random/rng.ts';

function draws(rng: Rng, n: number): number[] {
  return Array.from({ length: n }, () => rng.next());
}

function samples(spec: DistributionSpec, n: number, seed = 7): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => sample(spec, rng));
}

function mean(xs: number[]): number {
  return xs.reduce((s, x) => s + x, 0) / xs.length;
}

function sd(xs: number[]): number {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
}

function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function near(actual: number, expected: number, relTolerance: number, what: string): void {
  assert.ok(
    Math.abs(actual - expected) <= relTolerance * Math.abs(expected),
    `${what}: ${actual} not within ${relTolerance * 100}% of ${expected}`,
  );
}

describe('Rng', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    assert.deepEqual(draws(new Rng(42), 100), draws(new Rng(42), 100));
    assert.notDeepEqual(draws(new Rng(42), 100), draws(new Rng(43), 100));
  });

  it('draws uniformly in [0, 1)', () => {
    const xs = draws(new Rng(1), 100_000);
    assert.ok(xs.every((x) => x >= 0 && x < 1));
    near(mean(xs), 0.5, 0.01, 'mean');
    // Each tenth of [0, 1) gets about a tenth of the draws.
    const bins = new Array<number>(10).fill(0);
    for (const x of xs) bins[Math.floor(x * 10)]!++;
    for (const count of bins) near(count, 10_000, 0.05, 'bin count');
  });

  it('int and pick stay in range and reach every value', () => {
    const rng = new Rng(3);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const k = rng.int(6);
      assert.ok(Number.isInteger(k) && k >= 0 && k < 6);
      seen.add(k);
    }
    assert.equal(seen.size, 6);
    const items = ['a', 'b', 'c'] as const;
    const picked = new Set(Array.from({ length: 200 }, () => rng.pick(items)));
    assert.deepEqual([...picked].sort(), ['a', 'b', 'c']);
    assert.throws(() => rng.pick([]), /empty/);
    assert.throws(() => rng.int(0), /positive integer/);
  });

  it('fork depends on the seed and the label only, not on draws made before', () => {
    const fresh = new Rng(9).fork('calls');
    const used = new Rng(9);
    draws(used, 57);
    assert.deepEqual(draws(used.fork('calls'), 50), draws(fresh, 50));
    assert.deepEqual(draws(new Rng(9).fork(12), 20), draws(new Rng(9).fork(12), 20));
  });

  it('forks with different labels or parents are different streams', () => {
    const parent = new Rng(9);
    const a = draws(parent.fork(1), 20);
    assert.notDeepEqual(a, draws(parent.fork(2), 20));
    assert.notDeepEqual(a, draws(new Rng(10).fork(1), 20));
    assert.notDeepEqual(a, draws(parent, 20));
    assert.notDeepEqual(draws(parent.fork('x'), 20), draws(parent.fork('y'), 20));
  });

  it('consecutive numeric forks are uncorrelated', () => {
    const parent = new Rng(5);
    const firsts = Array.from({ length: 20_000 }, (_, i) => parent.fork(i).next());
    near(mean(firsts), 0.5, 0.02, 'mean of first draws');
    let lag = 0;
    for (let i = 1; i < firsts.length; i++) lag += (firsts[i]! - 0.5) * (firsts[i - 1]! - 0.5);
    assert.ok(Math.abs(lag / firsts.length) < 0.002, `lag-1 covariance ${lag / firsts.length}`);
  });
});

describe('sample and meanOf', () => {
  it('lognormal with mean and cv has that mean and cv', () => {
    const spec: DistributionSpec = { dist: 'lognormal', mean: 180, cv: 0.8 };
    const xs = samples(spec, 200_000);
    near(mean(xs), 180, 0.015, 'mean');
    near(sd(xs) / mean(xs), 0.8, 0.03, 'cv');
    assert.ok(xs.every((x) => x > 0));
    assert.equal(meanOf(spec), 180);
  });

  it('lognormal with median and sigma has that median and log-sd', () => {
    const spec: DistributionSpec = { dist: 'lognormal', median: 9, sigma: 0.45 };
    const xs = samples(spec, 200_000);
    near(median(xs), 9, 0.01, 'median');
    near(sd(xs.map(Math.log)), 0.45, 0.01, 'sd of log');
    near(meanOf(spec), 9 * Math.exp(0.45 ** 2 / 2), 1e-12, 'meanOf');
    near(mean(xs), meanOf(spec), 0.01, 'sample mean');
  });

  it('uniform stays within bounds with the middle as mean', () => {
    const spec: DistributionSpec = { dist: 'uniform', min: 15, max: 24 };
    const xs = samples(spec, 100_000);
    assert.ok(xs.every((x) => x >= 15 && x < 24));
    near(mean(xs), 19.5, 0.005, 'mean');
    assert.equal(meanOf(spec), 19.5);
    assert.equal(minOf(spec), 15);
  });

  it('exponential has its mean and sd equal to the mean', () => {
    const spec: DistributionSpec = { dist: 'exponential', mean: 4 };
    const xs = samples(spec, 200_000);
    near(mean(xs), 4, 0.01, 'mean');
    near(sd(xs), 4, 0.02, 'sd');
    assert.equal(meanOf(spec), 4);
  });

  it('constants and plain numbers are returned as they are', () => {
    const rng = new Rng(1);
    assert.equal(sample({ dist: 'constant', value: 3 }, rng), 3);
    assert.equal(sample(2.5, rng), 2.5);
    assert.equal(meanOf(2.5), 2.5);
    assert.equal(meanOf({ dist: 'constant', value: 3 }), 3);
  });

  it('is reproducible for a seed', () => {
    const spec: DistributionSpec = { dist: 'lognormal', mean: 180, cv: 0.8 };
    assert.deepEqual(samples(spec, 100, 11), samples(spec, 100, 11));
    assert.notDeepEqual(samples(spec, 100, 11), samples(spec, 100, 12));
  });
});

describe('parseDistribution', () => {
  it('reads every form of the scenario format', () => {
    assert.deepEqual(parseDistribution({ dist: 'lognormal', mean: 180, cv: 0.8 }, 'talk'), {
      dist: 'lognormal',
      mean: 180,
      cv: 0.8,
    });
    assert.deepEqual(parseDistribution({ dist: 'lognormal', median: 9, sigma: 0.45 }, 'ringTime'), {
      dist: 'lognormal',
      median: 9,
      sigma: 0.45,
    });
    assert.deepEqual(parseDistribution({ dist: 'uniform', min: 15, max: 24 }, 'x'), { dist: 'uniform', min: 15, max: 24 });
    assert.deepEqual(parseDistribution({ dist: 'constant', value: 2 }, 'x'), { dist: 'constant', value: 2 });
    assert.deepEqual(parseDistribution({ dist: 'exponential', mean: 3 }, 'x'), { dist: 'exponential', mean: 3 });
    assert.deepEqual(parseDistribution(3, 'busyAfter'), { dist: 'constant', value: 3 });
  });

  it('names the path and the problem on bad input', () => {
    const cases: Array<[unknown, RegExp]> = [
      ['3', /^talk: expected a number or a distribution/],
      [null, /^talk: expected/],
      [[1, 2], /^talk: expected/],
      [Number.NaN, /^talk: must be a finite number/],
      [{ mean: 3 }, /^talk\.dist: missing/],
      [{ dist: 'gamma', shape: 2 }, /^talk\.dist: unknown distribution "gamma"/],
      [{ dist: 'lognormal', mean: 180 }, /^talk\.cv: missing/],
      [{ dist: 'lognormal', mean: 180, cv: -1 }, /^talk\.cv: must be >= 0/],
      [{ dist: 'lognormal', mean: 0, cv: 1 }, /^talk\.mean: must be > 0/],
      [{ dist: 'lognormal', mean: 180, sigma: 0.4 }, /^talk\.sigma: not a parameter/],
      [{ dist: 'lognormal', median: '9', sigma: 0.4 }, /^talk\.median: must be a finite number/],
      [{ dist: 'uniform', min: 5, max: 2 }, /^talk: min \(5\) must not exceed max \(2\)/],
      [{ dist: 'uniform', min: 1 }, /^talk\.max: missing/],
      [{ dist: 'constant', value: 1, extra: 2 }, /^talk\.extra: not a parameter/],
      [{ dist: 'exponential', mean: -2 }, /^talk\.mean: must be > 0/],
    ];
    for (const [input, message] of cases) {
      assert.throws(() => parseDistribution(input, 'talk'), { message }, JSON.stringify(input));
    }
  });
});
