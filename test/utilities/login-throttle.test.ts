/**
 * Login throttling and enumeration (docs/security.md, "Logins"), over real HTTP with nailup on a
 * virtual clock: the supervisor login (/api/v1/auth/login), the agent desktop login (/tmac/v1/login)
 * and A3 AgentLogin (/cti/v1/commands/AgentLogin). Default settings: 5 free failures per name, 20 per
 * address, then 1 s doubling. Whether the dummy scrypt verification runs is counted, not timed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { VirtualClock } from '../../src/clock/virtual-clock.ts';
import type { Nailup } from '../../src/app.ts';
import { passwordVerifications } from '../../src/store/password.ts';
import { Client, loginAs, startTestNailup, type Json, type Reply } from '../support/nailup.ts';
import { EventCollector, named, sendCommand } from '../support/cti-client.ts';

const START = Date.UTC(2026, 0, 5, 15, 0, 0); // a Monday, 10:00 in New York
const FAILED = 'unknown supervisor or administrator, or wrong password';
const AUTH_FAILED = 'Login failure. Authentication of agent failed.';

async function start(): Promise<{ nailup: Nailup; clock: VirtualClock }> {
  const clock = new VirtualClock(START);
  const nailup = await startTestNailup({ logLevel: 'silent' }, { clock });
  return { nailup, clock };
}

/** A 429 TOO_MANY_ATTEMPTS with Retry-After (seconds) in the header and the body. */
function tooMany(reply: Reply<Json>, seconds: number, tmacCode?: number): void {
  assert.equal(reply.status, 429, JSON.stringify(reply.body));
  assert.equal(reply.headers.get('retry-after'), String(seconds));
  assert.equal(reply.body.error.code, 'TOO_MANY_ATTEMPTS');
  assert.equal(reply.body.error.retryAfterSeconds, seconds);
  assert.match(reply.body.error.message, /^too many failed logins: try again in \d+ seconds?$/);
  assert.equal(reply.body.error.tmacCode, tmacCode);
}

function loginFailed(reply: Reply<Json>): void {
  assert.equal(reply.status, 401, JSON.stringify(reply.body));
  assert.deepEqual(reply.body, { error: { code: 'LOGIN_FAILED', message: FAILED } });
}

/** Runs `login` and returns its reply and how many scrypt verifications it ran. */
async function counted<T>(login: () => Promise<T>): Promise<[T, number]> {
  const before = passwordVerifications();
  const reply = await login();
  return [reply, passwordVerifications() - before];
}

interface AuditRow { username: string; role: string; action: string; target: string; outcome: string; counts: Record<string, number>; details: Json }

async function auditOf(admin: Client, action: string, target: string): Promise<AuditRow[]> {
  const rows = (await admin.get(`/audit?action=${action}&limit=1000`)).body as AuditRow[];
  return rows.filter((r) => r.target === target).reverse(); // oldest first
}

describe('supervisor login', () => {
  let nailup: Nailup;
  let clock: VirtualClock;
  let api: Client;
  let admin: Client;
  before(async () => {
    ({ nailup, clock } = await start());
    api = new Client(`${nailup.url}/api/v1`);
    admin = await loginAs(nailup, 'admin');
  });
  after(async () => {
    await nailup?.close();
  });
  /** The address's count is forgotten after an hour without failures: each test starts afresh. */
  const forget = (): Promise<void> => clock.advance(61 * 60_000);

  it('after 5 failures the next try is 429 with Retry-After, even with the right password; after the wait it works', async () => {
    for (let i = 0; i < 5; i++) loginFailed(await api.post('/auth/login', { username: 'supervisor', password: `wrong-${i}` }));
    const [locked, verified] = await counted(() => api.post('/auth/login', { username: 'supervisor', password: 'demo' }));
    tooMany(locked, 1);
    assert.equal(verified, 0, 'a locked-out attempt is not checked');
    tooMany(await api.post('/auth/login', { username: 'SUPERVISOR', password: 'demo' }), 1); // the same name in other letters
    await clock.advance(999);
    tooMany(await api.post('/auth/login', { username: 'supervisor', password: 'demo' }), 1);
    await clock.advance(1);
    assert.equal((await api.post('/auth/login', { username: 'supervisor', password: 'demo' })).status, 200);
    // Other names are not locked out by this one.
    assert.equal((await api.post('/auth/login', { username: 'admin', password: 'demo' })).status, 200);
    await forget();
  });

  it('each further failure doubles the lock-out; a success starts the count again', async () => {
    for (let i = 0; i < 5; i++) loginFailed(await api.post('/auth/login', { username: 'supervisor', password: 'wrong' }));
    tooMany(await api.post('/auth/login', { username: 'supervisor', password: 'wrong' }), 1);
    await clock.advance(1000);
    loginFailed(await api.post('/auth/login', { username: 'supervisor', password: 'wrong' }));
    tooMany(await api.post('/auth/login', { username: 'supervisor', password: 'demo' }), 2);
    await clock.advance(2000);
    loginFailed(await api.post('/auth/login', { username: 'supervisor', password: 'wrong' }));
    tooMany(await api.post('/auth/login', { username: 'supervisor', password: 'demo' }), 4);
    await clock.advance(4000);
    assert.equal((await api.post('/auth/login', { username: 'supervisor', password: 'demo' })).status, 200);
    // Counted from nothing again: four failures are free.
    for (let i = 0; i < 4; i++) loginFailed(await api.post('/auth/login', { username: 'supervisor', password: 'wrong' }));
    assert.equal((await api.post('/auth/login', { username: 'supervisor', password: 'demo' })).status, 200);
    await forget();
  });

  it('a name neither failing nor locked out for an hour starts afresh', async () => {
    for (let i = 0; i < 5; i++) loginFailed(await api.post('/auth/login', { username: 'supervisor', password: 'wrong' }));
    await clock.advance(1000 + 60 * 60_000); // the 1 s lock-out, then an hour
    loginFailed(await api.post('/auth/login', { username: 'supervisor', password: 'wrong' }));
    assert.equal((await api.post('/auth/login', { username: 'supervisor', password: 'demo' })).status, 200, 'one failure after the reset is free');
    await forget();
  });

  it('an unknown user, an agent, a disabled user and a wrong password: the same answer after one scrypt verification each', async () => {
    assert.equal((await admin.post('/users', { username: 'dora', role: 'supervisor', password: 'dora-pass-1' })).status, 201);
    assert.equal((await admin.request('PATCH', '/users/dora', { disabled: true })).status, 200);
    const tries: Array<[string, string]> = [['nobody-here', 'demo'], ['agent1001', 'demo'], ['dora', 'dora-pass-1'], ['supervisor', 'wrong']];
    for (const [username, password] of tries) {
      const [reply, verified] = await counted(() => api.post('/auth/login', { username, password }));
      loginFailed(reply);
      assert.equal(verified, 1, `${username}: one scrypt verification`);
    }
    const [ok, verified] = await counted(() => api.post('/auth/login', { username: 'supervisor', password: 'demo' }));
    assert.equal(ok.status, 200);
    assert.equal(verified, 1);
    await forget();
  });

  it('every failure is audited with its reason and address, never the password; a lock-out once, the refusals counted', async () => {
    loginFailed(await api.post('/auth/login', { username: 'ghost', password: 'pw-ghost-1' }));
    for (let i = 0; i < 4; i++) loginFailed(await api.post('/auth/login', { username: 'ghost', password: `pw-ghost-${i + 2}` }));
    for (let i = 0; i < 3; i++) tooMany(await api.post('/auth/login', { username: 'ghost', password: 'pw-ghost-x' }), 1);
    await clock.advance(1000);
    loginFailed(await api.post('/auth/login', { username: 'ghost', password: 'pw-ghost-7' }));
    assert.equal((await api.post('/auth/login', { username: 'dora', password: 'dora-pass-1' })).status, 401);
    assert.equal((await api.post('/auth/login', { username: 'supervisor', password: 'nope-1' })).status, 401);
    assert.equal((await api.post('/auth/login', { username: 'supervisor' })).status, 400);
    assert.equal((await api.post('/auth/login', { username: 'supervisor', password: 'demo' })).status, 200);

    const ghost = await auditOf(admin, 'login', 'ghost');
    assert.deepEqual(ghost.map((r) => [r.outcome, r.details.reason]), [
      ...Array.from({ length: 5 }, () => ['failed', 'unknownUser']), ['failed', 'throttled'], ['failed', 'unknownUser'],
    ]);
    for (const row of ghost) {
      assert.equal(row.username, 'ghost');
      assert.equal(row.details.address, '127.0.0.1');
    }
    assert.deepEqual([ghost[5]!.details.lockedOutBy, ghost[5]!.details.retryAfterSeconds], ['name', 1]);
    assert.deepEqual(ghost[6]!.counts, { refusedWhileLockedOut: 2 }, 'the two refusals after the audited one');
    assert.deepEqual((await auditOf(admin, 'login', 'dora')).map((r) => [r.outcome, r.details.reason, r.role]), [['failed', 'disabled', 'supervisor'], ['failed', 'disabled', 'supervisor']]);
    const supervisor = await auditOf(admin, 'login', 'supervisor');
    assert.deepEqual(supervisor.slice(-3).map((r) => [r.outcome, r.details.reason]), [['failed', 'wrongPassword'], ['failed', 'invalid'], ['ok', undefined]]);
    const text = JSON.stringify(await admin.get('/audit?limit=1000'));
    for (const password of ['pw-ghost', 'dora-pass-1', 'nope-1']) assert.ok(!text.includes(password), `no password in the audit log (${password})`);
    await forget();
  });
});

describe('per client address', () => {
  let nailup: Nailup;
  let clock: VirtualClock;
  before(async () => {
    ({ nailup, clock } = await start());
  });
  after(async () => {
    await nailup?.close();
  });

  it('spraying many names from one address: after 20 failures every name is locked out there, the right password too', async () => {
    const api = new Client(`${nailup.url}/api/v1`);
    for (let i = 0; i < 20; i++) loginFailed(await api.post('/auth/login', { username: `sprayed-${i}`, password: 'Summer2026!' }));
    const [locked, verified] = await counted(() => api.post('/auth/login', { username: 'supervisor', password: 'demo' }));
    tooMany(locked, 1);
    assert.equal(verified, 0);
    tooMany(await api.post('/auth/login', { username: 'sprayed-20', password: 'Summer2026!' }), 1);
    // The desktop login keeps its own count.
    assert.equal((await fetch(`${nailup.url}/tmac/v1/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lanId: 'nobody', extension: '44009', password: 'x' }) })).status, 401);
    await clock.advance(1000);
    // A success does not clear the address's count: the next failure locks it for 2 s.
    assert.equal((await api.post('/auth/login', { username: 'supervisor', password: 'demo' })).status, 200);
    loginFailed(await api.post('/auth/login', { username: 'sprayed-21', password: 'Summer2026!' }));
    tooMany(await api.post('/auth/login', { username: 'admin', password: 'demo' }), 2);
    const admin = await (async () => {
      await clock.advance(2000);
      return loginAs(nailup, 'admin');
    })();
    const rows = ((await admin.get('/audit?action=login&limit=1000')).body as AuditRow[]).reverse();
    // Each lock-out's first refusal is recorded; the later ones are counted on the next record of the address.
    const throttled = rows.filter((r) => r.details.reason === 'throttled');
    assert.deepEqual(throttled.map((r) => [r.target, r.details.lockedOutBy, r.details.retryAfterSeconds]), [['supervisor', 'address', 1], ['admin', 'address', 2]]);
    const ok = rows.find((r) => r.target === 'supervisor' && r.outcome === 'ok')!;
    assert.deepEqual(ok.counts, { refusedWhileLockedOut: 1 }, 'sprayed-20, refused after the recorded refusal');
  });
});

describe('agent desktop login', () => {
  let nailup: Nailup;
  let clock: VirtualClock;
  let admin: Client;
  before(async () => {
    ({ nailup, clock } = await start());
    admin = await loginAs(nailup, 'admin');
  });
  after(async () => {
    await nailup?.close();
  });

  const desktop = async (lanId: string, extension: string, password: string): Promise<Reply<Json>> => {
    const response = await fetch(`${nailup.url}/tmac/v1/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lanId, extension, password }) });
    return { status: response.status, body: await response.json(), headers: response.headers };
  };
  const authFailed = (reply: Reply<Json>): void => {
    assert.equal(reply.status, 401, JSON.stringify(reply.body));
    assert.deepEqual(reply.body, { error: { code: 'LOGIN_FAILED', message: AUTH_FAILED, tmacCode: -17 } });
  };

  it('an unknown LAN ID gets the wrong password\'s answer (-17) after the same scrypt verification', async () => {
    const [unknown, unknownVerified] = await counted(() => desktop('no-such-agent', '44009', 'demo'));
    authFailed(unknown);
    const [wrong, wrongVerified] = await counted(() => desktop('agent1002', '44002', 'not-the-password'));
    authFailed(wrong);
    assert.deepEqual([unknownVerified, wrongVerified], [1, 1]);
  });

  it('after 5 failures the next try is 429 (-17) with Retry-After, even with the right password; after the wait it logs in', async () => {
    for (let i = 0; i < 5; i++) authFailed(await desktop('agent1003', '44003', `wrong-${i}`));
    const [locked, verified] = await counted(() => desktop('agent1003', '44003', 'demo'));
    tooMany(locked, 1, -17);
    assert.equal(verified, 0);
    await clock.advance(1000);
    const ok = await desktop('agent1003', '44003', 'demo');
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.agent.agentID, '1003');
  });

  it('unknown LAN IDs are throttled like known ones', async () => {
    for (let i = 0; i < 5; i++) authFailed(await desktop('ghost-agent', '44008', `x-${i}`));
    tooMany(await desktop('ghost-agent', '44008', 'x'), 1, -17);
  });

  it('every desktop login is audited with its reason, never the password', async () => {
    await admin.request('PUT', '/agents/1004', { enabled: false });
    authFailed(await desktop('agent1004', '44004', 'demo'));
    const rows = async (lanId: string): Promise<Array<[string, string | undefined]>> =>
      (await auditOf(admin, 'desktopLogin', lanId)).map((r) => [r.outcome, r.details.reason]);
    assert.deepEqual(await rows('no-such-agent'), [['failed', 'unknownUser']]);
    assert.deepEqual(await rows('agent1002'), [['failed', 'wrongPassword']]);
    assert.deepEqual(await rows('agent1003'), [...Array.from({ length: 5 }, () => ['failed', 'wrongPassword']), ['failed', 'throttled'], ['ok', undefined]]);
    assert.deepEqual(await rows('agent1004'), [['failed', 'disabled']]);
    const row = (await auditOf(admin, 'desktopLogin', 'agent1002'))[0]!;
    assert.deepEqual([row.username, row.role, row.details.address, row.details.extension, row.details.tmacCode], ['agent1002', 'agent', '127.0.0.1', '44002', -17]);
    const text = JSON.stringify((await admin.get('/audit?action=desktopLogin&limit=1000')).body);
    assert.ok(!text.includes('not-the-password') && !text.includes('wrong-0'), 'no password in the audit log');
  });
});

describe('A3 AgentLogin', () => {
  let nailup: Nailup;
  let clock: VirtualClock;
  let events: EventCollector;
  let invokeID = 500;
  before(async () => {
    ({ nailup, clock } = await start());
    events = await EventCollector.open(nailup.url);
  });
  after(async () => {
    await events?.close();
    await nailup?.close();
  });

  /** AgentLogin over A3; the ErrorCode of its SetAgentStateDone, and the scrypt verifications it ran. */
  async function agentLogin(agentID: string, extension: string, agentPassword: string): Promise<[string, number]> {
    const id = ++invokeID;
    const before = passwordVerifications();
    assert.equal(await sendCommand(nailup.url, 'AgentLogin', { extension, agentID, agentPassword, invokeID: id }), 0);
    const done = await events.next(named('SetAgentStateDone', { InvokeID: String(id) }));
    return [done.eventData.ErrorCode!, passwordVerifications() - before];
  }

  it('an unknown agent keeps its -2 (protocol.md §4.1) but costs the same scrypt verification as a wrong password\'s -17', async () => {
    assert.deepEqual(await agentLogin('9999', '44009', 'demo'), ['-2', 1]);
    assert.deepEqual(await agentLogin('1005', '44005', 'wrong'), ['-17', 1]);
  });

  it('after 5 failures an agent ID answers -17 unchecked, even to the right password, until the lock-out ends', async () => {
    for (let i = 0; i < 5; i++) assert.deepEqual(await agentLogin('1006', '44006', `wrong-${i}`), ['-17', 1]);
    assert.deepEqual(await agentLogin('1006', '44006', 'demo'), ['-17', 0]);
    await clock.advance(1000);
    await nailup.dialer.whenIdle();
    assert.deepEqual(await agentLogin('1006', '44006', 'demo'), ['0', 1]);
    // Another agent is not locked out by this one.
    assert.deepEqual(await agentLogin('1007', '44007', 'demo'), ['0', 1]);
  });

  it('an unknown agent ID locked out answers -17 like any other', async () => {
    for (let i = 0; i < 5; i++) assert.deepEqual(await agentLogin('8888', '44010', 'x'), ['-2', 1]);
    assert.deepEqual(await agentLogin('8888', '44010', 'x'), ['-17', 0]);
  });
  it('every refused AgentLogin is audited with its result code, never the password', async () => {
    assert.deepEqual(await agentLogin('1008', '44008', 'not-this-one'), ['-17', 1]);
    const rows = (await nailup.store.audit.list({ action: 'agentLogon', limit: 100 })).filter((r) => r.target === '1008');
    assert.deepEqual(rows.map((r) => [r.outcome, r.role, r.details]), [['failed', 'agent', { result: 17, extension: '44008' }]]);
    assert.ok(!JSON.stringify(await nailup.store.audit.list({ limit: 1000 })).includes('not-this-one'));
  });
});
