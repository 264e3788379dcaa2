/**
 * The administration API's checks of what would leave the floor unusable, over HTTP on the demo floor:
 * an agent left without a skill (none of its own, none from its team), an extension another agent has
 * (also in the agents' CSV import), and team, campaign and completion-code names that differ only by
 * case. Each refusal has its exact status, code and field, is audited as failed, and changes nothing.
 * The demo teams carry their agents' skills, so an agent created in one without skills logs in at once —
 * also on a demo database seeded before they had them, once nailup starts again.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Nailup } from '../../src/app.ts';
import { importAgents } from '../../src/admin/agent-import.ts';
import { Client, loginAs, startTestNailup, type Json, type Reply } from '../support/nailup.ts';

let nailup: Nailup;
let admin: Client;

before(async () => {
  nailup = await startTestNailup();
  admin = await loginAs(nailup, 'admin');
});
after(async () => {
  await nailup?.close();
});

const ok = (reply: Reply<Json>, status = 200): Json => {
  assert.equal(reply.status, status, JSON.stringify(reply.body));
  return reply.body;
};

/** The exact error: status, code and field (and the message, when given). */
function refused(reply: Reply<Json>, status: number, code: string, field: string, message?: RegExp): void {
  assert.equal(reply.status, status, JSON.stringify(reply.body));
  assert.equal(reply.body.error.code, code, JSON.stringify(reply.body));
  assert.equal(reply.body.error.field, field, JSON.stringify(reply.body));
  if (message) assert.match(reply.body.error.message, message);
}

/** The desktop login (docs/tmac-api.md). */
async function desktopLogin(url: string, lanId: string, extension: string, password: string): Promise<Reply<Json>> {
  const response = await fetch(`${url}/tmac/v1/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ lanId, extension, password }) });
  return { status: response.status, body: await response.json(), headers: response.headers };
}

/** The newest audit entry of `action` on `target`. */
async function lastAudit(action: string, target: string): Promise<Json> {
  const entries = ok(await admin.get(`/audit?action=${action}&limit=50`)) as Json[];
  return entries.find((e) => e.target === target);
}

describe('the demo teams carry their agents\' skills', () => {
  it('lists them on the teams', async () => {
    assert.deepEqual(ok(await admin.get('/teams/Preview')).skills, ['PreviewOut']);
    assert.deepEqual(ok(await admin.get('/teams/Predictive')).skills, ['PredictiveOut', 'DemoInbound']);
  });

  it('an agent created in Predictive with skills left empty gets them and logs in on the desktop at once', async () => {
    const created = ok(await admin.post('/agents', {
      agentId: '3500', lanId: 'newpred', extension: '46500', password: 'demo', firstName: 'New', teamName: 'Predictive',
    }), 201);
    assert.deepEqual(created.skills, ['PredictiveOut', 'DemoInbound']);
    const login = ok(await desktopLogin(nailup.url, 'newpred', '46500', 'demo'));
    assert.equal(typeof login.token, 'string');
    assert.deepEqual([login.agent.agentID, login.agent.lanId, login.agent.extension], ['3500', 'newpred', '46500']);
    assert.equal(ok(await admin.get('/agents/3500')).loggedIn, true);
  });

  it('so does one created in Preview with skills given as []', async () => {
    const created = ok(await admin.post('/agents', {
      agentId: '3501', lanId: 'newprev', extension: '46501', password: 'demo', firstName: 'New', teamName: 'Preview', skills: [],
    }), 201);
    assert.deepEqual(created.skills, ['PreviewOut']);
    ok(await desktopLogin(nailup.url, 'newprev', '46501', 'demo'));
  });
});

describe('an agent left without skills is refused, naming skills', () => {
  const agent = { agentId: '3600', lanId: 'bare1', extension: '46600', password: 'secret', firstName: 'Bea', teamName: 'Bare' };
  const noSkill = /^skills: the agent has no skill of its own and team Bare has none to give it: give the agent a skill, or give team Bare skills$/;

  before(async () => {
    ok(await admin.post('/teams', { teamName: 'Bare' }), 201);
  });

  for (const [what, body] of [['skills left out', agent], ['skills given as []', { ...agent, skills: [] }]] as const) {
    it(`create, ${what}, in a team without skills → 400 skills; nothing changes, the refusal is audited`, async () => {
      const agents = ok(await admin.get('/agents'));
      const skills = ok(await admin.get('/teams'));
      refused(await admin.post('/agents', body), 400, 'VALIDATION_FAILED', 'skills', noSkill);
      assert.deepEqual(ok(await admin.get('/agents')), agents, 'no agent added');
      assert.deepEqual(ok(await admin.get('/teams')), skills, 'no team changed');
      const audit = await lastAudit('CreateAgent', '3600');
      assert.equal(audit.outcome, 'failed');
      assert.match(audit.details.error, noSkill);
      assert.equal((await desktopLogin(nailup.url, 'bare1', '46600', 'secret')).status, 401, 'no such agent');
    });
  }

  it('with a skill of its own the agent is created; a PUT taking its skills away (skills: []) is refused and changes nothing', async () => {
    assert.deepEqual(ok(await admin.post('/agents', { ...agent, skills: ['BareOut'] }), 201).skills, ['BareOut']);
    const before = ok(await admin.get('/agents/3600'));
    refused(await admin.request('PUT', '/agents/3600', { skills: [], lastName: 'Changed' }), 400, 'VALIDATION_FAILED', 'skills', noSkill);
    assert.deepEqual(ok(await admin.get('/agents/3600')), before);
    assert.equal((await lastAudit('UpdateAgent', '3600')).outcome, 'failed');
    // Moved to a team with skills, skills: [] takes that team's.
    assert.deepEqual(ok(await admin.request('PUT', '/agents/3600', { teamName: 'Preview', skills: [] })).skills, ['PreviewOut']);
  });

  it('a team\'s skills may be emptied: its agents keep the skills they hold, but a new one left without skills is refused', async () => {
    ok(await admin.post('/teams', { teamName: 'Shrinking', skills: ['ShrinkOut'] }), 201);
    ok(await admin.post('/agents', { ...agent, agentId: '3601', lanId: 'shrink1', extension: '46601', teamName: 'Shrinking' }), 201);
    assert.deepEqual(ok(await admin.request('PUT', '/teams/Shrinking', { skills: [] })).skills, []);
    assert.deepEqual(ok(await admin.get('/agents/3601')).skills, ['ShrinkOut'], 'the agent holds its own copy');
    assert.deepEqual(ok(await admin.request('PUT', '/agents/3601', { lastName: 'Kept' })).skills, ['ShrinkOut'], 'a change of another field keeps them');
    ok(await desktopLogin(nailup.url, 'shrink1', '46601', 'secret'));
    const agents = ok(await admin.get('/agents'));
    refused(await admin.post('/agents', { ...agent, agentId: '3602', lanId: 'shrink2', extension: '46602', teamName: 'Shrinking' }), 400, 'VALIDATION_FAILED', 'skills',
      /give the agent a skill, or give team Shrinking skills/);
    assert.deepEqual(ok(await admin.get('/agents')), agents);
  });
});

describe('an extension another agent has is refused, naming extension and the agent', () => {
  const agent = { agentId: '3002', lanId: 'qa3', extension: '44001', password: 'secret', firstName: 'Qa', teamName: 'Preview' };

  it('create → 409 CONFLICT extension, naming agent 1001; nothing changes, the refusal is audited', async () => {
    const agents = ok(await admin.get('/agents'));
    refused(await admin.post('/agents', agent), 409, 'CONFLICT', 'extension', /^extension 44001 is agent 1001's: give the agent another extension$/);
    assert.deepEqual(ok(await admin.get('/agents')), agents);
    assert.equal((await lastAudit('CreateAgent', '3002')).outcome, 'failed');
  });

  it('update → 409 the same; the agent\'s own extension is no conflict', async () => {
    ok(await admin.post('/agents', { ...agent, extension: '46002' }), 201);
    const before = ok(await admin.get('/agents/3002'));
    refused(await admin.request('PUT', '/agents/3002', { extension: '44001', firstName: 'Changed' }), 409, 'CONFLICT', 'extension', /agent 1001's/);
    assert.deepEqual(ok(await admin.get('/agents/3002')), before);
    assert.equal((await lastAudit('UpdateAgent', '3002')).outcome, 'failed');
    assert.equal(ok(await admin.request('PUT', '/agents/3002', { extension: '46002', firstName: 'Same' })).firstName, 'Same');
    // agent1001 keeps its station: it logs in there.
    ok(await desktopLogin(nailup.url, 'agent1001', '44001', 'demo'));
  });

  it('the agents\' CSV import reports each row with a taken or repeated extension, and adds none', async () => {
    const agents = ok(await admin.get('/agents'));
    const csv = [
      'agentId,lanId,extension,password,firstName,teamName',
      '3700,imp1,46700,secret,Ina,Preview',
      '3701,imp2,44002,secret,Ivo,Preview',
      '3702,imp3,46700,secret,Ida,Preview',
      '3703,imp4,46703,secret,Ike,Bare',
    ].join('\n');
    const outcome = await importAgents({ store: nailup.store, config: nailup.config }, (async function* () { yield Buffer.from(csv); })());
    assert.deepEqual(outcome.rejects.map((r) => [r.rowNumber, r.field, r.message, r.value]), [
      [3, 'extension', 'extension 44002 is agent 1002\'s: give the agent another extension', '44002'],
      [4, 'extension', 'extension: 46700 is also on line 2', '46700'],
      [5, 'skills', 'skills: the agent has no skill of its own and team Bare has none to give it: give the agent a skill, or give team Bare skills', ''],
    ]);
    assert.equal(outcome.added, 0);
    assert.deepEqual(ok(await admin.get('/agents')), agents);
  });
});

describe('names that differ only by case are taken', () => {
  it('a team: 409 CONFLICT teamName, as an exact duplicate', async () => {
    ok(await admin.post('/teams', { teamName: 'QA Team' }), 201);
    const teams = ok(await admin.get('/teams'));
    refused(await admin.post('/teams', { teamName: 'QA Team' }), 409, 'CONFLICT', 'teamName', /^a team named QA Team exists$/);
    refused(await admin.post('/teams', { teamName: 'qa team' }), 409, 'CONFLICT', 'teamName', /^a team named QA Team exists: team names must differ by more than case$/);
    refused(await admin.post('/teams', { teamName: ' QA TEAM ', skills: ['Other'] }), 409, 'CONFLICT', 'teamName');
    assert.deepEqual(ok(await admin.get('/teams')), teams);
    assert.ok(!(await nailup.store.organizations.listSkills()).includes('Other'), 'the refused team\'s skill is not defined');
    assert.equal((await lastAudit('CreateTeam', 'qa team')).outcome, 'failed');
  });

  it('a campaign: 409 CONFLICT campaignName, as an exact duplicate', async () => {
    const campaign = { type: 'Preview', contactList: 'DemoPreviewList', teamName: 'Preview' };
    ok(await admin.post('/campaigns', { ...campaign, campaignName: 'QAC' }), 201);
    const campaigns = ok(await admin.get('/campaigns'));
    refused(await admin.post('/campaigns', { ...campaign, campaignName: 'QAC' }), 409, 'CONFLICT', 'campaignName', /^a campaign named QAC exists$/);
    refused(await admin.post('/campaigns', { ...campaign, campaignName: 'qac', skill: 'NewSkill' }), 409, 'CONFLICT', 'campaignName', /^a campaign named QAC exists: campaign names must differ by more than case$/);
    refused(await admin.post('/campaigns', { ...campaign, campaignName: 'demopreview' }), 409, 'CONFLICT', 'campaignName', /DemoPreview/);
    assert.deepEqual(ok(await admin.get('/campaigns')), campaigns);
    assert.ok(!(await nailup.store.organizations.listSkills()).includes('NewSkill'), 'the refused campaign\'s skill is not defined');
  });

  /**
   * Holds the first call of `object[method]` until a second one comes (or a second passes), so that two
   * requests both pass the name check before either creates: the race the store's index settles.
   */
  function meetHalfway<T extends object>(object: T, method: keyof T & string): () => void {
    const original = object[method] as (...args: unknown[]) => Promise<unknown>;
    let release: (() => void) | null = null;
    let calls = 0;
    (object as Record<string, unknown>)[method] = async (...args: unknown[]): Promise<unknown> => {
      calls++;
      if (calls === 1) await new Promise<void>((resolve) => { release = resolve; setTimeout(resolve, 1000); });
      else release?.();
      return original.apply(object, args);
    };
    return () => { (object as Record<string, unknown>)[method] = original; };
  }

  it('two requests at once for one name but for case: one is created, the other refused as taken', async () => {
    const campaign = { type: 'Preview', contactList: 'DemoPreviewList', teamName: 'Preview' };
    let restore = meetHalfway(nailup.store.campaigns, 'list');
    const campaigns = await Promise.all([admin.post('/campaigns', { ...campaign, campaignName: 'Race' }), admin.post('/campaigns', { ...campaign, campaignName: 'RACE' })]);
    restore();
    assert.deepEqual(campaigns.map((r) => r.status).sort(), [201, 409]);
    refused(campaigns.find((r) => r.status === 409)!, 409, 'CONFLICT', 'campaignName', /^a campaign named (Race|RACE) exists: campaign names must differ by more than case$/);
    assert.equal((ok(await admin.get('/campaigns')) as Json[]).filter((c) => /^race$/i.test(String(c.campaignName))).length, 1);

    restore = meetHalfway(nailup.store.organizations, 'listTeams');
    const teams = await Promise.all([admin.post('/teams', { teamName: 'Night Shift' }), admin.post('/teams', { teamName: 'night shift' })]);
    restore();
    assert.deepEqual(teams.map((r) => r.status).sort(), [201, 409]);
    refused(teams.find((r) => r.status === 409)!, 409, 'CONFLICT', 'teamName', /^a team named (Night Shift|night shift) exists: team names must differ by more than case$/);
  });

  it('a completion code whose value is another\'s, but for case and spaces: 409 CONFLICT codeValue; nothing changes', async () => {
    const codes = ok(await admin.get('/completion-codes'));
    for (const codeValue of ['Sale', 'sale', '  SALE ']) {
      refused(await admin.post('/completion-codes', { codeValue, nextState: 'done' }), 409, 'CONFLICT', 'codeValue',
        /^completion code 69 is Sale already: agents would see two buttons of that name$/);
    }
    refused(await admin.post('/completion-codes', { codeValue: 'Sale', nextState: 'done', campaigns: ['DemoPreview'] }), 409, 'CONFLICT', 'codeValue');
    refused(await admin.request('PUT', '/completion-codes/70', { codeValue: 'SALE', sale: true }), 409, 'CONFLICT', 'codeValue', /completion code 69 is Sale/);
    assert.deepEqual(ok(await admin.get('/completion-codes')), codes, 'no code added or changed, no campaign offers anything new');
    assert.equal((await lastAudit('UpdateCompletionCode', '70')).outcome, 'failed');
    // A code may change the case of its own value.
    assert.equal(ok(await admin.request('PUT', '/completion-codes/72', { codeValue: 'nsp' })).codeValue, 'nsp');
    ok(await admin.request('PUT', '/completion-codes/72', { codeValue: 'NSP' }));
  });
});

describe('a demo database seeded before the demo teams had skills', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nailup-admin-checks-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('gets them at the next start, once, keeping a team whose skills an administrator set; its new agents log in', async () => {
    const database = join(dir, 'floor.db');
    const first = await startTestNailup({ database });
    try {
      // As the demo seeding left the teams before: no skills.
      for (const team of await first.store.organizations.listTeams()) {
        await first.store.organizations.updateTeam(team.name, { organizationName: team.organizationName, skills: [], blending: team.blending });
      }
      await first.store.organizations.createTeam({ name: 'Admins Own', organizationName: 'Demo', skills: ['OwnOut'], blending: null });
    } finally {
      await first.close();
    }
    const second = await startTestNailup({ database });
    try {
      const client = await loginAs(second, 'admin');
      const teams = ok(await client.get('/teams')) as Json[];
      assert.deepEqual(teams.map((t) => [t.teamName, t.skills]).sort(), [
        ['Admins Own', ['OwnOut']], ['Predictive', ['PredictiveOut', 'DemoInbound']], ['Preview', ['PreviewOut']],
      ]);
      assert.equal(teams.find((t) => t.teamName === 'Predictive').blending.queue, 'DemoInbound', 'the blending rule kept');
      assert.equal((ok(await client.get('/agents')) as Json[]).length, 20, 'no agent added');
      ok(await client.post('/agents', { agentId: '3500', lanId: 'newpred', extension: '46500', password: 'demo', firstName: 'New', teamName: 'Predictive' }), 201);
      ok(await desktopLogin(second.url, 'newpred', '46500', 'demo'));
    } finally {
      await second.close();
    }
  });
});
