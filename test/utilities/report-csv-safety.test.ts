/**
 * Formula-safe CSV: contact data comes from uploaded files, so a name such as `=cmd|' /C calc'!A0`
 * must reach a supervisor's spreadsheet as text. Every report's CSV is checked, field by field.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openStore } from '../../src/store/open-store.ts';
import { seedDemo } from '../../src/demo/demo-data.ts';
import { REPORTS } from '../../src/reports/reports.ts';
import { reportCsv } from '../../src/reports/report-csv.ts';
import { csvField, readCsv } from '../../src/imports/csv.ts';
import { loginAs, startTestNailup } from '../support/nailup.ts';

const T0 = Date.UTC(2026, 10, 2, 15, 0, 0);
const MINUTE = 60_000;
const FORMULAS = ['=cmd|\' /C calc\'!A0', '@HYPERLINK("http://example.com","x")', '+SUM(1,2)', '-2+3', '\tTAB', '\r=CR'];

test('a field a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers', () => {
  assert.equal(csvField('=1+1'), "'=1+1");
  assert.equal(csvField('@SUM(A1)'), "'@SUM(A1)");
  assert.equal(csvField('+1+1'), "'+1+1");
  assert.equal(csvField('-1+1'), "'-1+1");
  assert.equal(csvField('\tx'), "'\tx");
  assert.equal(csvField('\rx'), "\"'\rx\"");
  assert.equal(csvField('=HYPERLINK("a")'), "\"'=HYPERLINK(\"\"a\"\")\"");
  assert.equal(csvField('+12125550100'), '+12125550100', 'a phone number is a number, not a formula');
  assert.equal(csvField('-12.5'), '-12.5');
  assert.equal(csvField(-3), '-3');
  assert.equal(csvField('Smith, Jr.'), '"Smith, Jr."');
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField(''), '');
  assert.equal(csvField('a=b+c-d@e'), 'a=b+c-d@e', 'only the first character counts');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('=a,b'), "\"'=a,b\"", 'the apostrophe goes inside the quotes');
  assert.equal(csvField('-a\nb'), "\"'-a\nb\"");
});

test('no report\'s CSV carries a formula, whatever the contacts and agents are named', async () => {
  const store = await openStore(':memory:');
  try {
    await seedDemo(store, { now: T0, contactsPerList: 20, botAgents: 0 });
    const predictive = (await store.campaigns.findByName('DemoPredictive'))!;
    const preview = (await store.campaigns.findByName('DemoPreview'))!;
    // Contacts as a hostile upload would name them; one of them never dialed (List Accounts Not Attempted).
    const contacts = FORMULAS.map((name, i) => ({
      userContactId: `${name.slice(0, 3)}${i}`, title: name, firstName: name, lastName: FORMULAS[(i + 1) % FORMULAS.length]!,
      phones: [{ number: `+1212555${String(1000 + i)}`, countryCode: '1', timezone: 'America/New_York', state: 'NY', wireless: false }],
      emails: [], address: { line1: name, line2: '', line3: '', line4: '', line5: '', country: 'US', zipCode: '10001' },
      customFields: { Note: name }, priority: 0, state: 'ready' as const, nextAttemptAt: T0,
    }));
    await store.contacts.insertMany(predictive.contactListId, contacts);
    const stored = await Promise.all(contacts.map(async (c) => (await store.contacts.findByUserContactId(predictive.contactListId, c.userContactId))!));
    const agent = (await store.agents.findByAgentId('1011'))!;
    await store.agents.upsert({ ...agent, firstName: '=HYPERLINK("x")', lastName: '@x', name: '=HYPERLINK("x") @x', teamName: '+Team' });

    for (const [n, campaign] of [predictive, preview].entries()) {
      const job = await store.jobs.create(campaign.id, T0);
      for (const [i, contact] of stored.slice(0, -1).entries()) {
        const a = await store.attempts.insert({ jobId: job.id, campaignId: campaign.id, contactId: contact.id, number: contact.phones[0]!.number, kind: 'predictive', dialedAt: T0 + i * MINUTE, agentId: '1011' });
        const code = ['72', '73', '69'][i % 3]!;
        await store.attempts.update(a.id, { answeredAt: T0 + i * MINUTE + 5000, connectedAt: T0 + i * MINUTE + 6000, endedAt: T0 + i * MINUTE + 60_000, result: 'Answer_Human', completionCode: code, nuisance: i === 0, abandoned: i === 1 });
      }
      await store.callbacks.create({
        campaignId: campaign.id, contactId: stored[0]!.id, type: 'Agent', agentId: '1011', dueAt: T0 + 30 * MINUTE, expiresAt: T0 + 90 * MINUTE,
        number: stored[0]!.phones[0]!.number, timezone: 'America/New_York', notes: '=1+1', createdAt: T0,
      });
      for (const [minute, agentState, callState] of [[0, 'Ready', 'Idle'], [2, 'Ready', 'Talking'], [5, 'NotReady', 'Idle'], [9, 'LoggedOut', 'NoState']] as const) {
        await store.agentHistory.insert({ agentId: '1011', at: T0 + (20 * n + minute) * MINUTE, agentState, callState, nailedStatus: 'NailedUp', reasonCode: 0, campaignName: campaign.name });
      }
    }

    // A call whose agent went to Aux on it (Outbound Nuisance (Agent Aux)).
    const auxJob = await store.jobs.create(predictive.id, T0);
    const aux = await store.attempts.insert({ jobId: auxJob.id, campaignId: predictive.id, contactId: stored[0]!.id, number: stored[0]!.phones[0]!.number, kind: 'predictive', dialedAt: T0 + 50 * MINUTE, agentId: '1011' });
    await store.attempts.update(aux.id, { answeredAt: T0 + 50 * MINUTE, connectedAt: T0 + 50 * MINUTE, endedAt: T0 + 51 * MINUTE, result: 'Answer_Human', nuisance: true, nuisanceReason: 'agent_aux', notes: FORMULAS[0]! });

    // Accounts of an upload that did not make it into the list (Account Not in Listing), named as the file named them.
    const run = await store.imports.createRun({ kind: 'contacts', targetId: predictive.contactListId, targetName: '=List', fileName: '=file.csv', scrub: true, startedAt: T0, userName: 'sup' });
    await store.imports.addRejects(run.id, FORMULAS.map((name, i) => ({
      rowNumber: i + 2, reason: 'dnc' as const, field: 'phone', message: name, value: name, account: { userContactId: `${name}${i}`, name, number: name },
    })), { contactListId: predictive.contactListId, at: T0 + MINUTE });
    await store.imports.finishRun(run.id, 'completed', { rowsRead: FORMULAS.length, rowsAccepted: 0, rowsRejected: FORMULAS.length }, T0 + MINUTE, null);

    // A sales screen an agent filled in with what the customer said (Sales).
    await store.salesRecords.insert({
      agentId: '1011', at: T0 + 2 * MINUTE, screenId: '=screen', connectionHandle: 'h1', campaignName: predictive.name, contactId: stored[0]!.id,
      fields: Object.fromEntries(FORMULAS.map((f, i) => [`field${i}`, f])),
    });

    // Inbound callers abandoned in a queue, with what a trunk could send as their number.
    for (const [i, callingNumber] of FORMULAS.entries()) {
      const call = await store.inboundCalls.insert({ callId: `IN-${i}`, queue: i === 0 ? '=Queue' : 'Billing', callingNumber, arrivedAt: T0 + i * MINUTE });
      await store.inboundCalls.update(call.id, { result: 'abandoned', endedAt: T0 + i * MINUTE + 30_000 });
    }

    const seen = new Set<string>();
    for (const report of REPORTS) {
      let text = '';
      for await (const chunk of reportCsv(report, store, { from: T0 - 60 * MINUTE, to: T0 + 120 * MINUTE })) text += chunk;
      let rows = 0;
      for await (const batch of readCsv((async function* () { yield text; })())) {
        for (const record of batch) {
          rows++;
          for (const field of record.fields) {
            seen.add(field);
            const runnable = /^[=+\-@\t\r]/.test(field) && !/^[+-]?\d+(\.\d+)?$/.test(field);
            assert.ok(!runnable, `${report.id}, line ${record.line}: ${JSON.stringify(field)}`);
          }
        }
      }
      assert.ok(rows > 1, `${report.id} has rows`);
    }
    for (const neutralised of ["'=cmd|' /C calc'!A0", '\'@HYPERLINK("http://example.com","x")', "'=1+1", '\'=HYPERLINK("x") @x', "'+Team", "'=Queue"]) {
      assert.ok(seen.has(neutralised) || [...seen].some((f) => f.includes(neutralised)), `${neutralised} is written as text`);
    }
  } finally {
    await store.close();
  }
});

test('a report downloaded over the API writes a contact named as a formula as text', async () => {
  const nailup = await startTestNailup();
  try {
    const supervisor = await loginAs(nailup, 'supervisor');
    const campaign = (await nailup.store.campaigns.findByName('DemoPredictive'))!;
    await nailup.store.contacts.insertMany(campaign.contactListId, [{
      userContactId: 'FORMULA-1', title: '', firstName: '=HYPERLINK("http://x")', lastName: 'Smith',
      phones: [{ number: '+12125550199', countryCode: '1', timezone: 'America/New_York', state: 'NY', wireless: false }],
      emails: [], address: { line1: '', line2: '', line3: '', line4: '', line5: '', country: 'US', zipCode: '10001' },
      customFields: {}, priority: 0, state: 'ready', nextAttemptAt: T0,
    }]);
    const contact = (await nailup.store.contacts.findByUserContactId(campaign.contactListId, 'FORMULA-1'))!;
    const job = await nailup.store.jobs.create(campaign.id, T0);
    const a = await nailup.store.attempts.insert({ jobId: job.id, campaignId: campaign.id, contactId: contact.id, number: '+12125550199', kind: 'predictive', dialedAt: T0 });
    await nailup.store.attempts.update(a.id, { endedAt: T0 + 20_000, result: 'Call_Busy' });

    const range = `from=${new Date(T0 - MINUTE).toISOString()}&to=${new Date(T0 + MINUTE).toISOString()}`;
    const csv = await fetch(`${nailup.url}/api/v1/reports/call-attempts/csv?${range}`, { headers: { authorization: supervisor.authorization } });
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
    const lines = (await csv.text()).trimEnd().split('\n');
    const line = lines.find((l) => l.includes(',FORMULA-1,'));
    assert.ok(line, lines.join('\n'));
    assert.ok(line.includes(',"\'=HYPERLINK(""http://x"") Smith",+12125550199,'), line);
    assert.ok(!/,"?=/.test(line), line);
  } finally {
    await nailup.close();
  }
});
