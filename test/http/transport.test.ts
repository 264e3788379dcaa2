/**
 * Transport and origin (docs/security.md): HTTPS and WSS with --tls-cert/--tls-key, the Host and Origin
 * allow-lists, the CTI key only in a header (or a browser socket's first message, compared in constant
 * time), the floor status behind a supervisor login, and the security headers of the pages.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Fastify from 'fastify';
import WebSocket from 'ws';
import type { Nailup } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { keyMatches } from '../../src/cti/access.ts';
import type { CtiLink } from '../../src/tmac/cti-link.ts';
import { registerCtiRoutes } from '../../src/cti/routes.ts';
import { normalizeOrigin, OriginPolicy, parseHost } from '../../src/http/origin-policy.ts';
import { loginAs, startTestNailup, type Json } from '../support/nailup.ts';

// ── small clients: plain node:http(s), so that Host and Origin can be set at will ─────────────

interface RawReply {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: Json;
}

/** `raw`: the body as it is sent, with the headers given (no content type added). */
function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: unknown; raw?: string; ca?: Buffer } = {}): Promise<RawReply> {
  const target = new URL(url);
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers = { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers };
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(target, { method: options.method ?? 'GET', headers, ...(options.ca ? { ca: options.ca } : {}) }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: Json;
        try {
          json = text === '' ? undefined : JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: response.statusCode ?? 0, headers: response.headers, text, json });
      });
    });
    req.once('error', reject);
    req.end(options.raw ?? body);
  });
}

/** Opens a WebSocket; rejects with `HTTP <status> <body>` when the upgrade is refused. */
function openSocket(url: string, options: WebSocket.ClientOptions = {}): Promise<WebSocket> {
  const ws = new WebSocket(url, options);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_request, response) => {
      const chunks: Buffer[] = [];
      response.on('data', (c: Buffer) => chunks.push(c));
      response.on('end', () => reject(new Error(`HTTP ${response.statusCode} ${Buffer.concat(chunks).toString('utf8')}`)));
    });
  });
}

/** The messages of a socket as they arrive, parsed, and its close code. */
function collect(ws: WebSocket): { messages: Json[]; closed: Promise<{ code: number; reason: string }> } {
  const messages: Json[] = [];
  ws.on('message', (data: Buffer) => messages.push(JSON.parse(data.toString('utf8'))));
  const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  return { messages, closed };
}

/** Resolves once the server has handled every frame sent before (its pong comes after them). */
const roundTrip = (ws: WebSocket): Promise<void> => new Promise((resolve) => {
  ws.once('pong', () => resolve());
  ws.ping();
});

const waitFor = async (what: string, check: () => boolean, timeoutMs = 3000): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
};

const closeSocket = async (ws: WebSocket): Promise<void> => {
  if (ws.readyState === WebSocket.CLOSED) return;
  const closed = new Promise((resolve) => ws.once('close', resolve));
  ws.close();
  await closed;
};

const portOf = (nailup: Nailup): string => new URL(nailup.url).port;
const wsUrl = (nailup: Nailup, path: string): string => `${nailup.url.replace(/^http/, 'ws')}${path}`;

// ── 1. TLS ───────────────────────────────────────────────────────────────────────

describe('--tls-cert / --tls-key: HTTPS and WSS', () => {
  let dir: string;
  let cert: Buffer;
  let certFile: string;
  let keyFile: string;
  let nailup: Nailup;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nailup-tls-'));
    certFile = join(dir, 'cert.pem');
    keyFile = join(dir, 'key.pem');
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=localhost', '-days', '1', '-keyout', keyFile, '-out', certFile,
      '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ], { stdio: 'ignore' });
    cert = readFileSync(certFile);
    nailup = await startTestNailup({ 'http.tlsCert': certFile, 'http.tlsKey': keyFile });
  });
  after(async () => {
    await nailup?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves https (the certificate verifies against itself as CA), with Strict-Transport-Security', async () => {
    assert.match(nailup.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    const health = await send(`${nailup.url}/healthz`, { ca: cert });
    assert.equal(health.status, 200);
    assert.deepEqual(health.json, { ok: true });
    const floor = await send(`${nailup.url}/floor`, { ca: cert });
    assert.equal(floor.status, 200);
    assert.match(String(floor.headers['strict-transport-security']), /max-age=\d+/);
    assert.match(String(floor.headers['content-security-policy']), /upgrade-insecure-requests/);
    // Plain HTTP on the same port gets no page.
    const plain = await send(`${nailup.url.replace('https:', 'http:')}/healthz`).then((r) => r.status, () => 'no answer');
    assert.notEqual(plain, 200);
  });

  it('A3 over https and A4 over wss', async () => {
    const ws = await openSocket(`${wsUrl(nailup, '/cti/v1/events')}?extension=44001`, { ca: cert });
    const { messages } = collect(ws);
    try {
      const reply = await send(`${nailup.url}/cti/v1/commands/SecurityLogin`, { method: 'POST', body: { extension: '44001', invokeID: 7 }, ca: cert });
      assert.equal(reply.status, 200, reply.text);
      assert.deepEqual(reply.json, { result: 0 });
      await waitFor('SecurityLoginDone on wss', () => messages.some((m) => m.eventName === 'SecurityLoginDone'));
      assert.equal(messages.find((m) => m.eventName === 'SecurityLoginDone').eventData.InvokeID, '7');
    } finally {
      await closeSocket(ws);
    }
  });

  it("the desktop's socket over wss", async () => {
    const login = await send(`${nailup.url}/tmac/v1/login`, { method: 'POST', body: { lanId: 'agent1002', extension: '44002', password: 'demo' }, ca: cert });
    assert.equal(login.status, 200, login.text);
    const ws = await openSocket(wsUrl(nailup, `/tmac/v1/events?token=${encodeURIComponent(login.json.token)}`), { ca: cert, origin: nailup.url });
    const { messages } = collect(ws);
    try {
      await waitFor('the first desktop state', () => messages.length > 0);
      assert.equal(messages[0].type, 'state');
      assert.equal(messages[0].state.agent.lanId, 'agent1002');
    } finally {
      await closeSocket(ws);
    }
  });

  it("the supervisor utilities still reach nailup's own POM web services", async () => {
    const login = await send(`${nailup.url}/api/v1/auth/login`, { method: 'POST', body: { username: 'supervisor', password: 'demo' }, ca: cert });
    assert.equal(login.status, 200, login.text);
    const lists = await send(`${nailup.url}/api/v1/contact-lists`, { headers: { authorization: `Bearer ${login.json.token}` }, ca: cert });
    assert.equal(lists.status, 200, lists.text);
    assert.ok(Array.isArray(lists.json) && lists.json.length > 0, lists.text);
  });

  it('`nailup start` on a port already in use says so and how to choose another', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as AddressInfo).port;
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'start', '--port', String(port), '--database', ':memory:', '--log-level', 'silent'],
        { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
      const code = await new Promise((resolve) => child.once('exit', resolve));
      assert.equal(code, 1);
      assert.equal(stderr, `nailup: 127.0.0.1:${port} is in use (is nailup already running?): stop that process, or start on another port with --port or NAILUP_PORT\n`);
    } finally {
      taken.close();
    }
  });

  it('`nailup start --tls-cert --tls-key` prints https URLs', async () => {
    const child = spawn(process.execPath, [
      '--import', 'tsx', 'src/main.ts', 'start', '--port', '0', '--database', ':memory:', '--log-level', 'silent',
      '--tls-cert', certFile, '--tls-key', keyFile,
    ], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`nailup did not start: ${output}`)), 60_000);
        const read = (chunk: Buffer): void => {
          output += chunk.toString();
          if (/CTI links:.*\n/.test(output)) {
            clearTimeout(timer);
            resolve();
          }
        };
        child.stdout.on('data', read);
        child.stderr.on('data', read);
        child.once('exit', (code) => reject(new Error(`nailup exited (${code}): ${output}`)));
      });
      assert.match(output, /Agent desktop:\s+https:\/\/127\.0\.0\.1:\d+\/agent\//);
      assert.match(output, /Supervisor:\s+https:\/\//);
      assert.match(output, /Floor status:\s+https:\/\//);
      assert.match(output, /CTI links:\s+https:\/\/[^ ]+\/cti\/v1\/commands\/\{Command\} \(A3\), https:\/\/[^ ]+\/cti\/v1\/events \(A4\)/);
      const url = /Agent desktop:\s+(https:\/\/[^/\s]+)\//.exec(output)![1]!;
      assert.equal((await send(`${url}/healthz`, { ca: cert })).status, 200);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
  });

  it('http.tlsCert and http.tlsKey go together and must be readable', () => {
    assert.throws(() => loadConfig({ flags: { 'http.tlsCert': certFile } }), /config http\.tlsKey: http\.tlsCert and http\.tlsKey go together/);
    assert.throws(() => loadConfig({ flags: { 'http.tlsCert': join(dir, 'nothing.pem'), 'http.tlsKey': keyFile } }), /config http\.tlsCert: cannot read .*nothing\.pem/);
  });
});

// ── 2. Host and Origin ───────────────────────────────────────────────────────────

describe('the Host and Origin allow-lists', () => {
  let nailup: Nailup;
  before(async () => {
    nailup = await startTestNailup();
  });
  after(async () => {
    await nailup?.close();
  });

  it('a request naming another host gets 421 with the allowed names (DNS rebinding)', async () => {
    const port = portOf(nailup);
    const refused = await send(`${nailup.url}/agent/`, { headers: { host: `evil.example:${port}` } });
    assert.equal(refused.status, 421);
    assert.equal(refused.json.error.code, 'HOST_NOT_ALLOWED');
    assert.equal(refused.json.error.field, 'host');
    assert.match(refused.json.error.message, /"evil\.example:\d+" is not a name of this server; allowed: 127\.0\.0\.1:\d+, localhost:\d+, \[::1\]:\d+ \(set http\.allowedHosts\)/);
    // The right name on another port is another server.
    assert.equal((await send(`${nailup.url}/agent/`, { headers: { host: `localhost:${Number(port) + 1}` } })).status, 421);
    // POM's web services and the CTI links (loopback-only by default) are not reachable by a rebound name either.
    assert.equal((await send(`${nailup.url}/pom/v1/contactlists`, { headers: { host: `evil.example:${port}` } })).status, 421);
    assert.equal((await send(`${nailup.url}/cti/v1/agents/1001`, { headers: { host: `evil.example:${port}` } })).status, 421);
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, `LOCALHOST:${port}`]) {
      assert.equal((await send(`${nailup.url}/agent/`, { headers: { host } })).status, 200, host);
    }
    // Health probes answer whatever name they use.
    assert.equal((await send(`${nailup.url}/healthz`, { headers: { host: '10.1.2.3:8080' } })).status, 200);
  });

  it('a socket naming another host is refused before any route sees it', async () => {
    await assert.rejects(openSocket(`${wsUrl(nailup, '/cti/v1/events')}`, { headers: { host: 'evil.example' } }), /HTTP 421 .*HOST_NOT_ALLOWED/);
  });

  it('a socket from a page of another origin is refused; one from our origin, or without Origin, opens', async () => {
    await assert.rejects(openSocket(wsUrl(nailup, '/cti/v1/events'), { origin: 'http://evil.example' }), /HTTP 403 .*ORIGIN_NOT_ALLOWED/);
    await assert.rejects(openSocket(wsUrl(nailup, '/tmac/v1/events?token=x'), { origin: 'http://evil.example' }), /HTTP 403 .*ORIGIN_NOT_ALLOWED/);
    await assert.rejects(openSocket(wsUrl(nailup, '/cti/v1/events'), { origin: 'null' }), /HTTP 403/);
    // The same name on another port is another origin.
    await assert.rejects(openSocket(wsUrl(nailup, '/cti/v1/events'), { origin: `http://127.0.0.1:${Number(portOf(nailup)) + 1}` }), /HTTP 403/);
    for (const origin of [nailup.url, `http://localhost:${portOf(nailup)}`, undefined]) {
      const ws = await openSocket(wsUrl(nailup, '/cti/v1/events'), origin === undefined ? {} : { origin });
      await closeSocket(ws);
    }
  });

  it('a page of another origin cannot post to the API either', async () => {
    const refused = await send(`${nailup.url}/cti/v1/commands/SecurityLogout`, { method: 'POST', body: { extension: '44001', invokeID: 1 }, headers: { origin: 'http://evil.example' } });
    assert.equal(refused.status, 403);
    assert.equal(refused.json.error.code, 'ORIGIN_NOT_ALLOWED');
    assert.equal((await send(`${nailup.url}/cti/v1/commands/SecurityLogin`, { method: 'POST', body: { extension: '44001', invokeID: 1 }, headers: { origin: nailup.url } })).status, 200);
  });

  it('configured hosts and origins replace the defaults (the loopback names stay)', async () => {
    const other = await startTestNailup({ 'http.allowedHosts': 'nailup.test, desk.test:8443', 'http.allowedOrigins': ['https://desk.test:8443'] });
    try {
      const port = portOf(other);
      assert.equal((await send(`${other.url}/agent/`, { headers: { host: 'nailup.test' } })).status, 200, 'a name without port: any port');
      assert.equal((await send(`${other.url}/agent/`, { headers: { host: `nailup.test:${port}` } })).status, 200);
      assert.equal((await send(`${other.url}/agent/`, { headers: { host: 'desk.test:8443' } })).status, 200);
      assert.equal((await send(`${other.url}/agent/`, { headers: { host: 'desk.test' } })).status, 421, 'a name with port: that port only');
      assert.equal((await send(`${other.url}/agent/`, { headers: { host: `localhost:${port}` } })).status, 200);
      const ws = await openSocket(wsUrl(other, '/cti/v1/events'), { origin: 'https://desk.test:8443' });
      await closeSocket(ws);
      await assert.rejects(openSocket(wsUrl(other, '/cti/v1/events'), { origin: other.url }), /HTTP 403/, 'only the listed origins');
    } finally {
      await other.close();
    }
  });

  it('the rules of names and origins', () => {
    assert.deepEqual(parseHost('Nailup.Example.com:8443'), { name: 'nailup.example.com', port: 8443 });
    assert.deepEqual(parseHost('[::1]:8080'), { name: '[::1]', port: 8080 });
    assert.deepEqual(parseHost('10.0.0.5'), { name: '10.0.0.5', port: null });
    for (const bad of ['', 'a b', 'host:0', 'host:99999', '::1', 'host:80:81', 'http://host', '[::1', 'ho/st']) assert.equal(parseHost(bad), null, bad);
    assert.equal(normalizeOrigin('HTTPS://Desk.Example:443'), 'https://desk.example');
    for (const bad of ['null', 'file:///x', 'https://desk.example/path', 'desk.example']) assert.equal(normalizeOrigin(bad), null, bad);

    const wildcard = OriginPolicy.create({ allowedHosts: [], allowedOrigins: [] }, { host: '0.0.0.0', port: 8080, tls: false });
    assert.match(wildcard.describeHosts(), /^[^,]+:8080, localhost:8080, 127\.0\.0\.1:8080, \[::1\]:8080$/, 'on every interface: the hostname and the loopback names');
    assert.equal(wildcard.allowsHost('10.0.0.5:8080'), false, 'addresses of the machine are not listed by default');
    const tls = OriginPolicy.create({ allowedHosts: ['nailup.example.com:443'], allowedOrigins: [] }, { host: '0.0.0.0', port: 8443, tls: true });
    assert.equal(tls.allowsHost('nailup.example.com'), true, 'no port in Host means 443 over TLS');
    assert.equal(tls.allowsOrigin('https://nailup.example.com'), true);
    assert.equal(tls.allowsOrigin('http://nailup.example.com'), false, 'http means port 80');

    assert.throws(() => loadConfig({ flags: { 'http.allowedHosts': ['good.example', 'bad host'] } }), /config http\.allowedHosts\.1: must be a host name/);
    assert.throws(() => loadConfig({ flags: { 'http.allowedOrigins': ['desk.example'] } }), /config http\.allowedOrigins\.0: must be an origin/);
    assert.throws(() => loadConfig({ flags: { 'http.allowedHosts': [1] } }), /config http\.allowedHosts: must be a list of strings/);
    assert.throws(() => loadConfig({ flags: { 'http.colour': 'blue' } }), /config http\.colour: unknown key/);
    const fromEnv = loadConfig({ env: { NAILUP__http__allowedHosts: 'a.example,b.example:9000', NAILUP__http__publicStatus: 'true' } });
    assert.deepEqual(fromEnv.http.allowedHosts, ['a.example', 'b.example:9000']);
    assert.equal(fromEnv.http.publicStatus, true);
    assert.deepEqual(loadConfig().http, { tlsCert: '', tlsKey: '', allowedHosts: [], allowedOrigins: [], publicStatus: false });
  });
});

// ── 3. The CTI key ───────────────────────────────────────────────────────────────

describe('the CTI key: a header, never the URL; a browser sends it first on the socket', () => {
  const KEY = 'k3y-for-transport-tests';
  let nailup: Nailup;
  before(async () => {
    nailup = await startTestNailup({ 'cti.apiKey': KEY });
  });
  after(async () => {
    await nailup?.close();
  });

  it('compares in constant time, whatever the lengths', () => {
    assert.equal(keyMatches(KEY, KEY), true);
    assert.equal(keyMatches(`${KEY}x`, KEY), false);
    assert.equal(keyMatches('k', KEY), false);
    assert.equal(keyMatches('', KEY), false);
    assert.equal(keyMatches(undefined, KEY), false);
    assert.equal(keyMatches('', ''), false, 'no key configured: nothing matches');
  });

  it('?apiKey= in a URL is refused with 400 naming apiKey, even when right', async () => {
    for (const path of [`/cti/v1/commands/SecurityLogin?apiKey=${KEY}`, `/cti/v1/agents/1001?APIKEY=${KEY}`]) {
      const reply = await send(`${nailup.url}${path}`, { method: path.includes('commands') ? 'POST' : 'GET', body: path.includes('commands') ? { extension: '44001', invokeID: 1 } : undefined });
      assert.equal(reply.status, 400, reply.text);
      assert.equal(reply.json.error.code, 'VALIDATION_FAILED');
      assert.equal(reply.json.error.field, 'apiKey');
      assert.match(reply.json.error.message, /^apiKey: .*send it in the x-api-key header/);
    }
    await assert.rejects(openSocket(wsUrl(nailup, `/cti/v1/events?apiKey=${KEY}`)), /HTTP 400 .*apiKey: .*x-api-key header/);
    await assert.rejects(openSocket(wsUrl(nailup, `/cti/v1/events?apiKey=${KEY}`), { headers: { 'x-api-key': KEY } }), /HTTP 400/);
  });

  it('the x-api-key header opens A3, the agent read and A4; a wrong one does not', async () => {
    const ok = await send(`${nailup.url}/cti/v1/commands/SecurityLogin`, { method: 'POST', body: { extension: '44001', invokeID: 2 }, headers: { 'x-api-key': KEY } });
    assert.equal(ok.status, 200, ok.text);
    assert.equal((await send(`${nailup.url}/cti/v1/agents/1001`, { headers: { 'x-api-key': KEY } })).status, 404, 'past the key: not logged in');
    for (const wrong of ['', 'k3y', `${KEY}-and-more`]) {
      const reply = await send(`${nailup.url}/cti/v1/commands/SecurityLogin`, { method: 'POST', body: { extension: '44001', invokeID: 3 }, headers: { 'x-api-key': wrong } });
      assert.equal(reply.status, 401, wrong);
      assert.equal(reply.json.error.code, 'UNAUTHORIZED');
    }
    await assert.rejects(openSocket(wsUrl(nailup, '/cti/v1/events'), { headers: { 'x-api-key': 'wrong' } }), /HTTP 401/);
    await assert.rejects(openSocket(wsUrl(nailup, '/cti/v1/events')), /HTTP 401 .*x-api-key/, 'not a browser and no header');
    const ws = await openSocket(wsUrl(nailup, '/cti/v1/events?extension=44001'), { headers: { 'x-api-key': KEY } });
    const { messages } = collect(ws);
    try {
      await send(`${nailup.url}/cti/v1/commands/SecurityLogin`, { method: 'POST', body: { extension: '44001', invokeID: 4 }, headers: { 'x-api-key': KEY } });
      await waitFor('SecurityLoginDone', () => messages.some((m) => m.eventName === 'SecurityLoginDone' && m.eventData.InvokeID === '4'));
    } finally {
      await closeSocket(ws);
    }
  });

  it('a browser (a socket with Origin) sends {"apiKey"} first: no event before it', async () => {
    const ws = await openSocket(wsUrl(nailup, '/cti/v1/events?extension=44001'), { origin: nailup.url });
    const { messages, closed } = collect(ws);
    try {
      // An event produced while the key has not come is not sent.
      await send(`${nailup.url}/cti/v1/commands/SecurityLogin`, { method: 'POST', body: { extension: '44001', invokeID: 5 }, headers: { 'x-api-key': KEY } });
      await roundTrip(ws);
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.deepEqual(messages, []);
      ws.send(JSON.stringify({ apiKey: KEY }));
      await roundTrip(ws);
      await send(`${nailup.url}/cti/v1/commands/SecurityLogin`, { method: 'POST', body: { extension: '44001', invokeID: 6 }, headers: { 'x-api-key': KEY } });
      await waitFor('SecurityLoginDone after the key', () => messages.length > 0);
      assert.deepEqual((messages as Json[]).map((m) => [m.eventName, m.eventData.InvokeID]), [['SecurityLoginDone', '6']]);
    } finally {
      await closeSocket(ws);
    }
    assert.equal((await closed).code, 1005, 'closed by us, not by the server');
  });

  it('a wrong or malformed first message closes the socket (1008)', async () => {
    for (const first of [JSON.stringify({ apiKey: 'wrong' }), 'not json', JSON.stringify({ key: KEY }), JSON.stringify(null)]) {
      const ws = await openSocket(wsUrl(nailup, '/cti/v1/events'), { origin: nailup.url });
      const { messages, closed } = collect(ws);
      ws.send(first);
      const { code, reason } = await closed;
      assert.equal(code, 1008, first);
      assert.match(reason, /apiKey/);
      assert.deepEqual(messages, []);
    }
  });

  it('a browser socket that sends no key is closed after the wait, never subscribed', async () => {
    const subscribed: string[] = [];
    const cti: CtiLink = {
      subscribe: (extension) => { subscribed.push(extension ?? '*'); return () => {}; },
      execute: async () => 0,
      agentView: async () => undefined,
    };
    const app = Fastify();
    registerCtiRoutes(app, cti, { apiKey: KEY, firstMessageTimeoutMs: 150 });
    await app.listen({ host: '127.0.0.1', port: 0 });
    try {
      const base = `ws://127.0.0.1:${(app.server.address() as AddressInfo).port}/cti/v1/events`;
      const silent = await openSocket(base, { origin: 'http://127.0.0.1' });
      const { code, reason } = await collect(silent).closed;
      assert.equal(code, 1008);
      assert.match(reason, /first message/);
      assert.deepEqual(subscribed, []);
      const keyed = await openSocket(`${base}?extension=44009`, { origin: 'http://127.0.0.1' });
      keyed.send(JSON.stringify({ apiKey: KEY }));
      await roundTrip(keyed);
      assert.deepEqual(subscribed, ['44009']);
      await closeSocket(keyed);
    } finally {
      await app.close();
    }
  });

  it('without a key, a loopback request relayed by a proxy is not a local client', async () => {
    const open = await startTestNailup();
    try {
      assert.equal((await send(`${open.url}/cti/v1/agents/1001`)).status, 404, 'loopback: past the check');
      for (const header of ['x-forwarded-for', 'forwarded', 'x-real-ip']) {
        const reply = await send(`${open.url}/cti/v1/agents/1001`, { headers: { [header]: header === 'forwarded' ? 'for=203.0.113.9' : '203.0.113.9' } });
        assert.equal(reply.status, 403, header);
        assert.equal(reply.json.error.code, 'FORBIDDEN');
      }
      await assert.rejects(openSocket(wsUrl(open, '/cti/v1/events'), { headers: { 'x-forwarded-for': '203.0.113.9' } }), /HTTP 403/);
    } finally {
      await open.close();
    }
  });
});

// ── 4. The floor status ──────────────────────────────────────────────────────────

describe('the floor status needs a supervisor login', () => {
  let nailup: Nailup;
  before(async () => {
    nailup = await startTestNailup();
  });
  after(async () => {
    await nailup?.close();
  });

  it('/api/v1/status: 401 without a token, the floor with a supervisor or administrator token', async () => {
    const anonymous = await send(`${nailup.url}/api/v1/status`);
    assert.equal(anonymous.status, 401);
    assert.equal(anonymous.json.error.code, 'UNAUTHORIZED');
    assert.equal((await send(`${nailup.url}/api/v1/status`, { headers: { authorization: 'Bearer not-a-token' } })).status, 401);
    for (const user of ['supervisor', 'admin']) {
      const reply = await (await loginAs(nailup, user)).get('/status');
      assert.equal(reply.status, 200, user);
      assert.ok(Array.isArray((reply.body as Json).jobs) && Array.isArray((reply.body as Json).agents));
    }
  });

  it('a POST with a JSON content type and no body is a request without a body; a body that is not JSON is refused naming the body', async () => {
    const admin = await loginAs(nailup, 'admin');
    const post = (path: string, body: string): Promise<RawReply> =>
      send(`${nailup.url}/api/v1${path}`, { method: 'POST', headers: { authorization: admin.authorization, 'content-type': 'application/json' }, body: undefined, raw: body });
    const bad = await post('/campaigns/DemoPreview/job/stop', '{"reason":');
    assert.equal(bad.status, 400, bad.text);
    assert.equal(bad.json.error.code, 'VALIDATION_FAILED');
    assert.equal(bad.json.error.field, 'body');
    const stop = await post('/campaigns/DemoPreview/job/stop', '');
    assert.equal(stop.status, 200, stop.text);
    assert.equal(stop.json.isSuccess, true);
  });

  it('/floor is a static page whose served script sends the supervisor token or links to the login', async () => {
    const page = await send(`${nailup.url}/floor`);
    assert.equal(page.status, 200);
    assert.doesNotMatch(page.text, /<script>|<style>|\son\w+=/i, 'no inline script or style');
    assert.match(page.text, /<script src="\/floor\/floor\.js" defer><\/script>/);
    assert.match(page.text, /<a href="\/supervisor\/">/);
    const script = await send(`${nailup.url}/floor/floor.js`);
    assert.equal(script.status, 200);
    assert.match(String(script.headers['content-type']), /^text\/javascript/);
    assert.match(script.text, /sessionStorage\.getItem\(TOKEN_KEY\)/);
    assert.match(script.text, /'nailup\.supervisor\.token'/);
    assert.match(script.text, /authorization: 'Bearer ' \+ token/);
    assert.match(String((await send(`${nailup.url}/floor/floor.css`)).headers['content-type']), /^text\/css/);
  });

  it('http.publicStatus: true serves the status without a login', async () => {
    const open = await startTestNailup({ 'http.publicStatus': true });
    try {
      const reply = await send(`${open.url}/api/v1/status`);
      assert.equal(reply.status, 200);
      assert.ok(Array.isArray(reply.json.jobs));
    } finally {
      await open.close();
    }
  });
});

// ── 5. Security headers ──────────────────────────────────────────────────────────

describe('security headers', () => {
  let nailup: Nailup;
  before(async () => {
    nailup = await startTestNailup();
  });
  after(async () => {
    await nailup?.close();
  });

  it('the pages forbid framing, sniffing and any script or style not served by nailup', async () => {
    for (const path of ['/agent/', '/supervisor/', '/floor', '/api/v1/status']) {
      const reply = await send(`${nailup.url}${path}`);
      const csp = String(reply.headers['content-security-policy']);
      assert.match(csp, /(^|;)default-src 'self'(;|$)/, path);
      assert.match(csp, /(^|;)script-src 'self'(;|$)/, path);
      assert.match(csp, /(^|;)style-src 'self'(;|$)/, path);
      assert.match(csp, /(^|;)frame-ancestors 'none'(;|$)/, path);
      assert.match(csp, /(^|;)object-src 'none'(;|$)/, path);
      assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|upgrade-insecure-requests/, path);
      assert.equal(reply.headers['x-content-type-options'], 'nosniff', path);
      assert.equal(reply.headers['x-frame-options'], 'DENY', path);
      assert.equal(reply.headers['strict-transport-security'], undefined, `${path}: no HSTS over plain HTTP`);
    }
  });

  it('the built pages have no inline script', async () => {
    for (const path of ['/agent/', '/supervisor/']) {
      const html = (await send(`${nailup.url}${path}`)).text;
      assert.match(html, /<script type="module" crossorigin src="\/(agent|supervisor)\/assets\/[^"]+\.js"><\/script>/, path);
      assert.doesNotMatch(html, /<script(?![^>]*\ssrc=)[^>]*>/, `${path}: every script is a file`);
    }
  });
});
