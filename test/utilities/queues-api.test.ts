/**
 * The administration API's inbound side: queues created, read, changed and deleted; teams' blending
 * rules; agents' skill levels. Bad values are refused naming their field and change nothing; a queue a
 * team blends into stays; supervisors read and administrators write; every change is audited and
 * reaches the dialer (queuesChanged, teamsChanged).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Nailup } from '../../src/app.ts';
import { Client, loginAs, startTestNailup, type Json } from '../support/nailup.ts';

let nailup: Nailup;
let admin: Client;
let supervisor: Client;
/** What the dialer was told, in order: `queues` for queuesChanged, `teams` for teamsChanged. */
const told: string[] = [];

before(async () => {
  nailup = await startTestNailup();
  admin = await loginAs(nailup, 'admin');
  supervisor = await loginAs(nailup, 'supervisor');
  const dialer = nailup.dialer;
  const queuesChanged = dialer.queuesChanged.bind(dialer);
  const teamsChanged = dialer.teamsChanged.bind(dialer);
  dialer.queuesChanged = () => { told.push('queues'); return queuesChanged(); };
  dialer.teamsChanged = () => { told.push('teams'); return teamsChanged(); };
});
after(async () => {
  await nailup?.close();
});

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

/** Takes what the dialer was told since the last call. */
const toldSince = (): string[] => told.splice(0);

const BILLING = {
  name: 'Billing', organization: 'Demo', skill: 'BillingIn', routing: 'longestIdle', serviceLevelSeconds: 20, announcementSeconds: 30,
  overflowQueue: null, overflowAfterSeconds: 60, wrapupSeconds: 60, completionCodes: ['69', '70', '71'], defaultCompletionCode: '69', blendingTeams: [],
};

describe('queues', () => {
  it('are created with defaults, read, listed, changed and deleted; each change audited and told to the dialer', async () => {
    toldSince();
    const created = ok(await admin.post('/queues', { name: 'Billing', skill: 'BillingIn', completionCodes: ['69', '70', '71'] }), 201);
    assert.deepEqual(created, BILLING);
    assert.deepEqual(toldSince(), ['queues']);
    assert.deepEqual(ok(await admin.get('/queues/Billing')), BILLING);
    assert.deepEqual(ok(await supervisor.get('/queues')).find((q: Json) => q.name === 'Billing'), BILLING, 'supervisors read');

    const overflow = ok(await admin.post('/queues', {
      name: 'Billing Overflow', skill: 'BillingIn', routing: 'mostSkilled', serviceLevelSeconds: 45, announcementSeconds: 0,
      wrapupSeconds: 0, completionCodes: ['70', '69'], organization: 'Demo',
    }), 201);
    assert.deepEqual(overflow, {
      ...BILLING, name: 'Billing Overflow', routing: 'mostSkilled', serviceLevelSeconds: 45, announcementSeconds: 0, wrapupSeconds: 0,
      completionCodes: ['70', '69'], defaultCompletionCode: '70',
    }, 'its default code is its first');

    const changed = ok(await admin.request('PUT', '/queues/Billing', { routing: 'mostSkilled', overflowQueue: 'Billing Overflow', overflowAfterSeconds: 90, defaultCompletionCode: '71' }));
    const expected = { ...BILLING, routing: 'mostSkilled', overflowQueue: 'Billing Overflow', overflowAfterSeconds: 90, defaultCompletionCode: '71' };
    assert.deepEqual(changed, expected, 'fields left out keep their values');
    assert.deepEqual(ok(await admin.get('/queues/Billing')), expected);
    assert.deepEqual(toldSince(), ['queues', 'queues']);

    // An overflow queue another queue overflows into stays.
    const inUse = await admin.request('DELETE', '/queues/Billing%20Overflow');
    assert.equal(inUse.status, 409, JSON.stringify(inUse.body));
    assert.match(inUse.body.error.message, /overflow queue of queue Billing/);
    ok(await admin.request('PUT', '/queues/Billing', { overflowQueue: null }));
    assert.equal((await admin.request('DELETE', '/queues/Billing%20Overflow')).status, 204);
    assert.equal((await admin.get('/queues/Billing%20Overflow')).status, 404);
    assert.equal((await admin.request('PUT', '/queues/Nope', { wrapupSeconds: 5 })).status, 404);
    assert.deepEqual(toldSince(), ['queues', 'queues']);

    const audit = (ok(await admin.get('/audit?limit=30')) as Json[])
      .filter((e) => e.action.endsWith('Queue')).map((e) => [e.action, e.target, e.outcome, e.details.fields]);
    assert.deepEqual(audit.slice(0, 6), [
      ['UpdateQueue', 'Nope', 'failed', undefined],
      ['DeleteQueue', 'Billing Overflow', 'ok', undefined],
      ['UpdateQueue', 'Billing', 'ok', ['overflowQueue']],
      ['DeleteQueue', 'Billing Overflow', 'failed', undefined],
      ['UpdateQueue', 'Billing', 'ok', ['routing', 'overflowQueue', 'overflowAfterSeconds', 'defaultCompletionCode']],
      ['CreateQueue', 'Billing Overflow', 'ok', ['name', 'skill', 'routing', 'serviceLevelSeconds', 'announcementSeconds', 'wrapupSeconds', 'completionCodes', 'organization']],
    ]);
  });

  it('a new queue without codes offers every code defined, the first the default', async () => {
    const codes = (ok(await admin.get('/completion-codes')) as Json[]).map((c) => c.codeId);
    const queue = ok(await admin.post('/queues', { name: 'Everything', skill: 'AllIn' }), 201);
    assert.deepEqual([queue.completionCodes, queue.defaultCompletionCode], [codes, codes[0]]);
    assert.equal((await admin.request('DELETE', '/queues/Everything')).status, 204);
  });

  it('a completion code a queue offers cannot be deleted', async () => {
    ok(await admin.post('/completion-codes', { codeId: 'INB', codeValue: 'Inbound only', nextState: 'done' }), 201);
    ok(await admin.request('PUT', '/queues/Billing', { completionCodes: ['69', 'INB'], defaultCompletionCode: 'INB' }));
    const reply = await admin.request('DELETE', '/completion-codes/INB');
    assert.equal(reply.status, 409);
    assert.match(reply.body.error.message, /offered by queue Billing/);
    ok(await admin.request('PUT', '/queues/Billing', { completionCodes: ['69', '70', '71'], defaultCompletionCode: '69' }));
    assert.equal((await admin.request('DELETE', '/completion-codes/INB')).status, 204);
  });

  it('supervisors cannot change them', async () => {
    for (const [method, path, body] of [
      ['POST', '/queues', { name: 'Sneaky', skill: 'X' }], ['PUT', '/queues/Billing', { wrapupSeconds: 1 }], ['DELETE', '/queues/Billing', undefined],
    ] as const) {
      assert.equal((await supervisor.request(method, path, body)).status, 403, `${method} ${path}`);
    }
    assert.equal(ok(await admin.get('/queues/Billing')).wrapupSeconds, 60);
  });

  describe('bad values are refused naming the field, and change nothing', () => {
    const good = { name: 'Tech', skill: 'TechIn', completionCodes: ['69', '70'] };
    const cases: Array<[string, Json, string]> = [
      ['an empty name', { ...good, name: '  ' }, 'name'],
      ['no name', { ...good, name: undefined }, 'name'],
      ['a name with a slash', { ...good, name: 'A/B' }, 'name'],
      ['no skill', { ...good, skill: undefined }, 'skill'],
      ['an empty skill', { ...good, skill: '' }, 'skill'],
      ['an unknown routing', { ...good, routing: 'random' }, 'routing'],
      ['a service level of 0 s', { ...good, serviceLevelSeconds: 0 }, 'serviceLevelSeconds'],
      ['a service level over an hour', { ...good, serviceLevelSeconds: 3601 }, 'serviceLevelSeconds'],
      ['a service level that is not a whole number', { ...good, serviceLevelSeconds: 2.5 }, 'serviceLevelSeconds'],
      ['negative announcements', { ...good, announcementSeconds: -1 }, 'announcementSeconds'],
      ['announcements over an hour', { ...good, announcementSeconds: 3601 }, 'announcementSeconds'],
      ['an overflow into itself', { ...good, overflowQueue: 'Tech' }, 'overflowQueue'],
      ['an overflow into no queue', { ...good, overflowQueue: 'Nowhere' }, 'overflowQueue'],
      ['an overflow after 0 s', { ...good, overflowQueue: 'Billing', overflowAfterSeconds: 0 }, 'overflowAfterSeconds'],
      ['a wrap-up over an hour', { ...good, wrapupSeconds: 3601 }, 'wrapupSeconds'],
      ['a wrap-up as text', { ...good, wrapupSeconds: '30' }, 'wrapupSeconds'],
      ['no completion codes', { ...good, completionCodes: [] }, 'completionCodes'],
      ['an unknown completion code', { ...good, completionCodes: ['69', 'NOPE'] }, 'completionCodes[1]'],
      ['a default code the queue does not offer', { ...good, defaultCompletionCode: '71' }, 'defaultCompletionCode'],
      ['a misspelt field', { ...good, skil: 'TechIn' }, 'skil'],
    ];
    for (const [what, body, field] of cases) {
      it(`POST: ${what} → 400 naming ${field}`, async () => {
        const before = ok(await admin.get('/queues'));
        refused(await admin.post('/queues', body), field);
        assert.deepEqual(ok(await admin.get('/queues')), before, 'nothing changed');
      });
    }

    it('a name taken is a conflict naming the field', async () => {
      const before = ok(await admin.get('/queues'));
      const taken = await admin.post('/queues', { ...good, name: 'Billing' });
      assert.equal(taken.status, 409);
      assert.equal(taken.body.error.field, 'name');
      assert.deepEqual(ok(await admin.get('/queues')), before);
    });

    it('a PUT with a bad value, or a new name, leaves the queue as it was', async () => {
      const before = ok(await admin.get('/queues/Billing'));
      refused(await admin.request('PUT', '/queues/Billing', { wrapupSeconds: 30, serviceLevelSeconds: 0 }), 'serviceLevelSeconds');
      refused(await admin.request('PUT', '/queues/Billing', { overflowQueue: 'Billing' }), 'overflowQueue', /itself/);
      refused(await admin.request('PUT', '/queues/Billing', { completionCodes: ['70'] }), 'defaultCompletionCode');
      refused(await admin.request('PUT', '/queues/Billing', { name: 'Renamed' }), 'name');
      assert.deepEqual(ok(await admin.get('/queues/Billing')), before);
    });
  });
});

describe('team blending', () => {
  const RULE = {
    queue: 'Billing', callsWaitingAbove: 3, oldestWaitAboveSeconds: null, serviceLevelBelowPercent: null,
    releaseAfterEmptySeconds: 30, minOutbound: 0, maxOutbound: null,
  };

  it('a team is created with a rule, or none; a rule is set, changed in part and taken away, and told to the dialer', async () => {
    toldSince();
    const plain = ok(await admin.post('/teams', { teamName: 'Inbound Plain' }), 201);
    assert.equal(plain.blending, null);
    const blended = ok(await admin.post('/teams', { teamName: 'Inbound Blend', blending: { queue: 'Billing', callsWaitingAbove: 3 } }), 201);
    assert.deepEqual(blended, { teamName: 'Inbound Blend', organization: 'Demo', skills: [], blending: RULE, agents: 0 }, 'the rule\'s defaults');
    assert.deepEqual(toldSince(), ['teams', 'teams']);

    const preview = ok(await admin.get('/teams/Preview'));
    const set = ok(await admin.request('PUT', '/teams/Preview', {
      blending: { queue: 'Billing', callsWaitingAbove: null, oldestWaitAboveSeconds: 45, serviceLevelBelowPercent: 80.5, releaseAfterEmptySeconds: 120, minOutbound: 2, maxOutbound: 8 },
    }));
    const full = { queue: 'Billing', callsWaitingAbove: null, oldestWaitAboveSeconds: 45, serviceLevelBelowPercent: 80.5, releaseAfterEmptySeconds: 120, minOutbound: 2, maxOutbound: 8 };
    assert.deepEqual(set.blending, full);
    assert.deepEqual({ ...set, blending: null }, preview, 'the team\'s other fields stay');
    const part = ok(await admin.request('PUT', '/teams/Preview', { blending: { maxOutbound: null, callsWaitingAbove: 10 } }));
    assert.deepEqual(part.blending, { ...full, maxOutbound: null, callsWaitingAbove: 10 }, 'fields of the rule left out keep their values');
    assert.deepEqual(ok(await admin.get('/teams/Preview')).blending, part.blending);
    assert.deepEqual(ok(await admin.get('/queues/Billing')).blendingTeams, ['Preview', 'Inbound Blend']);
    assert.deepEqual(toldSince(), ['teams', 'teams']);

    const audit = (ok(await admin.get('/audit?limit=5')) as Json[])[0];
    assert.deepEqual([audit.action, audit.target, audit.details.blending], ['UpdateTeam', 'Preview', { maxOutbound: null, callsWaitingAbove: 10 }]);

    ok(await admin.request('PUT', '/teams/Inbound Blend', { blending: null }));
    assert.equal(ok(await admin.get('/teams/Inbound Blend')).blending, null);
  });

  it('a queue a team blends into cannot be deleted: the 409 names the team', async () => {
    const reply = await admin.request('DELETE', '/queues/Billing');
    assert.equal(reply.status, 409, JSON.stringify(reply.body));
    assert.equal(reply.body.error.code, 'CONFLICT');
    assert.match(reply.body.error.message, /blending queue of team Preview/);
    assert.equal(ok(await admin.get('/queues/Billing')).name, 'Billing');
  });

  const cases: Array<[string, Json, string, RegExp?]> = [
    ['no queue', { callsWaitingAbove: 3 }, 'blending.queue'],
    ['a queue that does not exist', { queue: 'Nowhere', callsWaitingAbove: 3 }, 'blending.queue', /no queue named Nowhere/],
    ['no trigger', { queue: 'Billing', callsWaitingAbove: null, oldestWaitAboveSeconds: null, serviceLevelBelowPercent: null }, 'blending', /at least one trigger/],
    ['a negative calls-waiting threshold', { queue: 'Billing', callsWaitingAbove: -1 }, 'blending.callsWaitingAbove'],
    ['a negative oldest-wait threshold', { queue: 'Billing', oldestWaitAboveSeconds: -5 }, 'blending.oldestWaitAboveSeconds'],
    ['a service level over 100 %', { queue: 'Billing', serviceLevelBelowPercent: 101 }, 'blending.serviceLevelBelowPercent'],
    ['a release after more than an hour', { queue: 'Billing', callsWaitingAbove: 1, releaseAfterEmptySeconds: 3601 }, 'blending.releaseAfterEmptySeconds'],
    ['a negative minimum outbound', { queue: 'Billing', callsWaitingAbove: 1, minOutbound: -1 }, 'blending.minOutbound'],
    ['a maximum outbound under the minimum', { queue: 'Billing', callsWaitingAbove: 1, minOutbound: 3, maxOutbound: 2 }, 'blending.maxOutbound', /at least minOutbound \(3\)/],
    ['a misspelt field', { queue: 'Billing', callsWaitingAbove: 1, minOutbund: 1 }, 'blending.minOutbund'],
    ['a rule that is not an object', 'Billing', 'blending'],
  ];
  for (const [what, blending, field, message] of cases) {
    it(`a rule with ${what} → 400 naming ${field}, the team unchanged`, async () => {
      const before = ok(await admin.get('/teams/Inbound Plain'));
      refused(await admin.request('PUT', '/teams/Inbound Plain', { blending, skills: ['Changed'] }), field, message);
      assert.deepEqual(ok(await admin.get('/teams/Inbound Plain')), before);
      const teams = ok(await admin.get('/teams'));
      refused(await admin.post('/teams', { teamName: 'Refused', blending }), field);
      assert.deepEqual(ok(await admin.get('/teams')), teams);
    });
  }

  it('a rule changed in part must still hold: taking away its last trigger is refused', async () => {
    const before = ok(await admin.get('/teams/Preview'));
    refused(await admin.request('PUT', '/teams/Preview', { blending: { callsWaitingAbove: null, oldestWaitAboveSeconds: null, serviceLevelBelowPercent: null } }), 'blending');
    refused(await admin.request('PUT', '/teams/Preview', { blending: { maxOutbound: 1 } }), 'blending.maxOutbound', /at least minOutbound \(2\)/);
    assert.deepEqual(ok(await admin.get('/teams/Preview')), before);
  });

  it('with the rule taken away, the queue can be deleted', async () => {
    ok(await admin.request('PUT', '/teams/Preview', { blending: null }));
    ok(await admin.post('/queues', { name: 'Short Lived', skill: 'BillingIn', completionCodes: ['69'] }), 201);
    ok(await admin.request('PUT', '/teams/Preview', { blending: { queue: 'Short Lived', oldestWaitAboveSeconds: 20 } }));
    assert.equal((await admin.request('DELETE', '/queues/Short Lived')).status, 409);
    ok(await admin.request('PUT', '/teams/Preview', { blending: null }));
    assert.equal((await admin.request('DELETE', '/queues/Short Lived')).status, 204);
  });
});

describe('agent skill levels', () => {
  const agent = { agentId: '3501', lanId: 'levels', extension: '46501', password: 'secret', firstName: 'Lev', teamName: 'Preview' };

  it('are set per skill of the agent\'s, read back, and lose the skills the agent no longer has', async () => {
    const created = ok(await admin.post('/agents', { ...agent, skills: ['BillingIn', 'PreviewOut'], skillLevels: { BillingIn: 2, PreviewOut: 16 } }), 201);
    assert.deepEqual(created.skillLevels, { BillingIn: 2, PreviewOut: 16 });
    assert.deepEqual(ok(await admin.get('/agents/3501')).skillLevels, { BillingIn: 2, PreviewOut: 16 });
    const changed = ok(await admin.request('PUT', '/agents/3501', { skillLevels: { BillingIn: 1 } }));
    assert.deepEqual(changed.skillLevels, { BillingIn: 1 }, 'the levels given replace the levels');
    const fewer = ok(await admin.request('PUT', '/agents/3501', { skills: ['PreviewOut'] }));
    assert.deepEqual([fewer.skills, fewer.skillLevels], [['PreviewOut'], {}]);
    // An agent given no skills has the team's: levels may name them.
    ok(await admin.post('/teams', { teamName: 'Levels', skills: ['BillingIn'] }), 201);
    const teamSkills = ok(await admin.post('/agents', { ...agent, agentId: '3502', lanId: 'levels2', extension: '46502', teamName: 'Levels', skillLevels: { BillingIn: 5 } }), 201);
    assert.deepEqual([teamSkills.skills, teamSkills.skillLevels], [['BillingIn'], { BillingIn: 5 }]);
    // An agent created without levels has none (level 1 in every skill).
    assert.deepEqual(ok(await admin.get('/agents/1001')).skillLevels, {});
  });

  const cases: Array<[string, Json, string]> = [
    ['a level above 16', { BillingIn: 17 }, 'skillLevels.BillingIn'],
    ['a level of 0', { BillingIn: 0 }, 'skillLevels.BillingIn'],
    ['a level that is not a whole number', { BillingIn: 1.5 }, 'skillLevels.BillingIn'],
    ['a skill the agent does not have', { PredictiveOut: 3 }, 'skillLevels.PredictiveOut'],
    ['levels that are not an object', [1, 2], 'skillLevels'],
  ];
  for (const [what, skillLevels, field] of cases) {
    it(`${what} → 400 naming ${field}, the agent unchanged`, async () => {
      const before = ok(await admin.get('/agents/3501'));
      refused(await admin.request('PUT', '/agents/3501', { skills: ['BillingIn', 'PreviewOut'], skillLevels, firstName: 'Changed' }), field);
      assert.deepEqual(ok(await admin.get('/agents/3501')), before);
      const agents = ok(await admin.get('/agents'));
      refused(await admin.post('/agents', { ...agent, agentId: '3599', lanId: 'refused', skills: ['BillingIn'], skillLevels }), field);
      assert.deepEqual(ok(await admin.get('/agents')), agents);
    });
  }
});

describe('floor status', () => {
  it('shows the inbound queues\' figures beside the jobs, and each agent\'s mode', async () => {
    const figures = {
      queue: 'Billing', waiting: 2, oldestWaitSeconds: 14, agentsStaffed: 3, agentsAvailable: 0, offered: 40, answered: 35, abandoned: 3,
      overflowed: 1, answeredWithinThreshold: 30, serviceLevelPercent: 81.1, averageSpeedOfAnswerSeconds: 9.5, serviceLevelSeconds: 20,
    };
    const dialer = nailup.dialer;
    const inboundFigures = dialer.inboundFigures.bind(dialer);
    dialer.inboundFigures = () => [figures];
    try {
      const login = await fetch(`${nailup.url}/tmac/v1/login`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lanId: 'agent1002', password: 'demo', extension: '44002' }),
      });
      assert.equal(login.status, 200, await login.clone().text());
      const status = ok(await supervisor.get('/status'));
      assert.deepEqual(status.queues, [figures]);
      assert.ok(Array.isArray(status.jobs) && status.jobs.length > 0, 'the jobs are still there');
      const agent = status.agents.find((a: Json) => a.agentId === '1002');
      assert.deepEqual(Object.keys(agent), ['agentId', 'agentState', 'callState', 'nailedStatus', 'campaign', 'reasonCode', 'reasonName', 'mode']);
      assert.equal(agent.mode, 'outbound');
    } finally {
      dialer.inboundFigures = inboundFigures;
    }
  });
});
