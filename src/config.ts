import { readFileSync } from 'node:fs';
import { configError } from './errors.ts';
import type { LevelWithSilent } from 'pino';
import { DEFAULT_DIALER_OPTIONS, type DialerOptions } from './dialer/dialer-options.ts';
import { parseSimulatedNetworkConfig, type SimulatedNetworkConfig } from './telephony/simulated-network-config.ts';
import { isTimeZone } from './dialer/compliance/calling-window.ts';
import { DEFAULT_TMAC_OPTIONS, type TmacOptions } from './tmac/desktop-config.ts';
import { DEFAULT_UTILITIES_OPTIONS, type UtilitiesOptions } from './utilities/utilities-config.ts';
import { DEFAULT_HTTP_OPTIONS, type HttpOptions } from './http/http-options.ts';
import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from './imports/import-limits.ts';
import { DEFAULT_LOGIN_THROTTLE, type LoginThrottleOptions } from './auth/login-throttle.ts';
import { bool, int, isObject, section, str, type Json } from './config-readers.ts';
import {
  DEFAULT_CLUSTER_OPTIONS, DEFAULT_REPORTS_OPTIONS, oneOfLevels, pamAddresses, validateCluster, validateDialer, validateHttp, validateImports, validateLogins,
  validateReports, validateTmac, validateUtilities, type ClusterOptions, type ReportsOptions,
} from './config-sections.ts';

export { ROLES, type ClusterOptions, type Role } from './config-sections.ts';

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
  /** The OCM Report Scheduler (docs/reports.md). */
  reports: ReportsOptions;
}

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
  reports: DEFAULT_REPORTS_OPTIONS,
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
