/**
 * The sections of nailup's configuration file, each validated on its own: a wrong value fails with
 * the dotted path of the field (configError), nothing is half applied.
 */
import { readFileSync } from 'node:fs';
import type { LevelWithSilent } from 'pino';
import { configError } from './errors.ts';
import { LOG_LEVELS } from './log/logger.ts';
import { DEFAULT_DIALER_OPTIONS, type DialerOptions } from './dialer/dialer-options.ts';
import type { TmacOptions } from './tmac/desktop-config.ts';
import { DEFAULT_UTILITIES_OPTIONS, type UtilitiesOptions } from './utilities/utilities-config.ts';
import { DEFAULT_HTTP_OPTIONS, type HttpOptions } from './http/http-options.ts';
import { normalizeOrigin, parseHost } from './http/origin-policy.ts';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from './imports/import-limits.ts';
import { DEFAULT_LOGIN_THROTTLE, type LoginThrottleOptions } from './auth/login-throttle.ts';
import { isTimeZone } from './dialer/compliance/calling-window.ts';
import { bool, int, isObject, known, list, section, str, text, type Json } from './config-readers.ts';

/** The OCM Report Scheduler: how often the report rollups are brought up to date (docs/reports.md). */
export interface ReportsOptions {
  rollupIntervalMinutes: number;
}

export const DEFAULT_REPORTS_OPTIONS: ReportsOptions = { rollupIntervalMinutes: 5 };

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

export function validateReports(r: Json): ReportsOptions {
  known(r, 'reports', DEFAULT_REPORTS_OPTIONS);
  return { rollupIntervalMinutes: int(r, 'reports.rollupIntervalMinutes', 1, 24 * 60) };
}

// ── cluster (docs/operations.md) ─────────────────────────────────────────────

export function validateCluster(c: Json, database: string): ClusterOptions {
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

export function validateLogins(l: Json): LoginThrottleOptions {
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

export function validateHttp(h: Json): HttpOptions {
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

export function oneOfLevels(value: unknown): LevelWithSilent {
  if (typeof value !== 'string' || !(LOG_LEVELS as readonly string[]).includes(value)) throw configError('logLevel', `must be one of ${LOG_LEVELS.join(', ')}`);
  return value as LevelWithSilent;
}

// ── imports (docs/utilities.md, "Limits") ───────────────────────────────────

export function validateImports(i: Json): ImportLimits {
  known(i, 'imports', DEFAULT_IMPORT_LIMITS);
  const maxFieldBytes = int(i, 'imports.maxFieldBytes', 256, 64 * 1024 * 1024);
  const maxRowBytes = int(i, 'imports.maxRowBytes', 256, 256 * 1024 * 1024);
  if (maxRowBytes < maxFieldBytes) throw configError('imports.maxRowBytes', `must be at least imports.maxFieldBytes (${maxFieldBytes})`);
  return { maxFileBytes: int(i, 'imports.maxFileBytes', 1024, Number.MAX_SAFE_INTEGER), maxFieldBytes, maxRowBytes };
}

export function validateUtilities(u: Json): UtilitiesOptions {
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

export function validateDialer(d: Json): DialerOptions {
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

export function validateTmac(t: Json): TmacOptions {
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

export function pamAddresses(value: unknown): Array<{ ipAddress: string; port: number }> {
  if (!Array.isArray(value) || value.length === 0) throw configError('cti.pamAddresses', 'must be a non-empty list of {"ipAddress", "port"}');
  return value.map((entry: unknown, i) => {
    if (!isObject(entry)) throw configError(`cti.pamAddresses.${i}`, 'must be {"ipAddress", "port"}');
    return { ipAddress: str(entry, `cti.pamAddresses.${i}.ipAddress`), port: int(entry, `cti.pamAddresses.${i}.port`, 1, 65535) };
  });
}

/** Strings from the environment or the command line: numbers, booleans and JSON become values. */
