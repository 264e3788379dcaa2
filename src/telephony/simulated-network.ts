import type { Clock, TimerHandle } from '../clock/clock.ts';
import { sample } from '../random/distributions.ts';
import type { Quantity } from '../random/distributions.ts';
import { Rng } from '../random/rng.ts';
import type { AnswerDetection, CallEvent, DialFailReason, DialRequest, Network, NetworkCall, StationCall, StationRequest } from './network.ts';
import { SimulatedStations } from './simulated-stations.ts';
import { DEFAULT_AMD, copyConfig, validateSimulatedNetworkConfig } from './simulated-network-config.ts';
import type { AmdConfig, OutcomeProbabilities, SimulatedNetworkConfig } from './simulated-network-config.ts';

export interface SimulatedNetworkCounters {
  dials: number;
  /** Calls a person answered (the truth, whatever AMD said). */
  liveAnswers: number;
  /** Calls an answering machine answered. */
  machineAnswers: number;
  failures: Record<DialFailReason, number>;
  connects: number;
  /** People who hung up because no agent came within their patience. */
  gaveUp: number;
  /** Calls dialed and not yet ended (lines in use). */
  active: number;
}

/** A change during a run: outcomes and AMD settings merge into the current ones; `amd: null` turns AMD off. Inbound traffic is not the outbound network's to change. */
export type SimulatedNetworkUpdate = Partial<Omit<SimulatedNetworkConfig, 'outcomes' | 'amd' | 'seed' | 'inbound'>> & {
  outcomes?: Partial<OutcomeProbabilities>;
  amd?: Partial<AmdConfig> | null;
};

/**
 * The whole story of one call as the simulation knows it (a real trunk never tells who truly
 * answered): for benchmarks and tests that measure against the ground truth.
 */
export interface CallTruth {
  id: string;
  dialedAt: number;
  /** When a person or a machine picked up; null if nobody did. */
  answeredAt: number | null;
  /** Who really picked up. */
  truth: AnswerDetection | null;
  /** What the dialer was told (after answer detection, if it ran). */
  detected: AnswerDetection | null;
  /** When the dialer reported the answer (after detection). */
  reportedAt: number | null;
  /** When the dialer bridged the call to an agent. */
  connectedAt: number | null;
  endedAt: number;
  /**
   * How it ended: `failed` (busy, invalid, refused, no answer), `farEnd` (hung up after talking, or a
   * machine), `gaveUp` (a person waited in silence past their patience), `message` (the dialer played
   * a message, then hung up), `hangup` (the dialer hung up).
   */
  end: 'failed' | 'farEnd' | 'gaveUp' | 'message' | 'hangup';
}

/** What a call reads from its network. */
interface CallContext {
  readonly clock: Clock;
  config: SimulatedNetworkConfig;
  readonly counters: SimulatedNetworkCounters;
  observer: ((truth: CallTruth) => void) | null;
  /** Calls not yet ended, while an observer listens. */
  readonly open: Set<SimulatedCall>;
}

/**
 * A telephone network simulated on a Clock: each dial rings, fails or is answered by a person or a
 * machine, as the config's probabilities and time distributions say. Each call draws from its own
 * stream (the network seed forked by the call's sequence number), so the same seed and the same
 * dialer behaviour give the same day, and a change in how one call is handled does not change the
 * fate of the others.
 */
export class SimulatedNetwork implements Network {
  private readonly rng: Rng;
  private sequence = 0;
  /** Shared with every call; `config` is replaced (never mutated) on update, so calls see the current model. */
  private readonly context: CallContext;
  private readonly stations: SimulatedStations;

  constructor(clock: Clock, config: SimulatedNetworkConfig) {
    validateSimulatedNetworkConfig(config);
    this.rng = new Rng(config.seed);
    this.stations = new SimulatedStations(clock);
    this.context = {
      clock,
      config: copyConfig(config),
      counters: {
        dials: 0,
        liveAnswers: 0,
        machineAnswers: 0,
        failures: { Call_Busy: 0, Ring_No_Answer: 0, Invalid_Number: 0, Network_Refusal: 0 },
        connects: 0,
        gaveUp: 0,
        active: 0,
      },
      observer: null,
      open: new Set(),
    };
  }

  /** Calls `observer` with the truth of every call as it ends (one observer; null to stop). */
  observeCalls(observer: ((truth: CallTruth) => void) | null): void {
    this.context.observer = observer;
    if (!observer) this.context.open.clear();
  }

  /** The truth so far of the calls not yet ended (while an observer listens). */
  openCalls(): CallTruth[] {
    return [...this.context.open].map((call) => call.truthSoFar());
  }

  dial(request: DialRequest): NetworkCall {
    const seq = ++this.sequence;
    this.context.counters.dials++;
    this.context.counters.active++;
    const call = new SimulatedCall(`sim-${seq}`, this.context, request, this.rng.fork(seq));
    if (this.context.observer) this.context.open.add(call);
    call.start();
    return call;
  }

  /**
   * When the far end of a connected call will hang up: what only a simulation knows, for the benchmark's
   * release-oracle reference. Null for a call not connected or not from this network.
   */
  farEndHangupAt(call: NetworkCall): number | null {
    return call instanceof SimulatedCall ? call.farEndHangupAt : null;
  }

  callStation(request: StationRequest): StationCall {
    return this.stations.call(request);
  }

  /**
   * The agent's station hangs up its nail-up call (the agent put the receiver down, the phone restarted):
   * the dialer sees the nailing lost. False when the station has no nail-up call.
   */
  hangUpStation(extension: string): boolean {
    return this.stations.hangUp(extension);
  }

  /** Whether the station has a nail-up call (ringing or up). */
  stationNailed(extension: string): boolean {
    return this.stations.isNailed(extension);
  }

  /** Changes outcome probabilities for calls dialed from now on; the others keep theirs. */
  setOutcomes(partial: Partial<OutcomeProbabilities>): void {
    this.update({ outcomes: partial });
  }

  /** Changes the model mid-run; throws (and changes nothing) if the result is invalid. */
  update(partial: SimulatedNetworkUpdate): void {
    const next = copyConfig(this.context.config);
    const { outcomes, amd, ...times } = partial;
    for (const [key, value] of Object.entries(times) as Array<[keyof typeof times, Quantity | undefined]>) {
      if (value !== undefined) next[key] = value;
    }
    if (outcomes) {
      for (const [key, value] of Object.entries(outcomes) as Array<[keyof OutcomeProbabilities, number | undefined]>) {
        if (value !== undefined) next.outcomes[key] = value;
      }
    }
    if (amd === null) next.amd = null;
    else if (amd) next.amd = { ...(next.amd ?? DEFAULT_AMD), ...definedOnly(amd) };
    validateSimulatedNetworkConfig(next);
    this.context.config = next;
  }

  get config(): SimulatedNetworkConfig {
    return copyConfig(this.context.config);
  }

  get counters(): SimulatedNetworkCounters {
    const counters = this.context.counters;
    return { ...counters, failures: { ...counters.failures } };
  }
}

type Phase = 'ringing' | 'detecting' | 'waiting' | 'connected' | 'message' | 'ended';

/** One call. At most one timer is pending at a time: the next thing the far end will do. */
class SimulatedCall implements NetworkCall {
  private phase: Phase = 'ringing';
  private timer: TimerHandle | null = null;
  private truth: AnswerDetection = 'human';
  private readonly dialedAt: number;
  private answeredAt: number | null = null;
  private reportedAt: number | null = null;
  private detected: AnswerDetection | null = null;
  private connectedAt: number | null = null;
  /** When the far end will hang up, once connected (drawn at connect). */
  farEndHangupAt: number | null = null;
  private ending: CallTruth['end'] = 'hangup';

  constructor(
    readonly id: string,
    private readonly net: CallContext,
    private readonly request: DialRequest,
    private readonly rng: Rng,
  ) {
    this.dialedAt = net.clock.now();
  }

  /** Draws the call's fate and schedules its first event. Never emits synchronously. */
  start(): void {
    const config = this.net.config;
    const { live, machine, busy, invalid, refused } = config.outcomes;
    const u = this.rng.next();
    let edge = live;
    if (u < edge) return this.ring('human', config.ringTime);
    if (u < (edge += machine)) return this.ring('machine', config.machineAnswer);
    if (u < (edge += busy)) return this.failAfter('Call_Busy', this.draw(config.busyAfter));
    if (u < (edge += invalid)) return this.failAfter('Invalid_Number', this.draw(config.invalidAfter));
    if (u < (edge += refused)) return this.failAfter('Network_Refusal', this.draw(config.refusedAfter));
    this.failAfter('Ring_No_Answer', this.request.noAnswerTimeoutMs);
  }

  connect(): void {
    if (this.phase !== 'waiting') return;
    this.cancelTimer();
    this.phase = 'connected';
    this.connectedAt = this.net.clock.now();
    this.net.counters.connects++;
    const config = this.net.config;
    // A machine connected to an agent costs the agent a few seconds before the call is dropped.
    const duration =
      this.truth === 'human' ? config.talk : (config.amd ?? DEFAULT_AMD).falseNegativeAgentSeconds;
    const talkMs = this.draw(duration);
    this.farEndHangupAt = this.connectedAt + talkMs;
    this.schedule(talkMs, () => this.remoteHangup());
  }

  playMessageAndHangup(durationMs: number): void {
    if (this.phase === 'ended') return;
    this.cancelTimer();
    this.phase = 'message';
    this.ending = 'message';
    this.schedule(durationMs, () => this.end());
  }

  hangup(): void {
    if (this.phase === 'ended') return;
    this.ending = 'hangup';
    this.end();
  }

  private ring(truth: AnswerDetection, answerAfter: Quantity): void {
    const answerMs = this.draw(answerAfter);
    if (answerMs > this.request.noAnswerTimeoutMs) return this.failAfter('Ring_No_Answer', this.request.noAnswerTimeoutMs);
    this.schedule(answerMs, () => this.pickUp(truth));
  }

  private pickUp(truth: AnswerDetection): void {
    this.truth = truth;
    this.answeredAt = this.net.clock.now();
    this.phase = 'detecting';
    if (truth === 'human') this.net.counters.liveAnswers++;
    else this.net.counters.machineAnswers++;

    const amd = this.net.config.amd;
    if (!this.request.amd) return this.answered('human');
    if (!amd) return this.answered(truth);
    // Always draw the error, so a call's later draws do not depend on which way it went.
    const wrong = this.rng.chance(truth === 'human' ? amd.falsePositive : amd.falseNegative);
    const other: AnswerDetection = truth === 'human' ? 'machine' : 'human';
    const delayMs = this.draw(truth === 'human' ? amd.humanDelay : amd.machineDecision);
    const detected = wrong ? other : truth;
    if (delayMs <= 0) return this.answered(detected);
    this.schedule(delayMs, () => this.answered(detected));
  }

  private answered(detected: AnswerDetection): void {
    this.phase = 'waiting';
    this.detected = detected;
    this.reportedAt = this.net.clock.now();
    // A person hears silence until an agent comes and hangs up when patience runs out; a machine just records.
    if (this.truth === 'human') {
      this.schedule(this.draw(this.net.config.patience), () => {
        this.net.counters.gaveUp++;
        this.ending = 'gaveUp';
        this.remoteHangup();
      });
    }
    this.emit({ type: 'answered', detected, truth: this.truth });
  }

  private failAfter(reason: DialFailReason, delayMs: number): void {
    this.schedule(delayMs, () => {
      this.net.counters.failures[reason]++;
      this.ending = 'failed';
      this.end();
      this.emit({ type: 'failed', reason });
    });
  }

  private remoteHangup(): void {
    if (this.ending !== 'gaveUp') this.ending = 'farEnd';
    this.end();
    this.emit({ type: 'remoteHangup' });
  }

  /** State changes before the event goes out, so a handler calling back into the call sees it ended. */
  private end(): void {
    this.cancelTimer();
    this.phase = 'ended';
    this.net.counters.active--;
    const observer = this.net.observer;
    if (observer) {
      this.net.open.delete(this);
      observer(this.truthSoFar());
    }
  }

  truthSoFar(): CallTruth {
    return {
      id: this.id, dialedAt: this.dialedAt, answeredAt: this.answeredAt, truth: this.answeredAt === null ? null : this.truth,
      detected: this.detected, reportedAt: this.reportedAt, connectedAt: this.connectedAt, endedAt: this.net.clock.now(), end: this.ending,
    };
  }

  private emit(event: CallEvent): void {
    this.request.onEvent(event);
  }

  private schedule(delayMs: number, fn: () => void): void {
    this.timer = this.net.clock.setTimer(delayMs, () => {
      this.timer = null;
      fn();
    });
  }

  private cancelTimer(): void {
    this.timer?.cancel();
    this.timer = null;
  }

  /** A draw in seconds, as whole milliseconds. */
  private draw(seconds: Quantity): number {
    return Math.max(0, Math.round(sample(seconds, this.rng) * 1000));
  }
}

function definedOnly<T extends object>(partial: Partial<T>): Partial<T> {
  return Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined)) as Partial<T>;
}
