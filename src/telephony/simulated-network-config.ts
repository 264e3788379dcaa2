import { minOf, parseDistribution } from '../random/distributions.ts';
import type { Quantity } from '../random/distributions.ts';
import { copyInboundProfile, parseInboundTraffic, validateInboundTraffic } from './inbound-traffic-config.ts';
import type { InboundTrafficProfile } from './inbound-traffic.ts';

/** Probability per dial of each fate; the rest ring with no answer. */
export interface OutcomeProbabilities {
  /** A person answers. */
  live: number;
  /** An answering machine picks up. */
  machine: number;
  busy: number;
  /** Special information tone: the number does not exist. */
  invalid: number;
  /** The network refuses the call (congestion, blocked route). */
  refused: number;
}

/** Answering-machine detection as the network performs it. Times in seconds. */
export interface AmdConfig {
  /** From a person's answer until AMD reports. */
  humanDelay: Quantity;
  /** From a machine's answer until AMD reports. */
  machineDecision: Quantity;
  /** Probability a person is reported as a machine. */
  falsePositive: number;
  /** Probability a machine is reported as a person. */
  falseNegative: number;
  /** How long an agent connected to a machine stays on it before the call ends. */
  falseNegativeAgentSeconds: Quantity;
}

/** The simulated network's model. Every time is in seconds: a number or a distribution. */
export interface SimulatedNetworkConfig {
  outcomes: OutcomeProbabilities;
  /** Dial → a person answers. A live answer later than the dial's no-answer timeout becomes no-answer. */
  ringTime: Quantity;
  /** Dial → an answering machine picks up (same timeout rule). */
  machineAnswer: Quantity;
  busyAfter: Quantity;
  invalidAfter: Quantity;
  refusedAfter: Quantity;
  /** Talk time of a person connected to an agent. */
  talk: Quantity;
  /** How long a person who answered waits for an agent before hanging up. */
  patience: Quantity;
  /** null: machines are recognised at once and correctly (when the dial asks for AMD). */
  amd: AmdConfig | null;
  seed: number;
  /** Callers of the ACD's queues (SimulatedInboundTraffic); absent: no inbound calls. */
  inbound?: InboundTrafficProfile[];
}

/** POM's default ring-no-answer timeout; the dialer puts it on each DialRequest. */
export const DEFAULT_NO_ANSWER_TIMEOUT_MS = 45_000;

/** AMD takes a couple of seconds on a person (silence after "hello") and longer on a machine's greeting. */
export const DEFAULT_AMD: AmdConfig = deepFreeze({
  humanDelay: { dist: 'lognormal', median: 2, sigma: 0.3 },
  machineDecision: { dist: 'lognormal', median: 3.5, sigma: 0.3 },
  falsePositive: 0.05,
  falseNegative: 0.15,
  falseNegativeAgentSeconds: 10,
});

/**
 * Realistic defaults for B2C outbound: about a quarter of dials reach a person, talk is lognormal
 * around 3 minutes, and AMD takes a few seconds and errs both ways.
 */
export const DEFAULT_SIMULATED_NETWORK: SimulatedNetworkConfig = deepFreeze({
  outcomes: { live: 0.25, machine: 0.2, busy: 0.08, invalid: 0.07, refused: 0.01 },
  ringTime: { dist: 'lognormal', median: 9, sigma: 0.45 },
  machineAnswer: { dist: 'uniform', min: 15, max: 24 },
  busyAfter: 3,
  invalidAfter: 2,
  refusedAfter: 1,
  talk: { dist: 'lognormal', mean: 180, cv: 0.8 },
  // People who answer and hear silence mostly hang up within a few seconds.
  patience: { dist: 'uniform', min: 2, max: 8 },
  amd: DEFAULT_AMD,
  seed: 1,
});

const OUTCOME_KEYS = ['live', 'machine', 'busy', 'invalid', 'refused'] as const;
const TIME_KEYS = ['ringTime', 'machineAnswer', 'busyAfter', 'invalidAfter', 'refusedAfter', 'talk', 'patience'] as const;
const AMD_TIME_KEYS = ['humanDelay', 'machineDecision', 'falseNegativeAgentSeconds'] as const;
const AMD_PROBABILITY_KEYS = ['falsePositive', 'falseNegative'] as const;

/**
 * Reads a config from JSON (a scenario's network fields), filling in defaults. An `outcomes`
 * object describes the whole split, so outcomes it leaves out are 0 (the scenario format's "the
 * rest ring with no answer"); a partial `amd` object is completed from the default AMD. Errors
 * name the key and what is wrong.
 */
export function parseSimulatedNetworkConfig(raw: unknown): SimulatedNetworkConfig {
  const input = record(raw, 'network config');
  const known = new Set<string>(['outcomes', 'amd', 'seed', 'inbound', ...TIME_KEYS]);
  for (const key of Object.keys(input)) {
    if (!known.has(key)) throw new Error(`${key}: unknown network setting (expected ${[...known].join(', ')})`);
  }

  const config = copyConfig(DEFAULT_SIMULATED_NETWORK);
  if (input.outcomes !== undefined) config.outcomes = parseOutcomes(input.outcomes);
  for (const key of TIME_KEYS) {
    if (input[key] !== undefined) config[key] = parseTime(input[key], key);
  }
  if (input.amd === null) config.amd = null;
  else if (input.amd !== undefined) config.amd = parseAmd(input.amd);
  if (input.seed !== undefined) {
    if (typeof input.seed !== 'number' || !Number.isFinite(input.seed)) throw new Error(`seed: must be a finite number, got ${JSON.stringify(input.seed)}`);
    config.seed = input.seed;
  }
  if (input.inbound !== undefined) config.inbound = parseInboundTraffic(input.inbound, 'inbound');
  validateSimulatedNetworkConfig(config);
  return config;
}

/** A copy that shares no mutable object with `config`. */
export function copyConfig(config: SimulatedNetworkConfig): SimulatedNetworkConfig {
  const copy = { ...config, outcomes: { ...config.outcomes }, amd: config.amd && { ...config.amd } };
  // Only when present: a config without inbound traffic stays equal to one that never had the key.
  if (config.inbound) copy.inbound = config.inbound.map(copyInboundProfile);
  return copy;
}

/** Throws, naming the key, if probabilities leave [0, 1] or sum above 1, or a time can be negative. */
export function validateSimulatedNetworkConfig(config: SimulatedNetworkConfig): void {
  let sum = 0;
  for (const key of OUTCOME_KEYS) {
    checkProbability(config.outcomes[key], `outcomes.${key}`);
    sum += config.outcomes[key];
  }
  // A little slack for decimal fractions such as 0.25 + 0.2 + 0.08 + 0.07 + ... written in JSON.
  if (sum > 1 + 1e-9) throw new Error(`outcomes: probabilities sum to ${sum}, more than 1`);
  for (const key of TIME_KEYS) checkTime(config[key], key);
  if (config.amd) {
    for (const key of AMD_TIME_KEYS) checkTime(config.amd[key], `amd.${key}`);
    for (const key of AMD_PROBABILITY_KEYS) checkProbability(config.amd[key], `amd.${key}`);
  }
  if (!Number.isFinite(config.seed)) throw new Error(`seed: must be a finite number, got ${config.seed}`);
  if (config.inbound) validateInboundTraffic(config.inbound, 'inbound');
}

function parseOutcomes(raw: unknown): OutcomeProbabilities {
  const input = record(raw, 'outcomes');
  for (const key of Object.keys(input)) {
    if (!(OUTCOME_KEYS as readonly string[]).includes(key)) {
      throw new Error(`outcomes.${key}: unknown outcome (expected ${OUTCOME_KEYS.join(', ')})`);
    }
  }
  const outcomes: OutcomeProbabilities = { live: 0, machine: 0, busy: 0, invalid: 0, refused: 0 };
  for (const key of OUTCOME_KEYS) {
    const v = input[key];
    if (v === undefined) continue;
    if (typeof v !== 'number') throw new Error(`outcomes.${key}: must be a number, got ${JSON.stringify(v)}`);
    outcomes[key] = v;
  }
  return outcomes;
}

function parseAmd(raw: unknown): AmdConfig {
  const input = record(raw, 'amd');
  const amd: AmdConfig = { ...DEFAULT_AMD };
  for (const key of Object.keys(input)) {
    const v = input[key];
    if ((AMD_TIME_KEYS as readonly string[]).includes(key)) {
      amd[key as (typeof AMD_TIME_KEYS)[number]] = parseTime(v, `amd.${key}`);
    } else if ((AMD_PROBABILITY_KEYS as readonly string[]).includes(key)) {
      if (typeof v !== 'number') throw new Error(`amd.${key}: must be a number, got ${JSON.stringify(v)}`);
      amd[key as (typeof AMD_PROBABILITY_KEYS)[number]] = v;
    } else {
      throw new Error(`amd.${key}: unknown AMD setting (expected ${[...AMD_TIME_KEYS, ...AMD_PROBABILITY_KEYS].join(', ')})`);
    }
  }
  return amd;
}

/** Plain numbers stay numbers (cheaper to draw); anything else must be a distribution. */
function parseTime(raw: unknown, path: string): Quantity {
  const spec = parseDistribution(raw, path);
  return spec.dist === 'constant' ? spec.value : spec;
}

function checkTime(value: Quantity, path: string): void {
  const min = minOf(value);
  if (!(min >= 0)) throw new Error(`${path}: times must not be negative (smallest value ${min})`);
}

function checkProbability(value: number, path: string): void {
  if (!(value >= 0 && value <= 1)) throw new Error(`${path}: must be a probability in [0, 1], got ${value}`);
}

function deepFreeze<T extends object>(value: T): T {
  for (const v of Object.values(value)) if (typeof v === 'object' && v !== null) deepFreeze(v as object);
  return Object.freeze(value);
}

function record(raw: unknown, path: string): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${path}: expected an object`);
  return raw as Record<string, unknown>;
}
