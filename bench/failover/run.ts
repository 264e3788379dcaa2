/**
 * Failover drill: a nailup cluster (PostgreSQL, NATS, two gateways, two dialers, each a process) with N
 * simulated desktops working the demo campaigns over A3/A4 through the gateways. K times, at a seeded
 * random moment, the leading dialer is killed with SIGKILL and a replacement dialer is started; then one
 * gateway is killed. Per kill: how long until a new leader, and until each desktop is Ready and nailed up
 * again (working again, for the gateway). At the end, from the store: acknowledged dispositions lost,
 * contacts dialed twice, DNC numbers dialed; and desktops that did not come back.
 *
 *   npm run bench:failover -- [--agents N] [--kills K] [--interval S] [--seed N] [--no-gateway-kill]
 *                             [--fast-timers] [--json] [--keep-logs]
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { Rng } from '../../src/random/rng.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';
import { startPostgres, type TestPostgres } from '../../test/support/postgres.ts';
import { startNats, type TestNats } from '../../test/support/nats.ts';
import { freePort } from '../../test/support/ports.ts';
import { auditStore, type AuditResult } from './audit.ts';
import { DrillCluster, type ClusterTimers, type NodeProcess } from './cluster.ts';
import { Desk, type DeskSink, type Recovery, type WrapUpAck } from './desk.ts';
import {
  AIMS, allDialerBacks, fmtMs, KILL_HEADER, killRows, spread, summarizeKill, table, verdicts, type DeskBack, type KillResult, type Spread, type Verdict,
} from './report.ts';
import { DRILL_PASSWORD, drillAgents, seedDrill, type DrillSeed } from './seed.ts';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** Every dial answered by a person after 1 s who stays on the line (30 s) until the agent hangs up. */
const NETWORK = { outcomes: { live: 1 }, ringTime: 1, talk: 30, patience: 5, amd: null };
const DIALER = { nailupDelayMs: 100 };
/** nailup's defaults (docs/operations.md), and the test cluster's fast ones. */
const DEFAULT_TIMERS: ClusterTimers = { heartbeatMs: 500, leaderTimeoutMs: 2000, lockPollMs: 250, requestTimeoutMs: 5000 };
const FAST_TIMERS: ClusterTimers = { heartbeatMs: 200, leaderTimeoutMs: 1000, lockPollMs: 100, requestTimeoutMs: 3000 };
/** The dialer's default (dialer.unknownOutcomeRetryMinutes): a call in flight at a failover waits this long. */
const UNKNOWN_OUTCOME_RETRY_MINUTES = 30;
const LOGIN_CONCURRENCY = 16;
const READY_CONCURRENCY = 64;
const FIRST_OFFER_TIMEOUT_MS = 60_000;
const WARM_UP_MS = 5000;
/** A desktop not back this long after a kill is stuck. */
const STUCK_MS = 60_000;
const SETTLE_MS = 5000;
const START_TIMEOUT_MS = 120_000;

interface Options {
  agents: number;
  kills: number;
  intervalSeconds: number;
  seed: number;
  gatewayKill: boolean;
  fastTimers: boolean;
  json: boolean;
  keepLogs: boolean;
  talkMs: number;
  wrapMs: number;
  replaceAt: 'kill' | 'back';
}

const USAGE = `usage: npm run bench:failover -- [OPTIONS]
  --agents N          simulated desktops, half preview, half predictive (default 200)
  --kills K           leading dialers killed with SIGKILL (default 5)
  --interval S        mean seconds between kills; each wait is uniform in 0.5–1.5 × S (default 30)
  --seed N            seed of the kill moments and of the desktops' choices (default 1)
  --no-gateway-kill   do not kill a gateway after the dialers
  --fast-timers       cluster timers of the tests (heartbeat 200 ms, leader timeout 1 s, lease poll 100 ms)
                      instead of nailup's defaults (500 ms, 2 s, 250 ms)
  --replace-at WHEN   when the replacement of a killed dialer starts: back (default: once the new leader
                      serves and the desktops are back) or kill (at once, competing for the CPU)
  --talk-ms N         how long an agent talks before hanging up (default 1000)
  --wrap-ms N         how long an agent stays in wrap-up (default 1000)
  --json              one JSON object on stdout instead of the tables
  --keep-logs         keep the processes' logs (their directory is printed)`;

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      agents: { type: 'string', default: '200' },
      kills: { type: 'string', default: '5' },
      interval: { type: 'string', default: '30' },
      seed: { type: 'string', default: '1' },
      'gateway-kill': { type: 'boolean', default: true },
      'no-gateway-kill': { type: 'boolean', default: false },
      'fast-timers': { type: 'boolean', default: false },
      'replace-at': { type: 'string', default: 'back' },
      'talk-ms': { type: 'string', default: '1000' },
      'wrap-ms': { type: 'string', default: '1000' },
      json: { type: 'boolean', default: false },
      'keep-logs': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const int = (name: string, text: string, min: number, max: number): number => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name}: an integer from ${min} to ${max} (got ${JSON.stringify(text)})\n${USAGE}`);
    return n;
  };
  return {
    agents: int('agents', values.agents, 2, 2000),
    kills: int('kills', values.kills, 0, 100),
    intervalSeconds: int('interval', values.interval, 2, 3600),
    seed: int('seed', values.seed, 0, 2 ** 31),
    gatewayKill: values['gateway-kill'] && !values['no-gateway-kill'],
    fastTimers: values['fast-timers'],
    json: values.json,
    keepLogs: values['keep-logs'],
    talkMs: int('talk-ms', values['talk-ms'], 0, 20_000),
    wrapMs: int('wrap-ms', values['wrap-ms'], 0, 20_000),
    replaceAt: replaceAtOf(values['replace-at']),
  };
}

function replaceAtOf(text: string): 'kill' | 'back' {
  if (text === 'kill' || text === 'back') return text;
  throw new Error(`--replace-at: kill or back (got ${JSON.stringify(text)})\n${USAGE}`);
}

const started = Date.now();
function log(message: string): void {
  process.stderr.write(`[failover ${((Date.now() - started) / 1000).toFixed(1).padStart(6)} s] ${message}\n`);
}

async function forEachLimited<T>(items: readonly T[], limit: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await run(items[next++]!);
  }));
}

async function until<T>(what: string, check: () => Promise<T | undefined | null> | T | undefined | null, timeoutMs: number, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined && value !== null) return value;
    await sleep(everyMs);
  }
  throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
}

/** Errors by kind, with a few samples each. */
class ErrorLog {
  readonly byKind = new Map<string, { count: number; samples: string[] }>();
  add(agentID: string, kind: string, detail: string): void {
    let entry = this.byKind.get(kind);
    if (!entry) this.byKind.set(kind, (entry = { count: 0, samples: [] }));
    entry.count++;
    if (entry.samples.length < 3) entry.samples.push(`${agentID}: ${detail}`.slice(0, 2000));
  }
  toJSON(): Record<string, { count: number; samples: string[] }> {
    return Object.fromEntries([...this.byKind].sort((a, b) => b[1].count - a[1].count));
  }
}

export interface DrillReport {
  setup: {
    agents: number; kills: number; intervalSeconds: number; seed: number; gatewayKill: boolean; timers: ClusterTimers;
    network: typeof NETWORK; talkMs: number; wrapMs: number; replaceAt: 'kill' | 'back'; seeded: DrillSeed; startedAt: string; machine: { cores: number; node: string };
  };
  aims: typeof AIMS;
  dialerKills: KillResult[];
  gatewayKill: KillResult | null;
  desksBackAllKills: Spread;
  newLeaderServing: Spread;
  calls: { offered: number; acked: number };
  audit: Omit<AuditResult, 'lost' | 'duplicates' | 'dncDials'> & {
    lost: number; lostSamples: AuditResult['lost']; duplicates: number; duplicateSamples: AuditResult['duplicates'];
    dncDials: number; dncSamples: Array<{ id: number; contactId: number; number: string; result: string | null }>;
  };
  stuck: number;
  errors: Record<string, { count: number; samples: string[] }>;
  verdicts: Verdict[];
  wallSeconds: number;
  logs: string | null;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const rng = new Rng(options.seed);
  const timers = options.fastTimers ? FAST_TIMERS : DEFAULT_TIMERS;
  const dir = mkdtempSync(join(tmpdir(), 'nailup-failover-'));
  mkdirSync(join(dir, 'logs'));
  log(`${options.agents} desktops, ${options.kills} dialer kills${options.gatewayKill ? ' and a gateway kill' : ''}, interval ${options.intervalSeconds} s, seed ${options.seed}; logs in ${join(dir, 'logs')}`);

  let pg: TestPostgres | null = null;
  let nats: TestNats | null = null;
  let cluster: DrillCluster | null = null;
  let store: Store | null = null;
  const desks: Desk[] = [];
  const stop = async (): Promise<void> => {
    for (const desk of desks) desk.stop();
    await cluster?.stop().catch(() => {});
    await store?.close().catch(() => {});
    await nats?.stop().catch(() => {});
    await pg?.stop().catch(() => {});
    if (!options.keepLogs) rmSync(dir, { recursive: true, force: true });
  };
  const interrupted = (): void => {
    log('interrupted: stopping the cluster');
    void stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);

  try {
    [pg, nats] = await Promise.all([startPostgres(), startNats()]);
    log(`PostgreSQL ${pg.url}, NATS ${nats.url}`);

    // About one call per agent every (talk + wrap + 1.5 s), for the whole run, with room for the predictive pace.
    const runSeconds = 90 + (options.kills + (options.gatewayKill ? 1 : 0)) * (options.intervalSeconds * 1.5 + 20);
    const perAgent = runSeconds / ((options.talkMs + options.wrapMs) / 1000 + 1.5);
    const contactsPerList = Math.min(999_999, Math.max(2000, Math.ceil((options.agents / 2) * perAgent * 2.5) + 1000));
    const agents = drillAgents(options.agents);
    const runFrom = Date.now();
    log(`seeding the demo data (${contactsPerList} contacts per list) and ${agents.length} agents`);
    const seeded = await seedDrill(pg.url, agents, contactsPerList, runFrom);
    log(`seeded: ${seeded.dncContacts} more contacts (${seeded.dncNumbers} numbers) on the DNC list`);

    cluster = await DrillCluster.start({ repoRoot: REPO_ROOT, dir, database: pg.url, natsUrl: nats.url, timers, network: { ...NETWORK, seed: options.seed }, dialer: DIALER });
    const c = cluster;
    const gatewayPorts = [await freePort(), await freePort()];
    c.startGateway('gateway-1', gatewayPorts[0]!);
    c.startGateway('gateway-2', gatewayPorts[1]!);
    const first = await c.startDialer();
    await until('dialer-1 leads', () => (c.leader?.instance === first.instance ? true : undefined), START_TIMEOUT_MS, 100);
    await c.startDialer();
    await until('every process ready', async () => ((await Promise.all([...c.gateways, ...c.dialers].map((n) => n.ready()))).every(Boolean) ? true : undefined), START_TIMEOUT_MS, 200);
    log(`cluster ready: ${c.gateways.map((g) => `${g.instance} :${g.port}`).join(', ')}, ${c.dialers.map((d) => `${d.instance} :${d.port} pid ${d.pid}`).join(', ')}; ${c.leader?.instance} leads (epoch ${c.leader?.epoch})`);

    store = await openStore(pg.url);
    const s = store;
    const acks: WrapUpAck[] = [];
    const errors = new ErrorLog();
    const sink: DeskSink = {
      ack: (ack) => acks.push(ack),
      error: (agentID, kind, detail) => errors.add(agentID, kind, detail),
      numberOf: async (contactID) => (await s.contacts.findById(contactID))?.phones[0]?.number,
    };
    const gatewayUrls = gatewayPorts.map((p) => `http://127.0.0.1:${p}`);
    agents.forEach((a, i) => desks.push(new Desk({
      agentID: a.agentID, extension: a.extension, password: DRILL_PASSWORD, team: a.team, gateways: gatewayUrls, gateway: i % 2,
      talkMs: options.talkMs, wrapMs: options.wrapMs, seed: options.seed * 100_003 + i, sink,
    })));
    await forEachLimited(desks, LOGIN_CONCURRENCY, async (desk) => {
      await desk.login();
    });
    log(`${desks.filter((d) => d.stage === 'login').length}/${desks.length} desktops logged in; going Ready`);
    await forEachLimited(desks, READY_CONCURRENCY, (desk) => desk.ready());
    const working = desks.filter((d) => d.stage === 'working');
    log(`${working.length}/${desks.length} desktops Ready; waiting for their first contacts`);
    await Promise.race([Promise.all(working.map((d) => d.firstOfferReceived)), sleep(FIRST_OFFER_TIMEOUT_MS)]);
    log(`${working.filter((d) => d.offers > 0).length}/${working.length} desktops have had a contact; warming up`);
    await sleep(WARM_UP_MS);

    const pendingKills: PendingKill[] = [];
    for (let k = 1; k <= options.kills; k++) {
      const waitMs = Math.round(options.intervalSeconds * 1000 * (0.5 + rng.next()));
      log(`kill ${k}/${options.kills} in ${(waitMs / 1000).toFixed(1)} s (${acks.length} wrap-ups acknowledged so far)`);
      await sleep(waitMs);
      pendingKills.push(await killLeader(c, desks, k, options.replaceAt));
    }

    let pendingGateway: PendingKill | null = null;
    if (options.gatewayKill) {
      const waitMs = Math.round(options.intervalSeconds * 1000 * (0.5 + rng.next()));
      const g = rng.int(c.gateways.length);
      log(`gateway kill in ${(waitMs / 1000).toFixed(1)} s: ${c.gateways[g]!.instance}`);
      await sleep(waitMs);
      pendingGateway = await killGateway(c, desks, g, gatewayPorts[g]!);
    }

    log(`settling ${SETTLE_MS / 1000} s, then stopping the desktops and the cluster`);
    await sleep(SETTLE_MS);
    const offered = desks.reduce((n, d) => n + d.offers, 0);
    const dialerKills = pendingKills.map(finish);
    const gatewayKill = pendingGateway ? finish(pendingGateway) : null;
    for (const desk of desks) desk.stop();
    await c.stop();
    log(`auditing the store: ${acks.length} acknowledged wrap-ups`);
    const audit = await auditStore(s, acks, runFrom, UNKNOWN_OUTCOME_RETRY_MINUTES);

    const stuck = [...dialerKills, ...(gatewayKill ? [gatewayKill] : [])].reduce((n, k) => n + k.stuck.length, 0);
    const report: DrillReport = {
      setup: {
        agents: options.agents, kills: options.kills, intervalSeconds: options.intervalSeconds, seed: options.seed, gatewayKill: options.gatewayKill,
        timers, network: NETWORK, talkMs: options.talkMs, wrapMs: options.wrapMs, replaceAt: options.replaceAt, seeded, startedAt: new Date(started).toISOString(),
        machine: { cores: availableParallelism(), node: process.version },
      },
      aims: AIMS,
      dialerKills,
      gatewayKill,
      desksBackAllKills: allDialerBacks(dialerKills),
      newLeaderServing: spread(dialerKills.filter((k) => k.servingMs != null).map((k) => k.servingMs!)),
      calls: { offered, acked: acks.length },
      audit: {
        ...audit,
        lost: audit.lost.length, lostSamples: audit.lost.slice(0, 10),
        duplicates: audit.duplicates.length, duplicateSamples: audit.duplicates.slice(0, 10),
        dncDials: audit.dncDials.length, dncSamples: audit.dncDials.slice(0, 10).map((a) => ({ id: a.id, contactId: a.contactId, number: a.number, result: a.result })),
      },
      stuck,
      errors: errors.toJSON(),
      verdicts: verdicts({ dialerKills, gatewayKill, lost: audit.lost.length, duplicates: audit.duplicates.length, dncDials: audit.dncDials.length, stuck }),
      wallSeconds: Math.round((Date.now() - started) / 1000),
      logs: options.keepLogs ? join(dir, 'logs') : null,
    };
    if (options.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    else process.stdout.write(`${render(report)}\n`);
    process.exitCode = report.verdicts.every((v) => v.met) ? 0 : 1;
  } finally {
    process.removeListener('SIGINT', interrupted);
    process.removeListener('SIGTERM', interrupted);
    await stop();
  }
}

/** Kills the leading dialer with SIGKILL, starts a replacement, and times the new leader and every desktop's return. */
/** A kill whose desktops' figures are read at the end of the run (their next call may come later). */
interface PendingKill {
  base: Omit<KillResult, 'desks' | 'back' | 'nextCall' | 'accepted' | 'stuck'>;
  recoveries: Array<{ agentID: string; recovery: Recovery }>;
}

function finish(kill: PendingKill): KillResult {
  return summarizeKill({ ...kill.base, desks: deskBacks(kill.recoveries, kill.base.at) });
}

function marked(desks: readonly Desk[]): Array<{ agentID: string; recovery: Recovery }> {
  return desks.map((d) => ({ agentID: d.agentID, recovery: d.recovery! }));
}

async function killLeader(c: DrillCluster, desks: readonly Desk[], n: number, replaceAt: 'kill' | 'back'): Promise<PendingKill> {
  // A standby must be there to take over: the replacement of the last kill may still be starting.
  await until('a standby dialer ready', async () => {
    const lead = await c.leadingDialer();
    if (!lead) return undefined;
    for (const d of c.runningDialers()) if (d !== lead.node && (await d.ready())) return true;
    return undefined;
  }, START_TIMEOUT_MS, 100);
  const lead = await until('the leader', () => c.leadingDialer(), 10_000);
  const working = desks.filter((d) => d.stage === 'working' && !d.loggedOutByServer);
  const killedAt = Date.now();
  const backs = working.map((d) => d.markDialerFailover(killedAt));
  const recoveries = marked(working);
  await lead.node.kill9();
  log(`kill ${n}: SIGKILL ${lead.node.instance} (pid ${lead.node.pid}, epoch ${lead.epoch}); ${working.length} desktops working`);
  let replacement = replaceAt === 'kill' ? await c.startDialer() : null;

  const leaseWon = until('a new epoch in the leadership table', async () => {
    const row = await c.leadership();
    return row && row.epoch > lead.epoch ? row : undefined;
  }, STUCK_MS, 25).catch(() => null);
  const serving = until('a heartbeat of a new epoch', () => {
    for (const [epoch, at] of c.epochHeardAt) if (epoch > lead.epoch) return { epoch, at };
    return undefined;
  }, STUCK_MS, 10).catch(() => null);
  const [won, heard] = await Promise.all([leaseWon, serving]);
  log(`kill ${n}: ${won ? `${won.holder} won the lease (epoch ${won.epoch}) after ${fmtMs(won.since - killedAt)}` : 'no new lease within 60 s'}, `
    + `${heard ? `heard serving after ${fmtMs(heard.at - killedAt)}` : 'no heartbeat within 60 s'}`);

  await Promise.race([Promise.all(backs), sleep(Math.max(0, killedAt + STUCK_MS - Date.now()))]);
  replacement ??= await c.startDialer();
  log(`kill ${n}: ${replacement.instance} started to stand by`);
  const stuck = working.filter((d) => d.recovery?.backAt === null);
  if (stuck.length > 0) {
    log(`kill ${n}: ${stuck.length} desktops not back within ${STUCK_MS / 1000} s, e.g. ${stuck.slice(0, 3).map((d) => d.describe()).join('; ')}; logging them on again`);
    await forEachLimited(stuck, LOGIN_CONCURRENCY, (d) => d.rescue());
  }
  const newLeader = c.dialers.find((d) => d.instance === won?.holder);
  const servingStep = newLeader?.steps.find((st) => st.step === 'serving' && st.epoch === won?.epoch);
  const resumedStep = newLeader?.steps.find((st) => st.step === 'agents resumed' && st.epoch === won?.epoch);
  const kill: PendingKill = {
    base: {
      kind: 'dialer', n, killed: lead.node.instance, at: killedAt, epochBefore: lead.epoch, epochAfter: won?.epoch ?? heard?.epoch,
      leaseWonMs: won ? won.since - killedAt : null, servingMs: heard ? heard.at - killedAt : null, leaderResumeMs: servingStep?.ms ?? null,
      agentsResumed: resumedStep ? { resumed: resumedStep.resumed ?? 0, failed: resumedStep.failed ?? 0, ms: resumedStep.ms ?? 0 } : null,
    },
    recoveries,
  };
  const now = finish(kill);
  log(`kill ${n}: desktops back p50 ${fmtMs(now.back.p50)}, p99 ${fmtMs(now.back.p99)}, max ${fmtMs(now.back.max)}; stuck ${now.stuck.length}`);
  return kill;
}

/** Kills one gateway with SIGKILL; its desktops move to the other; the gateway is started again once they have. */
async function killGateway(c: DrillCluster, desks: readonly Desk[], g: number, port: number): Promise<PendingKill> {
  const node: NodeProcess = c.gateways[g]!;
  const on = desks.filter((d) => d.stage === 'working' && d.gateway === g);
  const killedAt = Date.now();
  const backs = on.map((d) => d.markGatewayKill(killedAt));
  const recoveries = marked(on);
  await node.kill9();
  log(`gateway kill: SIGKILL ${node.instance} (pid ${node.pid}); ${on.length} desktops on it`);
  await Promise.race([Promise.all(backs), sleep(Math.max(0, killedAt + STUCK_MS - Date.now()))]);
  const stuck = on.filter((d) => d.recovery?.backAt === null);
  if (stuck.length > 0) {
    log(`gateway kill: ${stuck.length} desktops not back within ${STUCK_MS / 1000} s, e.g. ${stuck.slice(0, 3).map((d) => d.describe()).join('; ')}`);
    await forEachLimited(stuck, LOGIN_CONCURRENCY, (d) => d.rescue());
  }
  const restarted = c.startGateway(node.instance, port);
  await until(`${node.instance} ready again`, () => restarted.ready().then((ok) => (ok ? true : undefined)), START_TIMEOUT_MS, 200).catch(() => {
    log(`${node.instance} did not become ready again`);
  });
  const kill: PendingKill = { base: { kind: 'gateway', n: 1, killed: node.instance, at: killedAt }, recoveries };
  const now = finish(kill);
  log(`gateway kill: desktops working again p50 ${fmtMs(now.back.p50)}, p99 ${fmtMs(now.back.p99)}, max ${fmtMs(now.back.max)}; ${node.instance} restarted`);
  return kill;
}

function deskBacks(recoveries: ReadonlyArray<{ agentID: string; recovery: Recovery }>, killedAt: number): DeskBack[] {
  return recoveries.map(({ agentID, recovery: r }) => {
    const back = r.backAt !== null && !r.stuck ? r.backAt - killedAt : null;
    return {
      agentID, backMs: back, nextCallMs: back !== null && r.nextCallAt !== null ? r.nextCallAt - killedAt : null,
      acceptedMs: back !== null && r.acceptedAt !== null ? r.acceptedAt - killedAt : null,
    };
  });
}

function render(r: DrillReport): string {
  const out: string[] = [];
  const t = r.setup.timers;
  out.push(`Failover drill: ${r.setup.agents} desktops (half preview, half predictive) over A3/A4 through 2 gateways, 2 dialers; `
    + `timers heartbeat ${t.heartbeatMs} ms, leader timeout ${t.leaderTimeoutMs} ms, lease poll ${t.lockPollMs} ms; replacement dialer started at ${r.setup.replaceAt === 'kill' ? 'the kill' : 'recovery'}; `
    + `seed ${r.setup.seed}; ${r.wallSeconds} s`);
  out.push('');
  out.push(table(KILL_HEADER, killRows([...r.dialerKills, ...(r.gatewayKill ? [r.gatewayKill] : [])])));
  out.push('');
  out.push('Times from the SIGKILL. Dialer kills: "back" = the desktop has heard on A4 that its agent is Ready and NailedUp again; '
    + 'gateway kill: A4 open on the other gateway and the agent read Ready and NailedUp there. "command accepted" = its first A3 command accepted after the kill; "next call" = its next offer or acknowledged wrap-up.');
  out.push('');
  out.push(table(['over the run', 'value'], [
    ['desktops back, every dialer kill (p50 / p99 / max)', `${fmtMs(r.desksBackAllKills.p50)} / ${fmtMs(r.desksBackAllKills.p99)} / ${fmtMs(r.desksBackAllKills.max)} (${r.desksBackAllKills.count})`],
    ['new leader serving after a kill (p50 / max)', `${fmtMs(r.newLeaderServing.p50)} / ${fmtMs(r.newLeaderServing.max)}`],
    ['contacts offered / wrap-ups acknowledged', `${r.calls.offered} / ${r.calls.acked}`],
    ['attempts in the store', `${r.audit.attempts} (${Object.entries(r.audit.byResult).map(([k, v]) => `${k} ${v}`).join(', ')})`],
    ['acknowledged dispositions lost', `${r.audit.lost}${r.audit.codeMismatch ? ` (and ${r.audit.codeMismatch} stored with another code)` : ''}${r.audit.unidentified ? ` (${r.audit.unidentified} acknowledged for calls whose contact the desktop never saw: not checked)` : ''}`],
    ['duplicate dials', String(r.audit.duplicates)],
    ['DNC numbers dialed / refused by the dialer', `${r.audit.dncDials} / ${r.audit.dncRefused}`],
    ['desktops stuck (not back within 60 s)', String(r.stuck)],
  ]));
  out.push('');
  out.push(table(['aim', 'measured', 'met'], r.verdicts.map((v) => [v.aim, v.value, v.met ? 'yes' : '**no**'])));
  const errors = Object.entries(r.errors);
  if (errors.length > 0) {
    out.push('');
    out.push('Desktop errors by kind (refusals while a failure is on are expected):');
    for (const [kind, e] of errors.slice(0, 15)) out.push(`  ${String(e.count).padStart(6)}  ${kind}  e.g. ${e.samples[0] ?? ''}`);
  }
  if (r.audit.lostSamples.length > 0) out.push('', `Lost: ${JSON.stringify(r.audit.lostSamples.slice(0, 3))}`);
  if (r.audit.duplicateSamples.length > 0) out.push('', `Duplicates: ${JSON.stringify(r.audit.duplicateSamples.slice(0, 3))}`);
  if (r.logs) out.push('', `Logs: ${r.logs}`);
  return out.join('\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`failover drill failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(2);
});
