/**
 * The administration API: a floor set up through it alone — team, agent, completion codes, a predictive
 * campaign, a list import — works a call over A3/A4 end to end; bad values are refused naming their
 * field and change nothing; supervisors read and administrators write; every change is audited.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { VirtualClock } from '../../src/clock/virtual-clock.ts';
import type { Nailup } from '../../src/app.ts';
import { everyDay } from '../../src/dialer/compliance/calling-window.ts';
import { Client, loginAs, startTestNailup, type Json } from '../support/nailup.ts';
import { EventCollector, named, sendCommand, type EventPredicate } from '../support/cti-client.ts';
import { rowPhone } from '../support/import-files.ts';

const START = Date.UTC(2026, 2, 2, 15, 0, 0); // a Monday, 10:00 in New York
const clock = new VirtualClock(START);
let nailup: Nailup;
let admin: Client;
let supervisor: Client;

before(async () => {
  // Every dial reaches a person: the new agent gets a call within seconds.
  nailup = await startTestNailup({ 'network.outcomes': { live: 1, machine: 0, busy: 0, invalid: 0, refused: 0 } }, { clock });
  admin = await loginAs(nailup, 'admin');
  supervisor = await loginAs(nailup, 'supervisor');
});
after(async () => {
  await nailup?.close();
});

/** Runs simulated time in 1 s steps until `socket` has a matching event; returns it. */
async function advanceUntil(socket: EventCollector, predicate: EventPredicate, maxMs = 300_000): Promise<Json> {
  for (let elapsed = 0; !socket.has(predicate); elapsed += 1000) {
    if (elapsed >= maxMs) throw new Error(`no matching event within ${maxMs / 1000} s of simulated time`);
    await clock.advance(1000);
    await nailup.dialer.whenIdle();
    await socket.flush();
  }
  return socket.next(predicate);
}

const ok = (reply: { status: number; body: unknown }, status = 200): Json => {
  assert.equal(reply.status, status, JSON.stringify(reply.body));
  return reply.body;
};

/** 400 VALIDATION_FAILED naming `field`. */
function refused(reply: { status: number; body: Json }, field: string, message?: RegExp): void {
  assert.equal(reply.status, 400, JSON.stringify(reply.body));
  assert.equal(reply.body.error.code, 'VALIDATION_FAILED');
  assert.equal(reply.body.error.field, field, JSON.stringify(reply.body));
  if (message) assert.match(reply.body.error.message, message);
}

describe('a floor set up through the administration API', () => {
  it('team, agent, codes, campaign and list: the new agent works a predictive call and disposes of it with a new code, which the Call Attempt report shows', async () => {
    const team = ok(await admin.post('/teams', { teamName: 'Collections', skills: ['CollectOut'] }), 201);
    assert.deepEqual(team, { teamName: 'Collections', organization: 'Demo', skills: ['CollectOut'], blending: null, agents: 0 });

    const agent = ok(await admin.post('/agents', {
      agentId: '3001', lanId: 'jdoe', extension: '46001', password: 's3cret', firstName: 'Jane', lastName: 'Doe', teamName: 'Collections',
    }), 201);
    assert.deepEqual(agent, {
      agentId: '3001', lanId: 'jdoe', extension: '46001', firstName: 'Jane', lastName: 'Doe', teamName: 'Collections',
      skills: ['CollectOut'], skillLevels: {}, locationPreference: 'primary', enabled: true, loggedIn: false,
    }, 'no password in the reply; the team\'s skills');

    const promise = ok(await admin.post('/completion-codes', { codeValue: 'Promise to pay', nextState: 'done', sale: true, rightPartyContact: true }), 201);
    assert.deepEqual(promise, { codeId: '77', codeValue: 'Promise to pay', nextState: 'done', retryMinutes: null, sale: true, rightPartyContact: true, campaigns: [] });
    ok(await admin.post('/completion-codes', { codeId: 'LATER', codeValue: 'Pay later', nextState: 'retry', retryMinutes: 240, rightPartyContact: true }), 201);

    ok(await admin.post('/contact-lists', { contactListName: 'CollectionsList' }), 201);
    const csv = ['userContactId,firstName,lastName,phone1', ...Array.from({ length: 20 }, (_, i) => `C${i},Pat,Debtor${i},${rowPhone(i, 300)}`)].join('\n');
    ok(await admin.csv('/imports/contacts?list=CollectionsList', csv), 201);

    const campaign = ok(await admin.post('/campaigns', {
      campaignName: 'Collections', type: 'Predictive', contactList: 'CollectionsList', teamName: 'Collections', skill: 'CollectOut',
      completionCodes: ['77', 'LATER'], callingWindow: { hours: everyDay('08:00', '21:00') }, dncLists: ['Demo'],
      pacing: { targetAbandonRate: 0.02 }, callerId: '+15555550123',
    }), 201);
    assert.equal(campaign.defaultCompletionCode, '77', 'the first code is the default');
    assert.deepEqual(campaign.pacing, { method: 'target', targetAbandonRate: 0.02, abandonCap: 0.03, ratio: 1.5, maxLinesPerAgent: 4, connectWithinSeconds: 2 });
    assert.deepEqual(campaign.warnings, []);
    assert.equal(campaign.job, null);
    assert.deepEqual(ok(await admin.get('/completion-codes')).find((c: Json) => c.codeId === '77').campaigns, ['Collections']);

    assert.equal(ok(await admin.post('/campaigns/Collections/job/start')).isSuccess, true);

    // The new agent logs on over A3 and gets a call on A4.
    const events = await EventCollector.open(nailup.url, { extension: '46001' });
    try {
      assert.equal(await sendCommand(nailup.url, 'AgentLogin', { extension: '46001', agentID: '3001', agentPassword: 's3cret', invokeID: 1 }), 0);
      const login = await events.next(named('SetAgentStateDone'));
      assert.equal(login.eventData.ErrorCode, '0', JSON.stringify(login));
      assert.equal(await sendCommand(nailup.url, 'SetAgentStateToAutoIn', { sessionID: 'S', agentID: '3001', agentState: 0, invokeID: 2, queue: '' }), 0);
      const offered = await advanceUntil(events, named('OnOutboundCallInitiated'));
      const json = JSON.parse(offered.eventData.JSONData) as Json;
      assert.equal(json.CampaignName, 'Collections');
      const handle = offered.eventData.ConnectionHandle as string;
      await advanceUntil(events, (e) => e.eventName === 'OnAgentStateChanged' && e.eventData.CallState === 'Talking');

      // The agent ends the call and disposes of it with the new code.
      assert.equal(await sendCommand(nailup.url, 'DisconnectCall', { sessionID: 'S', connectionHandle: handle, invokeID: 3 }), 0);
      await advanceUntil(events, named('OnCallWrapUpDataEvent'));
      const wrap = { commandName: 'WrapUpCallContact', jsonData: JSON.stringify({ connectionHandle: handle, pCode: '77', pValue: 'Promise to pay' }), invokeID: 4 };
      assert.equal(await sendCommand(nailup.url, 'SendGenericCTICommand', wrap), 0);
      const wrapped = await advanceUntil(events, named('OnCallWrapUpDone'));
      assert.equal(wrapped.eventData.ResponseStatus, '0');
    } finally {
      await events.close();
    }

    const report = ok(await supervisor.get(`/reports/call-attempts?from=${new Date(START).toISOString()}&to=${new Date(clock.now() + 1000).toISOString()}&campaign=Collections`));
    const disposed = report.rows.filter((r: Json) => r.agentId === '3001');
    assert.equal(disposed.length, 1, JSON.stringify(report.rows));
    assert.equal(disposed[0].completionCode, 'Promise to pay');
  });

  it('an edit reaches the running job at once, but for its type, which waits for the next job', async () => {
    const edited = ok(await admin.request('PUT', '/campaigns/Collections', { wrapupSeconds: 90, type: 'Progressive' }));
    const runner = nailup.dialer.runningJobs().find((j) => j.campaign.name === 'Collections')!;
    assert.deepEqual(edited.edit, { runningJobId: runner.job.id, waitsForNextJob: ['type'] });
    assert.equal(edited.type, 'Progressive', 'stored for the next job');
    assert.equal(runner.campaign.wrapupSeconds, 90, 'the job took the new wrap-up limit');
    assert.equal(runner.campaign.type, 'Predictive', 'the job keeps its type');
    // A code redefined reaches the job too.
    ok(await admin.request('PUT', '/completion-codes/LATER', { retryMinutes: 120 }));
    assert.equal(runner.campaign.completionCodes.find((c) => c.codeID === 'LATER')?.retryMinutes, 120);
  });

  it('a logged-in agent, a team in use, a code offered and a campaign with jobs cannot be deleted', async () => {
    const agentBusy = await admin.request('DELETE', '/agents/3001');
    assert.equal(agentBusy.status, 409, JSON.stringify(agentBusy.body));
    assert.match(agentBusy.body.error.message, /agent 3001 is logged in/);
    assert.equal((await admin.request('DELETE', '/teams/Collections')).status, 409);
    assert.match((await admin.request('DELETE', '/completion-codes/77')).body.error.message, /offered by Collections/);
    assert.match((await admin.request('DELETE', '/campaigns/Collections')).body.error.message, /stop it first/);
    assert.equal(ok(await admin.get('/agents/3001')).loggedIn, true);
  });
});

describe('bad values are refused naming the field, and change nothing', () => {
  const agent = { agentId: '3101', lanId: 'asmith', extension: '46101', password: 'secret', firstName: 'Al', lastName: 'Smith', teamName: 'Collections' };
  const cases: Array<[string, string, Json, string]> = [
    ['/agents', 'an extension with letters', { ...agent, extension: '46a01' }, 'extension'],
    ['/agents', 'no password', { ...agent, password: undefined }, 'password'],
    ['/agents', 'an unknown team', { ...agent, teamName: 'Nobody' }, 'teamName'],
    ['/agents', 'a misspelt field', { ...agent, extention: '1' }, 'extention'],
    ['/agents', 'a location that is not primary or auxiliary', { ...agent, locationPreference: 'backup' }, 'locationPreference'],
    ['/teams', 'a name with a slash', { teamName: 'A/B' }, 'teamName'],
    ['/completion-codes', 'an unknown next state', { codeValue: 'X', nextState: 'later' }, 'nextState'],
    ['/completion-codes', 'retry minutes on a final code', { codeValue: 'X', nextState: 'done', retryMinutes: 5 }, 'retryMinutes'],
    ['/campaigns', 'a target above the cap', { campaignName: 'Bad', type: 'Predictive', contactList: 'CollectionsList', teamName: 'Collections', pacing: { targetAbandonRate: 0.05 } }, 'pacing.targetAbandonRate'],
    ['/campaigns', 'a calling window that ends before it starts', { campaignName: 'Bad', type: 'Preview', contactList: 'CollectionsList', teamName: 'Collections', callingWindow: { hours: { mon: { start: '18:00', end: '09:00' } } } }, 'callingWindow.hours.mon.end'],
    ['/campaigns', 'an hour that is not HH:MM', { campaignName: 'Bad', type: 'Preview', contactList: 'CollectionsList', teamName: 'Collections', callingWindow: { hours: { sat: { start: '9am', end: '17:00' } } } }, 'callingWindow.hours.sat.start'],
    ['/campaigns', 'an unknown contact list', { campaignName: 'Bad', type: 'Preview', contactList: 'Nope', teamName: 'Collections' }, 'contactList'],
    ['/campaigns', 'an unknown type', { campaignName: 'Bad', type: 'Blaster', contactList: 'CollectionsList', teamName: 'Collections' }, 'type'],
    ['/campaigns', 'a default code the campaign does not offer', { campaignName: 'Bad', type: 'Preview', contactList: 'CollectionsList', teamName: 'Collections', completionCodes: ['77'], defaultCompletionCode: '69' }, 'defaultCompletionCode'],
    ['/campaigns', 'a caller ID that is not E.164', { campaignName: 'Bad', type: 'Preview', contactList: 'CollectionsList', teamName: 'Collections', callerId: '555-0100' }, 'callerId'],
    ['/campaigns', 'a ring timeout under the minimum ring time', { campaignName: 'Bad', type: 'Preview', contactList: 'CollectionsList', teamName: 'Collections', noAnswerTimeoutSeconds: 10, minimumRingSeconds: 15 }, 'noAnswerTimeoutSeconds'],
    ['/campaigns', 'a retry rule for no result', { campaignName: 'Bad', type: 'Preview', contactList: 'CollectionsList', teamName: 'Collections', retryRules: { Sometimes: 5 } }, 'retryRules.Sometimes'],
    ['/campaigns', 'a detection error rate above one half', { campaignName: 'Bad', type: 'Predictive', contactList: 'CollectionsList', teamName: 'Collections', answeringMachine: { falsePositiveRate: 0.9 } }, 'answeringMachine.falsePositiveRate'],
  ];
  for (const [path, what, body, field] of cases) {
    it(`${path}: ${what} → 400 naming ${field}`, async () => {
      const before = ok(await admin.get(path));
      refused(await admin.post(path, body), field);
      assert.deepEqual(ok(await admin.get(path)), before, 'nothing changed');
    });
  }

  it('a PUT with a bad value leaves the campaign as it was', async () => {
    const before = ok(await admin.get('/campaigns/DemoPreview'));
    refused(await admin.request('PUT', '/campaigns/DemoPreview', { wrapupSeconds: 30, maxAttemptsPerNumber: 9, maxAttempts: 3 }), 'maxAttemptsPerNumber');
    assert.deepEqual(ok(await admin.get('/campaigns/DemoPreview')), before);
  });

  it('an agentId or lanId taken is a conflict naming the field', async () => {
    const taken = await admin.post('/agents', { ...agent, lanId: 'agent1001' });
    assert.equal(taken.status, 409);
    assert.equal(taken.body.error.field, 'lanId');
    assert.equal((await admin.post('/agents', { ...agent, agentId: '1001' })).body.error.field, 'agentId');
    assert.equal((await admin.post('/agents', { ...agent, lanId: 'supervisor' })).body.error.field, 'lanId');
  });
});

describe('roles, audit and logons', () => {
  it('supervisors read; only administrators change', async () => {
    assert.ok(ok(await supervisor.get('/agents')).some((a: Json) => a.agentId === '1001'));
    assert.ok(ok(await supervisor.get('/campaigns')).some((c: Json) => c.campaignName === 'DemoPredictive'));
    for (const [method, path, body] of [
      ['POST', '/teams', { teamName: 'Night' }], ['PUT', '/agents/1001', { enabled: false }], ['DELETE', '/completion-codes/77', undefined],
      ['PUT', '/campaigns/DemoPreview', { priority: 3 }],
    ] as const) {
      const reply = await supervisor.request(method, path, body);
      assert.equal(reply.status, 403, `${method} ${path}`);
    }
    assert.equal(ok(await admin.get('/agents/1001')).enabled, true);
  });

  it('every change is in the audit log, with the fields it set and never a password', async () => {
    const created = ok(await admin.post('/agents', { agentId: '3201', lanId: 'bwong', extension: '46201', password: 'hunter22', firstName: 'Bo', teamName: 'Collections' }), 201);
    assert.equal(created.lastName, '');
    ok(await admin.request('PUT', '/agents/3201', { password: 'hunter23', lastName: 'Wong' }));
    assert.equal((await admin.request('DELETE', '/agents/3201')).status, 204);
    const entries = ok(await admin.get('/audit?limit=20')) as Json[];
    const mine = entries.filter((e) => e.target === '3201').map((e) => [e.action, e.outcome, e.details.fields]);
    assert.deepEqual(mine, [
      ['DeleteAgent', 'ok', undefined],
      ['UpdateAgent', 'ok', ['password', 'lastName']],
      ['CreateAgent', 'ok', ['agentId', 'lanId', 'extension', 'password', 'firstName', 'teamName']],
    ]);
    assert.ok(!JSON.stringify(entries).includes('hunter2'), 'no password in the audit log');
  });

  it('a disabled agent cannot log on (-17); enabled again, it can', async () => {
    ok(await admin.post('/agents', { agentId: '3301', lanId: 'cdisabled', extension: '46301', password: 'pass1', firstName: 'Cy', teamName: 'Collections', enabled: false }), 201);
    const events = await EventCollector.open(nailup.url, { extension: '46301' });
    try {
      assert.equal(await sendCommand(nailup.url, 'AgentLogin', { extension: '46301', agentID: '3301', agentPassword: 'pass1', invokeID: 11 }), 0);
      assert.equal((await events.next(named('SetAgentStateDone'))).eventData.ErrorCode, '-17');
      ok(await admin.request('PUT', '/agents/3301', { enabled: true }));
      assert.equal(await sendCommand(nailup.url, 'AgentLogin', { extension: '46301', agentID: '3301', agentPassword: 'pass1', invokeID: 12 }), 0);
      assert.equal((await events.next(named('SetAgentStateDone'))).eventData.ErrorCode, '0');
    } finally {
      await events.close();
    }
  });

  it('a campaign whose detection errors alone use up the cap says so', async () => {
    const view = ok(await admin.request('PUT', '/campaigns/DemoPredictive', { answeringMachine: { detection: true, action: 'drop', falsePositiveRate: 0.05 } }));
    assert.equal(view.warnings.length, 1);
    assert.match(view.warnings[0], /false positives \(5%\) alone break the 3% abandon cap/);
    const status = ok(await admin.get('/status'));
    // The floor status puts first that no agent is Ready on the job (none is logged on to it here).
    const warnings = status.jobs.find((j: Json) => j.campaign === 'DemoPredictive').warnings as string[];
    assert.equal(warnings.length, 2, JSON.stringify(warnings));
    assert.match(warnings[0]!, /no agent is Ready on this job/);
    assert.match(warnings[1]!, /alone break the 3% abandon cap/);
    ok(await admin.request('PUT', '/campaigns/DemoPredictive', { answeringMachine: { detection: false, action: 'connect' } }));
    assert.deepEqual(ok(await admin.get('/campaigns/DemoPredictive')).warnings, []);
  });
});
