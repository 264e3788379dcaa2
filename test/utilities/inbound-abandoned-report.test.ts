/**
 * The Inbound Abandoned report over the supervisor API: the callers who hung up while waiting in a
 * queue, by arrival in the range (exact JSON), one queue's, paged; the CSV file; a scheduled export of
 * it; a campaign refused for it, a queue refused for the outbound reports, an unknown queue named.
 * Calls are written through the store port (store.inboundCalls) as the ACD writes them.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Nailup } from '../../src/app.ts';
import { VirtualClock } from '../../src/clock/virtual-clock.ts';
import type { InboundCallUpdate, QueueRecord } from '../../src/store/records.ts';
import { loginAs, startTestNailup, type Client, type Json } from '../support/nailup.ts';

const T0 = Date.UTC(2026, 10, 2, 15, 0, 0);
const MINUTE = 60_000;
const iso = (ms: number): string => new Date(ms).toISOString();
const range = `from=${iso(T0)}&to=${iso(T0 + 60 * MINUTE)}`;
const clock = new VirtualClock(T0 + 90 * MINUTE);

let folder: string;
let nailup: Nailup;
let supervisor: Client;

before(async () => {
  folder = await mkdtemp(join(tmpdir(), 'nailup-inbound-report-'));
  // No simulated callers: the calls are the test's own.
  nailup = await startTestNailup({
    'utilities.exportFolder': folder, 'utilities.timeZone': 'UTC', 'utilities.sessionHours': 48, 'dialer.tickMs': 60_000, 'network.inbound': [],
  }, { clock });
  supervisor = await loginAs(nailup, 'supervisor');
});
after(async () => {
  await nailup?.close();
  await rm(folder, { recursive: true, force: true });
});

const queue = (name: string): Omit<QueueRecord, 'id'> => ({
  name, organizationName: 'Demo', skill: `${name}In`, routing: 'longestIdle', serviceLevelSeconds: 20, announcementSeconds: 30,
  overflowQueue: null, overflowAfterSeconds: 60, wrapupSeconds: 60, completionCodes: ['69'], defaultCompletionCode: '69',
});

/** A call arriving `seconds` after T0 at `queueName` from `callingNumber`, then changed as the ACD would. */
async function call(queueName: string, seconds: number, callingNumber: string, change: InboundCallUpdate): Promise<void> {
  const c = await nailup.store.inboundCalls.insert({ callId: `UCID-${seconds}`, queue: queueName, callingNumber, arrivedAt: T0 + seconds * 1000 });
  await nailup.store.inboundCalls.update(c.id, change);
}
const gaveUp = (afterSeconds: number, arrivedSeconds: number): InboundCallUpdate => ({ result: 'abandoned', endedAt: T0 + (arrivedSeconds + afterSeconds) * 1000 });

describe('Inbound Abandoned report', () => {
  before(async () => {
    await nailup.store.queues.create(queue('Billing'));
    await nailup.store.queues.create(queue('Tech'));
    await call('Billing', -30, '+12125550100', gaveUp(40, -30)); // arrived before the range
    await call('Billing', 60, '+12125550101', gaveUp(45, 60));
    await call('Tech', 120, '+12125550102', gaveUp(10.4, 120));
    await call('Billing', 150, '+12125550103', { result: 'answered', answeredAt: T0 + 160_000, endedAt: T0 + 400_000, agentId: '1011', completionCode: '69' });
    await call('Billing', 170, '+12125550104', {}); // still waiting
    // Overflowed from Billing, abandoned in Tech: one row, in Tech.
    await call('Billing', 300, '+442071838750', { queue: 'Tech', overflowedFrom: 'Billing', ...gaveUp(95.6, 300) });
    await call('Tech', 3600, '+12125550105', gaveUp(5, 3600)); // arrived at the end of the range: not in it
  });

  const rows = [
    { queue: 'Billing', arrivedAt: iso(T0 + 60_000), waitSeconds: 45, callingNumber: '+12125550101' },
    { queue: 'Tech', arrivedAt: iso(T0 + 120_000), waitSeconds: 10, callingNumber: '+12125550102' },
    { queue: 'Tech', arrivedAt: iso(T0 + 300_000), waitSeconds: 96, callingNumber: '+442071838750' },
  ];

  it('is in the catalog, by queue, with its four columns', async () => {
    const catalog = (await supervisor.get('/reports')).body as Json[];
    const entry = catalog.find((r) => r.id === 'inbound-abandoned');
    assert.deepEqual({ ...entry, description: undefined }, {
      id: 'inbound-abandoned', title: 'Inbound Abandoned', description: undefined, filter: 'queue',
      columns: [{ key: 'queue', label: 'Queue', type: 'text' }, { key: 'arrivedAt', label: 'Time', type: 'datetime' }, { key: 'waitSeconds', label: 'Wait seconds', type: 'number' }, { key: 'callingNumber', label: 'Calling number', type: 'text' }],
    });
    assert.equal(catalog.find((r) => r.id === 'call-attempts').filter, 'campaign');
  });

  it('lists the calls abandoned in queue that arrived in the range, oldest first, with their wait', async () => {
    const reply = await supervisor.get(`/reports/inbound-abandoned?${range}`);
    assert.equal(reply.status, 200, JSON.stringify(reply.body));
    const { columns: _columns, ...rest } = reply.body;
    assert.deepEqual(rest, {
      report: 'inbound-abandoned', title: 'Inbound Abandoned', from: iso(T0), to: iso(T0 + 60 * MINUTE), campaign: null, queue: null, total: 3, rows,
    });
  });

  it('keeps to one queue, and pages', async () => {
    const tech = (await supervisor.get(`/reports/inbound-abandoned?${range}&queue=Tech`)).body;
    assert.deepEqual([tech.queue, tech.total, tech.rows], ['Tech', 2, [rows[1], rows[2]]]);
    const billing = (await supervisor.get(`/reports/inbound-abandoned?${range}&queue=Billing`)).body;
    assert.deepEqual([billing.total, billing.rows], [1, [rows[0]]]);
    const page = (await supervisor.get(`/reports/inbound-abandoned?${range}&limit=2&offset=1`)).body;
    assert.deepEqual([page.total, page.rows], [3, [rows[1], rows[2]]]);
  });

  it('writes the whole report as a CSV file', async () => {
    const csv = await fetch(`${nailup.url}/api/v1/reports/inbound-abandoned/csv?${range}`, { headers: { authorization: supervisor.authorization } });
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
    assert.equal(csv.headers.get('content-disposition'), 'attachment; filename="inbound-abandoned-2026-11-02-2026-11-02.csv"');
    assert.deepEqual((await csv.text()).split('\n'), [
      'Queue,Time,Wait seconds,Calling number',
      `Billing,${iso(T0 + 60_000)},45,+12125550101`,
      `Tech,${iso(T0 + 120_000)},10,+12125550102`,
      `Tech,${iso(T0 + 300_000)},96,+442071838750`,
      '',
    ]);
    const oneQueue = await fetch(`${nailup.url}/api/v1/reports/inbound-abandoned/csv?${range}&queue=Billing`, { headers: { authorization: supervisor.authorization } });
    assert.deepEqual((await oneQueue.text()).trimEnd().split('\n'), ['Queue,Time,Wait seconds,Calling number', `Billing,${iso(T0 + 60_000)},45,+12125550101`]);
    const audit = ((await (await loginAs(nailup, 'admin')).get('/audit?action=ExportReport&limit=1')).body as Json[])[0];
    assert.deepEqual([audit.action, audit.target, audit.details.queue], ['ExportReport', 'inbound-abandoned', 'Billing']);
  });

  it('names the bad parameter: an unknown queue, a campaign for it, a queue for an outbound report', async () => {
    const bad = async (path: string, field: string, message: RegExp): Promise<void> => {
      const reply = await supervisor.get(path);
      assert.equal(reply.status, 400, path);
      assert.equal(reply.body.error.field, field, path);
      assert.match(reply.body.error.message, message);
    };
    await bad(`/reports/inbound-abandoned?${range}&queue=Nope`, 'queue', /no queue named Nope/);
    await bad(`/reports/inbound-abandoned?${range}&campaign=DemoPredictive`, 'campaign', /Inbound Abandoned report is by queue, not campaign/);
    await bad(`/reports/call-attempts?${range}&queue=Billing`, 'queue', /Call Attempt report is by campaign, not queue/);
    await bad(`/reports/inbound-abandoned/csv?${range}&queue=Nope`, 'queue', /no queue named Nope/);
  });

  it('is available to the scheduled exports (every queue), which write the day before', async () => {
    const refused = await supervisor.post('/report-exports', { report: 'inbound-abandoned', frequency: 'daily', timeOfDay: '02:00', campaign: 'DemoPredictive' });
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.field, 'campaign');
    const created = await supervisor.post('/report-exports', { report: 'inbound-abandoned', frequency: 'daily', timeOfDay: '02:00' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.deepEqual([created.body.title, created.body.campaign, created.body.nextRunAt], ['Inbound Abandoned', null, iso(Date.UTC(2026, 10, 3, 2, 0))]);

    await clock.runUntil(Date.UTC(2026, 10, 3, 2, 0) + 1000);
    await nailup.supervisor.exports.whenIdle();
    const runs = (await supervisor.get(`/report-exports/${created.body.id}/runs`)).body as Json[];
    assert.deepEqual(runs.map((r) => [r.periodFrom, r.periodTo, r.fileName, r.rows, r.error]), [
      [iso(Date.UTC(2026, 10, 2)), iso(Date.UTC(2026, 10, 3)), 'inbound-abandoned-2026-11-02-2026-11-02.csv', 5, null],
    ]);
    const lines = (await readFile(join(folder, 'inbound-abandoned-2026-11-02-2026-11-02.csv'), 'utf8')).trimEnd().split('\n');
    assert.deepEqual(lines, [
      'Queue,Time,Wait seconds,Calling number',
      `Billing,${iso(T0 - 30_000)},40,+12125550100`,
      `Billing,${iso(T0 + 60_000)},45,+12125550101`,
      `Tech,${iso(T0 + 120_000)},10,+12125550102`,
      `Tech,${iso(T0 + 300_000)},96,+442071838750`,
      `Tech,${iso(T0 + 3_600_000)},5,+12125550105`,
    ]);
  });
});
