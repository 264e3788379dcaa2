/**
 * The OCM reports over the supervisor API: the catalog, each report's rows (exact JSON) over a time
 * range and a campaign, paging, the CSV file, and bad parameters named.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Nailup } from '../../src/app.ts';
import type { AttemptRecord, AttemptUpdate, CampaignRecord, ContactRecord, JobRecord } from '../../src/store/records.ts';
import { loginAs, startTestNailup, type Client, type Json } from '../support/nailup.ts';

const T0 = Date.UTC(2026, 10, 2, 15, 0, 0);
const MINUTE = 60_000;
const iso = (ms: number): string => new Date(ms).toISOString();
const range = `from=${iso(T0)}&to=${iso(T0 + 60 * MINUTE)}`;

let nailup: Nailup;
let supervisor: Client;
let predictive: CampaignRecord;
let preview: CampaignRecord;
let contacts: ContactRecord[];

before(async () => {
  nailup = await startTestNailup();
  supervisor = await loginAs(nailup, 'supervisor');
  predictive = (await nailup.store.campaigns.findByName('DemoPredictive'))!;
  preview = (await nailup.store.campaigns.findByName('DemoPreview'))!;
  contacts = await nailup.store.contacts.nextDialable(predictive.contactListId, Date.now(), 99, 4);
});
after(async () => {
  await nailup?.close();
});

const jobs = new Map<number, JobRecord>();

/** An attempt of `campaign`'s job dialed `minute` minutes after T0, then changed as given. */
async function attempt(campaign: CampaignRecord, contact: ContactRecord, minute: number, change: AttemptUpdate): Promise<AttemptRecord> {
  const job = jobs.get(campaign.id) ?? await nailup.store.jobs.create(campaign.id, T0);
  jobs.set(campaign.id, job);
  const a = await nailup.store.attempts.insert({ jobId: job.id, campaignId: campaign.id, contactId: contact.id, number: contact.phones[0]!.number, kind: 'predictive', dialedAt: T0 + minute * MINUTE });
  await nailup.store.attempts.update(a.id, change);
  return { ...a, ...change };
}

function row(a: AttemptRecord, campaign: CampaignRecord, contact: ContactRecord, completionCode: string | null): Json {
  return {
    dialedAt: iso(a.dialedAt), campaign: campaign.name, jobId: a.jobId, userContactId: contact.userContactId,
    contactName: `${contact.firstName} ${contact.lastName}`, number: a.number, kind: 'predictive', result: a.result, agentId: a.agentId,
    completionCode, answeredAt: a.answeredAt === null ? null : iso(a.answeredAt), connectedAt: a.connectedAt === null ? null : iso(a.connectedAt),
    endedAt: a.endedAt === null ? null : iso(a.endedAt),
    talkSeconds: a.connectedAt !== null && a.endedAt !== null ? (a.endedAt - a.connectedAt) / 1000 : null, abandoned: a.abandoned, nuisance: a.nuisance,
    nuisanceReason: a.abandoned ? 'Abandoned' : a.nuisance ? 'Dialer stopped' : null, notes: a.notes ?? null,
  };
}

describe('reports API', () => {
  let sale: AttemptRecord;
  let nsp: AttemptRecord;
  let abandoned: AttemptRecord;
  let ntc: AttemptRecord;

  before(async () => {
    const t = (minute: number, seconds = 0): number => T0 + minute * MINUTE + seconds * 1000;
    sale = await attempt(predictive, contacts[0]!, 1, { answeredAt: t(1, 9), connectedAt: t(1, 9), endedAt: t(4, 9), result: 'Answer_Human', agentId: '1011', completionCode: '69' });
    nsp = await attempt(predictive, contacts[1]!, 2, { answeredAt: t(2, 7), connectedAt: t(2, 8), endedAt: t(3), result: 'Answer_Human', agentId: '1012', completionCode: '72' });
    abandoned = await attempt(predictive, contacts[2]!, 3, { answeredAt: t(3, 5), endedAt: t(3, 12), result: 'Abandoned', abandoned: true });
    ntc = await attempt(preview, contacts[3]!, 4, { answeredAt: t(4, 6), connectedAt: t(4, 6), endedAt: t(5), result: 'Answer_Human', agentId: '1001', completionCode: '73' });
    // Outside the range.
    await attempt(predictive, contacts[0]!, 61, { result: 'Call_Busy', endedAt: t(61, 3) });
  });

  it('lists the reports with their columns', async () => {
    const catalog = (await supervisor.get('/reports')).body as Json[];
    assert.deepEqual(catalog.map((r) => [r.id, r.title]), [
      ['call-attempts', 'Call Attempt'], ['outbound-nuisance', 'Outbound Nuisance'], ['nsp-list', 'NSP List'], ['ntc', 'NTC'], ['agent-owned-recalls', 'Agent Owned Recalls'], ['dnc-list', 'DNC List'],
      ['not-attempted', 'List Accounts Not Attempted'],
      ['predictive-job-summary', 'Predictive Job Performance Summary'], ['preview-job-summary', 'Preview Job Summary'],
      ['predictive-agent-time', 'Predictive Agent Time Summary'], ['preview-agent-time', 'Preview Agent Time Summary'],
      ['inbound-abandoned', 'Inbound Abandoned'],
      ['outbound-nuisance-agent-aux', 'Outbound Nuisance (Agent Aux)'], ['account-not-in-listing', 'Account Not in Listing'], ['sales', 'Sales'],
    ]);
    assert.deepEqual(catalog[0].columns.slice(0, 3), [{ key: 'dialedAt', label: 'Dialed', type: 'datetime' }, { key: 'campaign', label: 'Campaign', type: 'text' }, { key: 'jobId', label: 'Job', type: 'number' }]);
  });

  it('reports every attempt of the range, with completion codes by their value, and pages', async () => {
    const reply = await supervisor.get(`/reports/call-attempts?${range}`);
    assert.equal(reply.status, 200);
    const { columns, ...rest } = reply.body;
    assert.equal(columns.length, 18);
    assert.deepEqual(rest, {
      report: 'call-attempts', title: 'Call Attempt', from: iso(T0), to: iso(T0 + 60 * MINUTE), campaign: null, queue: null, total: 4,
      rows: [row(sale, predictive, contacts[0]!, 'Sale'), row(nsp, predictive, contacts[1]!, 'NSP'), row(abandoned, predictive, contacts[2]!, null), row(ntc, preview, contacts[3]!, 'CM_NTC')],
    });
    const second = await supervisor.get(`/reports/call-attempts?${range}&campaign=DemoPredictive&limit=1&offset=1`);
    assert.deepEqual([second.body.total, second.body.campaign, second.body.rows.map((r: Json) => r.userContactId)], [3, 'DemoPredictive', [contacts[1]!.userContactId]]);
  });

  it('keeps to each report\'s calls: nuisance, NSP, CM_NTC', async () => {
    const ids = async (report: string): Promise<string[]> => (await supervisor.get(`/reports/${report}?${range}`)).body.rows.map((r: Json) => r.userContactId);
    assert.deepEqual(await ids('outbound-nuisance'), [contacts[2]!.userContactId]);
    assert.deepEqual(await ids('nsp-list'), [contacts[1]!.userContactId]);
    assert.deepEqual(await ids('ntc'), [contacts[3]!.userContactId]);
  });

  it('reports the callbacks agents own', async () => {
    const owned = await nailup.store.callbacks.create({
      campaignId: predictive.id, contactId: contacts[0]!.id, type: 'Agent', agentId: '1011', dueAt: T0 + 30 * MINUTE, expiresAt: T0 + 90 * MINUTE,
      number: '+12125550142', timezone: 'America/New_York', notes: 'Rates, "gold"', createdAt: T0,
    });
    await nailup.store.callbacks.create({ ...owned, type: 'Campaign', agentId: null });
    const reply = await supervisor.get(`/reports/agent-owned-recalls?${range}`);
    assert.deepEqual(reply.body.rows, [{
      dueAt: iso(owned.dueAt), expiresAt: iso(owned.expiresAt), campaign: 'DemoPredictive', agentId: '1011', agentName: (await nailup.store.agents.findByAgentId('1011'))!.name,
      userContactId: contacts[0]!.userContactId, contactName: `${contacts[0]!.firstName} ${contacts[0]!.lastName}`, number: '+12125550142', type: 'Agent',
      state: 'pending', notes: 'Rates, "gold"', createdAt: iso(T0),
    }]);
    const csv = await fetch(`${nailup.url}/api/v1/reports/agent-owned-recalls/csv?${range}`, { headers: { authorization: supervisor.authorization } });
    assert.match(await csv.text(), /^Due,Expires,Campaign,Agent,Agent name,Account,Name,Number,Type,State,Notes,Booked\n.*,pending,"Rates, ""gold""",2026-11-02T15:00:00\.000Z\n$/);
  });

  it('lists the numbers put on DNC lists, by hand or by the dialer', async () => {
    const [list] = await nailup.store.dnc.lists();
    await nailup.store.dnc.addAddresses(list!.id, ['+12125550199'], T0 + 7 * MINUTE);
    await nailup.store.dnc.addAddresses(list!.id, ['+12125550198'], T0 + 8 * MINUTE, 'dialer');
    const reply = await supervisor.get(`/reports/dnc-list?${range}&campaign=DemoPredictive`);
    assert.deepEqual(reply.body.rows, [
      { addedAt: iso(T0 + 7 * MINUTE), dncList: list!.name, address: '+12125550199', source: 'Manual' },
      { addedAt: iso(T0 + 8 * MINUTE), dncList: list!.name, address: '+12125550198', source: 'Dialer kill list' },
    ]);
  });

  it('lists the accounts of a campaign\'s list not attempted by the end of the range', async () => {
    const reply = await supervisor.get(`/reports/not-attempted?${range}&campaign=DemoPredictive&limit=1000`);
    const { total } = await nailup.store.contacts.counts(predictive.contactListId);
    assert.equal(reply.body.total, total - 4, 'the four contacts dialed in the range are out');
    const attempted = new Set(contacts.map((c) => c.userContactId));
    assert.deepEqual(reply.body.rows.filter((r: Json) => attempted.has(r.userContactId)), []);
    const first = (await nailup.store.contacts.page(predictive.contactListId, { limit: 10, offset: 0, sortBy: 'id', sortDirection: 'ASC' })).contacts
      .find((c) => !attempted.has(c.userContactId))!;
    assert.deepEqual(reply.body.rows[0], {
      contactList: 'DemoPredictiveList', campaigns: 'DemoPredictive', userContactId: first.userContactId, contactName: `${first.firstName} ${first.lastName}`,
      number: first.phones[0]!.number, state: first.state, priority: first.priority, nextAttemptAt: iso(first.nextAttemptAt),
    });
    const before = await supervisor.get(`/reports/not-attempted?from=${iso(T0 - MINUTE)}&to=${iso(T0)}&campaign=DemoPredictive`);
    assert.equal(before.body.total, total, 'nothing was dialed before T0');
  });

  it('sums up each job of the predictive and of the preview campaigns', async () => {
    const summary = (job: JobRecord, campaign: CampaignRecord, figures: Json): Json => ({
      jobId: job.id, campaign: campaign.name, team: campaign.teamName, startedAt: iso(T0), ...figures,
    });
    assert.deepEqual((await supervisor.get(`/reports/predictive-job-summary?${range}`)).body.rows, [summary(jobs.get(predictive.id)!, predictive, {
      dials: 3, answered: 3, liveAnswers: 3, connects: 2, abandoned: 1, abandonRate: 33.3, nuisance: 0, meanTalkSeconds: 116, agents: 2,
    })]);
    assert.deepEqual((await supervisor.get(`/reports/preview-job-summary?${range}`)).body.rows, [summary(jobs.get(preview.id)!, preview, {
      dials: 1, answered: 1, liveAnswers: 1, connects: 1, abandoned: 0, abandonRate: 0, nuisance: 0, meanTalkSeconds: 54, agents: 1,
    })]);
    assert.equal((await supervisor.get(`/reports/preview-job-summary?${range}&campaign=DemoPredictive`)).body.total, 0);
  });

  it('sums up where each agent\'s time went on the predictive campaigns', async () => {
    const at = (minute: number, agentState: string, callState: string, campaignName: string | null) =>
      nailup.store.agentHistory.insert({ agentId: '1011', at: T0 + minute * MINUTE, agentState, callState, nailedStatus: 'NailedUp', reasonCode: 0, campaignName });
    await at(-5, 'Ready', 'Idle', 'DemoPredictive');
    await at(1, 'Ready', 'Talking', 'DemoPredictive');
    await at(4, 'Ready', 'Wrapup', 'DemoPredictive');
    await at(5, 'NotReady', 'Idle', 'DemoPredictive');
    await at(15, 'LoggedOut', 'NoState', null);
    const agent = (await nailup.store.agents.findByAgentId('1011'))!;
    const reply = await supervisor.get(`/reports/predictive-agent-time?${range}`);
    assert.deepEqual(reply.body.rows, [{
      agentId: '1011', agentName: agent.name, team: agent.teamName, campaigns: 'DemoPredictive', loggedInSeconds: 900, readySeconds: 60, previewSeconds: 0,
      talkSeconds: 180, wrapSeconds: 60, notReadySeconds: 600, calls: 1, meanTalkSeconds: 180, occupancy: 26.7,
    }]);
    const preview = (await supervisor.get(`/reports/preview-agent-time?${range}`)).body;
    assert.deepEqual([preview.total, preview.rows], [0, []], 'no time on preview campaigns');
  });

  it('writes the whole report as a CSV file', async () => {
    const csv = await fetch(`${nailup.url}/api/v1/reports/call-attempts/csv?${range}`, { headers: { authorization: supervisor.authorization } });
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
    assert.equal(csv.headers.get('content-disposition'), 'attachment; filename="call-attempts-2026-11-02-2026-11-02.csv"');
    const lines = (await csv.text()).trimEnd().split('\n');
    assert.equal(lines[0], 'Dialed,Campaign,Job,Account,Name,Number,Kind,Result,Agent,Completion code,Answered,Connected,Ended,Talk seconds,Abandoned,Nuisance,Nuisance reason,Notes');
    assert.equal(lines.length, 5);
    assert.equal(lines[3], [iso(abandoned.dialedAt), 'DemoPredictive', abandoned.jobId, contacts[2]!.userContactId, `${contacts[2]!.firstName} ${contacts[2]!.lastName}`,
      abandoned.number, 'predictive', 'Abandoned', '', '', iso(abandoned.answeredAt!), '', iso(abandoned.endedAt!), '', 'Y', 'N', 'Abandoned', ''].join(','));
  });

  it('names the bad parameter', async () => {
    const bad = async (path: string, status: number, field: string | undefined, message: RegExp): Promise<void> => {
      const reply = await supervisor.get(path);
      assert.equal(reply.status, status, path);
      assert.equal(reply.body.error.field, field, path);
      assert.match(reply.body.error.message, message);
    };
    await bad('/reports/call-attempts', 400, 'from', /is required/);
    await bad(`/reports/call-attempts?from=${iso(T0)}&to=later`, 400, 'to', /ISO 8601/);
    await bad(`/reports/call-attempts?from=${iso(T0)}&to=${iso(T0)}`, 400, 'to', /must be after from/);
    await bad(`/reports/call-attempts?from=${iso(T0)}&to=${iso(T0 + 400 * 86_400_000)}`, 400, 'to', /at most 366 days/);
    await bad(`/reports/call-attempts?${range}&campaign=Nope`, 400, 'campaign', /no campaign named Nope/);
    await bad(`/reports/nope?${range}`, 404, undefined, /report nope not found/);
  });
});
