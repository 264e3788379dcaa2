/**
 * One replication of a pacing scenario: nailup's real dialer (agent manager, campaign manager,
 * pacer, compliance guard, SQLite store in memory) on the virtual clock, against the simulated
 * network and simulated agents of the scenario. Only the clock, the network and the agents are
 * simulated. The figures come from the simulation's ground truth: the network's record of who
 * really answered and whether an agent got them, and the agents' own timings.
 */
import { THROWING_LOG } from '../../src/log/log.ts';
import { randomBytes, scryptSync } from 'node:crypto';
import { VirtualClock } from '../../src/clock/virtual-clock.ts';
import { Dialer } from '../../src/dialer/dialer.ts';
import { DEFAULT_DIALER_OPTIONS, type DialerOptions } from '../../src/dialer/dialer-options.ts';
import { EmbeddedAgentApi } from '../../src/dialer/embedded-agent-api.ts';
import { SimulatedAgent, type SimulatedAgentOptions } from '../../src/dialer/bots/simulated-agent.ts';
import type { Clock } from '../../src/clock/clock.ts';
import type { PomAgentApi } from '../../src/pom/agent-api.ts';
import { AbandonLedger } from '../../src/dialer/compliance/abandon-ledger.ts';
import type { POMCallState } from '../../src/pom/types.ts';
import { Rng } from '../../src/random/rng.ts';
import { sample, type Quantity } from '../../src/random/distributions.ts';
import { progressiveFromDraws } from './closed-form.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { AmdEstimates, CampaignRecord } from '../../src/store/records.ts';
import { SimulatedNetwork, type CallTruth } from '../../src/telephony/simulated-network.ts';
import type { NetworkCall } from '../../src/telephony/network.ts';
import { networkConfig, splitSettings, type Scenario } from './scenario.ts';
import { everyDay } from '../../src/dialer/compliance/calling-window.ts';
import { DEFAULT_GUARD_OPTIONS } from '../../src/dialer/compliance/abandon-guard.ts';
import type { PacingReason } from '../../src/dialer/pacing/pacer.ts';
import { ContactSupply } from '../shared/contact-supply.ts';

/** The campaign knows the detection's error rates the scenario's network has. */
function amdEstimatesOf(scenario: Scenario): AmdEstimates {
  return scenario.amd ? { falsePositive: scenario.amd.falsePositive, falseNegative: scenario.amd.falseNegative } : { falsePositive: 0, falseNegative: 0 };
}

/**
 * nailup's `targetShare`: the share of the cap its compliance guard aims at (the campaign's target
 * abandon rate), when not the default. `unguarded`: the pacer without its compliance guard, its
 * feedback alone holding the mean abandon rate at the target — the reference's cap rule (the mean
 * over the run within the cap), with no bound per window or per replication.
 */
export type Policy = { kind: 'nailup'; targetShare?: number; releaseOracle?: boolean; unguarded?: boolean } | { kind: 'progressive' } | { kind: 'ratio'; ratio: number };

export function policyName(policy: Policy): string {
  if (policy.kind === 'ratio') return `ratio:${policy.ratio}`;
  if (policy.kind !== 'nailup') return policy.kind;
  const name = policy.releaseOracle ? 'release-oracle' : policy.unguarded ? 'unguarded' : 'nailup';
  return policy.targetShare !== undefined ? `${name}@${policy.targetShare}` : name;
}

export function parsePolicy(text: string): Policy {
  if (text === 'nailup' || text === 'predictive') return { kind: 'nailup' };
  if (text === 'release-oracle') return { kind: 'nailup', releaseOracle: true };
  if (text === 'unguarded') return { kind: 'nailup', unguarded: true };
  if (text === 'progressive') return { kind: 'progressive' };
  const match = /^ratio:(\d+(?:\.\d+)?)$/.exec(text);
  if (match && Number(match[1]) >= 1) return { kind: 'ratio', ratio: Number(match[1]) };
  throw new Error(`--policy: expected nailup, release-oracle, unguarded, progressive or ratio:R with R >= 1, got ${JSON.stringify(text)}`);
}

export interface ReplicationResult {
  scenario: string;
  policy: string;
  replication: number;
  seed: number;
  /** Measured seconds (after the warm-up). */
  measuredSeconds: number;
  agentHours: number;
  occupancy: number;
  talkShare: number;
  waitPerConnect: number;
  connects: number;
  connectsPerAgentHour: number;
  dials: number;
  liveAnswers: number;
  abandoned: number;
  abandonRate: number;
  /** Of `abandoned`: no agent in time (or the person hung up waiting for one): the pacing's doing. */
  abandonedByPacing: number;
  /** Of `abandoned`: people answer detection took for machines and hung up on. */
  abandonedByDetection: number;
  abandonRateByPacing: number;
  abandonRateByDetection: number;
  /** The same, as the dialer counted it (its attempts; with AMD, its estimate of the false positives). */
  dialerLiveAnswers: number;
  dialerAbandoned: number;
  dialerAbandonRate: number;
  /** Of `dialerAbandoned`, its estimate of the people answer detection hung up on. */
  dialerDetectionAbandoned: number;
  /** Progressive's occupancy in closed form from this run's draws (closed-form.ts). */
  closedFormOccupancy: number;
  /** Seconds of the measured window the job dialed under each reason of its abandon guard ('unguarded' without one). */
  guardSeconds: Partial<Record<PacingReason, number>>;
  /** Wall-clock seconds the replication took. */
  wallSeconds: number;
}

const START = Date.UTC(2026, 0, 5, 15, 0, 0); // Monday 10:00 in New York
const ORGANIZATION = 'PacingBench';
const ZONE = 'Default';
const TEAM = 'Pacing';
const SKILL = 'PacingOut';
const CAMPAIGN = 'PacingBench';
const PASSWORD = 'bench';
/** Simulated time between checks of the contact list (and of the run's progress). */
const STEP_MS = 60_000;

/**
 * The agents log on with a password like anyone; their hash uses cheap scrypt parameters (the
 * stored string names them), so a hundred log-ons do not cost seconds of CPU.
 */
function cheapPasswordHash(plain: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(plain, salt, 32, { N: 16, r: 1, p: 1 });
  return ['scrypt', 16, 1, 1, salt.toString('base64'), hash.toString('base64')].join('$');
}

type Activity = 'out' | 'idle' | 'talk' | 'wrap';

/** Time of the measured window each agent spent in each activity, from the agent's own notifications. */
class Timesheet {
  readonly totals: Record<Activity, number> = { out: 0, idle: 0, talk: 0, wrap: 0 };
  connects = 0;
  private from = Infinity;
  private to = Infinity;

  constructor(private readonly clock: VirtualClock) {}

  window(from: number, to: number): void {
    this.from = from;
    this.to = to;
  }

  /** Adds [since, now) of `activity` clipped to the window. */
  add(activity: Activity, since: number): void {
    const start = Math.max(since, this.from);
    const end = Math.min(this.clock.now(), this.to);
    if (end > start) this.totals[activity] += end - start;
  }

  connected(): void {
    const now = this.clock.now();
    if (now >= this.from && now < this.to) this.connects++;
  }
}

/** A simulated agent that keeps its own time sheet. */
class TimedAgent extends SimulatedAgent {
  private activity: Activity = 'out';
  private since: number;

  constructor(api: PomAgentApi, private readonly clockRef: Clock, options: SimulatedAgentOptions, private readonly sheet: Timesheet) {
    super(api, clockRef, options);
    this.since = clockRef.now();
  }

  private become(activity: Activity): void {
    if (activity === this.activity) return;
    this.sheet.add(this.activity, this.since);
    this.activity = activity;
    this.since = this.clockRef.now();
  }

  /** Closes the open stretch at the end of the run. */
  flush(): void {
    this.sheet.add(this.activity, this.since);
    this.since = this.clockRef.now();
  }

  override AGTLogonRESP(result: number): void {
    if (result === 0) this.become('idle');
    super.AGTLogonRESP(result);
  }

  override AGTCallStateChangedNotify(state: POMCallState): void {
    const activity: Activity = state === 'Talking' || state === 'Held' ? 'talk' : state === 'Wrapup' ? 'wrap' : 'idle';
    if (activity === 'talk' && this.activity !== 'talk') this.sheet.connected();
    this.become(activity);
    super.AGTCallStateChangedNotify(state);
  }

  AGTAgentLoggedOut(): void {
    this.become('out');
  }
}

/** `network`: the simulation, which tells the release-oracle policy when each talk ends. */
function dialerOptions(scenario: Scenario, policy: Policy, network?: SimulatedNetwork): DialerOptions {
  const pacing: DialerOptions['pacing'] = policy.kind === 'nailup' ? 'predictive' : policy.kind === 'progressive' ? 'progressive' : { ratio: policy.ratio };
  return {
    ...DEFAULT_DIALER_OPTIONS,
    pacing,
    // The baselines run as they are defined; nailup runs with its compliance guard unless told not to.
    guardPacing: policy.kind === 'nailup' && !policy.unguarded,
    // What the trunk's AMD is configured with; no AMD: machines are recognised at once and exactly.
    amdErrorRates: amdEstimatesOf(scenario),
    ...(policy.kind === 'nailup' && policy.releaseOracle && network ? { releaseOracle: (call: NetworkCall) => network.farEndHangupAt(call) } : {}),
  };
}

function campaignRecord(scenario: Scenario, policy: Policy, contactListId: number): Omit<CampaignRecord, 'id'> {
  const targetShare = (policy.kind === 'nailup' ? policy.targetShare : undefined) ?? DEFAULT_GUARD_OPTIONS.targetShare;
  return {
    name: CAMPAIGN,
    organizationName: ORGANIZATION,
    teamName: TEAM,
    skillsetName: SKILL,
    skillsetId: '90',
    type: 'Predictive',
    contactListId,
    dncListIds: [],
    completionCodes: [
      { codeID: '69', codeValue: 'Sale', nextState: 'done', retryMinutes: null, sale: false, rightPartyContact: false },
      { codeID: '70', codeValue: 'Not Interested', nextState: 'done', retryMinutes: null, sale: false, rightPartyContact: false },
      { codeID: '72', codeValue: 'NSP', nextState: 'done', retryMinutes: null, sale: false, rightPartyContact: false },
      { codeID: '73', codeValue: 'CM_NTC', nextState: 'done', retryMinutes: null, sale: false, rightPartyContact: false },
      { codeID: '74', codeValue: 'Wrong Number', nextState: 'done', retryMinutes: null, sale: false, rightPartyContact: false },
      { codeID: '75', codeValue: 'Answering Machine', nextState: 'done', retryMinutes: null, sale: false, rightPartyContact: false },
      { codeID: '76', codeValue: 'No Answer', nextState: 'done', retryMinutes: null, sale: false, rightPartyContact: false },
    ],
    defaultCompletionCode: '76',
    callingWindow: { hours: everyDay('00:00', '24:00') },
    // Every contact is dialed once: the list is topped up as the run goes.
    retryRules: {},
    maxAttempts: 1,
    maxAttemptsPerNumber: 0,
    noAnswerTimeoutSeconds: scenario.noAnswerTimeout,
    minimumRingSeconds: 0,
    callerId: '',
    callbackExpiryMinutes: 120,
    previewTimed: false,
    previewTimeoutSeconds: 0,
    previewCanCancel: false,
    // The agents pick their code after `wrap`; no wrap-up limit cuts them short.
    wrapupSeconds: 0,
    wrapupExtendable: false,
    // With AMD off in the scenario, the network recognises machines at once; the campaign drops them.
    amd: true,
    answeringMachineAction: 'drop',
    amdEstimates: amdEstimatesOf(scenario),
    pacing: {
      method: 'target', initialRatio: 1, maxLinesPerAgent: scenario.maxLinesPerAgent, abandonCap: scenario.abandonCap,
      targetAbandonRate: targetShare * scenario.abandonCap, connectWithinSeconds: scenario.connectWithin,
    },
    priority: 0,
  };
}

/** `storeUrl`: where the store is (openStore's URL); in memory by default, a file or PostgreSQL for bench:dial-rate. */
export async function runReplication(scenario: Scenario, policy: Policy, replication: number, storeUrl = ':memory:'): Promise<ReplicationResult> {
  const started = performance.now();
  const seed = scenario.seed + replication;
  const clock = new VirtualClock(START);
  const store = await openStore(storeUrl);
  const rng = new Rng(seed).fork('agents');

  const maxAgents = Math.max(scenario.agents, ...scenario.events.map((e) => (typeof e.set.agents === 'number' ? e.set.agents : 0)));
  await store.organizations.ensureOrganization(ORGANIZATION);
  await store.organizations.ensureZone(ZONE);
  await store.organizations.ensureTeam(TEAM, ORGANIZATION);
  await store.organizations.ensureSkill(SKILL, ORGANIZATION);
  const passwordHash = cheapPasswordHash(PASSWORD);
  const agentIds: string[] = [];
  for (let i = 0; i < maxAgents; i++) {
    const agentId = String(5001 + i);
    agentIds.push(agentId);
    await store.agents.upsert({
      agentId, extension: String(46001 + i), lanId: `pacer${agentId}`, firstName: 'Bench', lastName: `Agent ${agentId}`, name: `Bench Agent ${agentId}`, passwordHash, enabled: true,
      organizationName: ORGANIZATION, teamName: TEAM, skills: [SKILL], skillLevels: {}, locationPreference: 'primary',
      locale: 'en-US', timeZone: 'America/New_York', zoneName: ZONE,
    });
  }
  const list = await store.contactLists.create({ name: 'PacingBenchList', organizationName: ORGANIZATION, zoneName: ZONE, lastUpdatedOn: START });
  await store.campaigns.create(campaignRecord(scenario, policy, list.id));
  const supply = new ContactSupply(store, list.id, () => clock.now());

  const network = new SimulatedNetwork(clock, networkConfig(scenario, seed));
  const truths: CallTruth[] = [];
  const measureFrom = START + scenario.warmup * 1000;
  const measureTo = measureFrom + scenario.duration * 1000;
  const draws = { connects: 0, ringSeconds: 0, failedSeconds: 0 };
  const drawn = (t: CallTruth): void => {
    if (t.dialedAt < measureFrom || t.dialedAt >= measureTo) return;
    if (t.connectedAt !== null) {
      draws.connects++;
      draws.ringSeconds += (t.connectedAt - t.dialedAt) / 1000;
    } else draws.failedSeconds += (t.endedAt - t.dialedAt) / 1000;
  };
  network.observeCalls((t) => {
    if (t.answeredAt !== null && t.truth === 'human') truths.push(t);
    drawn(t);
  });
  const dialer = new Dialer({
    store, clock, network, options: dialerOptions(scenario, policy, network),
    log: THROWING_LOG,
  });
  clock.addSettler(() => dialer.whenIdle());
  const api = new EmbeddedAgentApi(dialer);
  await api.init([], false);

  const sheet = new Timesheet(clock);
  let wrap: Quantity = scenario.wrap;
  const working: TimedAgent[] = [];
  const everyone: TimedAgent[] = [];
  let nextAgent = 0;
  const setAgents = (count: number): void => {
    while (working.length < count) {
      const agentId = agentIds[nextAgent++ % agentIds.length]!;
      const bot = new TimedAgent(api, clock, {
        agentId, extension: String(46001 + Number(agentId) - 5001), password: PASSWORD, zoneName: ZONE, locale: 'en-US', timeZone: 'America/New_York',
        wrapSeconds: () => sample(wrap, rng), previewSeconds: () => 5, random: () => rng.next(),
      }, sheet);
      working.push(bot);
      everyone.push(bot);
      bot.start();
    }
    while (working.length > count) working.pop()!.stop();
  };

  await supply.ensure(0, 3000);
  await dialer.startJob(CAMPAIGN);
  setAgents(scenario.agents);
  for (const event of scenario.events) {
    clock.setTimer(event.at * 1000, () => {
      const { network: change, agents, wrap: newWrap } = splitSettings(event.set);
      if (Object.keys(change).length > 0) network.update(change);
      if (newWrap !== undefined) wrap = newWrap;
      if (agents !== undefined) setAgents(agents);
    });
  }

  sheet.window(measureFrom, measureTo);
  let dialsAtStart = 0;
  const guardTime = (): Map<PacingReason, number> => dialer.runningJobs()[0]?.pacingTime.secondsByReason(clock.now()) ?? new Map();
  let guardAtStart = new Map<PacingReason, number>();
  while (clock.now() < measureTo) {
    const now = clock.now();
    const dials = network.counters.dials;
    await supply.keepAhead(dials);
    const next = Math.min(measureTo, now + STEP_MS);
    if (now < measureFrom && next >= measureFrom) {
      await clock.runUntil(measureFrom);
      dialsAtStart = network.counters.dials;
      guardAtStart = guardTime();
      continue;
    }
    await clock.runUntil(next);
  }
  if (scenario.warmup === 0) dialsAtStart = 0;
  const dials = network.counters.dials - dialsAtStart;
  const guardSeconds: Partial<Record<PacingReason, number>> = {};
  for (const [reason, seconds] of guardTime()) guardSeconds[reason] = seconds - (guardAtStart.get(reason) ?? 0);
  for (const bot of everyone) bot.flush();
  // Calls answered before the end are followed until they have an agent or are given up on.
  await clock.runUntil(measureTo + (scenario.connectWithin + 30) * 1000);
  const open = network.openCalls();
  for (const t of open) if (t.connectedAt !== null) drawn(t);
  const answered = [...truths, ...open.filter((t) => t.answeredAt !== null && t.truth === 'human')]
    .filter((t) => t.answeredAt! >= measureFrom && t.answeredAt! < measureTo);
  const abandoned = answered.filter((t) => t.connectedAt === null).length;
  const byDetection = answered.filter((t) => t.connectedAt === null && t.detected === 'machine').length;
  const rateOf = (n: number): number => (answered.length > 0 ? n / answered.length : 0);

  // The dialer's own count, from its attempts.
  const job = (await store.jobs.list())[0]!;
  const attempts = (await store.attempts.listByJob(job.id)).filter((a) => a.answeredAt !== null && a.answeredAt >= measureFrom && a.answeredAt < measureTo);
  const ledger = new AbandonLedger(365 * 86400_000, dialerOptions(scenario, policy).amdErrorRates);
  for (const a of attempts) {
    if (a.amdHangup) ledger.recordAmdHangup(a.answeredAt!);
    else if (scenario.amd) ledger.recordDetectedHuman(a.answeredAt!);
    else ledger.recordLiveAnswer(a.answeredAt!);
    if (a.abandoned) ledger.recordAbandon(a.answeredAt!);
  }
  const counted = ledger.cumulative();

  await dialer.shutdown();
  await store.close();

  const t = sheet.totals;
  const loggedIn = t.idle + t.talk + t.wrap;
  const agentHours = loggedIn / 3600_000;
  return {
    scenario: scenario.id,
    policy: policyName(policy),
    replication,
    seed,
    measuredSeconds: scenario.duration,
    agentHours,
    occupancy: loggedIn > 0 ? (t.talk + t.wrap) / loggedIn : 0,
    talkShare: loggedIn > 0 ? t.talk / loggedIn : 0,
    waitPerConnect: sheet.connects > 0 ? t.idle / 1000 / sheet.connects : 0,
    connects: sheet.connects,
    connectsPerAgentHour: agentHours > 0 ? sheet.connects / agentHours : 0,
    dials,
    liveAnswers: answered.length,
    abandoned,
    abandonRate: rateOf(abandoned),
    abandonedByPacing: abandoned - byDetection,
    abandonedByDetection: byDetection,
    abandonRateByPacing: rateOf(abandoned - byDetection),
    abandonRateByDetection: rateOf(byDetection),
    dialerLiveAnswers: counted.liveAnswers,
    dialerAbandoned: counted.abandoned,
    dialerAbandonRate: counted.liveAnswers > 0 ? counted.abandoned / counted.liveAnswers : 0,
    dialerDetectionAbandoned: counted.detectionAbandoned,
    closedFormOccupancy: progressiveFromDraws({ ...draws, handleSeconds: sheet.connects > 0 ? (t.talk + t.wrap) / 1000 / sheet.connects : 0 }),
    guardSeconds,
    wallSeconds: (performance.now() - started) / 1000,
  };
}
