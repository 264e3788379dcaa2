import type { AbandonGuardOptions } from './compliance/abandon-guard.ts';
import type { AmdErrorRates } from './compliance/abandon-ledger.ts';
import type { NetworkCall } from '../telephony/network.ts';

/** The dialer's tunables; defaults in one place. Validated with the rest of the config (config.ts). */
export interface DialerOptions {
  /** How often each job re-paces, offers previews and looks for due callbacks. */
  tickMs: number;
  /**
   * Pacing decisions of a job are at least this far apart: events closer than that (answers, hang-ups,
   * agents freed) share one decision, so that a floor of thousands of lines does not re-read every
   * agent and call at each event. A decision asked for sooner runs at the end of the interval.
   */
  pacingIntervalMs: number;
  /** Time for the nail-up call to reach the agent's station. */
  nailupDelayMs: number;
  /** Recorded message played to an abandoned call. */
  abandonMessageMs: number;
  /** Message left on an answering machine (answeringMachineAction 'message'). */
  machineMessageMs: number;
  /** Aux reason code recorded when a desktop moves an agent to Not-Ready with hasWalkedAway. */
  walkAwayReasonCode: number;
  callbackCheckMs: number;
  /** A cancelled preview contact returns to the list after this many minutes. */
  previewCancelRetryMinutes: number;
  /** How often a job asks the store again once its list had nothing to dial. */
  emptyListRecheckMs: number;
  /** No ring-no-answer hang-up before this (regulators: 15 s). */
  minimumRingSeconds: number;
  /** A call does not start later than this before the calling window closes. */
  windowMarginSeconds: number;
  /** The regulatory abandon window (24 h UK, 30 days US). */
  abandonWindowMs: number;
  /**
   * Further windows the cap must hold over at the same time (e.g. 30 days beside 24 hours); the guard
   * holds each. Default: none.
   */
  extraAbandonWindowsMs?: readonly number[];
  /** Pacing policy of predictive jobs: the campaign's own (`predictive`), or a baseline. */
  pacing: 'predictive' | 'progressive' | { ratio: number };
  /**
   * The compliance guard around the pacing (budget slow-down, progressive fall-back). On by default;
   * off only to measure a baseline policy as it is.
   */
  guardPacing?: boolean;
  /** Tuning of the compliance guard (target share of the cap, slow-down). */
  abandonGuard?: Partial<Omit<AbandonGuardOptions, 'cap'>>;
  /**
   * The error rates of the trunk's answering-machine detection, for the abandons it hides (a person
   * hung up on as a machine is an abandoned call). Default: 5% false positives, 15% false negatives.
   */
  amdErrorRates?: AmdErrorRates;
  /**
   * Benchmarks only: when the customer of a connected call will hang up, as a simulated network knows
   * it. The pacer is then told when each talking agent frees up (the release-oracle reference, which
   * no real network can give).
   */
  releaseOracle?: (call: NetworkCall) => number | null;
  /** Default expiry of a callback created by an agent, in minutes after its due time. */
  callbackExpiryMinutes: number;
  /**
   * A call the dialer lost track of (its process stopped mid-call) ends with result Unknown and counts
   * as an attempt; its contact is dialed again no sooner than this, unless the campaign's retry rules
   * name Unknown.
   */
  unknownOutcomeRetryMinutes: number;
  /** Outside parties agents may consult and transfer to (besides any number they type). */
  consultDestinations: ReadonlyArray<{ name: string; number: string }>;
}

export const DEFAULT_DIALER_OPTIONS: Readonly<DialerOptions> = Object.freeze({
  tickMs: 1000,
  pacingIntervalMs: 100,
  nailupDelayMs: 1500,
  abandonMessageMs: 6000,
  machineMessageMs: 20_000,
  walkAwayReasonCode: 99,
  callbackCheckMs: 15_000,
  previewCancelRetryMinutes: 60,
  emptyListRecheckMs: 30_000,
  minimumRingSeconds: 15,
  windowMarginSeconds: 0,
  abandonWindowMs: 24 * 3600_000,
  pacing: 'predictive',
  callbackExpiryMinutes: 120,
  unknownOutcomeRetryMinutes: 30,
  consultDestinations: [],
});

/** Typical answering-machine detection: 5% of people taken for machines, 15% of machines for people. */
export const DEFAULT_AMD_ERROR_RATES: Readonly<AmdErrorRates> = Object.freeze({ falsePositive: 0.05, falseNegative: 0.15 });

/** Every window the abandon cap holds over. */
export function abandonWindowsOf(options: DialerOptions): number[] {
  return [options.abandonWindowMs, ...(options.extraAbandonWindowsMs ?? [])];
}

export function amdErrorRatesOf(options: DialerOptions): AmdErrorRates {
  return options.amdErrorRates ?? DEFAULT_AMD_ERROR_RATES;
}
