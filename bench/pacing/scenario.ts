/**
 * The pacing scenario format (/work/shared/bench/pacing/README.md, docs/pacing.md): read, checked
 * with errors that name the field, and turned into the simulated network's config.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { meanOf, parseDistribution, type DistributionSpec, type Quantity } from '../../src/random/distributions.ts';
import { parseSimulatedNetworkConfig, type SimulatedNetworkConfig } from '../../src/telephony/simulated-network-config.ts';
import type { SimulatedNetworkUpdate } from '../../src/telephony/simulated-network.ts';

export interface ScenarioAmd {
  humanDelay: Quantity;
  machineDecision: Quantity;
  falsePositive: number;
  falseNegative: number;
  falseNegativeAgentSeconds: Quantity;
}

export interface ScenarioEvent {
  /** Seconds from the start of the replication (the warm-up included). */
  at: number;
  set: Record<string, unknown>;
}

export interface Scenario {
  id: string;
  note: string;
  agents: number;
  outcomes: { live: number; machine: number; busy: number; invalid: number };
  ringTime: Quantity;
  noAnswerTimeout: number;
  machineAnswer: Quantity;
  busyAfter: Quantity;
  invalidAfter: Quantity;
  talk: Quantity;
  wrap: Quantity;
  connectWithin: number;
  amd: ScenarioAmd | null;
  maxLinesPerAgent: number;
  warmup: number;
  duration: number;
  replications: number;
  seed: number;
  abandonCap: number;
  /** How long a person who answered waits in silence before hanging up (not in the README's list; the network's default). */
  patience?: Quantity;
  events: ScenarioEvent[];
}

const OUTCOME_KEYS = ['live', 'machine', 'busy', 'invalid'] as const;
const NETWORK_TIME_KEYS = ['ringTime', 'machineAnswer', 'busyAfter', 'invalidAfter', 'talk', 'patience'] as const;
const AMD_KEYS = ['humanDelay', 'machineDecision', 'falsePositive', 'falseNegative', 'falseNegativeAgentSeconds'] as const;

export function loadScenario(file: string): Scenario {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return parseScenario(raw, basename(file).replace(/\.json$/i, ''));
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`, { cause: error });
  }
}

export function parseScenario(raw: unknown, fallbackId = 'scenario'): Scenario {
  const input = object(raw, 'scenario');
  const number = (key: string, min: number, max = Infinity, fallback?: number): number => {
    const v = input[key];
    if (v === undefined && fallback !== undefined) return fallback;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new Error(`${key}: must be a number, got ${JSON.stringify(v)}`);
    if (v < min || v > max) throw new Error(`${key}: must be in [${min}, ${max}], got ${v}`);
    return v;
  };
  const integer = (key: string, min: number, max = Infinity, fallback?: number): number => {
    const v = number(key, min, max, fallback);
    if (!Number.isInteger(v)) throw new Error(`${key}: must be a whole number, got ${v}`);
    return v;
  };
  const time = (key: string, fallback?: Quantity): Quantity => {
    const v = input[key];
    if (v === undefined && fallback !== undefined) return fallback;
    if (v === undefined) throw new Error(`${key}: missing`);
    return quantity(v, key);
  };

  const outcomesRaw = object(input.outcomes, 'outcomes');
  const outcomes = { live: 0, machine: 0, busy: 0, invalid: 0 };
  for (const key of Object.keys(outcomesRaw)) {
    if (!(OUTCOME_KEYS as readonly string[]).includes(key)) throw new Error(`outcomes.${key}: unknown outcome (expected ${OUTCOME_KEYS.join(', ')})`);
    const v = outcomesRaw[key];
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new Error(`outcomes.${key}: must be a probability, got ${JSON.stringify(v)}`);
    outcomes[key as (typeof OUTCOME_KEYS)[number]] = v;
  }

  const scenario: Scenario = {
    id: typeof input.id === 'string' && input.id ? input.id : fallbackId,
    note: typeof input.note === 'string' ? input.note : '',
    agents: integer('agents', 0, 5000),
    outcomes,
    ringTime: time('ringTime'),
    noAnswerTimeout: number('noAnswerTimeout', 1, 600),
    machineAnswer: time('machineAnswer'),
    busyAfter: time('busyAfter'),
    invalidAfter: time('invalidAfter'),
    talk: time('talk'),
    wrap: time('wrap'),
    connectWithin: number('connectWithin', 0, 600),
    amd: input.amd === null || input.amd === undefined ? null : amd(input.amd),
    maxLinesPerAgent: number('maxLinesPerAgent', 1, 100),
    warmup: number('warmup', 0, 7 * 86400),
    duration: number('duration', 1, 30 * 86400),
    replications: integer('replications', 1, 1000),
    seed: integer('seed', 0, 2 ** 31),
    abandonCap: number('abandonCap', 0, 1),
    events: [],
  };
  if (input.patience !== undefined) scenario.patience = time('patience');
  const known = new Set([
    'id', 'note', 'agents', 'outcomes', 'ringTime', 'noAnswerTimeout', 'machineAnswer', 'busyAfter', 'invalidAfter', 'talk', 'wrap',
    'connectWithin', 'amd', 'maxLinesPerAgent', 'warmup', 'duration', 'replications', 'seed', 'abandonCap', 'events', 'patience',
  ]);
  for (const key of Object.keys(input)) if (!known.has(key)) throw new Error(`${key}: unknown scenario field`);
  // The network checks the whole model (probabilities summing to at most 1, times not negative).
  networkConfig(scenario, 0);

  const events = input.events === undefined ? [] : input.events;
  if (!Array.isArray(events)) throw new Error('events: must be a list');
  scenario.events = events.map((e: unknown, i) => {
    const event = object(e, `events[${i}]`);
    const at = event.at === undefined ? 0 : event.at;
    if (typeof at !== 'number' || !(at >= 0)) throw new Error(`events[${i}].at: must be seconds >= 0, got ${JSON.stringify(at)}`);
    const set = object(event.set, `events[${i}].set`);
    for (const [key, value] of Object.entries(set)) checkSetting(key, value, `events[${i}].set`);
    return { at, set };
  }).sort((a, b) => a.at - b.at);
  return scenario;
}

/** The simulated network of one replication. */
export function networkConfig(s: Scenario, seed: number): SimulatedNetworkConfig {
  return parseSimulatedNetworkConfig({
    outcomes: s.outcomes,
    ringTime: s.ringTime,
    machineAnswer: s.machineAnswer,
    busyAfter: s.busyAfter,
    invalidAfter: s.invalidAfter,
    talk: s.talk,
    ...(s.patience !== undefined ? { patience: s.patience } : {}),
    amd: s.amd,
    seed,
  });
}

/** An event's settings split into what the network takes and what the floor (agents, wrap-up) takes. */
export function splitSettings(set: Record<string, unknown>): { network: SimulatedNetworkUpdate; agents?: number; wrap?: Quantity } {
  const network: SimulatedNetworkUpdate = {};
  const result: { network: SimulatedNetworkUpdate; agents?: number; wrap?: Quantity } = { network };
  for (const [key, value] of Object.entries(set)) {
    if (key === 'agents') result.agents = value as number;
    else if (key === 'wrap') result.wrap = quantity(value, key);
    else if (key.startsWith('outcomes.')) network.outcomes = { ...network.outcomes, [key.slice('outcomes.'.length)]: value as number };
    else if (key === 'outcomes') network.outcomes = value as Record<string, number>;
    else if (key === 'amd') network.amd = value === null ? null : (value as Partial<ScenarioAmd>);
    else if (key.startsWith('amd.')) {
      network.amd = { ...(network.amd ?? {}), [key.slice('amd.'.length)]: (key.endsWith('Positive') || key.endsWith('Negative')) ? value as number : quantity(value, key) };
    } else (network as Record<string, unknown>)[key] = quantity(value, key);
  }
  return result;
}

function checkSetting(key: string, value: unknown, path: string): void {
  if (key === 'agents') {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new Error(`${path}.agents: must be a whole number >= 0`);
    return;
  }
  if (key === 'wrap' || (NETWORK_TIME_KEYS as readonly string[]).includes(key)) {
    quantity(value, `${path}.${key}`);
    return;
  }
  if (key.startsWith('outcomes.') && (OUTCOME_KEYS as readonly string[]).includes(key.slice(9))) {
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw new Error(`${path}.${key}: must be a probability`);
    return;
  }
  if (key === 'amd' && value === null) return;
  if (key.startsWith('amd.') && (AMD_KEYS as readonly string[]).includes(key.slice(4))) return;
  throw new Error(`${path}.${key}: not a setting an event can change (agents, wrap, outcomes.*, amd.*, ${NETWORK_TIME_KEYS.join(', ')})`);
}

function amd(raw: unknown): ScenarioAmd {
  const input = object(raw, 'amd');
  for (const key of Object.keys(input)) if (!(AMD_KEYS as readonly string[]).includes(key)) throw new Error(`amd.${key}: unknown AMD setting`);
  const probability = (key: string): number => {
    const v = input[key];
    if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new Error(`amd.${key}: must be a probability, got ${JSON.stringify(v)}`);
    return v;
  };
  const t = (key: string): Quantity => {
    if (input[key] === undefined) throw new Error(`amd.${key}: missing`);
    return quantity(input[key], `amd.${key}`);
  };
  return {
    humanDelay: t('humanDelay'),
    machineDecision: t('machineDecision'),
    falsePositive: probability('falsePositive'),
    falseNegative: probability('falseNegative'),
    falseNegativeAgentSeconds: t('falseNegativeAgentSeconds'),
  };
}

function quantity(raw: unknown, path: string): Quantity {
  const spec: DistributionSpec = parseDistribution(raw, path);
  return spec.dist === 'constant' ? spec.value : spec;
}

function object(raw: unknown, path: string): Record<string, unknown> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${path}: expected an object`);
  return raw as Record<string, unknown>;
}

/** Mean seconds of a quantity (for sizing the contact list). */
export function meanSeconds(q: Quantity): number {
  return meanOf(q);
}
