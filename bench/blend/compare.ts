/**
 * The blending what-if: the same agents, callers and contacts on two floors, one blended (every agent
 * in one team whose blending rule moves them into the inbound queue when it needs them) and one split
 * (a fixed inbound team sized to the peak hour by Erlang C, and a fixed outbound team).
 */
import type { BlendingRule } from '../../src/acd/queue-types.ts';
import { meanOf } from '../../src/random/distributions.ts';
import { agentsFor, serviceLevel } from './erlang.ts';
import { INBOUND_PATIENCE, INBOUND_TALK, QUEUE, SERVICE_LEVEL_SECONDS, WRAP_SECONDS, inboundRateAt, runFloor, type FloorResult } from './floor.ts';

export interface BlendBenchOptions {
  agents: number;
  hours: number;
  seed: number;
  /** Seconds the queue must stay empty before the blended agents go back to outbound. */
  releaseSeconds: number;
  /** Agents the blended team always keeps outbound. */
  minOutbound: number;
  /** The split floor's inbound team; undefined: the Erlang C staff for 80 % in 20 s at the peak hour. */
  inboundAgents?: number;
}

export const DEFAULT_OPTIONS: BlendBenchOptions = { agents: 40, hours: 8, seed: 1, releaseSeconds: 45, minOutbound: 3 };

/** The service level a contact center sizes its inbound team for: 80 % within 20 s. */
export const TARGET_SERVICE_LEVEL = 0.8;

export interface BlendBenchReport {
  setup: {
    agents: number;
    hours: number;
    seed: number;
    queue: string;
    callsPerHour: number[];
    talkSeconds: unknown;
    patienceSeconds: unknown;
    wrapSeconds: number;
    serviceLevelSeconds: number;
    blending: BlendingRule;
  };
  sizing: {
    /** How the split floor's inbound team was sized. */
    method: 'erlangC' | 'given';
    peakCallsPerHour: number;
    ahtSeconds: number;
    peakErlangs: number;
    inboundAgents: number;
    /** Erlang C's service level for that team at the peak, in % (callers who never give up). */
    erlangCServiceLevelPercent: number;
  };
  blended: FloorResult;
  split: FloorResult;
  difference: {
    /** Blended minus split. */
    outboundTalkHours: number;
    /** (blended − split) ÷ split, in %. */
    outboundTalkPercent: number;
    outboundConnects: number;
    /** Blended minus split, in points. */
    serviceLevelPoints: number | null;
    asaSeconds: number | null;
    inboundAbandonRatePoints: number;
    outboundAbandonRatePoints: number;
  };
  wallSeconds: number;
}

export function blendingRule(options: Pick<BlendBenchOptions, 'releaseSeconds' | 'minOutbound'>): BlendingRule {
  return {
    queue: QUEUE,
    callsWaitingAbove: 0,
    oldestWaitAboveSeconds: 10,
    serviceLevelBelowPercent: 80,
    releaseAfterEmptySeconds: options.releaseSeconds,
    minOutbound: options.minOutbound,
    maxOutbound: null,
  };
}

export async function runBlendBench(options: BlendBenchOptions, progress: (line: string) => void = () => {}): Promise<BlendBenchReport> {
  const started = performance.now();
  const rule = blendingRule(options);
  const hourSlots = Math.ceil(options.hours);
  const callsPerHour = Array.from({ length: hourSlots }, (_, h) => inboundRateAt(h));
  const peak = Math.max(...callsPerHour);
  const aht = meanOf(INBOUND_TALK) + WRAP_SECONDS;
  const erlangs = (peak * aht) / 3600;
  const erlang = Math.min(options.agents - 1, agentsFor(peak, aht, TARGET_SERVICE_LEVEL, SERVICE_LEVEL_SECONDS));
  const inboundAgents = options.inboundAgents ?? erlang;
  if (!(Number.isInteger(inboundAgents) && inboundAgents >= 1 && inboundAgents < options.agents)) {
    throw new Error(`--inbound-agents: must be a whole number from 1 to ${options.agents - 1}, got ${inboundAgents}`);
  }
  const base = { agents: options.agents, hours: options.hours, seed: options.seed, blending: rule };
  progress(`blended: ${options.agents} agents in one team, ${options.hours} h …`);
  const blended = await runFloor({ ...base, config: 'blended', inboundTeam: 0 });
  progress(`  ${blended.wallSeconds.toFixed(1)} s`);
  progress(`split: ${inboundAgents} inbound + ${options.agents - inboundAgents} outbound, ${options.hours} h …`);
  const split = await runFloor({ ...base, config: 'split', inboundTeam: inboundAgents });
  progress(`  ${split.wallSeconds.toFixed(1)} s`);
  const minus = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : a - b);
  return {
    setup: {
      agents: options.agents, hours: options.hours, seed: options.seed, queue: QUEUE, callsPerHour,
      talkSeconds: INBOUND_TALK, patienceSeconds: INBOUND_PATIENCE, wrapSeconds: WRAP_SECONDS, serviceLevelSeconds: SERVICE_LEVEL_SECONDS,
      blending: rule,
    },
    sizing: {
      method: options.inboundAgents === undefined ? 'erlangC' : 'given',
      peakCallsPerHour: peak,
      ahtSeconds: aht,
      peakErlangs: erlangs,
      inboundAgents,
      erlangCServiceLevelPercent: 100 * serviceLevel(inboundAgents, erlangs, SERVICE_LEVEL_SECONDS, aht),
    },
    blended,
    split,
    difference: {
      outboundTalkHours: blended.outbound.talkHours - split.outbound.talkHours,
      outboundTalkPercent: split.outbound.talkHours > 0 ? (100 * (blended.outbound.talkHours - split.outbound.talkHours)) / split.outbound.talkHours : 0,
      outboundConnects: blended.outbound.connects - split.outbound.connects,
      serviceLevelPoints: minus(blended.inbound.serviceLevelPercent, split.inbound.serviceLevelPercent),
      asaSeconds: minus(blended.inbound.asaSeconds, split.inbound.asaSeconds),
      inboundAbandonRatePoints: 100 * (blended.inbound.abandonRate - split.inbound.abandonRate),
      outboundAbandonRatePoints: 100 * (blended.outbound.abandonRate - split.outbound.abandonRate),
    },
    wallSeconds: (performance.now() - started) / 1000,
  };
}

