/**
 * One floor of the blending what-if: nailup's real dialer (agent manager, predictive pacer with its
 * compliance guard, blender, inbound desk), the embedded ACD and an in-memory SQLite store on the
 * virtual clock, against the simulated outbound network, simulated inbound callers and bot agents.
 * Only the clock, the networks and the agents are simulated.
 *
 * The figures come from the simulation's ground truth (who answered, who reached an agent, when a
 * caller gave up) and from the agents' own timings; the ACD's figures are read too, as the
 * supervisor sees them, and checked against the truth.
 */
import { randomBytes, scryptSync } from 'node:crypto';
import { EmbeddedAcd } from '../../src/acd/embedded-acd.ts';
import type { BlendingRule, QueueDefinition, QueueFigures } from '../../src/acd/queue-types.ts';
import type { Clock } from '../../src/clock/clock.ts';
import { VirtualClock } from '../../src/clock/virtual-clock.ts';
import { SimulatedAgent, type SimulatedAgentOptions } from '../../src/dialer/bots/simulated-agent.ts';
import { DEFAULT_GUARD_OPTIONS } from '../../src/dialer/compliance/abandon-guard.ts';
import { everyDay } from '../../src/dialer/compliance/calling-window.ts';
import { Dialer } from '../../src/dialer/dialer.ts';
import { DEFAULT_DIALER_OPTIONS, type DialerOptions } from '../../src/dialer/dialer-options.ts';
import { EmbeddedAgentApi } from '../../src/dialer/embedded-agent-api.ts';
import { THROWING_LOG } from '../../src/log/log.ts';
import type { PomAgentApi } from '../../src/pom/agent-api.ts';
import type { POMCallState } from '../../src/pom/types.ts';
import type { Quantity } from '../../src/random/distributions.ts';
import { Rng } from '../../src/random/rng.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { CampaignRecord } from '../../src/store/records.ts';
import type { InboundCallEvent, InboundNetworkCall } from '../../src/telephony/inbound.ts';
import { SimulatedInboundTraffic, type InboundTrafficProfile } from '../../src/telephony/inbound-traffic.ts';
import { SimulatedNetwork, type CallTruth } from '../../src/telephony/simulated-network.ts';
import { parseSimulatedNetworkConfig, type SimulatedNetworkConfig } from '../../src/telephony/simulated-network-config.ts';
import { ContactSupply } from '../shared/contact-supply.ts';

/** Monday 08:00 UTC: an 8-hour day ends at 16:00, inside the ACD's day (its counters restart at midnight UTC). */
export const START = Date.UTC(2026, 0, 5, 8, 0, 0);
export const START_HOUR_UTC = 8;
/** The longest run whose figures stay inside one ACD day. */
export const MAX_HOURS = 24 - START_HOUR_UTC - 1;

const ORGANIZATION = 'BlendBench';
const ZONE = 'Default';
const OUT_SKILL = 'BlendOut';
const IN_SKILL = 'BlendIn';
export const QUEUE = 'Service';
const CAMPAIGN = 'BlendBench';
const PASSWORD = 'bench';
const STEP_MS = 60_000;
const HOUR_MS = 3_600_000;

/** The outbound network of the pacing scenario S1 (../shared/bench/pacing/S1.json): B2C telesales. */
export const S1_NETWORK = {
  outcomes: { live: 0.25, machine: 0.2, busy: 0.08, invalid: 0.07 },
  ringTime: { dist: 'lognormal', median: 9, sigma: 0.45 },
  machineAnswer: { dist: 'uniform', min: 15, max: 24 },
  busyAfter: 3,
  invalidAfter: 2,
  talk: { dist: 'lognormal', mean: 180, cv: 0.8 },
  // No AMD: machines are recognised at once and dropped, so every abandon is the pacing's.
  amd: null,
} as const;
/** S1's campaign: ring 25 s, 2 s to connect a live answer, 6 lines per agent, 3 % cap. */
export const S1_CAMPAIGN = { noAnswerTimeout: 25, connectWithin: 2, maxLinesPerAgent: 6, abandonCap: 0.03 } as const;
/** Every call, outbound or inbound, is followed by 15 s of wrap-up (S1's `wrap`). */
export const WRAP_SECONDS = 15;

/** Inbound callers: talk about 4 minutes (lognormal), patience exponential around 90 s. */
export const INBOUND_TALK: Quantity = { dist: 'lognormal', mean: 240, cv: 0.8 };
export const INBOUND_PATIENCE: Quantity = { dist: 'exponential', mean: 90 };
export const SERVICE_LEVEL_SECONDS = 20;

/** Calls per hour from the start of the run: 60/h rising to 240/h in the 4th hour and back; 60/h after the 8th. */
export const DAY_SHAPE = [60, 120, 180, 240, 180, 120, 90, 60];

export function inboundRateAt(hourOfRun: number): number {
  return DAY_SHAPE[hourOfRun] ?? 60;
}

/** The profile's 24 hourly rates (UTC): the day's shape starting at the run's first hour. */
export function inboundProfile(): InboundTrafficProfile {
  const rates = Array.from({ length: 24 }, (_, hour) => inboundRateAt((hour - START_HOUR_UTC + 24) % 24));
  return { queue: QUEUE, callsPerHour: rates, timeZone: 'UTC', talkSeconds: INBOUND_TALK, patienceSeconds: INBOUND_PATIENCE };
}

export interface FloorSetup {
  config: 'blended' | 'split';
  agents: number;
  hours: number;
  seed: number;
  /** split: agents in the fixed inbound team (the first ones); the rest form the outbound team. */
  inboundTeam: number;
  /** blended: the one team's rule. */
  blending: BlendingRule;
}

export interface HourFigures {
  hour: number;
  offered: number;
  answered: number;
  abandoned: number;
  serviceLevelPercent: number | null;
  asaSeconds: number | null;
  /** Mean agents in inbound mode over the hour, and the fewest and most seen at the minute samples. */
  inboundAgentsMean: number;
  inboundAgentsMin: number;
  inboundAgentsMax: number;
  outboundTalkHours: number;
  blendsToInbound: number;
  blendsToOutbound: number;
}

export interface FloorResult {
  config: 'blended' | 'split';
  agents: number;
  inboundTeam: number;
  outboundTeam: number;
  hours: number;
  seed: number;
  inbound: {
    offered: number;
    answered: number;
    abandoned: number;
    /** abandoned ÷ offered */
    abandonRate: number;
    /** Answered within 20 s ÷ (answered + abandoned after 20 s), in %: the ACD's definition, from the truth. */
    serviceLevelPercent: number | null;
    answeredWithinThreshold: number;
    asaSeconds: number | null;
    /** Waits of the answered calls: 90th percentile and longest, in seconds. */
    waitP90Seconds: number | null;
    waitMaxSeconds: number | null;
    /** The ACD's own figures for the day, as the floor status shows them. */
    acd: Pick<QueueFigures, 'offered' | 'answered' | 'abandoned' | 'serviceLevelPercent' | 'averageSpeedOfAnswerSeconds'>;
    talkHours: number;
    /** Talk + wrap of ACD calls ÷ time logged on in inbound mode. */
    occupancy: number;
  };
  outbound: {
    /** Calls dialed. */
    attempts: number;
    /** People who answered (the truth: machines are not counted). */
    liveAnswers: number;
    /** People who answered and were never connected to an agent. */
    abandoned: number;
    /** abandoned ÷ live answers */
    abandonRate: number;
    /** Live answers that reached an agent. */
    connects: number;
    talkHours: number;
    wrapHours: number;
    /** Talk + wrap of outbound calls ÷ time logged on in outbound mode. */
    occupancy: number;
    /** Talk + wrap of outbound calls ÷ all agents' logged-on time. */
    shareOfFloor: number;
  };
  floor: {
    agentHours: number;
    outboundModeHours: number;
    inboundModeHours: number;
    /** Talk + wrap of every call ÷ logged-on time. */
    occupancy: number;
  };
  blending: {
    toInbound: number;
    toOutbound: number;
    /** Moves (either way) per agent-hour. */
    movesPerAgentHour: number;
    inboundAgentsMean: number;
    inboundAgentsMax: number;
    /** Stretches in inbound mode that ended in the window; those in which the agent took no ACD call. */
    stints: number;
    stintsWithoutCall: number;
    /** Median length of a stretch in inbound mode, and ACD calls per stretch. */
    medianStintSeconds: number | null;
    callsPerStint: number | null;
  };
  hourly: HourFigures[];
  wallSeconds: number;
}

type Mode = 'out' | 'in';
type Activity = 'idle' | 'talk' | 'wrap';
type Split = Record<Mode, Record<Activity, number>>;

const emptySplit = (): Split => ({ out: { idle: 0, talk: 0, wrap: 0 }, in: { idle: 0, talk: 0, wrap: 0 } });

/** Agents' time in the measured window by mode and activity, in total and per hour of the run. */
class Timesheet {
  readonly total = emptySplit();
  readonly hourly: Split[];
  readonly blends: Array<{ in: number; out: number }>;
  /** Stretches in inbound mode that ended inside the window: how long, and how many ACD calls each took. */
  readonly stints: Array<{ ms: number; calls: number }> = [];

  constructor(private readonly clock: Clock, private readonly from: number, private readonly to: number, hours: number) {
    this.hourly = Array.from({ length: hours }, emptySplit);
    this.blends = Array.from({ length: hours }, () => ({ in: 0, out: 0 }));
  }

  add(mode: Mode, activity: Activity, since: number): void {
    let start = Math.max(since, this.from);
    const end = Math.min(this.clock.now(), this.to);
    while (end > start) {
      const hour = Math.floor((start - this.from) / HOUR_MS);
      const stop = Math.min(end, this.from + (hour + 1) * HOUR_MS);
      this.total[mode][activity] += stop - start;
      this.hourly[hour]![mode][activity] += stop - start;
      start = stop;
    }
  }

  stint(from: number, calls: number): void {
    const now = this.clock.now();
    if (now >= this.from && now < this.to) this.stints.push({ ms: now - from, calls });
  }

  blended(direction: 'in' | 'out'): void {
    const now = this.clock.now();
    if (now < this.from || now >= this.to) return;
    this.blends[Math.floor((now - this.from) / HOUR_MS)]![direction]++;
  }
}

/** A bot agent (works every call it gets) that keeps its time sheet by mode. */
class FloorAgent extends SimulatedAgent {
  mode: Mode = 'out';
  private activity: Activity | null = null;
  private since: number;
  private stintFrom = 0;
  private stintCalls = 0;

  constructor(api: PomAgentApi, private readonly clockRef: Clock, options: SimulatedAgentOptions, private readonly sheet: Timesheet) {
    super(api, clockRef, options);
    this.since = clockRef.now();
  }

  private become(mode: Mode, activity: Activity | null): void {
    if (mode === this.mode && activity === this.activity) return;
    if (this.activity !== null) this.sheet.add(this.mode, this.activity, this.since);
    this.mode = mode;
    this.activity = activity;
    this.since = this.clockRef.now();
  }

  flush(): void {
    this.become(this.mode, null);
  }

  override AGTLogonRESP(result: number): void {
    if (result === 0) this.become(this.mode, 'idle');
    super.AGTLogonRESP(result);
  }

  override AGTCallStateChangedNotify(state: POMCallState): void {
    const activity: Activity = state === 'Talking' || state === 'Held' ? 'talk' : state === 'Wrapup' ? 'wrap' : 'idle';
    if (this.mode === 'in' && activity === 'talk' && this.activity !== 'talk') this.stintCalls++;
    this.become(this.mode, activity);
    super.AGTCallStateChangedNotify(state);
  }

  AGTBlendedToInbound(): void {
    this.sheet.blended('in');
    this.become('in', this.activity);
    this.stintFrom = this.clockRef.now();
    this.stintCalls = 0;
  }

  AGTBlendedToOutbound(): void {
    this.sheet.blended('out');
    this.become('out', this.activity);
    this.sheet.stint(this.stintFrom, this.stintCalls);
  }
}

/** What became of one inbound caller. */
interface CallerTruth {
  arrivedAt: number;
  connectedAt: number | null;
  gaveUpAt: number | null;
}

/** The caller as the ACD sees it, noting when it is bridged to an agent and when it gives up waiting. */
class ObservedCaller implements InboundNetworkCall {
  constructor(private readonly inner: InboundNetworkCall, private readonly truth: CallerTruth, private readonly clock: Clock) {}
  get id(): string { return this.inner.id; }
  get callingNumber(): string { return this.inner.callingNumber; }
  get queue(): string { return this.inner.queue; }
  get arrivedAt(): number { return this.inner.arrivedAt; }
  onEvent(listener: (event: InboundCallEvent) => void): void {
    this.inner.onEvent((event) => {
      if (event.type === 'remoteHangup' && this.truth.connectedAt === null && this.truth.gaveUpAt === null) this.truth.gaveUpAt = this.clock.now();
      listener(event);
    });
  }
  playMusic(): void { this.inner.playMusic(); }
  announce(): void { this.inner.announce(); }
  connect(): void {
    if (this.truth.connectedAt === null && this.truth.gaveUpAt === null) this.truth.connectedAt = this.clock.now();
    this.inner.connect();
  }
  hangup(): void { this.inner.hangup(); }
}

function cheapPasswordHash(plain: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(plain, salt, 32, { N: 16, r: 1, p: 1 });
  return ['scrypt', 16, 1, 1, salt.toString('base64'), hash.toString('base64')].join('$');
}

export function networkConfig(seed: number): SimulatedNetworkConfig {
  return parseSimulatedNetworkConfig({ ...S1_NETWORK, seed });
}

function campaignRecord(teamName: string, contactListId: number): Omit<CampaignRecord, 'id'> {
  const code = (codeID: string, codeValue: string): CampaignRecord['completionCodes'][number] =>
    ({ codeID, codeValue, nextState: 'done', retryMinutes: null, sale: false, rightPartyContact: false });
  return {
    name: CAMPAIGN, organizationName: ORGANIZATION, teamName, skillsetName: OUT_SKILL, skillsetId: '90', type: 'Predictive', contactListId, dncListIds: [],
    completionCodes: [
      code('69', 'Sale'), code('70', 'Not Interested'), code('72', 'NSP'), code('73', 'CM_NTC'), code('74', 'Wrong Number'),
      code('75', 'Answering Machine'), code('76', 'No Answer'),
    ],
    defaultCompletionCode: '76',
    callingWindow: { hours: everyDay('00:00', '24:00') },
    retryRules: {}, maxAttempts: 1, maxAttemptsPerNumber: 0,
    noAnswerTimeoutSeconds: S1_CAMPAIGN.noAnswerTimeout, minimumRingSeconds: 0,
    callerId: '', callbackExpiryMinutes: 120, previewTimed: false, previewTimeoutSeconds: 0, previewCanCancel: false,
    wrapupSeconds: 0, wrapupExtendable: false,
    amd: true, answeringMachineAction: 'drop', amdEstimates: { falsePositive: 0, falseNegative: 0 },
    pacing: {
      method: 'target', initialRatio: 1, maxLinesPerAgent: S1_CAMPAIGN.maxLinesPerAgent, abandonCap: S1_CAMPAIGN.abandonCap,
      targetAbandonRate: DEFAULT_GUARD_OPTIONS.targetShare * S1_CAMPAIGN.abandonCap, connectWithinSeconds: S1_CAMPAIGN.connectWithin,
    },
    priority: 0,
  };
}

function queueDefinition(): QueueDefinition {
  return {
    name: QUEUE, skill: IN_SKILL, routing: 'longestIdle', serviceLevelSeconds: SERVICE_LEVEL_SECONDS, announcementSeconds: 0,
    overflowQueue: null, overflowAfterSeconds: 0, wrapupSeconds: 0, completionCodes: ['69', '70', '72'], defaultCompletionCode: '70',
  };
}

/** The split floor's inbound team: every agent inbound, none outbound. */
const ALL_INBOUND: Omit<BlendingRule, 'queue'> = {
  callsWaitingAbove: null, oldestWaitAboveSeconds: null, serviceLevelBelowPercent: null, releaseAfterEmptySeconds: 0, minOutbound: 0, maxOutbound: 0,
};

function dialerOptions(): DialerOptions {
  return { ...DEFAULT_DIALER_OPTIONS, pacing: 'predictive', guardPacing: true, amdErrorRates: { falsePositive: 0, falseNegative: 0 } };
}

export async function runFloor(setup: FloorSetup): Promise<FloorResult> {
  const started = performance.now();
  if (!(setup.hours > 0 && setup.hours <= MAX_HOURS)) throw new Error(`hours: must be in (0, ${MAX_HOURS}], got ${setup.hours}`);
  const inboundTeam = setup.config === 'split' ? setup.inboundTeam : 0;
  if (setup.config === 'split' && !(inboundTeam >= 1 && inboundTeam < setup.agents)) {
    throw new Error(`inbound team: must be 1 to ${setup.agents - 1} agents, got ${inboundTeam}`);
  }
  const clock = new VirtualClock(START);
  const store = await openStore(':memory:');
  const measureFrom = START;
  const measureTo = START + Math.round(setup.hours * HOUR_MS);
  const hourSlots = Math.ceil(setup.hours);

  // ── the floor's people and rules ──
  await store.organizations.ensureOrganization(ORGANIZATION);
  await store.organizations.ensureZone(ZONE);
  await store.organizations.ensureSkill(OUT_SKILL, ORGANIZATION);
  await store.organizations.ensureSkill(IN_SKILL, ORGANIZATION);
  await store.queues.create({ ...queueDefinition(), organizationName: ORGANIZATION });
  const teams: Array<{ name: string; skills: string[]; blending: BlendingRule | null; size: number }> = setup.config === 'blended'
    ? [{ name: 'Blended', skills: [OUT_SKILL, IN_SKILL], blending: { ...setup.blending, queue: QUEUE }, size: setup.agents }]
    : [
      { name: 'Inbound', skills: [IN_SKILL], blending: { ...ALL_INBOUND, queue: QUEUE }, size: inboundTeam },
      { name: 'Outbound', skills: [OUT_SKILL], blending: null, size: setup.agents - inboundTeam },
    ];
  const passwordHash = cheapPasswordHash(PASSWORD);
  const agentIds: string[] = [];
  for (const team of teams) {
    await store.organizations.ensureTeam(team.name, ORGANIZATION);
    await store.organizations.updateTeam(team.name, { organizationName: ORGANIZATION, skills: team.skills, blending: team.blending });
    for (let i = 0; i < team.size; i++) {
      const agentId = String(5001 + agentIds.length);
      agentIds.push(agentId);
      await store.agents.upsert({
        agentId, extension: String(46001 + agentIds.length - 1), lanId: `blend${agentId}`, firstName: 'Bench', lastName: `Agent ${agentId}`,
        name: `Bench Agent ${agentId}`, passwordHash, enabled: true, organizationName: ORGANIZATION, teamName: team.name,
        skills: team.skills, skillLevels: {}, locationPreference: 'primary', locale: 'en-US', timeZone: 'America/New_York', zoneName: ZONE,
      });
    }
  }
  const outboundTeamName = teams.find((t) => t.skills.includes(OUT_SKILL))!.name;
  const list = await store.contactLists.create({ name: 'BlendBenchList', organizationName: ORGANIZATION, zoneName: ZONE, lastUpdatedOn: START });
  await store.campaigns.create(campaignRecord(outboundTeamName, list.id));
  const supply = new ContactSupply(store, list.id, () => clock.now(), 'Blend');

  // ── the outbound network ──
  const network = new SimulatedNetwork(clock, networkConfig(setup.seed));
  const liveAnswers: CallTruth[] = [];
  network.observeCalls((t) => {
    if (t.answeredAt !== null && t.truth === 'human') liveAnswers.push(t);
  });

  // ── the dialer and the ACD, wired as src/app.ts does ──
  const dialer = new Dialer({ store, clock, network, options: dialerOptions(), log: THROWING_LOG });
  clock.addSettler(() => dialer.whenIdle());
  const api = new EmbeddedAgentApi(dialer);
  await api.init([], false);
  const acd = new EmbeddedAcd({ clock, queue: dialer.queue, desk: dialer.inboundDesk, calls: store.inboundCalls, log: THROWING_LOG });
  await dialer.useAcd(acd);

  // ── the callers ──
  const callers: CallerTruth[] = [];
  const traffic = new SimulatedInboundTraffic(clock, [inboundProfile()], setup.seed, (call) => {
    const truth: CallerTruth = { arrivedAt: clock.now(), connectedAt: null, gaveUpAt: null };
    callers.push(truth);
    acd.arrive(new ObservedCaller(call, truth, clock));
  });

  // ── the agents ──
  const sheet = new Timesheet(clock, measureFrom, measureTo, hourSlots);
  const agentRng = new Rng(setup.seed).fork('agents');
  const bots = agentIds.map((agentId, i) => {
    const rng = agentRng.fork(agentId);
    return new FloorAgent(api, clock, {
      agentId, extension: String(46001 + i), password: PASSWORD, zoneName: ZONE, locale: 'en-US', timeZone: 'America/New_York',
      wrapSeconds: () => WRAP_SECONDS, previewSeconds: () => 5, random: () => rng.next(),
    }, sheet);
  });
  // Agents in inbound mode at each minute, per hour of the run.
  const samples: number[][] = Array.from({ length: hourSlots }, () => []);
  const sampleModes = (): void => {
    const now = clock.now();
    if (now >= measureFrom && now < measureTo) samples[Math.floor((now - measureFrom) / HOUR_MS)]!.push(bots.filter((b) => b.mode === 'in').length);
    if (now + 60_000 < measureTo) clock.setTimer(60_000, sampleModes);
  };
  clock.setTimer(30_000, sampleModes);

  await supply.ensure(0, 3000);
  await dialer.startJob(CAMPAIGN);
  traffic.start();
  for (const bot of bots) bot.start();

  while (clock.now() < measureTo) {
    await supply.keepAhead(network.counters.dials);
    await clock.runUntil(Math.min(measureTo, clock.now() + STEP_MS));
  }
  const attempts = network.counters.dials;
  traffic.stop();
  for (const bot of bots) bot.flush();
  // Callers still waiting, and people who answered an outbound call, are followed to their end.
  const drainUntil = measureTo + 30 * 60_000;
  await clock.runUntil(measureTo + (S1_CAMPAIGN.connectWithin + 30) * 1000);
  while (clock.now() < drainUntil && callers.some((c) => c.connectedAt === null && c.gaveUpAt === null)) {
    await supply.ensure(network.counters.dials, 3000);
    await clock.runUntil(clock.now() + STEP_MS);
  }
  const acdFigures = acd.figuresOf(QUEUE)!;
  const openAnswers = network.openCalls().filter((t) => t.answeredAt !== null && t.truth === 'human');
  await dialer.shutdown();
  await store.close();

  // ── figures ──
  const threshold = SERVICE_LEVEL_SECONDS * 1000;
  const inboundOf = (from: number, to: number): { offered: number; answered: number; abandoned: number; within: number; abandonedLate: number; waitMs: number } => {
    const f = { offered: 0, answered: 0, abandoned: 0, within: 0, abandonedLate: 0, waitMs: 0 };
    for (const c of callers) {
      if (c.arrivedAt < from || c.arrivedAt >= to) continue;
      f.offered++;
      if (c.connectedAt !== null) {
        const wait = c.connectedAt - c.arrivedAt;
        f.answered++;
        f.waitMs += wait;
        if (wait <= threshold) f.within++;
      } else if (c.gaveUpAt !== null) {
        f.abandoned++;
        if (c.gaveUpAt - c.arrivedAt > threshold) f.abandonedLate++;
      }
    }
    return f;
  };
  const sl = (f: { answered: number; within: number; abandonedLate: number }): number | null =>
    f.answered + f.abandonedLate === 0 ? null : (100 * f.within) / (f.answered + f.abandonedLate);
  const asa = (f: { answered: number; waitMs: number }): number | null => (f.answered === 0 ? null : f.waitMs / f.answered / 1000);

  const answered = [...liveAnswers, ...openAnswers].filter((t) => t.answeredAt! >= measureFrom && t.answeredAt! < measureTo);
  const outAbandoned = answered.filter((t) => t.connectedAt === null).length;
  const t = sheet.total;
  const outMode = t.out.idle + t.out.talk + t.out.wrap;
  const inMode = t.in.idle + t.in.talk + t.in.wrap;
  const loggedOn = outMode + inMode;
  const inbound = inboundOf(measureFrom, measureTo);
  const hours = (ms: number): number => ms / HOUR_MS;
  const toInbound = sheet.blends.reduce((s, b) => s + b.in, 0);
  const toOutbound = sheet.blends.reduce((s, b) => s + b.out, 0);

  const hourly: HourFigures[] = sheet.hourly.map((split, hour) => {
    const from = measureFrom + hour * HOUR_MS;
    const f = inboundOf(from, Math.min(measureTo, from + HOUR_MS));
    const span = Math.min(measureTo, from + HOUR_MS) - from;
    const seen = samples[hour]!;
    return {
      hour: hour + 1,
      offered: f.offered,
      answered: f.answered,
      abandoned: f.abandoned,
      serviceLevelPercent: sl(f),
      asaSeconds: asa(f),
      inboundAgentsMean: (split.in.idle + split.in.talk + split.in.wrap) / span,
      inboundAgentsMin: seen.length ? Math.min(...seen) : 0,
      inboundAgentsMax: seen.length ? Math.max(...seen) : 0,
      outboundTalkHours: hours(split.out.talk),
      blendsToInbound: sheet.blends[hour]!.in,
      blendsToOutbound: sheet.blends[hour]!.out,
    };
  });
  const allSamples = samples.flat();
  const answeredWaits = callers
    .filter((c) => c.connectedAt !== null && c.arrivedAt >= measureFrom && c.arrivedAt < measureTo)
    .map((c) => (c.connectedAt! - c.arrivedAt) / 1000)
    .sort((a, b) => a - b);

  return {
    config: setup.config,
    agents: setup.agents,
    inboundTeam,
    outboundTeam: setup.agents - inboundTeam,
    hours: setup.hours,
    seed: setup.seed,
    inbound: {
      offered: inbound.offered,
      answered: inbound.answered,
      abandoned: inbound.abandoned,
      abandonRate: inbound.offered > 0 ? inbound.abandoned / inbound.offered : 0,
      serviceLevelPercent: sl(inbound),
      answeredWithinThreshold: inbound.within,
      asaSeconds: asa(inbound),
      waitP90Seconds: percentile(answeredWaits, 0.9),
      waitMaxSeconds: answeredWaits.length ? answeredWaits[answeredWaits.length - 1]! : null,
      acd: {
        offered: acdFigures.offered, answered: acdFigures.answered, abandoned: acdFigures.abandoned,
        serviceLevelPercent: acdFigures.serviceLevelPercent, averageSpeedOfAnswerSeconds: acdFigures.averageSpeedOfAnswerSeconds,
      },
      talkHours: hours(t.in.talk),
      occupancy: inMode > 0 ? (t.in.talk + t.in.wrap) / inMode : 0,
    },
    outbound: {
      attempts,
      liveAnswers: answered.length,
      abandoned: outAbandoned,
      abandonRate: answered.length > 0 ? outAbandoned / answered.length : 0,
      connects: answered.length - outAbandoned,
      talkHours: hours(t.out.talk),
      wrapHours: hours(t.out.wrap),
      occupancy: outMode > 0 ? (t.out.talk + t.out.wrap) / outMode : 0,
      shareOfFloor: loggedOn > 0 ? (t.out.talk + t.out.wrap) / loggedOn : 0,
    },
    floor: {
      agentHours: hours(loggedOn),
      outboundModeHours: hours(outMode),
      inboundModeHours: hours(inMode),
      occupancy: loggedOn > 0 ? (t.out.talk + t.out.wrap + t.in.talk + t.in.wrap) / loggedOn : 0,
    },
    blending: {
      toInbound,
      toOutbound,
      movesPerAgentHour: loggedOn > 0 ? (toInbound + toOutbound) / hours(loggedOn) : 0,
      inboundAgentsMean: hours(inMode) / setup.hours,
      inboundAgentsMax: allSamples.length ? Math.max(...allSamples) : 0,
      stints: sheet.stints.length,
      stintsWithoutCall: sheet.stints.filter((s) => s.calls === 0).length,
      medianStintSeconds: median(sheet.stints.map((s) => s.ms / 1000)),
      callsPerStint: sheet.stints.length ? sheet.stints.reduce((sum, s) => sum + s.calls, 0) / sheet.stints.length : null,
    },
    hourly,
    wallSeconds: (performance.now() - started) / 1000,
  };
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
