/**
 * What an operator sees: JSON log lines with the request id, status and time; errors with their stack
 * on the server and a generic message with the request id to the client; job changes and recovery in
 * the log; no passwords, tokens or contact data in it; /healthz and /readyz.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Nailup } from '../../src/app.ts';
import { pathOf } from '../../src/log/logger.ts';
import { Client, loginAs, startTestNailup, type Json } from '../support/nailup.ts';
import { capturingLogger } from '../support/log-lines.ts';

/** Every line the logger writes, parsed. */
const { logger, lines } = capturingLogger();

let nailup: Nailup;
let admin: Client;

before(async () => {
  nailup = await startTestNailup({}, { logger });
  admin = await loginAs(nailup, 'admin');
});
after(async () => {
  await nailup?.close();
});

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 50));

describe('logs', () => {
  it('a request is logged with its id, path, status and time; the client gets the id back', async () => {
    const reply = await fetch(`${nailup.url}/api/v1/contact-lists/1/contacts?searchBy=lastName&searchValue=Smith`, { headers: { authorization: admin.authorization, 'x-request-id': 'client-42' } });
    assert.equal(reply.headers.get('x-request-id'), 'client-42');
    await settle();
    const incoming = lines.find((l) => l.reqId === 'client-42' && l.msg === 'incoming request');
    assert.deepEqual(incoming?.req, { method: 'GET', url: '/api/v1/contact-lists/1/contacts?searchBy&searchValue', remoteAddress: '127.0.0.1' }, 'the query\'s values (a customer\'s name) are left out');
    const completed = lines.find((l) => l.reqId === 'client-42' && l.msg === 'request completed');
    assert.equal(completed?.res.statusCode, 200);
    assert.equal(typeof completed?.responseTime, 'number');
    assert.equal(completed?.role, 'all');
  });

  it('no password or token reaches the log', async () => {
    await new Client(`${nailup.url}/api/v1`).post('/auth/login', { username: 'admin', password: 'wrong-password-xyz' });
    await admin.get('/agents');
    await settle();
    const text = JSON.stringify(lines);
    assert.ok(!text.includes('wrong-password-xyz'));
    assert.ok(!text.includes(admin.authorization.slice(7)), 'no bearer token');
    const failed = lines.find((l) => l.msg === 'supervisor login failed');
    assert.deepEqual([failed?.code, failed?.remoteAddress, failed?.level], ['LOGIN_FAILED', '127.0.0.1', 40], 'a failed login is logged, with its reason');
  });

  it('a refused request is logged with its code and field, not with what was sent', async () => {
    const reply = await fetch(`${nailup.url}/api/v1/campaigns/DemoPredictive`, {
      method: 'PUT', headers: { authorization: admin.authorization, 'content-type': 'application/json', 'x-request-id': 'client-43' },
      body: JSON.stringify({ pacing: { targetAbandonRate: 0.05 } }),
    });
    assert.equal(reply.status, 400);
    await settle();
    const refused = lines.find((l) => l.reqId === 'client-43' && l.msg === 'request refused');
    assert.deepEqual([refused?.code, refused?.field, refused?.level], ['VALIDATION_FAILED', 'pacing.targetAbandonRate', 30]);
  });

  it('job changes are logged', async () => {
    await admin.post('/campaigns/DemoPredictive/job/pause');
    await admin.post('/campaigns/DemoPredictive/job/resume');
    await settle();
    const changes = lines.filter((l) => l.msg === 'job state changed' && l.campaign === 'DemoPredictive').map((l) => [l.from, l.state]);
    assert.deepEqual(changes, [['running', 'paused'], ['paused', 'running']]);
    assert.ok(lines.some((l) => l.msg === 'job started' && l.campaign === 'DemoPreview'));
  });

  it('imports are logged with their counts, never their rows', async () => {
    await admin.post('/contact-lists', { contactListName: 'LoggedList' });
    const reply = await admin.csv('/imports/contacts?list=LoggedList', 'userContactId,firstName,phone1\nL1,Zebulon,+12125550177\nL2,Yolanda,nope\n');
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
    await settle();
    const done = lines.find((l) => l.msg === 'import completed' && l.target === 'LoggedList');
    assert.deepEqual([done?.rowsRead, done?.rowsAccepted, done?.rowsRejected, done?.added], [2, 1, 1, 1]);
    assert.ok(lines.some((l) => l.msg === 'import started' && l.runId === done?.runId));
    const text = JSON.stringify(lines);
    assert.ok(!text.includes('Zebulon') && !text.includes('+12125550177'), 'no contact data');
  });

  it('paths keep the names of their query parameters only', () => {
    assert.equal(pathOf('/a/b'), '/a/b');
    assert.equal(pathOf('/cti/v1/events?extension=44001&apiKey=s3cret&apiKey=x'), '/cti/v1/events?extension&apiKey');
  });
});

describe('health', () => {
  it('/healthz answers while the process runs; /readyz checks the store and the dialer', async () => {
    assert.deepEqual(await (await fetch(`${nailup.url}/healthz`)).json(), { ok: true });
    const ready = await fetch(`${nailup.url}/readyz`);
    assert.equal(ready.status, 200);
    assert.deepEqual(await ready.json(), { ready: true, checks: { store: 'ok', dialer: 'ok' } });
  });

  it('an unexpected error: the client gets a generic message and the request id, the log the stack; /readyz says the store is down', async () => {
    // The database goes away under the running server.
    await nailup.store.close();
    const reply = await fetch(`${nailup.url}/api/v1/agents`, { headers: { authorization: admin.authorization } });
    const body = await reply.json() as Json;
    assert.equal(reply.status, 500);
    const requestId = reply.headers.get('x-request-id');
    assert.deepEqual(body, { error: { code: 'INTERNAL', message: `internal error: the server's log has it under request id ${requestId}`, requestId } });
    await settle();
    const logged = lines.find((l) => l.reqId === requestId && l.msg === 'request failed');
    assert.equal(logged?.level, 50);
    assert.match(logged?.err?.stack ?? '', /at /, 'the stack is in the log');
    const ready = await fetch(`${nailup.url}/readyz`);
    assert.equal(ready.status, 503);
    const checks = (await ready.json() as Json).checks;
    assert.equal(checks.dialer, 'ok');
    assert.notEqual(checks.store, 'ok');
  });
});
