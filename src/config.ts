import { readFileSync } from 'node:fs';
import { configError } from './errors.ts';
import type { LevelWithSilent } from 'pino';
import { LOG_LEVELS } from './log/logger.ts';
import { DEFAULT_DIALER_OPTIONS, type DialerOptions } from './dialer/dialer-options.ts';
import { parseSimulatedNetworkConfig, type SimulatedNetworkConfig } from './telephony/simulated-network-config.ts';
import { isTimeZone } from './dialer/compliance/calling-window.ts';
import { DEFAULT_TMAC_OPTIONS, type TmacOptions } from './tmac/desktop-config.ts';
import { DEFAULT_UTILITIES_OPTIONS, type UtilitiesOptions } from './utilities/utilities-config.ts';
import { DEFAULT_HTTP_OPTIONS, type HttpOptions } from './http/http-options.ts';
import { normalizeOrigin, parseHost } from './http/origin-policy.ts';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from './imports/import-limits.ts';
import { DEFAULT_LOGIN_THROTTLE, type LoginThrottleOptions } from './auth/login-throttle.ts';
import { bool, int, isObject, known, list, section, str, text, type Json } from './config-readers.ts';

/** nailup's configuration: defaults ← config file ← environment ← command-line flags, validated, frozen. */
export interface NailupConfig {
  host: string;
  port: number;
  /** A SQLite file path (the embedded default) or a postgres:// URL. */
  database: string;
  /** What the process logs (JSON lines on standard output): fatal, error, warn, info, debug, trace or silent. */
  logLevel: LevelWithSilent;
  demo: { enabled: boolean; bots: number; contactsPerList: number; seed: number };
  /** What the CTI server logs agents on with (protocol.md §2, AgentLogin). */
  pom: { zoneName: string; locale: string; timeZone: string };
  /** The HTTP server: TLS, the Host names and Origins it answers, whether the floor status is public (docs/security.md). */
  http: HttpOptions;
  /** The CTI server: its POM link and who may use links A3/A4. */
  cti: { apiKey: string; pamAddresses: Array<{ ipAddress: string; port: number }>; verifyCertificate: boolean; linkRetrySeconds: number };
  dialer: DialerOptions;
  network: SimulatedNetworkConfig;
  /** The TMAC server: desktop sessions, aux reasons, sales screens. */
  tmac: TmacOptions;
  /** The supervisor utilities and the dialer's POM web services (protocol.md §6). */
  utilities: UtilitiesOptions;
  /** The bounds of CSV imports: file, field and row sizes (src/imports/import-limits.ts; docs/utilities.md). */
  imports: ImportLimits;
  /** Throttling of failed logins: supervisors, desktops, A3 AgentLogin (docs/security.md, "Logins"). */
  logins: LoginThrottleOptions;
  /** Which roles this process runs, and how the processes of a cluster meet (docs/operations.md). */
  cluster: ClusterOptions;
  /** The OCM Report Scheduler: how often the report rollups are brought up to date (docs/reports.md). */
  reports: { rollupIntervalMinutes: number };
}

/**
 * `all`: every role in one process (the embedded default). `dialer`: the dialer, ACD, CTI and TMAC servers,
 * leading or standing by (PostgreSQL lease). `gateway`: the HTTP and WebSocket edge, relaying to the leader.
 */
export const ROLES = ['all', 'dialer', 'gateway'] as const;
export type Role = (typeof ROLES)[number];

export interface ClusterOptions {
  role: Role;
  /** NATS server(s) the dialers and gateways meet on, comma-separated (`nats://host:4222`). */
  natsUrl: string;
  /** This process's name in logs, metrics and the leadership table ('' = host name and process id). */
  instance: string;
  /** How often the leader says it is alive (NATS), and checks its lease (PostgreSQL). */
  heartbeatMs: number;
  /** A gateway takes the leader for gone after this long without a heartbeat. */
  leaderTimeoutMs: number;
  /** How often a standby dialer tries to take the lease. */
  lockPollMs: number;
  /** How long a gateway waits for the leader to answer a request. */
  requestTimeoutMs: number;
}

export const DEFAULT_CLUSTER_OPTIONS: ClusterOptions = {
  role: 'all', natsUrl: 'nats://127.0.0.1:4222', instance: '', heartbeatMs: 500, leaderTimeoutMs: 2000, lockPollMs: 250, requestTimeoutMs: 5000,
};

export const DEFAULT_CONFIG = {
  host: '127.0.0.1',
  port: 8080,
  logLevel: 'info',
  database: 'data/nailup.db',
  demo: { enabled: false, bots: 8, contactsPerList: 3000, seed: 1 },
  pom: { zoneName: 'Default', locale: 'en-US', timeZone: 'America/New_York' },
  http: DEFAULT_HTTP_OPTIONS,
  cti: { apiKey: '', pamAddresses: [{ ipAddress: '127.0.0.1', port: 9970 }], verifyCertificate: false, linkRetrySeconds: 2 },
  dialer: DEFAULT_DIALER_OPTIONS,
  network: {},
  tmac: DEFAULT_TMAC_OPTIONS,
  utilities: DEFAULT_UTILITIES_OPTIONS,
  imports: DEFAULT_IMPORT_LIMITS,
  logins: DEFAULT_LOGIN_THROTTLE,
  cluster: DEFAULT_CLUSTER_OPTIONS,
  reports: { rollupIntervalMinutes: 5 },
};

/** Environment variables: the common keys by name, and any key as NAILUP__section__key=value. */
const ENV_KEYS: Record<string, string> = {
  NAILUP_HOST: 'host',
  NAILUP_PORT: 'port',
  NAILUP_DATABASE: 'database',
  NAILUP_LOG_LEVEL: 'logLevel',
  NAILUP_DEMO: 'demo.enabled',
  NAILUP_DEMO_BOTS: 'demo.bots',
  NAILUP_ROLE: 'cluster.role',
  NAILUP_NATS_URL: 'cluster.natsUrl',
};

export interface ConfigSources {
  /** Path of a JSON config file. */
  file?: string;
  env?: NodeJS.ProcessEnv;
  /** Flat overrides by dotted key, e.g. {"port": "9090", "demo.enabled": true}. */
  flags?: Record<string, unknown>;
}

export function loadConfig(sources: ConfigSources = {}): Readonly<NailupConfig> {
  const merged: Json = structuredClone(DEFAULT_CONFIG) as unknown as Json;
  if (sources.file) mergeInto(merged, readConfigFile(sources.file), '');
  for (const [name, value] of Object.entries(sources.env ?? {})) {
    if (value === undefined) continue;
    const key = ENV_KEYS[name] ?? (name.startsWith('NAILUP__') ? name.slice(8).split('__').join('.') : undefined);
    if (key) setPath(merged, key, coerce(value));
  }
  for (const [key, value] of Object.entries(sources.flags ?? {})) if (value !== undefined) setPath(merged, key, typeof value === 'string' ? coerce(value) : value);
  return deepFreeze(validate(merged));
}

function readConfigFile(path: string): Json {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw configError('file', `cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (!isObject(parsed)) throw new Error('the top level must be an object');
    return parsed;
  } catch (error) {
    throw configError('file', `${path} is not valid JSON: ${(error as Error).message}`);
  }
}

function validate(raw: Json): NailupConfig {
  const known = new Set(Object.keys(DEFAULT_CONFIG));
  for (const key of Object.keys(raw)) if (!known.has(key)) throw configError(key, `unknown key; allowed: ${[...known].join(', ')}`);
  const demo = section(raw, 'demo');
  const pom = section(raw, 'pom');
  const dialer = section(raw, 'dialer');
  const cti = section(raw, 'cti');
  const timeZone = str(pom, 'pom.timeZone');
  if (!isTimeZone(timeZone)) throw configError('pom.timeZone', `${timeZone} is not an IANA time zone`);
  let network: SimulatedNetworkConfig;
  try {
    network = parseSimulatedNetworkConfig(raw.network);
  } catch (error) {
    throw configError('network', (error as Error).message);
  }
  return {
    host: str(raw, 'host'),
    port: int(raw, 'port', 0, 65535),
    database: str(raw, 'database'),
    logLevel: oneOfLevels(raw.logLevel),
    demo: {
      enabled: bool(demo, 'demo.enabled'),
      bots: int(demo, 'demo.bots', 0, 1000),
      contactsPerList: int(demo, 'demo.contactsPerList', 1, 10_000_000),
      seed: int(demo, 'demo.seed', 0, 2 ** 31),
    },
    pom: { zoneName: str(pom, 'pom.zoneName'), locale: str(pom, 'pom.locale'), timeZone },
    http: validateHttp(section(raw, 'http')),
    cti: {
      apiKey: typeof cti.apiKey === 'string' ? cti.apiKey : (() => { throw configError('cti.apiKey', 'must be a string ("" for loopback-only access)'); })(),
      pamAddresses: pamAddresses(cti.pamAddresses),
      verifyCertificate: bool(cti, 'cti.verifyCertificate'),
      linkRetrySeconds: int(cti, 'cti.linkRetrySeconds', 1, 3600),
    },
    dialer: validateDialer(dialer),
    network,
    tmac: validateTmac(section(raw, 'tmac')),
    utilities: validateUtilities(section(raw, 'utilities')),
    imports: validateImports(section(raw, 'imports')),
    logins: validateLogins(section(raw, 'logins')),
    cluster: validateCluster(section(raw, 'cluster'), str(raw, 'database')),
    reports: validateReports(section(raw, 'reports')),
  };
}

function validateReports(r: Json): NailupConfig['reports'] {
  known(r, 'reports', DEFAULT_CONFIG.reports);
  return { rollupIntervalMinutes: int(r, 'reports.rollupIntervalMinutes', 1, 24 * 60) };
}

// ── cluster (docs/operations.md) ─────────────────────────────────────────────

function validateCluster(c: Json, database: string): ClusterOptions {
  known(c, 'cluster', DEFAULT_CLUSTER_OPTIONS);
  const role = c.role;
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) throw configError('cluster.role', `must be one of ${ROLES.join(', ')} (got ${JSON.stringify(role)})`);
  // Every dialer of a cluster shares one store, and the lease and fencing live in it.
  if (role === 'dialer' && !/^postgres(ql)?:\/\//.test(database)) throw configError('database', 'the dialer role needs a postgres:// database (SQLite serves one process: role all)');
  const natsUrl = str(c, 'cluster.natsUrl');
  if (natsUrl.split(',').some((u) => !/^(nats|tls):\/\/[^\s/]+$/.test(u.trim()))) throw configError('cluster.natsUrl', `must be nats://host:port, comma-separated for several (got ${JSON.stringify(natsUrl)})`);
  const instance = text(c, 'cluster.instance');
  if (!/^[A-Za-z0-9._:-]{0,64}$/.test(instance)) throw configError('cluster.instance', 'must be up to 64 letters, digits, dots, dashes, underscores or colons');
  const heartbeatMs = int(c, 'cluster.heartbeatMs', 50, 60_000);
  const leaderTimeoutMs = int(c, 'cluster.leaderTimeoutMs', 100, 600_000);
  if (leaderTimeoutMs < 2 * heartbeatMs) throw configError('cluster.leaderTimeoutMs', `must be at least twice cluster.heartbeatMs (${2 * heartbeatMs})`);
  return {
    role: role as Role, natsUrl, instance, heartbeatMs, leaderTimeoutMs,
    lockPollMs: int(c, 'cluster.lockPollMs', 10, 60_000),
    requestTimeoutMs: int(c, 'cluster.requestTimeoutMs', 100, 600_000),
  };
}

// ── logins (docs/security.md) ────────────────────────────────────────────────

function validateLogins(l: Json): LoginThrottleOptions {
  known(l, 'logins', DEFAULT_LOGIN_THROTTLE);
  const lockoutSeconds = int(l, 'logins.lockoutSeconds', 1, 3600);
  const maxLockoutSeconds = int(l, 'logins.maxLockoutSeconds', 1, 24 * 3600);
  if (maxLockoutSeconds < lockoutSeconds) throw configError('logins.maxLockoutSeconds', `must be at least logins.lockoutSeconds (${lockoutSeconds})`);
  return {
    freeFailures: int(l, 'logins.freeFailures', 1, 1000),
    addressFreeFailures: int(l, 'logins.addressFreeFailures', 1, 100_000),
    lockoutSeconds,
    maxLockoutSeconds,
    resetAfterMinutes: int(l, 'logins.resetAfterMinutes', 1, 7 * 24 * 60),
    maxEntries: int(l, 'logins.maxEntries', 100, 10_000_000),
  };
}

// ── http (docs/security.md, "Transport and origin") ─────────────────────────────

function validateHttp(h: Json): HttpOptions {
  known(h, 'http', DEFAULT_HTTP_OPTIONS);
  const tlsCert = text(h, 'http.tlsCert');
  const tlsKey = text(h, 'http.tlsKey');
  if ((tlsCert === '') !== (tlsKey === '')) throw configError(tlsCert === '' ? 'http.tlsCert' : 'http.tlsKey', 'http.tlsCert and http.tlsKey go together (--tls-cert FILE --tls-key FILE)');
  for (const [key, file] of [['http.tlsCert', tlsCert], ['http.tlsKey', tlsKey]] as const) {
    if (file === '') continue;
    try {
      readFileSync(file);
    } catch (error) {
      throw configError(key, `cannot read ${file}: ${(error as Error).message}`);
    }
  }
  const allowedHosts = list(h, 'http.allowedHosts');
  allowedHosts.forEach((entry, i) => {
    if (!parseHost(entry)) throw configError(`http.allowedHosts.${i}`, `must be a host name or address, with or without :port, such as nailup.example.com or nailup.example.com:8443 or [::1]:8080 (got ${JSON.stringify(entry)})`);
  });
  const allowedOrigins = list(h, 'http.allowedOrigins').map((entry, i) => {
    const origin = normalizeOrigin(entry);
    if (origin === null) throw configError(`http.allowedOrigins.${i}`, `must be an origin such as https://nailup.example.com or http://localhost:5173 (got ${JSON.stringify(entry)})`);
    return origin;
  });
  return { tlsCert, tlsKey, allowedHosts: allowedHosts.map((e) => e.trim().toLowerCase()), allowedOrigins, publicStatus: bool(h, 'http.publicStatus') };
}

function oneOfLevels(value: unknown): LevelWithSilent {
  if (typeof value !== 'string' || !(LOG_LEVELS as readonly string[]).includes(value)) throw configError('logLevel', `must be one of ${LOG_LEVELS.join(', ')}`);
  return value as LevelWithSilent;
}

// ── imports (docs/utilities.md, "Limits") ───────────────────────────────────

function validateImports(i: Json): ImportLimits {
  known(i, 'imports', DEFAULT_IMPORT_LIMITS);
  const maxFieldBytes = int(i, 'imports.maxFieldBytes', 256, 64 * 1024 * 1024);
  const maxRowBytes = int(i, 'imports.maxRowBytes', 256, 256 * 1024 * 1024);
  if (maxRowBytes < maxFieldBytes) throw configError('imports.maxRowBytes', `must be at least imports.maxFieldBytes (${maxFieldBytes})`);
  return { maxFileBytes: int(i, 'imports.maxFileBytes', 1024, Number.MAX_SAFE_INTEGER), maxFieldBytes, maxRowBytes };
}

function validateUtilities(u: Json): UtilitiesOptions {
  known(u, 'utilities', DEFAULT_UTILITIES_OPTIONS);
  const pom = section(u, 'pom');
  known(pom, 'utilities.pom', DEFAULT_UTILITIES_OPTIONS.pom);
  const sftp = section(u, 'sftp');
  known(sftp, 'utilities.sftp', DEFAULT_UTILITIES_OPTIONS.sftp);
  const baseUrl = text(pom, 'utilities.pom.baseUrl');
  if (baseUrl !== '' && !/^https?:\/\/[^/]+/.test(baseUrl)) throw configError('utilities.pom.baseUrl', `must be an http(s) URL such as http://pom.example:8080/pom/v1, or empty for this nailup's own /pom/v1 (got ${JSON.stringify(baseUrl)})`);
  const timeZone = str(u, 'utilities.timeZone');
  if (!isTimeZone(timeZone)) throw configError('utilities.timeZone', `${timeZone} is not an IANA time zone`);
  const defaultRegion = str(u, 'utilities.defaultRegion');
  if (!/^[A-Z]{2}$/.test(defaultRegion)) throw configError('utilities.defaultRegion', `must be a two-letter region code such as US or GB (got ${JSON.stringify(defaultRegion)})`);
  const host = text(sftp, 'utilities.sftp.host');
  const username = text(sftp, 'utilities.sftp.username');
  const password = text(sftp, 'utilities.sftp.password');
  const privateKeyFile = text(sftp, 'utilities.sftp.privateKeyFile');
  if (host !== '' && username === '') throw configError('utilities.sftp.username', 'is required when utilities.sftp.host is set');
  if (host !== '' && password === '' && privateKeyFile === '') throw configError('utilities.sftp.password', 'a password or utilities.sftp.privateKeyFile is required when utilities.sftp.host is set');
  const folder = str(sftp, 'utilities.sftp.folder');
  return {
    pom: {
      baseUrl: baseUrl.replace(/\/+$/, ''),
      username: str(pom, 'utilities.pom.username'),
      password: text(pom, 'utilities.pom.password'),
      timeoutMs: int(pom, 'utilities.pom.timeoutMs', 100, 600_000),
    },
    organizationName: str(u, 'utilities.organizationName'),
    contactListFilter: text(u, 'utilities.contactListFilter'),
    directPurge: str(u, 'utilities.directPurge'),
    purgeRetries: int(u, 'utilities.purgeRetries', 1, 100),
    purgeRetryDelayMs: int(u, 'utilities.purgeRetryDelayMs', 0, 600_000),
    pageSize: int(u, 'utilities.pageSize', 1, 10_000),
    timeZone,
    defaultRegion,
    runOnceDelayMinutes: int(u, 'utilities.runOnceDelayMinutes', 0, 7 * 24 * 60),
    sftp: {
      host, port: int(sftp, 'utilities.sftp.port', 1, 65535), username, password, privateKeyFile,
      folder: folder.length > 1 ? folder.replace(/\/+$/, '') : folder,
      hostKeySha256: text(sftp, 'utilities.sftp.hostKeySha256').replace(/^SHA256:/, ''),
      timeoutMs: int(sftp, 'utilities.sftp.timeoutMs', 100, 600_000),
    },
    sessionHours: int(u, 'utilities.sessionHours', 1, 24 * 30),
    // Under an hour, so the warning comes after the session began whatever sessionHours is.
    sessionWarningMinutes: int(u, 'utilities.sessionWarningMinutes', 1, 59),
    exportFolder: str(u, 'utilities.exportFolder'),
  };
}

function validateDialer(d: Json): DialerOptions {
  known(d, 'dialer', DEFAULT_DIALER_OPTIONS);
  const ms = (key: keyof DialerOptions, min = 0): number => int(d, `dialer.${key}`, min, 400 * 24 * 3600_000);
  const pacing = d.pacing;
  if (!(pacing === 'predictive' || pacing === 'progressive' || (isObject(pacing) && typeof pacing.ratio === 'number' && pacing.ratio >= 1))) {
    throw configError('dialer.pacing', 'must be "predictive", "progressive" or {"ratio": R} with R >= 1');
  }
  return {
    tickMs: ms('tickMs', 10),
    pacingIntervalMs: int(d, 'dialer.pacingIntervalMs', 0, 10_000),
    nailupDelayMs: ms('nailupDelayMs'),
    abandonMessageMs: ms('abandonMessageMs'),
    machineMessageMs: ms('machineMessageMs'),
    walkAwayReasonCode: int(d, 'dialer.walkAwayReasonCode', 0, 999),
    callbackCheckMs: ms('callbackCheckMs', 100),
    previewCancelRetryMinutes: int(d, 'dialer.previewCancelRetryMinutes', 0, 100_000),
    emptyListRecheckMs: ms('emptyListRecheckMs', 100),
    minimumRingSeconds: int(d, 'dialer.minimumRingSeconds', 0, 600),
    windowMarginSeconds: int(d, 'dialer.windowMarginSeconds', 0, 24 * 3600),
    abandonWindowMs: ms('abandonWindowMs', 60_000),
    pacing: pacing as DialerOptions['pacing'],
    callbackExpiryMinutes: int(d, 'dialer.callbackExpiryMinutes', 1, 100_000),
    unknownOutcomeRetryMinutes: int(d, 'dialer.unknownOutcomeRetryMinutes', 1, 100_000),
    consultDestinations: consultDestinations(d.consultDestinations),
  };
}

function consultDestinations(value: unknown): Array<{ name: string; number: string }> {
  if (!Array.isArray(value)) throw configError('dialer.consultDestinations', 'must be a list of {"name", "number"}');
  return value.map((entry: unknown, i) => {
    if (!isObject(entry)) throw configError(`dialer.consultDestinations.${i}`, 'must be {"name", "number"}');
    const number = str(entry, `dialer.consultDestinations.${i}.number`);
    if (!/^\+?[0-9]{3,20}$/.test(number)) throw configError(`dialer.consultDestinations.${i}.number`, `must be a phone number of 3 to 20 digits, such as +12125550100 (got ${JSON.stringify(number)})`);
    return { name: str(entry, `dialer.consultDestinations.${i}.name`), number };
  });
}

function validateTmac(t: Json): TmacOptions {
  const idleTimeoutSeconds = int(t, 'tmac.idleTimeoutSeconds', 10, 7 * 24 * 3600);
  const warnBeforeSeconds = int(t, 'tmac.warnBeforeSeconds', 1, 3600);
  if (warnBeforeSeconds >= idleTimeoutSeconds) throw configError('tmac.warnBeforeSeconds', 'must be less than tmac.idleTimeoutSeconds');
  const reasons = t.reasonCodes;
  if (!Array.isArray(reasons) || reasons.length === 0) throw configError('tmac.reasonCodes', 'must be a non-empty list of {"code", "name"}');
  const reasonCodes = reasons.map((r: unknown, i) => {
    if (!isObject(r)) throw configError(`tmac.reasonCodes.${i}`, 'must be {"code", "name"}');
    return { code: int(r, `tmac.reasonCodes.${i}.code`, 1, 999), name: str(r, `tmac.reasonCodes.${i}.name`) };
  });
  if (!Array.isArray(t.salesScreens)) throw configError('tmac.salesScreens', 'must be a list of sales screens');
  return {
    idleTimeoutSeconds,
    lifetimeSeconds: int(t, 'tmac.lifetimeSeconds', 60, 7 * 24 * 3600),
    warnBeforeSeconds,
    reasonCodes,
    salesScreens: t.salesScreens as TmacOptions['salesScreens'],
  };
}

function pamAddresses(value: unknown): Array<{ ipAddress: string; port: number }> {
  if (!Array.isArray(value) || value.length === 0) throw configError('cti.pamAddresses', 'must be a non-empty list of {"ipAddress", "port"}');
  return value.map((entry: unknown, i) => {
    if (!isObject(entry)) throw configError(`cti.pamAddresses.${i}`, 'must be {"ipAddress", "port"}');
    return { ipAddress: str(entry, `cti.pamAddresses.${i}.ipAddress`), port: int(entry, `cti.pamAddresses.${i}.port`, 1, 65535) };
  });
}

/** Strings from the environment or the command line: numbers, booleans and JSON become values. */
function coerce(value: string): unknown {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (value.startsWith('{') || value.startsWith('[')) {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}

function setPath(target: Json, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (!isObject(node[key])) node[key] = {};
    node = node[key] as Json;
  }
  node[keys[keys.length - 1]!] = value;
}

function mergeInto(target: Json, source: Json, prefix: string): void {
  for (const [key, value] of Object.entries(source)) {
    if (isObject(value) && isObject(target[key])) mergeInto(target[key] as Json, value, `${prefix}${key}.`);
    else target[key] = value;
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
