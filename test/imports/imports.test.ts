/**
 * CSV imports of contacts and DNC addresses over the supervisor API of a running nailup, and from
 * the command line: per-row reports, DNC scrub, progress while running, all or nothing.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import type { Nailup } from '../../src/app.ts';
import { Client, loginAs, startTestNailup } from '../support/nailup.ts';
import { newList, rowPhone } from '../support/import-files.ts';

const run = promisify(execFile);
let nailup: Nailup;
let supervisor: Client;

before(async () => {
  nailup = await startTestNailup();
  supervisor = await loginAs(nailup, 'supervisor');
});
after(async () => {
  await nailup?.close();
});

/** `count` contact rows, numbered from `from`, with valid unique numbers. */
function rows(from: number, count: number): string {
  let out = '';
  for (let i = from; i < from + count; i++) out += `R${i},First${i},${rowPhone(i)},C1\n`;
  return out;
}

describe('contact import', () => {
  it('imports the good rows and reports each rejected one with its line and reason', async () => {
    const listId = await newList(supervisor, 'ImportReport');
    await nailup.store.contacts.insertMany(listId, [{
      userContactId: 'OLD1', title: '', firstName: 'Old', lastName: '', phones: [], emails: [],
      address: { line1: '', line2: '', line3: '', line4: '', line5: '', country: 'US', zipCode: '' }, customFields: {}, priority: 0,
    }]);
    const csv = [
      'userContactId,firstName,lastName,phone1,phone2,timezone,email,CAMP_ID,expiry',
      'C1,Ann,Lee,(212) 555-0101,,,ann@example.com,C9,2026-01-31', // 2 ok
      'C2,Bob,Ray,not a phone,,,,C9,', // 3 bad number
      ',Cal,Fox,+13125550103,,,,C9,', // 4 missing userContactId
      'C4,Dee,Kim,,,,,C9,', // 5 missing phone
      'C1,Eve,Lee,+13125550105,,,,C9,', // 6 duplicate of line 2
      'OLD1,Fay,Old,+13125550106,,,,C9,', // 7 already in the list
      'C7,Gus,Tan,+44 20 7946 0018,+1 415 555 0107,,,C9,', // 8 ok, two numbers
      'C8,Hal,Ng,+13125550108,,Mars/Base,,C9,', // 9 bad time zone
      'C9,Ida,Wu,+13125550109,,America/Denver,,C9,', // 10 ok, zone from the file
    ].join('\n');
    const reply = await supervisor.csv('/imports/contacts?list=ImportReport&fileName=report.csv', csv);
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
    assert.equal(reply.body.run.rowsRead, 9);
    assert.equal(reply.body.run.rowsAccepted, 3);
    assert.equal(reply.body.run.rowsRejected, 6);
    assert.equal(reply.body.added, 3);
    assert.deepEqual(reply.body.progress.rejectedBy, { bad_number: 1, missing_field: 2, duplicate: 2, bad_value: 1 });

    const rejects = (await supervisor.get(`/imports/${reply.body.run.id}/rejects`)).body;
    assert.deepEqual(rejects.map((r: { rowNumber: number; reason: string; field: string }) => [r.rowNumber, r.reason, r.field]), [
      [3, 'bad_number', 'phone1'], [4, 'missing_field', 'userContactId'], [5, 'missing_field', 'phone1'],
      [6, 'duplicate', 'userContactId'], [7, 'duplicate', 'userContactId'], [9, 'bad_value', 'timezone'],
    ]);
    assert.match(rejects[3].message, /line 2/);
    const report = await fetch(`${nailup.url}/api/v1/imports/${reply.body.run.id}/rejects.csv`, { headers: { authorization: supervisor.authorization } });
    assert.equal(report.status, 200);
    assert.match(await report.text(), /^line,reason,field,message,value\n3,bad_number,phone1,/);

    const c1 = (await nailup.store.contacts.findByUserContactId(listId, 'C1'))!;
    assert.deepEqual(c1.phones.map((p) => [p.number, p.timezone]), [['+12125550101', 'America/New_York']]);
    assert.deepEqual(c1.customFields, { CAMP_ID: 'C9', expiry: '2026-01-31' });
    assert.deepEqual(c1.emails, ['ann@example.com']);
    const c7 = (await nailup.store.contacts.findByUserContactId(listId, 'C7'))!;
    assert.deepEqual(c7.phones.map((p) => [p.number, p.timezone]), [['+442079460018', 'Europe/London'], ['+14155550107', 'America/Los_Angeles']]);
    assert.equal((await nailup.store.contacts.findByUserContactId(listId, 'C9'))!.phones[0]!.timezone, 'America/Denver');
    assert.equal((await nailup.store.contacts.counts(listId)).total, 4);
  });

  it('keeps every character of a field, a NUL included, across the batches of a large file', async () => {
    const listId = await newList(supervisor, 'ImportNul');
    // Rows before the NUL travel packed from the import's worker thread, rows after it as they are.
    const csv = `userContactId,firstName,phone1,CAMP_ID\n${rows(0, 5000)}NUL1,"a\u0000b, ""c""",+12125559999,C1\n${rows(5000, 5000)}`;
    const reply = await supervisor.csv('/imports/contacts?list=ImportNul', csv);
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
    assert.equal(reply.body.added, 10_001);
    assert.equal((await nailup.store.contacts.findByUserContactId(listId, 'NUL1'))!.firstName, 'a\u0000b, "c"');
    assert.equal((await nailup.store.contacts.findByUserContactId(listId, 'R9999'))!.firstName, 'First9999');
    assert.equal((await nailup.store.contacts.findByUserContactId(listId, 'R0'))!.phones[0]!.number, '+12122000000');
  });

  it('refuses a file without the columns it needs, changing nothing', async () => {
    await newList(supervisor, 'ImportNoHeader');
    const reply = await supervisor.csv('/imports/contacts?list=ImportNoHeader', 'name,phone1\nAnn,+12125550101\n');
    assert.equal(reply.status, 422);
    assert.equal(reply.body.error.code, 'IMPORT_FAILED');
    assert.match(reply.body.error.message, /no userContactId column/);
    const missing = await supervisor.csv('/imports/contacts', 'userContactId,phone1\n');
    assert.equal(missing.status, 400);
    assert.equal(missing.body.error.field, 'list');
  });

  it('scrubs against the organization\'s DNC lists on request', async () => {
    const listId = await newList(supervisor, 'ImportScrub');
    const listed = (await nailup.store.dnc.addressesAfter((await nailup.store.dnc.findListByName('Demo'))!.id, '', 1))[0]!;
    const csv = `userContactId,phone1,phone2\nS1,+12125550201,\nS2,+12125550202,${listed}\nS3,${listed},\n`;
    const plain = await supervisor.csv('/imports/contacts?list=ImportScrub', csv);
    assert.equal(plain.body.added, 3, 'no scrub unless asked');
    const scrubList = await newList(supervisor, 'ImportScrub2');
    const scrubbed = await supervisor.csv('/imports/contacts?list=ImportScrub2&scrub=true', csv);
    assert.equal(scrubbed.body.added, 1);
    const rejects = (await supervisor.get(`/imports/${scrubbed.body.run.id}/rejects`)).body;
    assert.deepEqual(rejects.map((r: { rowNumber: number; reason: string; value: string }) => [r.rowNumber, r.reason, r.value]), [[3, 'dnc', listed], [4, 'dnc', listed]]);
    assert.equal((await nailup.store.contacts.counts(scrubList)).total, 1);
    assert.equal((await nailup.store.contacts.counts(listId)).total, 3);
  });

  it('shows its progress while it runs', async () => {
    const listId = await newList(supervisor, 'ImportProgress');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const body = (async function* () {
      yield Buffer.from(`userContactId,firstName,phone1,CAMP_ID\n${rows(0, 5000)}`);
      await gate;
      yield Buffer.from(rows(5000, 5000));
    })();
    const upload = supervisor.csv('/imports/contacts?list=ImportProgress', body);
    let seen: { state: string; rowsRead: number; rowsPerSecond: number } | undefined;
    for (let i = 0; i < 200 && !seen; i++) {
      const runs = (await supervisor.get('/imports')).body as Array<{ runId: number; state: string; rowsRead: number; targetName: string }>;
      const mine = runs.find((r) => r.targetName === 'ImportProgress');
      if (mine && mine.rowsRead >= 2000) seen = (await supervisor.get(`/imports/${mine.runId}`)).body;
      else await new Promise((r) => setTimeout(r, 25));
    }
    assert.ok(seen, 'the running import is listed with its progress');
    assert.equal(seen.state, 'running');
    assert.ok(seen.rowsRead >= 2000 && seen.rowsRead <= 5000);
    assert.ok(seen.rowsPerSecond > 0);
    assert.equal((await nailup.store.contacts.counts(listId)).total, 0, 'nothing is in the list before the import commits');
    release();
    const reply = await upload;
    assert.equal(reply.status, 201);
    assert.equal(reply.body.added, 10_000);
    assert.equal((await nailup.store.contacts.counts(listId)).total, 10_000);
  });

  it('a file that breaks half-way leaves the list as it was', async () => {
    const listId = await newList(supervisor, 'ImportBroken');
    await supervisor.csv('/imports/contacts?list=ImportBroken', `userContactId,firstName,phone1,CAMP_ID\n${rows(0, 100)}`);
    const before_ = await nailup.store.contacts.counts(listId);
    const broken = `userContactId,firstName,phone1,CAMP_ID\n${rows(100, 4000)}R9999,Bro"ken,+12125559999,C1\n${rows(4100, 1000)}`;
    const reply = await supervisor.csv('/imports/contacts?list=ImportBroken', broken);
    assert.equal(reply.status, 422, JSON.stringify(reply.body));
    assert.match(reply.body.error.message, /line 4002/);
    const runState = (await supervisor.get(`/imports/${reply.body.error.importRunId}`)).body;
    assert.equal(runState.state, 'failed');
    assert.ok(runState.rowsRead >= 2000, 'it failed half-way, after a batch of rows was staged');
    assert.deepEqual(await nailup.store.contacts.counts(listId), before_);
    assert.equal((await nailup.store.contacts.findByUserContactId(listId, 'R200')), undefined);
  });

  it('an upload cut off half-way leaves the list as it was', async () => {
    const listId = await newList(supervisor, 'ImportCut');
    const controller = new AbortController();
    const body = (async function* () {
      yield Buffer.from(`userContactId,firstName,phone1,CAMP_ID\n${rows(0, 4000)}`);
      await new Promise((r) => setTimeout(r, 200));
      controller.abort();
      yield Buffer.from(rows(4000, 10));
    })();
    await assert.rejects(fetch(`${nailup.url}/api/v1/imports/contacts?list=ImportCut`, {
      method: 'POST', body: body as unknown as BodyInit, duplex: 'half', signal: controller.signal,
      headers: { 'content-type': 'text/csv', authorization: supervisor.authorization },
    } as RequestInit));
    let state = 'running';
    for (let i = 0; i < 100 && state === 'running'; i++) {
      const runs = (await supervisor.get('/imports')).body as Array<{ state: string; targetName: string }>;
      state = runs.find((r) => r.targetName === 'ImportCut')?.state ?? 'running';
      if (state === 'running') await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(state, 'failed');
    assert.equal((await nailup.store.contacts.counts(listId)).total, 0);
  });
});

describe('DNC import', () => {
  it('adds the addresses and reports bad and repeated rows', async () => {
    const created = await new Client(`${nailup.url}/pom/v1`).post('/dnclists', { DNCListName: 'ImportDnc' });
    const reply = await supervisor.csv('/imports/dnc?list=ImportDnc', 'address\n+12125550401\n(212) 555-0402\nnope\n\n212-555-0401\n');
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
    assert.equal(reply.body.added, 2);
    const rejects = (await supervisor.get(`/imports/${reply.body.run.id}/rejects`)).body;
    assert.deepEqual(rejects.map((r: { rowNumber: number; reason: string }) => [r.rowNumber, r.reason]), [[4, 'bad_number'], [6, 'duplicate']]);
    assert.equal(await nailup.store.dnc.countAddresses(created.body.DNCListId), 2);
    assert.equal((await supervisor.csv('/imports/dnc?list=Nope', '+12125550401\n')).status, 404);
  });
});

describe('nailup import', () => {
  it('imports from the command line with a progress report, all or nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nailup-cli-import-'));
    try {
      const database = join(dir, 'cli.db');
      const { openStore } = await import('../../src/store/open-store.ts');
      const store = await openStore(database);
      await store.contactLists.create({ name: 'Cli', organizationName: 'Demo', zoneName: 'Default', lastUpdatedOn: 0 });
      await store.close();
      const good = join(dir, 'good.csv');
      await writeFile(good, `userContactId,firstName,phone1,CAMP_ID\n${rows(0, 3000)}X1,Bad,12,C1\n`);
      const report = join(dir, 'rejects.csv');
      const ok = await run(process.execPath, ['--import', 'tsx', 'src/main.ts', 'import', 'contacts', good, '--list', 'Cli', '--database', database, '--report', report], { cwd: process.cwd() });
      assert.match(ok.stdout, /3,001 rows read, 3,000 accepted, 1 rejected, 3,000 added to Cli/);
      assert.match(ok.stderr, /rows\/s/);
      assert.match(await readFile(report, 'utf8'), /3002,bad_number,phone1/);

      const broken = join(dir, 'broken.csv');
      await writeFile(broken, `userContactId,firstName,phone1,CAMP_ID\n${rows(5000, 3000)}"unclosed,x,+12125550000,C1\n`);
      const failed = await run(process.execPath, ['--import', 'tsx', 'src/main.ts', 'import', 'contacts', broken, '--list', 'Cli', '--database', database], { cwd: process.cwd() })
        .then(() => undefined, (error: { code: number; stderr: string }) => error);
      assert.ok(failed, 'a broken file makes the command fail');
      assert.equal(failed.code, 1);
      assert.match(failed.stderr, /the list is unchanged/);
      const check = await openStore(database);
      const list = (await check.contactLists.findByName('Cli'))!;
      assert.equal((await check.contacts.counts(list.id)).total, 3000);
      await check.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
