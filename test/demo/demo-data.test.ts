import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { seedDemo, type DemoSummary } from '../../src/demo/demo-data.ts';
import { DemoRandom } from '../../src/demo/demo-random.ts';
import { US_AREA_CODES, usAreaCodeOfNumber, usTimeZoneOfNumber } from '../../src/demo/us-area-codes.ts';
import { verifyPassword } from '../../src/store/password.ts';
import type { CampaignRecord, ContactRecord } from '../../src/store/records.ts';
import type { Store } from '../../src/store/store.ts';
import { openStore } from '../../src/store/open-store.ts';

const NOW = Date.UTC(2025, 2, 10, 15, 0, 0);

/** What sets the two demo campaigns apart (what they share is checked for both below). */
const campaignFields = (c: CampaignRecord) => ({
  name: c.name, type: c.type, teamName: c.teamName, skillsetName: c.skillsetName, skillsetId: c.skillsetId,
  contactListId: c.contactListId, dncListIds: c.dncListIds, previewTimed: c.previewTimed,
  previewTimeoutSeconds: c.previewTimeoutSeconds, previewCanCancel: c.previewCanCancel,
  wrapupSeconds: c.wrapupSeconds, wrapupExtendable: c.wrapupExtendable, amd: c.amd,
  answeringMachineAction: c.answeringMachineAction, pacing: c.pacing, priority: c.priority,
});

const US_ZONES = [
  'America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix',
  'America/Los_Angeles', 'America/Anchorage', 'Pacific/Honolulu', 'Pacific/Guam', 'Pacific/Saipan',
];

/** Every contact of a list, through the store port (all are ready and due right after seeding). */
async function allContacts(store: Store, contactListId: number): Promise<ContactRecord[]> {
  return store.contacts.nextDialable(contactListId, NOW, 1_000, 1_000_000);
}

/** Wraps a store so every repository method call is recorded as `repository.method`. */
function recording(store: Store): { store: Store; calls: string[] } {
  const calls: string[] = [];
  const wrap = <T extends object>(name: string, repo: T): T => new Proxy(repo, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]): unknown => {
        calls.push(`${name}.${String(prop)}`);
        return Reflect.apply(value, target, args);
      };
    },
  });
  const wrapped: Store = {
    dialect: store.dialect,
    organizations: wrap('organizations', store.organizations),
    agents: wrap('agents', store.agents),
    campaigns: wrap('campaigns', store.campaigns),
    contactLists: wrap('contactLists', store.contactLists),
    contacts: wrap('contacts', store.contacts),
    dnc: wrap('dnc', store.dnc),
    jobs: wrap('jobs', store.jobs),
    attempts: wrap('attempts', store.attempts),
    callbacks: wrap('callbacks', store.callbacks),
    agentHistory: wrap('agentHistory', store.agentHistory),
    tmacSessions: wrap('tmacSessions', store.tmacSessions),
    agentActions: wrap('agentActions', store.agentActions),
    salesRecords: wrap('salesRecords', store.salesRecords),
    supervisors: wrap('supervisors', store.supervisors),
    audit: wrap('audit', store.audit),
    purgeData: wrap('purgeData', store.purgeData),
    manualUploads: wrap('manualUploads', store.manualUploads),
    dataSources: wrap('dataSources', store.dataSources),
    imports: wrap('imports', store.imports),
    reportExports: wrap('reportExports', store.reportExports),
    close: () => store.close(),
  };
  return { store: wrapped, calls };
}

void describe('US area codes', () => {
  void it('lists about 60 distinct real area codes covering every US time zone asked for', () => {
    assert.ok(US_AREA_CODES.length >= 55 && US_AREA_CODES.length <= 70);
    assert.equal(new Set(US_AREA_CODES.map((a) => a.areaCode)).size, US_AREA_CODES.length);
    for (const a of US_AREA_CODES) {
      assert.match(a.areaCode, /^[2-9]\d\d$/);
      assert.match(a.state, /^[A-Z]{2}$/);
      assert.ok(US_ZONES.includes(a.timeZone), a.timeZone);
    }
    assert.deepEqual(new Set(US_AREA_CODES.map((a) => a.timeZone)), new Set(US_ZONES));
  });

  void it('finds the time zone of a +1 number by its area code', () => {
    assert.equal(usTimeZoneOfNumber('+12125550123'), 'America/New_York');
    assert.equal(usTimeZoneOfNumber('+13125550123'), 'America/Chicago');
    assert.equal(usTimeZoneOfNumber('+13035550123'), 'America/Denver');
    assert.equal(usTimeZoneOfNumber('+16025550123'), 'America/Phoenix');
    assert.equal(usTimeZoneOfNumber('+14155550123'), 'America/Los_Angeles');
    assert.equal(usTimeZoneOfNumber('+19075550123'), 'America/Anchorage');
    assert.equal(usTimeZoneOfNumber('+18085550123'), 'Pacific/Honolulu');
    assert.equal(usAreaCodeOfNumber('+12125550123')?.state, 'NY');
  });

  void it('knows nothing of unlisted, foreign or malformed numbers', () => {
    assert.equal(usTimeZoneOfNumber('+19995550123'), undefined);
    assert.equal(usTimeZoneOfNumber('+442071234567'), undefined);
    assert.equal(usTimeZoneOfNumber('2125550123'), undefined);
    assert.equal(usTimeZoneOfNumber('+1212555012'), undefined);
    assert.equal(usTimeZoneOfNumber(''), undefined);
  });
});

void describe('DemoRandom', () => {
  void it('repeats its sequence for a seed and stays in range', () => {
    const a = new DemoRandom(42);
    const b = new DemoRandom(42);
    const c = new DemoRandom(43);
    const seqA = Array.from({ length: 100 }, () => a.next());
    assert.deepEqual(seqA, Array.from({ length: 100 }, () => b.next()));
    assert.notDeepEqual(seqA, Array.from({ length: 100 }, () => c.next()));
    for (const x of seqA) assert.ok(x >= 0 && x < 1);
    for (let i = 0; i < 1000; i++) {
      const n = a.int(3, 5);
      assert.ok(n >= 3 && n <= 5 && Number.isInteger(n));
    }
  });
});

void describe('seedDemo with the default sizes', () => {
  let store: Store;
  let summary: DemoSummary;
  let preview: ContactRecord[];
  let predictive: ContactRecord[];

  before(async () => {
    store = await openStore(':memory:');
    const started = performance.now();
    summary = await seedDemo(store, { now: NOW, seed: 7 });
    const ms = performance.now() - started;
    // Seeding must stay quick: one scrypt hash, one insertMany per list.
    assert.ok(ms < 5_000, `seeding took ${ms} ms`);
    preview = await allContacts(store, summary.contactListIds.preview);
    predictive = await allContacts(store, summary.contactListIds.predictive);
  });

  void it('creates the organization, zone, teams', async () => {
    assert.equal(summary.created, true);
    assert.equal(summary.organizationName, 'Demo');
    assert.deepEqual((await store.organizations.listOrganizations()).map((o) => o.name), ['Demo']);
    assert.deepEqual((await store.organizations.listZones()).map((z) => z.name), ['Default']);
    assert.deepEqual(
      (await store.organizations.listTeams()).map((t) => `${t.organizationName}/${t.name}`).sort(),
      ['Demo/Predictive', 'Demo/Preview'],
    );
  });

  void it('creates agents 1001-1020 with their extensions, LAN IDs, teams and skills', async () => {
    const expectedIds = Array.from({ length: 20 }, (_, i) => String(1001 + i));
    assert.deepEqual(summary.agentIds, expectedIds);
    for (const [i, id] of expectedIds.entries()) {
      const agent = await store.agents.findByAgentId(id);
      assert.ok(agent, id);
      const isPreview = i < 10;
      assert.equal(agent.extension, String(44001 + i));
      assert.equal(agent.lanId, `agent${id}`);
      assert.equal(agent.teamName, isPreview ? 'Preview' : 'Predictive');
      assert.deepEqual(agent.skills, [isPreview ? 'PreviewOut' : 'PredictiveOut']);
      assert.equal(agent.organizationName, 'Demo');
      assert.equal(agent.zoneName, 'Default');
      assert.equal(agent.locationPreference, 'primary');
      assert.equal(agent.locale, 'en-US');
      assert.equal(agent.timeZone, 'America/New_York');
      assert.match(agent.name, /^[A-Z][a-z]+ [A-Z][A-Za-z']+$/);
      assert.deepEqual(await store.agents.findByLanId(`agent${id}`), agent);
    }
  });

  void it('creates 8 simulated agents 2001-2008 on the predictive team', async () => {
    assert.deepEqual(summary.botAgentIds, ['2001', '2002', '2003', '2004', '2005', '2006', '2007', '2008']);
    for (const [i, id] of summary.botAgentIds.entries()) {
      const bot = await store.agents.findByAgentId(id);
      assert.ok(bot, id);
      assert.equal(bot.extension, String(45001 + i));
      assert.equal(bot.lanId, `bot${id}`);
      assert.equal(bot.teamName, 'Predictive');
      assert.deepEqual(bot.skills, ['PredictiveOut']);
    }
    assert.equal((await store.agents.list()).length, 28);
  });

  void it('gives every agent the password demo, hashed once', async () => {
    const agents = await store.agents.list();
    const hashes = new Set(agents.map((a) => a.passwordHash));
    assert.equal(hashes.size, 1);
    const [hash] = hashes;
    assert.ok(hash);
    assert.equal(verifyPassword('demo', hash), true);
    assert.equal(verifyPassword('Demo', hash), false);
  });

  void it('creates the two campaigns as specified', async () => {
    const dncListId = summary.dncListId;
    const p = await store.campaigns.findById(summary.campaigns.preview.id);
    const q = await store.campaigns.findById(summary.campaigns.predictive.id);
    assert.ok(p && q);
    assert.equal(summary.campaigns.preview.name, 'DemoPreview');
    assert.equal(summary.campaigns.predictive.name, 'DemoPredictive');
    assert.deepEqual((await store.campaigns.list()).map((c) => c.name).sort(), ['DemoPredictive', 'DemoPreview']);

    assert.deepEqual(
      campaignFields(p),
      {
        name: 'DemoPreview', type: 'Preview', teamName: 'Preview', skillsetName: 'PreviewOut', skillsetId: '15',
        contactListId: summary.contactListIds.preview, dncListIds: [dncListId], previewTimed: false,
        previewTimeoutSeconds: 30, previewCanCancel: true, wrapupSeconds: 60, wrapupExtendable: true, amd: false,
        answeringMachineAction: 'connect',
        pacing: { initialRatio: 1, maxLinesPerAgent: 1, abandonCap: 0.03, connectWithinSeconds: 2 }, priority: 0,
      },
    );
    assert.deepEqual(
      campaignFields(q),
      {
        name: 'DemoPredictive', type: 'Predictive', teamName: 'Predictive', skillsetName: 'PredictiveOut',
        skillsetId: '16', contactListId: summary.contactListIds.predictive, dncListIds: [dncListId],
        previewTimed: false, previewTimeoutSeconds: 0, previewCanCancel: false, wrapupSeconds: 30,
        wrapupExtendable: false, amd: true, answeringMachineAction: 'drop',
        pacing: { initialRatio: 1.5, maxLinesPerAgent: 4, abandonCap: 0.03, connectWithinSeconds: 2 }, priority: 0,
      },
    );

    for (const c of [p, q]) {
      assert.equal(c.organizationName, 'Demo');
      assert.deepEqual(c.callingWindow, { start: '08:00', end: '21:00' });
      assert.equal(c.maxAttempts, 5);
      assert.equal(c.noAnswerTimeoutSeconds, 45);
      assert.deepEqual(c.retryRules, { Call_Busy: 10, Ring_No_Answer: 60, Answer_Machine: 120, Network_Refusal: 30, Abandoned: 60 });
      const outcomes = Object.fromEntries(c.completionCodes.map((code) => [code.codeValue, code.outcome]));
      assert.deepEqual(outcomes, {
        Sale: 'final', 'Not Interested': 'final', Callback: 'callback', NSP: 'final', CM_NTC: 'retry',
        'Wrong Number': 'dnc', 'Answering Machine': 'retry', 'No Answer': 'retry',
      });
      const ids = c.completionCodes.map((code) => code.codeID);
      assert.equal(new Set(ids).size, ids.length);
      assert.equal(ids[0], '69');
      for (const id of ids) assert.match(id, /^\d+$/);
      const noAnswer = c.completionCodes.find((code) => code.codeValue === 'No Answer');
      assert.equal(c.defaultCompletionCode, noAnswer?.codeID);
    }
  });

  void it('fills both contact lists with 3000 ready contacts each', async () => {
    const lists = await store.contactLists.list();
    assert.deepEqual(lists.map((l) => [l.id, l.name, l.organizationName, l.zoneName]).sort(), [
      [summary.contactListIds.preview, 'DemoPreviewList', 'Demo', 'Default'],
      [summary.contactListIds.predictive, 'DemoPredictiveList', 'Demo', 'Default'],
    ].sort());
    for (const id of [summary.contactListIds.preview, summary.contactListIds.predictive]) {
      assert.deepEqual(await store.contacts.counts(id), { total: 3000, available: 3000, excluded: 0, done: 0, inProgress: 0 });
    }
    assert.equal(preview.length, 3000);
    assert.equal(predictive.length, 3000);
    assert.ok(await store.contacts.findByUserContactId(summary.contactListIds.preview, 'P000001'));
    assert.ok(await store.contacts.findByUserContactId(summary.contactListIds.preview, 'P003000'));
    assert.ok(await store.contacts.findByUserContactId(summary.contactListIds.predictive, 'Q000001'));
    assert.ok(await store.contacts.findByUserContactId(summary.contactListIds.predictive, 'Q003000'));
    assert.equal(await store.contacts.findByUserContactId(summary.contactListIds.predictive, 'P000001'), undefined);
  });

  void it('gives contacts plausible fields', () => {
    const all = [...preview, ...predictive];
    for (const c of all) {
      assert.match(c.userContactId, /^[PQ]\d{6}$/);
      assert.ok(c.title && c.firstName && c.lastName);
      assert.ok(c.phones.length === 1 || c.phones.length === 2);
      assert.equal(c.emails.length, 1);
      assert.match(c.emails[0] ?? '', /^[a-z.]+\d+@example\.(com|net|org)$/);
      assert.match(c.address.line1, /^\d+ \w+ \w+$/);
      assert.match(c.address.line2, /^[A-Za-z. ]+, [A-Z]{2}$/);
      assert.match(c.address.zipCode, /^\d{5}$/);
      assert.equal(c.address.country, 'US');
      assert.deepEqual(Object.keys(c.customFields).sort(), ['Account Number', 'Balance', 'Product', 'Segment']);
      assert.match(c.customFields.Balance ?? '', /^\d+\.\d\d$/);
      assert.ok(c.priority === 0 || c.priority === 5);
      assert.equal(c.state, 'ready');
      assert.equal(c.nextAttemptAt, NOW);
      assert.equal(c.attempts, 0);
    }
    const highPriority = all.filter((c) => c.priority === 5).length / all.length;
    assert.ok(highPriority > 0.03 && highPriority < 0.07, `priority 5 share ${highPriority}`);
  });

  void it('gives every phone an E.164 US number whose time zone is known', () => {
    const phones = [...preview, ...predictive].flatMap((c) => c.phones);
    const zones = new Set<string>();
    for (const phone of phones) {
      assert.match(phone.number, /^\+1[2-9]\d\d[2-9]\d{6}$/);
      assert.equal(phone.countryCode, '1');
      const area = usAreaCodeOfNumber(phone.number);
      assert.ok(area, phone.number);
      assert.equal(phone.timezone, area.timeZone);
      assert.equal(usTimeZoneOfNumber(phone.number), phone.timezone);
      assert.equal(phone.state, area.state);
      zones.add(phone.timezone);
    }
    assert.deepEqual(zones, new Set(US_ZONES));
    assert.equal(new Set(phones.map((p) => p.number)).size, phones.length, 'phone numbers are unique');
    const wireless = phones.filter((p) => p.wireless).length / phones.length;
    assert.ok(wireless > 0.35 && wireless < 0.45, `wireless share ${wireless}`);
  });

  void it('creates the Demo DNC list whose overlap with the contacts is exactly the summary numbers', async () => {
    const lists = await store.dnc.lists();
    assert.equal(lists.length, 1);
    assert.deepEqual(lists[0] && [lists[0].id, lists[0].name, lists[0].organizationName, lists[0].listType],
      [summary.dncListId, 'Demo', 'Demo', 'phone']);
    assert.equal(await store.dnc.countAddresses(summary.dncListId), 50);

    const overlap = summary.dncOverlapNumbers;
    assert.equal(overlap.length, 25);
    assert.equal(new Set(overlap).size, overlap.length);
    for (const number of overlap) assert.equal(await store.dnc.isListed([summary.dncListId], number), true, number);

    // Scan every contact phone: the listed ones are exactly the summary's numbers, in both lists.
    const listed = { preview: new Set<string>(), predictive: new Set<string>() };
    for (const [key, contacts] of [['preview', preview], ['predictive', predictive]] as const) {
      for (const phone of contacts.flatMap((c) => c.phones)) {
        if (await store.dnc.isListed([summary.dncListId], phone.number)) listed[key].add(phone.number);
      }
    }
    assert.deepEqual([...listed.preview, ...listed.predictive].sort(), [...overlap].sort());
    assert.ok(listed.preview.size > 0 && listed.predictive.size > 0);
  });

  void it('changes nothing when called again and returns the same summary', async () => {
    const agentsBefore = await store.agents.list();
    const dncBefore = await store.dnc.countAddresses(summary.dncListId);
    const { store: watched, calls } = recording(store);

    const again = await seedDemo(watched, { now: NOW + 60_000, seed: 7 });

    assert.deepEqual(again, { ...summary, created: false });
    const writes = calls.filter((c) => /\.(ensure|upsert|create|update|insert|add|remove|set|claim|record|release)/.test(c));
    assert.deepEqual(writes, []);
    assert.deepEqual(await store.agents.list(), agentsBefore);
    assert.equal(await store.dnc.countAddresses(summary.dncListId), dncBefore);
    assert.equal((await store.campaigns.list()).length, 2);
    assert.equal((await store.contacts.counts(summary.contactListIds.preview)).total, 3000);
  });

  void it('reports the true overlap even when called again with another seed', async () => {
    const again = await seedDemo(store, { now: NOW, seed: 8, contactsPerList: 10, botAgents: 2 });
    assert.deepEqual(again, { ...summary, created: false });
  });
});

void describe('seedDemo determinism and options', () => {
  void it('produces the same agents and contacts for the same seed, other contacts for another', async () => {
    const seeded = async (seed: number): Promise<{ store: Store; summary: DemoSummary }> => {
      const store = await openStore(':memory:');
      return { store, summary: await seedDemo(store, { now: NOW, seed, contactsPerList: 200, botAgents: 3 }) };
    };
    const a = await seeded(11);
    const b = await seeded(11);
    const c = await seeded(12);

    assert.deepEqual(b.summary, a.summary);
    const names = async (s: Store): Promise<string[]> => (await s.agents.list()).map((x) => x.name);
    assert.deepEqual(await names(b.store), await names(a.store));
    for (const key of ['preview', 'predictive'] as const) {
      const contactsA = await allContacts(a.store, a.summary.contactListIds[key]);
      const contactsB = await allContacts(b.store, b.summary.contactListIds[key]);
      const contactsC = await allContacts(c.store, c.summary.contactListIds[key]);
      assert.equal(contactsA.length, 200);
      assert.deepEqual(contactsB, contactsA);
      assert.notDeepEqual(contactsC.map((x) => x.phones), contactsA.map((x) => x.phones));
    }
    assert.notDeepEqual(c.summary.dncOverlapNumbers, a.summary.dncOverlapNumbers);
  });

  void it('honours botAgents and small lists', async () => {
    const store = await openStore(':memory:');
    const summary = await seedDemo(store, { now: NOW, contactsPerList: 5, botAgents: 0 });
    assert.deepEqual(summary.botAgentIds, []);
    assert.equal(summary.agentIds.length, 20);
    assert.equal(summary.dncOverlapNumbers.length, 10);
    assert.equal((await store.contacts.counts(summary.contactListIds.predictive)).total, 5);
    assert.equal(await store.dnc.countAddresses(summary.dncListId), 35);
  });

  void it('rejects impossible sizes', async () => {
    await assert.rejects(seedDemo(await openStore(':memory:'), { now: NOW, contactsPerList: -1 }), RangeError);
    await assert.rejects(seedDemo(await openStore(':memory:'), { now: NOW, botAgents: 1.5 }), RangeError);
  });
});
