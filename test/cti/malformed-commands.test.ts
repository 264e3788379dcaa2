/**
 * A property test of protocol.md §2: malformed A3 input (unknown command, missing or wrongly typed or
 * unknown parameter, bad JSON, wrong content type) gets HTTP 400 with a JSON error naming the field, and
 * changes nothing. Thousands of requests from a seeded generator go to a running nailup whose agent 1001
 * is logged in, Ready, nailed up and has a preview contact in hand; after each one, no A4 event may have
 * been sent and the agent's state (`GET /cti/v1/agents/1001`) must be as before. Set CTI_FUZZ_SEED to
 * replay another seed.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startNailup, type Nailup } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { VirtualClock } from '../../src/clock/virtual-clock.ts';
import { DemoRandom } from '../../src/demo/demo-random.ts';
import { EventCollector, getAgent, named, sendCommand, type HttpReply } from '../support/cti-client.ts';

const SEED = Number(process.env.CTI_FUZZ_SEED ?? 20260105);
const BODY_CASES = 2500;
const NAME_CASES = 600;
const AGENT = '1001';
const EXTENSION = '44001';

// ── a small seeded generator ───────────────────────────────────────────────────

/** Test data drawn from the demo's seeded PRNG (mulberry32), so a seed replays the same cases. */
class Random {
  private readonly source: DemoRandom;

  constructor(seed: number) {
    this.source = new DemoRandom(seed);
  }

  next(): number {
    return this.source.next();
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  range(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** Picks by weight: [[weight, value], …]. */
  weighted<T>(items: ReadonlyArray<readonly [number, T]>): T {
    const total = items.reduce((sum, [w]) => sum + w, 0);
    let u = this.next() * total;
    for (const [w, value] of items) {
      if ((u -= w) < 0) return value;
    }
    return items[items.length - 1]![1];
  }

  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j]!, items[i]!];
    }
    return items;
  }

  string(maxLength = 24): string {
    const alphabet = this.weighted([
      [6, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-'],
      [2, ' !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~'],
      [1, 'éßøΩЖ漢字\u200b\u202e'],
      [1, '\u0000\u0001\u0008\t\n\r\u001f\u007f'],
    ] as const);
    const length = this.chance(0.1) ? this.range(25, 300) : this.int(maxLength + 1);
    let out = '';
    for (let i = 0; i < length; i++) out += this.chance(0.02) ? this.pick(['😀', '\ud800', '\udfff']) : alphabet[this.int(alphabet.length)];
    return out;
  }

  /** A key for an extra parameter: never empty. */
  key(): string {
    return this.weighted([
      [4, () => this.string(12) || 'x'],
      [3, () => this.pick(['agentId', 'AgentID', 'invokeId', 'InvokeID', 'connectionhandle', 'extension ', ' sessionID', 'reasonName', 'isForce', 'locale', 'timeZone', 'zoneName', 'hasWalkedAway', 'pamAddresses', 'jsonData2', 'result'])],
      [1, () => this.pick(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'])],
    ] as const)();
  }

  /** Any JSON value, nested up to `depth`. */
  junk(depth = 3): unknown {
    const kind = depth <= 0 ? this.int(5) : this.int(7);
    switch (kind) {
      case 0: return null;
      case 1: return this.chance(0.5);
      case 2: return this.pick([0, 1, -1, 5, 2 ** 31, 1.5, -0.25, 1e300, 2 ** 53 + 2, 123456789]);
      case 3: return this.string();
      case 4: return this.string(4);
      case 5: return Array.from({ length: this.int(4) }, () => this.junk(depth - 1));
      default: {
        const obj: Record<string, unknown> = {};
        for (let i = this.int(4); i > 0; i--) setOwn(obj, this.key(), this.junk(depth - 1));
        return obj;
      }
    }
  }

  /** Deep nesting: [[[[…]]]] or {"a":{"a":…}}. */
  deep(): unknown {
    let value: unknown = this.junk(0);
    for (let i = this.range(20, 400); i > 0; i--) value = this.chance(0.5) ? [value] : { a: value };
    return value;
  }
}

/** Sets an own property, `__proto__` included (an assignment would change the prototype instead). */
function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

// ── the A3 commands as protocol.md §2 lists them ───────────────────────────────

type ParamType = 'string' | 'int';
interface Param {
  type: ParamType;
  /** protocol.md gives a default (queue="", reasonCode=0, userUserInfo=""), or the parameter is not in its list. */
  optional?: boolean;
}

const str: Param = { type: 'string' };
const int: Param = { type: 'int' };
const optStr: Param = { type: 'string', optional: true };
const optInt: Param = { type: 'int', optional: true };

/*
 * `queue` is written without a default for the state commands but with one for AgentLogout; TMAC always
 * sends it, and nailup defaults it everywhere: treated as optional here. SendGenericCTICommand's invokeID
 * is not in protocol.md's list; nailup takes it to fill the events' InvokeID: optional too.
 */
const COMMANDS: Record<string, Record<string, Param>> = {
  SecurityLogin: { extension: str, invokeID: int },
  SecurityLogout: { extension: str, invokeID: int },
  AgentLogin: { extension: str, agentID: str, agentPassword: str, invokeID: int },
  AgentLogout: { sessionID: str, agentID: str, invokeID: int, queue: optStr, reasonCode: optInt },
  MonitorDevice: { sessionID: str, extension: str, invokeID: int },
  UnMonitorDevice: { sessionID: str, monitorHandle: int, invokeID: int },
  SetAgentStateToAux: { sessionID: str, agentID: str, agentState: int, invokeID: int, queue: optStr, reasonCode: int },
  SetAgentStateToPending: { sessionID: str, agentID: str, agentState: int, invokeID: int, queue: optStr, reasonCode: int },
  SetAgentStateToAutoIn: { sessionID: str, agentID: str, agentState: int, invokeID: int, queue: optStr },
  SetAgentStateToManualIn: { sessionID: str, agentID: str, agentState: int, invokeID: int, queue: optStr },
  Hold: { sessionID: str, connectionHandle: str, invokeID: int },
  HoldReconnect: { sessionID: str, connectionHandle: str, invokeID: int },
  DisconnectCall: { sessionID: str, connectionHandle: str, invokeID: int, userUserInfo: optStr },
  DisconnectStation: { sessionID: str, connectionHandle: str, invokeID: int, userUserInfo: optStr },
  SendGenericCTICommand: { commandName: str, jsonData: str, invokeID: optInt },
};
const COMMAND_NAMES = Object.keys(COMMANDS);

const GENERIC: Record<string, string[]> = {
  DialPOMPreviewCall: ['connectionHandle', 'numberToDial', 'custName'],
  CancelPOMPreviewCall: ['connectionHandle'],
  WrapUpCallContact: ['connectionHandle', 'pCode', 'pValue'],
  GetConsultDestinationAgentsList: ['connectionHandle', 'consultType'],
};
/** Generic command names the server knows beyond protocol.md: never used as an "unknown" one. */
const OTHER_KNOWN_GENERIC = ['CreatePOMCallback'];

/** The live values of the known state: a request built from them alone would be valid. */
interface Known {
  handle: string;
  monitorHandle: number;
  number: string;
}

function validGenericData(rng: Random, name: string, known: Known): Record<string, string> {
  switch (name) {
    case 'DialPOMPreviewCall': return { connectionHandle: known.handle, numberToDial: known.number, custName: rng.string(12) };
    case 'CancelPOMPreviewCall': return { connectionHandle: known.handle };
    case 'WrapUpCallContact': return { connectionHandle: known.handle, pCode: '69', pValue: 'Sale' };
    default: return { connectionHandle: known.handle, consultType: rng.pick(['Agent', 'External']) };
  }
}

/** A body that would be accepted as it is (a well-formed command for the known agent and call). */
function validBody(rng: Random, command: string, known: Known): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [key, param] of Object.entries(COMMANDS[command]!)) {
    if (param.optional && rng.chance(0.3)) continue;
    body[key] = valueFor(rng, key, param, known);
  }
  if (command === 'SendGenericCTICommand') {
    const generic = rng.pick(Object.keys(GENERIC));
    body.commandName = generic;
    body.jsonData = JSON.stringify(validGenericData(rng, generic, known));
  }
  return body;
}

function valueFor(rng: Random, key: string, param: Param, known: Known): unknown {
  switch (key) {
    case 'agentID': return AGENT;
    case 'extension': return EXTENSION;
    case 'agentPassword': return 'demo';
    case 'connectionHandle': return known.handle;
    case 'monitorHandle': return known.monitorHandle;
    case 'reasonCode': return rng.range(0, 20);
    case 'agentState': return rng.range(0, 5);
    case 'invokeID': return rng.pick([0, 1, 5, rng.range(1, 2_000_000_000), -7]);
    default: return param.type === 'int' ? rng.range(0, 100) : rng.string(16);
  }
}

function wrongTyped(rng: Random, type: ParamType): unknown {
  if (type === 'int') return rng.pick<unknown>(['5', rng.string(6), '', 1.5, -0.25, 1e300, 2 ** 53 + 2, true, false, [], [5], {}, { value: 5 }, rng.deep()]);
  return rng.pick<unknown>([5, 0, -1, 1.5, true, false, [], ['x'], {}, { a: 'b' }, rng.deep()]);
}

function unknownString(rng: Random, not: readonly string[]): string {
  for (;;) {
    const s = rng.chance(0.3) ? `${rng.pick(not)}${rng.pick(['x', ' ', '0', '\u0000'])}` : rng.string(20);
    if (!not.includes(s)) return s;
  }
}

// ── cases ──────────────────────────────────────────────────────────────────────

interface Case {
  category: string;
  description: string;
  method: string;
  /** Path and query after the base URL. */
  path: string;
  contentType: string | null;
  body: string | Uint8Array<ArrayBuffer> | undefined;
  expectedStatus: 400 | 404;
  /** The fields the 400 may name (any one of them, by the order the server checks in). */
  fields: string[];
}

interface Defect {
  /** The top-level key it changes. */
  key: string;
  fields: string[];
  apply(body: Record<string, unknown>): void;
}

/** The defects that can be applied to a body of `command` (each makes the request invalid on its own). */
function defectsFor(rng: Random, command: string, known: Known): Defect[] {
  const spec = COMMANDS[command]!;
  const defects: Defect[] = [];
  for (const [key, param] of Object.entries(spec)) {
    if (!param.optional) {
      defects.push({ key, fields: [key], apply: (b) => void delete b[key] });
      defects.push({ key, fields: [key], apply: (b) => void (b[key] = null) });
    }
    defects.push({ key, fields: [key], apply: (b) => void (b[key] = wrongTyped(rng, param.type)) });
  }
  const extra = rng.key();
  if (!Object.hasOwn(spec, extra)) {
    const big = rng.chance(0.1);
    defects.push({ key: extra, fields: [extra], apply: (b) => setOwn(b, extra, big ? rng.deep() : rng.junk()) });
  }
  // Well-formed, but naming what does not exist.
  if ('agentID' in spec && command !== 'AgentLogin') defects.push({ key: 'agentID', fields: ['agentID'], apply: (b) => void (b.agentID = unknownString(rng, [AGENT])) });
  if (command === 'SetAgentStateToAux' || command === 'SetAgentStateToPending') {
    defects.push({ key: 'reasonCode', fields: ['reasonCode'], apply: (b) => void (b.reasonCode = -rng.range(1, 1000)) });
  }
  if ('connectionHandle' in spec) defects.push({ key: 'connectionHandle', fields: ['connectionHandle'], apply: (b) => void (b.connectionHandle = unknownString(rng, [known.handle])) });
  // An unknown monitorHandle is no defect: UnMonitorDevice always answers 0 (the spec).
  if (command === 'SendGenericCTICommand') {
    defects.push({ key: 'commandName', fields: ['commandName'], apply: (b) => void (b.commandName = unknownString(rng, [...Object.keys(GENERIC), ...OTHER_KNOWN_GENERIC])) });
    defects.push(jsonDataDefect(rng, known));
  }
  return defects;
}

/** A jsonData that is a string but not what its generic command needs. */
function jsonDataDefect(rng: Random, known: Known): Defect {
  const fields = new Set<string>();
  let text = '';
  const generic = rng.pick(Object.keys(GENERIC));
  const kind = rng.int(4);
  if (kind === 0) {
    // Not JSON at all.
    do text = rng.pick([rng.string(30), `{${rng.string(10)}`, `{"connectionHandle": "${known.handle}"`, `{'connectionHandle': '${known.handle}'}`, 'NaN', 'undefined', '']);
    while (parses(text));
    fields.add('jsonData');
  } else if (kind === 1) {
    text = JSON.stringify(rng.pick<unknown>([[known.handle], 5, 'x', null, true, [validGenericData(rng, generic, known)]]));
    fields.add('jsonData');
  } else {
    const data: Record<string, unknown> = validGenericData(rng, generic, known);
    const names = GENERIC[generic]!;
    for (let n = rng.range(1, 2); n > 0; n--) {
      const field = rng.pick(names);
      const how = field === 'connectionHandle' ? rng.int(3) : field === 'consultType' ? rng.int(3) : rng.int(2);
      if (how === 0) delete data[field];
      else if (how === 1) data[field] = rng.pick<unknown>([5, true, null, [], {}, rng.deep()]);
      else data[field] = unknownString(rng, field === 'connectionHandle' ? [known.handle] : ['Agent', 'External']);
      fields.add(`jsonData.${field}`);
    }
    // Unknown keys inside jsonData are no defect of their own: noise.
    if (rng.chance(0.3)) setOwn(data, rng.key(), rng.junk());
    text = JSON.stringify(data);
  }
  return {
    key: 'jsonData',
    fields: [...fields],
    apply: (b) => {
      b.commandName = generic;
      b.jsonData = text;
    },
  };
}

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** secure-json-parse refuses these anywhere in a body: the 400 may name the body instead. */
const hasPrototypeKey = (text: string): boolean => /"(__proto__|constructor)"/.test(text);

/** The command's URL path; a lone surrogate (which a URL cannot carry) becomes U+FFFD. */
const commandPath = (name: string): string =>
  `/cti/v1/commands/${encodeURIComponent(name.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'))}`;

/** The URL's path as the client sends it ("." and ".." segments resolved) still names the command route: 400; else 404. */
function statusFor(path: string): 400 | 404 {
  return /^\/cti\/v1\/commands\/[^/]*$/.test(new URL(path, 'http://localhost').pathname) ? 400 : 404;
}

function jsonCase(category: string, description: string, command: string, text: string, fields: string[]): Case {
  const all = hasPrototypeKey(text) ? [...fields, 'body'] : fields;
  return { category, description, method: 'POST', path: commandPath(command), contentType: 'application/json', body: text, expectedStatus: 400, fields: all };
}

/** A well-formed body with one to three defects on distinct keys. */
function defectiveBodyCase(rng: Random, known: Known, huge = false): Case {
  const command = rng.pick(COMMAND_NAMES);
  const body = validBody(rng, command, known);
  const defects = rng.shuffle(defectsFor(rng, command, known));
  const count = rng.weighted([[6, 1], [3, 2], [1, 3]] as const);
  const used = new Set<string>();
  const chosen: Defect[] = [];
  for (const d of defects) {
    if (used.size >= count) break;
    if (used.has(d.key)) continue;
    used.add(d.key);
    chosen.push(d);
  }
  // A jsonData defect sets the commandName its data is for: it goes first, so a commandName defect stays.
  chosen.sort((a, b) => Number(b.key === 'jsonData') - Number(a.key === 'jsonData'));
  const fields: string[] = [];
  for (const d of chosen) {
    d.apply(body);
    fields.push(...d.fields);
  }
  if (huge) {
    const target = Object.keys(COMMANDS[command]!).find((k) => COMMANDS[command]![k]!.type === 'string' && !used.has(k) && typeof body[k] === 'string' && !['agentID', 'connectionHandle', 'jsonData', 'commandName'].includes(k));
    if (target) body[target] = 'x'.repeat(rng.range(100_000, 600_000));
  }
  return jsonCase(huge ? 'huge string' : 'defective body', `${command} with defects on ${[...used].join(', ')}`, command, JSON.stringify(body), fields);
}

function unknownName(rng: Random): string {
  return rng.weighted([
    [4, () => unknownString(rng, COMMAND_NAMES)],
    [2, () => {
      const name = rng.pick(COMMAND_NAMES);
      return rng.pick([name.toLowerCase(), name.toUpperCase(), ` ${name}`, `${name} `, name.slice(0, -1), `${name}Done`, `${name}\u0000`]);
    }],
    [1, () => rng.pick(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype', '', ...Object.keys(GENERIC), ...OTHER_KNOWN_GENERIC])],
  ] as const)();
}

function bodyCase(rng: Random, known: Known): Case {
  return rng.weighted<() => Case>([
    [50, () => defectiveBodyCase(rng, known)],
    [10, () => {
      // Names of ordinary length here; overlong ones are the other test's.
      const name = unknownName(rng).slice(0, 60);
      const junk = rng.junk(2);
      const body = rng.chance(0.5) ? validBody(rng, rng.pick(COMMAND_NAMES), known) : typeof junk === 'object' && junk !== null && !Array.isArray(junk) ? junk : {};
      const c = jsonCase('unknown command', `unknown command ${JSON.stringify(name).slice(0, 40)}`, name, JSON.stringify(body), ['command']);
      const expectedStatus = statusFor(c.path);
      return expectedStatus === 400 ? c : { ...c, expectedStatus, fields: [] };
    }],
    [10, () => {
      const command = rng.pick(COMMAND_NAMES);
      const text = rng.pick([
        JSON.stringify([validBody(rng, command, known)]), '[]', '5', '-1.5', '"a string"', JSON.stringify(JSON.stringify(validBody(rng, command, known))), 'null', 'true', 'false',
      ]);
      return jsonCase('body not an object', `${command} with body ${text.slice(0, 30)}`, command, text, ['body']);
    }],
    [12, () => {
      const command = rng.pick(COMMAND_NAMES);
      const valid = JSON.stringify(validBody(rng, command, known));
      const bytes = rng.weighted<() => string | Uint8Array<ArrayBuffer>>([
        [3, () => valid.slice(0, rng.int(valid.length))],
        [2, () => `${valid}${rng.pick(['}', ',', 'x', ' {}', '\u0000', ';'])}`],
        [2, () => valid.replace(/"/g, "'")],
        [1, () => `${valid.slice(0, -1)}, "c": NaN}`],
        [1, () => `// comment\n${valid}`],
        [1, () => `${valid.slice(0, -1)},}`],
        [2, () => Uint8Array.from({ length: rng.range(1, 64) }, () => rng.int(256))],
        [1, () => ''],
      ] as const)();
      const text = typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('utf8');
      if (parses(text)) return defectiveBodyCase(rng, known);
      return { category: 'not JSON', description: `${command} with ${JSON.stringify(text.slice(0, 30))}`, method: 'POST', path: commandPath(command), contentType: 'application/json', body: bytes, expectedStatus: 400, fields: ['body'] };
    }],
    [10, () => {
      // A body that would be accepted as JSON, under another content type.
      const command = rng.pick(COMMAND_NAMES);
      const contentType = rng.pick(['text/plain', 'text/plain; charset=utf-8', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/xml', 'application/octet-stream', 'text/html', null]);
      const text = JSON.stringify(validBody(rng, command, known));
      const body = contentType === null ? new Uint8Array(Buffer.from(text)) : text;
      return { category: 'wrong content type', description: `${command} as ${contentType ?? 'no content type'}`, method: 'POST', path: commandPath(command), contentType, body, expectedStatus: 400, fields: ['body'] };
    }],
    [3, () => {
      const command = rng.pick(COMMAND_NAMES);
      if (rng.chance(0.5)) return defectiveBodyCase(rng, known, true);
      const body = validBody(rng, command, known);
      setOwn(body, rng.chance(0.5) ? 'padding' : rng.key(), 'x'.repeat(rng.range(1_100_000, 1_500_000)));
      return { ...jsonCase('huge body', `${command} over 1 MiB`, command, JSON.stringify(body), ['body']), fields: ['body'] };
    }],
    [5, () => {
      // Routes that do not exist.
      const command = rng.pick(COMMAND_NAMES);
      const [method, path] = rng.pick<readonly [string, string]>([
        [rng.pick(['GET', 'PUT', 'DELETE', 'PATCH']), commandPath(command)],
        ['POST', '/cti/v1/commands'],
        ['POST', `${commandPath(command)}/extra`],
        ['POST', `/cti/v1/command/${command}`],
        ['POST', `/cti/v2/commands/${command}`],
        ['POST', `/CTI/v1/commands/${command}`],
        ['POST', `/cti/v1/commands/${command}/${command}`],
      ]);
      const body = method === 'GET' ? undefined : JSON.stringify(validBody(rng, command, known));
      return { category: 'no such route', description: `${method} ${path}`, method, path, contentType: body === undefined ? null : 'application/json', body, expectedStatus: 404, fields: [] };
    }],
  ])();
}

/** Malformed command names in the URL itself: names the router must still answer as unknown commands. */
function nameCase(rng: Random, known: Known): Case {
  const body = JSON.stringify(validBody(rng, rng.pick(COMMAND_NAMES), known));
  const base = { method: 'POST', contentType: 'application/json', body, expectedStatus: 400 as const, fields: ['command'] };
  return rng.weighted<() => Case>([
    [6, () => {
      const name = unknownName(rng);
      const path = commandPath(name);
      const expectedStatus = statusFor(path);
      return { ...base, category: 'unknown command', description: `unknown command ${JSON.stringify(name).slice(0, 40)}`, path, expectedStatus, fields: expectedStatus === 400 ? ['command'] : [] };
    }],
    [2, () => {
      const name = `${rng.pick(COMMAND_NAMES)}${'x'.repeat(rng.range(90, 400))}`;
      return { ...base, category: 'overlong command name', description: `a command name of ${name.length} characters`, path: commandPath(name) };
    }],
    [2, () => {
      const raw = rng.pick(['%', '%Z', '%ZZ', '%E0%A4%A', '%C3', `${rng.pick(COMMAND_NAMES)}%`, `%${rng.pick(COMMAND_NAMES)}`, '%FF%FE']);
      return { ...base, category: 'bad percent-encoding', description: `command name ${raw}`, path: `/cti/v1/commands/${raw}` };
    }],
  ])();
}

// ── running them ───────────────────────────────────────────────────────────────

interface Failure {
  category: string;
  description: string;
  problem: string;
}

async function send(baseUrl: string, c: Case): Promise<HttpReply> {
  const headers: Record<string, string> = {};
  if (c.contentType !== null) headers['content-type'] = c.contentType;
  const response = await fetch(`${baseUrl}${c.path}`, { method: c.method, headers, body: c.body });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep the text
  }
  return { status: response.status, body };
}

/** What is wrong with the reply to `c`, or null. */
function judge(c: Case, reply: HttpReply): string | null {
  const shown = JSON.stringify(reply.body).slice(0, 200);
  if (reply.status !== c.expectedStatus) return `HTTP ${reply.status} (expected ${c.expectedStatus}): ${shown}`;
  if (c.expectedStatus !== 400) return null;
  const body = reply.body as { error?: { code?: unknown; message?: unknown; field?: unknown } } | null;
  const error = typeof body === 'object' && body !== null ? body.error : undefined;
  if (typeof error !== 'object' || error === null) return `not {"error":{…}}: ${shown}`;
  if (error.code !== 'VALIDATION_FAILED') return `error.code ${JSON.stringify(error.code)}: ${shown}`;
  if (typeof error.message !== 'string' || error.message === '') return `no error.message: ${shown}`;
  if (typeof error.field !== 'string') return `no error.field: ${shown}`;
  if (!c.fields.includes(error.field)) return `error.field ${JSON.stringify(error.field)}, expected one of ${JSON.stringify(c.fields)}: ${shown}`;
  return null;
}

function summary(failures: Failure[], cases: number): string {
  const byKind = new Map<string, Failure[]>();
  for (const f of failures) {
    const kind = `${f.category}: ${f.problem.replace(/[:(].*$/s, '')}`;
    byKind.set(kind, [...(byKind.get(kind) ?? []), f]);
  }
  const lines = [...byKind.entries()].map(([kind, list]) => `  ${list.length}× ${kind}\n      e.g. ${list[0]!.description.slice(0, 120)} → ${list[0]!.problem.slice(0, 300)}`);
  return `${failures.length} of ${cases} requests (seed ${SEED}) were not refused as protocol.md §2 says:\n${lines.join('\n')}`;
}

describe(`malformed A3 requests (seed ${SEED})`, () => {
  let nailup: Nailup;
  let clock: VirtualClock;
  let url: string;
  let events: EventCollector;
  let known: Known;
  let snapshot: HttpReply;

  before(async () => {
    clock = new VirtualClock(Date.UTC(2026, 0, 5, 15, 0, 0));
    const config = loadConfig({
      flags: {
        port: 0, database: ':memory:', logLevel: 'silent', 'demo.enabled': true, 'demo.bots': 0, 'demo.contactsPerList': 200,
        'network.outcomes': { live: 1, machine: 0, busy: 0, invalid: 0, refused: 0 },
      },
    });
    nailup = await startNailup(config, { clock });
    url = nailup.url;
    events = await EventCollector.open(url);
    // The known state: 1001 logged in, monitored, Ready, nailed up, with a preview contact in hand.
    assert.equal(await sendCommand(url, 'AgentLogin', { extension: EXTENSION, agentID: AGENT, agentPassword: 'demo', invokeID: 1 }), 0);
    await events.next(named('SetAgentStateDone', { InvokeID: '1', ErrorCode: '0' }));
    assert.equal(await sendCommand(url, 'MonitorDevice', { sessionID: 's', extension: EXTENSION, invokeID: 2 }), 0);
    await events.next(named('MonitorDeviceDone'));
    assert.equal(await sendCommand(url, 'SetAgentStateToAutoIn', { sessionID: 's', agentID: AGENT, agentState: 0, invokeID: 3, queue: '' }), 0);
    await events.next(named('OnNailupStatusChanged', { NailedStatus: 'PendingNailUp' }));
    await clock.advance(1500);
    const initiated = await events.next(named('OnOutboundCallInitiated'));
    await events.next(named('OnOutboundCallUUIData'));
    const contact = JSON.parse(initiated.eventData.JSONData!) as { DefaultNumber: string };
    known = { handle: initiated.eventData.ConnectionHandle!, monitorHandle: Number(initiated.eventData.MonitorHandle), number: contact.DefaultNumber };
    assert.ok(known.monitorHandle > 0);
    await nailup.dialer.whenIdle();
    await events.flush();
    snapshot = await getAgent(url, AGENT);
    assert.equal(snapshot.status, 200);
    assert.equal((snapshot.body as { callState: string }).callState, 'Preview');
  });

  after(async () => {
    await events?.close();
    await nailup?.close();
  });

  /** Sends every case; after each, no event and the same agent state. Returns the failures. */
  async function run(cases: Case[]): Promise<Failure[]> {
    const failures: Failure[] = [];
    for (const [i, c] of cases.entries()) {
      const mark = events.mark();
      let reply: HttpReply;
      try {
        reply = await send(url, c);
      } catch (error) {
        failures.push({ category: c.category, description: c.description, problem: `request failed: ${(error as Error).message}` });
        continue;
      }
      const problem = judge(c, reply);
      if (problem) failures.push({ category: c.category, description: c.description, problem });
      await nailup.dialer.whenIdle();
      await events.flush();
      const emitted = events.since(mark);
      if (emitted.length > 0) failures.push({ category: c.category, description: c.description, problem: `emitted ${emitted.map((e) => e.eventName).join(', ')}` });
      const state = await getAgent(url, AGENT);
      if (JSON.stringify(state) !== JSON.stringify(snapshot)) {
        failures.push({ category: c.category, description: c.description, problem: `changed the agent: ${JSON.stringify(state.body).slice(0, 300)}` });
        snapshot = state;
      }
      if (i % 250 === 0) {
        const health = await fetch(`${url}/healthz`);
        assert.equal(health.status, 200, `the server answers after ${i} requests`);
      }
    }
    return failures;
  }

  it(`${BODY_CASES} requests with malformed bodies, parameters and content types are refused with HTTP 400 (404 for routes that do not exist), emit nothing and change nothing`, async () => {
    const rng = new Random(SEED);
    const cases = Array.from({ length: BODY_CASES }, () => bodyCase(rng, known));
    const categories = new Set(cases.map((c) => c.category));
    for (const category of ['defective body', 'unknown command', 'body not an object', 'not JSON', 'wrong content type', 'huge body', 'huge string', 'no such route']) {
      assert.ok(categories.has(category), `the generator made ${category} cases`);
    }
    const failures = await run(cases);
    assert.equal(failures.length, 0, summary(failures, cases.length));
  });

  it(`${NAME_CASES} requests naming malformed commands in the URL are refused with HTTP 400 naming the command, emit nothing and change nothing`, async () => {
    const rng = new Random(SEED + 1);
    const cases = Array.from({ length: NAME_CASES }, () => nameCase(rng, known));
    const failures = await run(cases);
    assert.equal(failures.length, 0, summary(failures, cases.length));
  });

  it('the server still works afterwards: a valid command is accepted and answered, and the agent is as it was', async () => {
    assert.deepStrictEqual(await getAgent(url, AGENT), snapshot);
    const mark = events.mark();
    assert.equal(await sendCommand(url, 'SetAgentStateToAux', { sessionID: 's', agentID: AGENT, agentState: 0, invokeID: 77, queue: '', reasonCode: 9 }), 0);
    const done = await events.next(named('SetAgentStateToAuxDone', { InvokeID: '77' }));
    assert.deepStrictEqual(done.eventData, { ErrorInfo: '', ResponseStatus: '0', Extension: EXTENSION, InvokeID: '77', ErrorCode: '0' });
    assert.ok(events.since(mark).some(named('OnAgentStateChanged', { AgentState: 'PendingNotReady', ReasonCode: '9' })));
    const after = await getAgent(url, AGENT);
    assert.equal((after.body as { agentState: string }).agentState, 'PendingNotReady');
    assert.equal((await fetch(`${url}/healthz`)).status, 200);
  });
});
