import { minOf, parseDistribution } from '../random/distributions.ts';
import type { DistributionSpec, Quantity } from '../random/distributions.ts';
import type { InboundTrafficProfile } from './inbound-traffic.ts';

/** Inbound service calls run longer than outbound sales calls: lognormal around 4 minutes. */
export const DEFAULT_INBOUND_TALK_SECONDS: DistributionSpec = Object.freeze({ dist: 'lognormal', mean: 240, cv: 0.8 });
/** Patience in queue: exponential around 2 minutes (the usual Erlang-A assumption). */
export const DEFAULT_INBOUND_PATIENCE_SECONDS: DistributionSpec = Object.freeze({ dist: 'exponential', mean: 120 });
export const DEFAULT_INBOUND_TIME_ZONE = 'UTC';

const PROFILE_KEYS = ['queue', 'callsPerHour', 'timeZone', 'talkSeconds', 'patienceSeconds'] as const;

/**
 * Reads the `inbound` list of a network config from JSON: `queue` and `callsPerHour` are required,
 * `timeZone`, `talkSeconds` and `patienceSeconds` default. Errors name the path (`inbound.0.callsPerHour.3`).
 */
export function parseInboundTraffic(raw: unknown, path: string): InboundTrafficProfile[] {
  if (!Array.isArray(raw)) throw new Error(`${path}: expected a list of inbound traffic profiles`);
  return raw.map((item, i) => parseProfile(item, `${path}.${i}`));
}

/** Throws, naming the path, if a profile is not one the simulation can run. */
export function validateInboundTraffic(profiles: readonly InboundTrafficProfile[], path: string): void {
  profiles.forEach((profile, i) => validateProfile(profile, `${path}.${i}`));
}

function validateProfile(profile: InboundTrafficProfile, path: string): void {
  checkQueue(profile.queue, `${path}.queue`);
  checkRates(profile.callsPerHour, `${path}.callsPerHour`);
  checkTimeZone(profile.timeZone, `${path}.timeZone`);
  checkTime(profile.talkSeconds, `${path}.talkSeconds`);
  checkTime(profile.patienceSeconds, `${path}.patienceSeconds`);
}

/** A copy that shares no mutable array with `profile` (distribution objects are never mutated). */
export function copyInboundProfile(profile: InboundTrafficProfile): InboundTrafficProfile {
  return { ...profile, callsPerHour: typeof profile.callsPerHour === 'number' ? profile.callsPerHour : [...profile.callsPerHour] };
}

function parseProfile(raw: unknown, path: string): InboundTrafficProfile {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${path}: expected an object`);
  const input = raw as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!(PROFILE_KEYS as readonly string[]).includes(key)) {
      throw new Error(`${path}.${key}: unknown inbound setting (expected ${PROFILE_KEYS.join(', ')})`);
    }
  }
  if (input.queue === undefined) throw new Error(`${path}.queue: missing`);
  if (input.callsPerHour === undefined) throw new Error(`${path}.callsPerHour: missing`);
  const profile: InboundTrafficProfile = {
    queue: input.queue as string,
    callsPerHour: input.callsPerHour as number | number[],
    timeZone: (input.timeZone ?? DEFAULT_INBOUND_TIME_ZONE) as string,
    talkSeconds: input.talkSeconds === undefined ? DEFAULT_INBOUND_TALK_SECONDS : parseTime(input.talkSeconds, `${path}.talkSeconds`),
    patienceSeconds: input.patienceSeconds === undefined ? DEFAULT_INBOUND_PATIENCE_SECONDS : parseTime(input.patienceSeconds, `${path}.patienceSeconds`),
  };
  // The casts above are checked here, with the same messages as a profile built in code.
  validateProfile(profile, path);
  return profile;
}

function checkQueue(value: unknown, path: string): void {
  if (typeof value !== 'string' || value.trim() === '') throw new Error(`${path}: must be a non-empty string, got ${JSON.stringify(value)}`);
}

function checkRates(value: unknown, path: string): void {
  if (Array.isArray(value)) {
    if (value.length !== 24) throw new Error(`${path}: must list 24 hourly rates (hour 0 to 23), got ${value.length}`);
    value.forEach((rate, hour) => checkRate(rate, `${path}.${hour}`));
    return;
  }
  if (typeof value !== 'number') throw new Error(`${path}: must be a number ≥ 0 or a list of 24 hourly numbers, got ${JSON.stringify(value)}`);
  checkRate(value, path);
}

function checkRate(value: unknown, path: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new Error(`${path}: must be a number ≥ 0, got ${JSON.stringify(value)}`);
}

function checkTimeZone(value: unknown, path: string): void {
  if (typeof value !== 'string') throw new Error(`${path}: must be an IANA time zone name, got ${JSON.stringify(value)}`);
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
  } catch {
    throw new Error(`${path}: unknown time zone ${JSON.stringify(value)}`);
  }
}

function checkTime(value: Quantity, path: string): void {
  const min = minOf(value);
  if (!(min >= 0)) throw new Error(`${path}: times must not be negative (smallest value ${min})`);
}

/** Plain numbers stay numbers (cheaper to draw); anything else must be a distribution. */
function parseTime(raw: unknown, path: string): Quantity {
  const spec = parseDistribution(raw, path);
  return spec.dist === 'constant' ? spec.value : spec;
}
