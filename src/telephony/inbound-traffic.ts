import type { Clock, TimerHandle } from '../clock/clock.ts';
import { sample } from '../random/distributions.ts';
import type { Quantity } from '../random/distributions.ts';
import { Rng } from '../random/rng.ts';
import type { InboundCallSink } from './inbound.ts';
import { copyInboundProfile, validateInboundTraffic } from './inbound-traffic-config.ts';
import { SimulatedInboundCall } from './simulated-inbound-call.ts';
import type { CallerFate, InboundTrafficCounters } from './simulated-inbound-call.ts';

export type { InboundTrafficCounters } from './simulated-inbound-call.ts';

/** The callers of one queue, as the simulation models them. */
export interface InboundTrafficProfile {
  queue: string;
  /** Arrivals per hour: one rate all day, or 24 hourly rates (hour 0–23 in `timeZone`), a step per hour. */
  callsPerHour: number | number[];
  /** IANA time zone of the hourly rates. */
  timeZone: string;
  /** Time the caller talks once connected to an agent (then hangs up). */
  talkSeconds: Quantity;
  /** Time the caller waits in queue before giving up. */
  patienceSeconds: Quantity;
}

const HOUR_MS = 3_600_000;

/**
 * Callers arriving at the ACD's queues on a Clock: a Poisson process per profile whose rate follows
 * the profile's hour of day (thinning against the day's peak rate). Randomness is split so the same
 * seed gives the same day: each profile draws its arrival times from its own stream, and each call
 * its number, patience and talk time from a stream forked by its sequence number in the profile, all
 * at arrival. So how the ACD handles one call changes neither the arrivals nor any other caller, and
 * adding a profile changes no other profile's calls.
 */
export class SimulatedInboundTraffic {
  private readonly streams: ArrivalStream[];
  private readonly tally: InboundTrafficCounters = { arrivals: 0, gaveUp: 0, talked: 0, announcements: 0, music: 0 };
  private running = false;

  constructor(
    private readonly clock: Clock,
    profiles: readonly InboundTrafficProfile[],
    seed: number,
    private readonly sink: InboundCallSink,
  ) {
    validateInboundTraffic(profiles, 'inbound');
    const root = new Rng(seed);
    let calls = 0;
    const arrive = (profile: InboundTrafficProfile, fate: CallerFate): void => {
      this.tally.arrivals++;
      this.sink(new SimulatedInboundCall(`in-${++calls}`, profile.queue, fate, this.clock, this.tally));
    };
    this.streams = profiles.map(
      (profile, i) => new ArrivalStream(clock, copyInboundProfile(profile), root.fork('arrivals').fork(i), root.fork('callers').fork(i), arrive),
    );
  }

  /** Starts the arrivals (again after stop: from now). */
  start(): void {
    if (this.running) return;
    this.running = true;
    for (const stream of this.streams) stream.start();
  }

  /** No more arrivals; callers already in play go on until they hang up or are hung up. */
  stop(): void {
    this.running = false;
    for (const stream of this.streams) stream.stop();
  }

  get counters(): InboundTrafficCounters {
    return { ...this.tally };
  }
}

/** One profile's arrivals. */
class ArrivalStream {
  private timer: TimerHandle | null = null;
  private callers = 0;
  /** Arrivals per millisecond at the day's peak: the rate candidates are drawn at. */
  private readonly peakPerMs: number;
  private readonly hourOf: (ms: number) => number;

  constructor(
    private readonly clock: Clock,
    private readonly profile: InboundTrafficProfile,
    private readonly arrivals: Rng,
    private readonly callerStreams: Rng,
    private readonly arrive: (profile: InboundTrafficProfile, fate: CallerFate) => void,
  ) {
    const rates = profile.callsPerHour;
    this.peakPerMs = (typeof rates === 'number' ? rates : Math.max(...rates)) / HOUR_MS;
    this.hourOf = hourReader(profile.timeZone);
  }

  start(): void {
    if (this.peakPerMs > 0) this.scheduleCandidate();
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = null;
  }

  /**
   * Thinning: candidates come at the peak rate; one at time t becomes a call with probability
   * rate(t) ÷ peak, which makes the calls a Poisson process of rate rate(t).
   */
  private scheduleCandidate(): void {
    const gapMs = -Math.log(1 - this.arrivals.next()) / this.peakPerMs;
    this.timer = this.clock.setTimer(Math.round(gapMs), () => {
      const keep = this.arrivals.next() * this.peakPerMs < this.ratePerMs(this.clock.now());
      this.scheduleCandidate();
      if (keep) this.arrive(this.profile, this.fateOf(++this.callers));
    });
  }

  private ratePerMs(at: number): number {
    const rates = this.profile.callsPerHour;
    const perHour = typeof rates === 'number' ? rates : (rates[this.hourOf(at)] ?? 0);
    return perHour / HOUR_MS;
  }

  private fateOf(caller: number): CallerFate {
    const rng = this.callerStreams.fork(caller);
    return {
      callingNumber: northAmericanNumber(rng),
      patienceMs: Math.max(0, Math.round(sample(this.profile.patienceSeconds, rng) * 1000)),
      talkMs: Math.max(0, Math.round(sample(this.profile.talkSeconds, rng) * 1000)),
    };
  }
}

/** +1 NXX NXX XXXX: area code and exchange start with 2–9, as the North American plan requires. */
function northAmericanNumber(rng: Rng): string {
  const digits = (n: number): string => Array.from({ length: n }, () => rng.int(10)).join('');
  return `+1${2 + rng.int(8)}${digits(2)}${2 + rng.int(8)}${digits(2)}${digits(4)}`;
}

/** The hour (0–23) of an instant in a time zone. */
function hourReader(timeZone: string): (ms: number) => number {
  if (timeZone === 'UTC') return (ms) => new Date(ms).getUTCHours();
  const format = new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', hourCycle: 'h23' });
  return (ms) => Number(format.formatToParts(ms).find((part) => part.type === 'hour')?.value ?? 0) % 24;
}
