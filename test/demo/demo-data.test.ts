import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { campaignWarnings } from '../../src/admin/campaign-warnings.ts';
import { everyDay, isWithinWindow } from '../../src/dialer/compliance/calling-window.ts';
import { seedDemo, type DemoSummary } from '../../src/demo/demo-data.ts';
import { ABROAD, DEMO_TIME_ZONES, NumberPool, SLOT_BLOCK } from '../../src/demo/demo-world.ts';
import { DemoRandom } from '../../src/demo/demo-random.ts';
import { US_AREA_CODES, usAreaCodeOfNumber, usTimeZoneOfNumber } from '../../src/demo/us-area-codes.ts';
import { PhoneNormalizer, timeZoneOfNumber } from '../../src/imports/phone.ts';
import { verifyPassword } from '../../src/store/password.ts';
import type { CampaignRecord, ContactPhone, ContactRecord } from '../../src/store/records.ts';
import type { Store } from '../../src/store/store.ts';
import { openStore } from '../../src/store/open-store.ts';

const NOW = Date.UTC(2025, 2, 10, 15, 0, 0);

/** What sets the two demo campaigns apart (what they share is checked for both below). */
const campaignFields = (c: CampaignRecord) => ({
  name: c.name, type: c.type, teamName: c.teamName, skillsetName: c.skillsetName, skillsetId: c.skillsetId,
  contactListId: c.contactListId, dncListIds: c.dncListIds, previewTimed: c.previewTimed,
  previewTimeoutSeconds: c.previewTimeoutSeconds, previewCanCancel: c.previewCanCancel,
  wrapupSeconds: c.wrapupSeconds, wrapupExtendable: c.wrapupExtendable, amd: c.amd,
  answeringMachineAction: c.answeringMachineAction, amdEstimates: c.amdEstimates, pacing: c.pacing, priority: c.priority,
});

/** The country of a demo phone, from its calling code (and, for +1, its area code's territory). */
const REGION_OF_CALLING_CODE: Record<string, string> = { 1: 'US', 44: 'GB', 91: 'IN', 81: 'JP', 61: 'AU' };
const REGIONS = ['US', 'GB', 'IN', 'JP', 'AU'];
const ABROAD_ZONES: Record<string, string> = { GB: 'Europe/London', IN: 'Asia/Kolkata', JP: 'Asia/Tokyo', AU: 'Australia/Sydney' };

const regionOf = (phone: ContactPhone): string => REGION_OF_CALLING_CODE[phone.countryCode] ?? `? ${phone.countryCode}`;
const byUserContactId = (a: ContactRecord, b: ContactRecord): number => a.userContactId.localeCompare(b.userContactId);
const HOUR = 3600_000;
/** A week of northern winter and one of northern summer (daylight saving moves the windows), each from a Monday 00:00 UTC. */
const WEEKS = [Date.UTC(2026, 0, 5), Date.UTC(2026, 6, 6)];

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
    completionCodes: wrap('completionCodes', store.completionCodes),
    contactLists: wrap('contactLists', store.contactLists),
    contacts: wrap('contacts', store.contacts),
    dnc: wrap('dnc', store.dnc),
    jobs: wrap('jobs', store.jobs),
    attempts: wrap('attempts', store.attempts),
    callbacks: wrap('callbacks', store.callbacks),
    agentHistory: wrap('agentHistory', store.agentHistory),
    tmacSessions: wrap('tmacSessions', store.tmacSessions),
    ctiLogins: wrap('ctiLogins', store.ctiLogins),
    agentActions: wrap('agentActions', store.agentActions),
    salesRecords: wrap('salesRecords', store.salesRecords),
    supervisors: wrap('supervisors', store.supervisors),
    audit: wrap('audit', store.audit),
    purgeData: wrap('purgeData', store.purgeData),
    manualUploads: wrap('manualUploads', store.manualUploads),
    dataSources: wrap('dataSources', store.dataSources),
    imports: wrap('imports', store.imports),
    reportExports: wrap('reportExports', store.reportExports),
    queues: wrap('queues', store.queues),
    inboundCalls: wrap('inboundCalls', store.inboundCalls),
    rollups: wrap('rollups', store.rollups),
    checkWritable: () => store.checkWritable(),
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

  void it('gives each team the skills its agents hold, for an agent created in it without skills of its own', async () => {
    assert.deepEqual((await store.organizations.findTeam('Preview'))?.skills, ['PreviewOut']);
    assert.deepEqual((await store.organizations.findTeam('Predictive'))?.skills, ['PredictiveOut', 'DemoInbound']);
    assert.deepEqual(await store.organizations.listSkills(), ['DemoInbound', 'PredictiveOut', 'PreviewOut']);
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
      assert.deepEqual(agent.skills, isPreview ? ['PreviewOut'] : ['PredictiveOut', 'DemoInbound']);
      assert.equal(agent.organizationName, 'Demo');
      assert.equal(agent.zoneName, 'Default');
      assert.equal(agent.locationPreference, 'primary');
      assert.equal(agent.locale, 'en-US');
      assert.equal(agent.timeZone, 'America/New_York');
      assert.equal(agent.enabled, true);
      assert.match(agent.firstName, /^[A-Z][a-z]+$/);
      assert.match(agent.lastName, /^[A-Z][A-Za-z']+$/);
      assert.equal(agent.name, `${agent.firstName} ${agent.lastName}`);
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
      assert.deepEqual(bot.skills, i < 2 ? ['PredictiveOut', 'DemoInbound'] : ['PredictiveOut']);
      assert.deepEqual([bot.firstName, bot.lastName, bot.name, bot.enabled], ['Simulated', `Agent ${id}`, `Simulated Agent ${id}`, true]);
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
        answeringMachineAction: 'connect', amdEstimates: { falsePositive: 0.05, falseNegative: 0.15 },
        pacing: { method: 'ratio', initialRatio: 1, maxLinesPerAgent: 1, abandonCap: 0.03, targetAbandonRate: 0.0225, connectWithinSeconds: 2 },
        priority: 0,
      },
    );
    assert.deepEqual(
      campaignFields(q),
      {
        name: 'DemoPredictive', type: 'Predictive', teamName: 'Predictive', skillsetName: 'PredictiveOut',
        skillsetId: '16', contactListId: summary.contactListIds.predictive, dncListIds: [dncListId],
        previewTimed: false, previewTimeoutSeconds: 0, previewCanCancel: false, wrapupSeconds: 30,
        // The simulated trunk's detector hangs up on 5% of people: more than the cap allows, so machines go to agents.
        wrapupExtendable: false, amd: false, answeringMachineAction: 'connect', amdEstimates: { falsePositive: 0.05, falseNegative: 0.15 },
        pacing: { method: 'target', initialRatio: 1.5, maxLinesPerAgent: 4, abandonCap: 0.03, targetAbandonRate: 0.0225, connectWithinSeconds: 2 },
        priority: 0,
      },
    );

    for (const c of [p, q]) {
      assert.equal(c.organizationName, 'Demo');
      // The rule stays on: 08:00-21:00 every day, in each number's own time zone.
      assert.deepEqual(c.callingWindow, { hours: everyDay('08:00', '21:00') });
      assert.equal(Object.keys(c.callingWindow.hours).length, 7);
      assert.equal(c.maxAttempts, 5);
      assert.equal(c.maxAttemptsPerNumber, 0);
      assert.equal(c.noAnswerTimeoutSeconds, 45);
      assert.equal(c.minimumRingSeconds, 15);
      assert.equal(c.callerId, '+15555550100');
      assert.equal(c.callbackExpiryMinutes, 120);
      assert.deepEqual(c.retryRules, { Call_Busy: 10, Ring_No_Answer: 60, Answer_Machine: 120, Network_Refusal: 30, Abandoned: 60 });
      const code = (codeID: string, codeValue: string, nextState: string, rightPartyContact = false, sale = false) =>
        ({ codeID, codeValue, nextState, retryMinutes: null, sale, rightPartyContact });
      assert.deepEqual(c.completionCodes, [
        code('69', 'Sale', 'done', true, true),
        code('70', 'Not Interested', 'done', true),
        code('71', 'Callback', 'callback', true),
        code('72', 'NSP', 'done', true),
        code('73', 'CM_NTC', 'retry'),
        code('74', 'Wrong Number', 'dnc'),
        code('75', 'Answering Machine', 'retry'),
        code('76', 'No Answer', 'retry'),
      ]);
      assert.equal(c.defaultCompletionCode, '76');
    }
    // Defined once, shared by both campaigns.
    assert.deepEqual(await store.completionCodes.list(), p.completionCodes);
  });

  void it('gives no campaign answer detection whose estimated false positives alone use up the abandon cap', async () => {
    const agents = await store.agents.list();
    for (const id of [summary.campaigns.preview.id, summary.campaigns.predictive.id]) {
      const c = await store.campaigns.findById(id);
      assert.ok(c);
      // Detection that hangs up on people (drop or message) would abandon falsePositive of them whatever the pacing.
      const hangsUpOnPeople = c.amd && c.answeringMachineAction !== 'connect';
      assert.ok(!hangsUpOnPeople || c.amdEstimates.falsePositive < c.pacing.targetAbandonRate, `${c.name}: detection drops people`);
      assert.ok(c.pacing.targetAbandonRate < c.pacing.abandonCap);
      // What the campaign page and the floor status would warn about: nothing.
      assert.deepEqual(campaignWarnings(c, agents), [], c.name);
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
      // The address is in the country of the first phone, in that country's format.
      const region = regionOf(c.phones[0]!);
      assert.equal(c.address.country, region, c.userContactId);
      assert.deepEqual([c.address.line3, c.address.line4, c.address.line5], ['', '', '']);
      const address = `${c.address.line1} | ${c.address.line2} | ${c.address.zipCode}`;
      const formats: Record<string, RegExp> = {
        US: /^\d+ \w+ \w+ \| [A-Za-z. ]+, [A-Z]{2} \| \d{5}$/,
        GB: /^\d+ \w+ \w+ \| [A-Z][a-z]+ \| [A-Z]{1,2}\d{1,2} \d[A-Z]{2}$/,
        IN: /^\d+ \w+ Road \| [A-Za-z ]+, [A-Z]{2} \| [1-9]\d{5}$/,
        JP: /^\d-\d{1,2}-\d{1,2} [A-Z][a-z]+ \| [A-Z][a-z]+(, [A-Z][a-z]+)? \| \d{3}-\d{4}$/,
        AU: /^\d+ \w+ \w+ \| [A-Z][a-z]+ (NSW|ACT) \| 2\d{3}$/,
      };
      assert.match(address, formats[region] ?? /^$/, `${c.userContactId} (${region})`);
      for (const phone of c.phones) assert.equal(regionOf(phone), region, `${c.userContactId}: every phone in the country of the address`);
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

  void it('gives every phone a valid E.164 number whose time zone is known: a majority in the US, the rest in the UK, India, Japan and Australia', () => {
    const phones = [...preview, ...predictive].flatMap((c) => c.phones);
    const zones = new Set<string>();
    const perRegion = new Map<string, number>();
    // The importer's own check (libphonenumber): an exported demo list imports again.
    const importer = new PhoneNormalizer('US');
    for (const phone of phones) {
      const region = regionOf(phone);
      perRegion.set(region, (perRegion.get(region) ?? 0) + 1);
      zones.add(phone.timezone);
      const checked = importer.normalize(phone.number);
      assert.ok(checked.ok, `${phone.number} is a valid number`);
      assert.equal(checked.number, phone.number);
      assert.equal(checked.countryCode, phone.countryCode);
      const derived = timeZoneOfNumber(checked.number, checked.region);
      if (derived !== undefined) assert.equal(derived, phone.timezone, phone.number);
      if (region === 'US') {
        assert.match(phone.number, /^\+1[2-9]\d\d[2-9]\d{6}$/);
        assert.ok(!/^\+1\d{3}555/.test(phone.number), '555 numbers are left alone');
        const area = usAreaCodeOfNumber(phone.number);
        assert.ok(area, phone.number);
        assert.equal(phone.timezone, area.timeZone);
        assert.equal(usTimeZoneOfNumber(phone.number), phone.timezone);
        assert.equal(phone.state, area.state);
      } else {
        assert.ok(REGIONS.includes(region), `${phone.number}: calling code ${phone.countryCode}`);
        assert.ok(phone.number.startsWith(`+${phone.countryCode}`), phone.number);
        assert.equal(phone.timezone, ABROAD_ZONES[region], phone.number);
        assert.equal(phone.state, '');
      }
    }
    assert.deepEqual(zones, new Set([...US_ZONES, ...Object.values(ABROAD_ZONES)]));
    assert.deepEqual(new Set(DEMO_TIME_ZONES), zones);
    assert.deepEqual([...perRegion.keys()].sort(), [...REGIONS].sort());
    const us = (perRegion.get('US') ?? 0) / phones.length;
    assert.ok(us > 0.55 && us < 0.7, `US share ${us}`);
    for (const region of REGIONS) assert.ok((perRegion.get(region) ?? 0) / phones.length > 0.05, `${region} share`);
    assert.equal(new Set(phones.map((p) => p.number)).size, phones.length, 'phone numbers are unique');
    const usPhones = phones.filter((p) => p.countryCode === '1');
    const wireless = usPhones.filter((p) => p.wireless).length / usPhones.length;
    assert.ok(wireless > 0.35 && wireless < 0.45, `US wireless share ${wireless}`);
  });

  void it('takes UK and Australian numbers from the ranges set aside for fiction', () => {
    const phones = [...preview, ...predictive].flatMap((c) => c.phones);
    const uk = phones.filter((p) => p.countryCode === '44');
    const au = phones.filter((p) => p.countryCode === '61');
    assert.ok(uk.length > 0 && au.length > 0);
    // Ofcom's drama numbers: 020 7946 0xxx and 01xx 496 0xxx.
    for (const p of uk) assert.match(p.number, /^\+44(2079460|1(13|17|21|31|41|51|61)4960)\d{3}$/, p.number);
    // ACMA's: (02) 5550 xxxx, (02) 7010 xxxx and its thirty 0491 57x xxx mobiles.
    for (const p of au) assert.match(p.number, /^\+61(2(5550|7010)\d{4}|49157\d{4})$/, p.number);
    assert.ok(au.some((p) => p.wireless) && uk.every((p) => !p.wireless));
  });

  void it('interleaves the regions: the first 300 contacts of each list cover every country and time zone', () => {
    for (const list of [preview, predictive]) {
      const first = [...list].sort(byUserContactId).slice(0, 300);
      assert.deepEqual(new Set(first.map((c) => regionOf(c.phones[0]!))), new Set(REGIONS));
      assert.deepEqual(new Set(first.map((c) => c.phones[0]!.timezone)), new Set(DEMO_TIME_ZONES));
      // Every block of the pattern (24 contacts) has every zone.
      const block = first.slice(0, SLOT_BLOCK.length);
      assert.deepEqual(new Set(block.map((c) => c.phones[0]!.timezone)), new Set(DEMO_TIME_ZONES));
    }
  });

  void it('has contacts inside their calling window at every hour of every weekday, among the first 100 the dialer reads', async () => {
    const campaign = await store.campaigns.findById(summary.campaigns.predictive.id);
    assert.ok(campaign);
    for (const [name, list] of [['preview', preview], ['predictive', predictive]] as const) {
      // `list` is in the dialer's order (priority, due time, id): its first batch is 100 contacts.
      const firstBatch = list.slice(0, 100);
      const weekdays = new Set<number>();
      for (const week of WEEKS) {
        for (let hour = 0; hour < 7 * 24; hour++) {
          const at = week + hour * HOUR;
          weekdays.add(new Date(at).getUTCDay());
          const inside = (c: ContactRecord): boolean => c.phones.some((p) => isWithinWindow(at, p, campaign.callingWindow));
          assert.ok(list.some(inside), `${name}: a contact inside its window at ${new Date(at).toISOString()}`);
          const count = firstBatch.filter(inside).length;
          assert.ok(count >= 5, `${name}: ${count} of the first 100 contacts inside their window at ${new Date(at).toISOString()}`);
        }
      }
      assert.equal(weekdays.size, 7);
    }
  });

  void it('gives both numbers of a contact the same time zone, so the number offered first is dialable whenever the contact is', () => {
    for (const c of [...preview, ...predictive]) assert.equal(new Set(c.phones.map((p) => p.timezone)).size, 1, c.userContactId);
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

  void it('creates the DemoInbound queue and blends the Predictive team into it', async () => {
    const queue = await store.queues.findByName('DemoInbound');
    assert.ok(queue);
    assert.deepEqual({ skill: queue.skill, routing: queue.routing, serviceLevelSeconds: queue.serviceLevelSeconds, codes: queue.completionCodes, default: queue.defaultCompletionCode },
      { skill: 'DemoInbound', routing: 'longestIdle', serviceLevelSeconds: 20, codes: ['69', '70', '72'], default: '70' });
    const team = await store.organizations.findTeam('Predictive');
    assert.equal(team?.blending?.queue, 'DemoInbound');
    assert.equal(team?.blending?.callsWaitingAbove, 0);
    assert.equal((await store.organizations.findTeam('Preview'))?.blending, null);
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

void describe('seedDemo on a store seeded before the demo teams had skills', () => {
  void it('gives the teams their skills, once, and keeps the skills an administrator set', async () => {
    const store = await openStore(':memory:');
    const summary = await seedDemo(store, { now: NOW, contactsPerList: 20, botAgents: 2 });
    // As an older seed left them: no skills on either team; then an administrator gives Preview its own.
    for (const team of await store.organizations.listTeams()) {
      await store.organizations.updateTeam(team.name, { organizationName: team.organizationName, skills: [], blending: team.blending });
    }
    const agents = await store.agents.list();

    const again = await seedDemo(store, { now: NOW + 60_000, contactsPerList: 20, botAgents: 2 });
    assert.deepEqual(again, { ...summary, created: false });
    const teams = await store.organizations.listTeams();
    assert.deepEqual(teams.map((t) => [t.name, t.skills, t.blending?.queue ?? null]).sort(), [
      ['Predictive', ['PredictiveOut', 'DemoInbound'], 'DemoInbound'], ['Preview', ['PreviewOut'], null],
    ]);
    assert.deepEqual(await store.agents.list(), agents, 'the agents unchanged');
    assert.equal((await store.campaigns.list()).length, 2);

    // Skills an administrator set stay, and a third start writes nothing.
    await store.organizations.updateTeam('Preview', { organizationName: 'Demo', skills: ['Retention'], blending: null });
    const { store: watched, calls } = recording(store);
    await seedDemo(watched, { now: NOW + 120_000, contactsPerList: 20, botAgents: 2 });
    assert.deepEqual(calls.filter((c) => /\.(ensure|upsert|create|update|insert|add|remove|set)/.test(c)), []);
    assert.deepEqual((await store.organizations.findTeam('Preview'))?.skills, ['Retention']);
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

void describe('NumberPool', () => {
  void it('hands out fiction numbers while a range has some left, then valid numbers in the country\'s format, never twice', () => {
    const pool = new NumberPool(new DemoRandom(3));
    const importer = new PhoneNormalizer('US');
    const au = ABROAD.AU;
    const city = au.cities[0]!;
    // Mobiles first: ACMA's thirty, then its landline ranges, only then real-format mobiles.
    const mobiles = Array.from({ length: 40 }, () => pool.take([au.mobile!, city.landline]));
    assert.equal(mobiles.slice(0, 30).filter((m) => /^\+6149157\d{4}$/.test(m.number) && m.wireless).length, 30);
    assert.ok(mobiles.slice(30).every((m) => /^\+612(5550|7010)\d{4}$/.test(m.number) && !m.wireless));
    // London's 1,000 drama numbers, then other London numbers (never inside another fiction range).
    const london = ABROAD.GB.cities.find((c) => c.name === 'London')!;
    const numbers = Array.from({ length: 1100 }, () => pool.take([london.landline]).number);
    assert.equal(numbers.filter((n) => n.startsWith('+442079460')).length, 1000);
    assert.ok(numbers.slice(1000).every((n) => /^\+4420[78]\d{7}$/.test(n) && !n.startsWith('+442079460')));
    // Every country's real formats are valid numbers to the importer.
    const rng = new DemoRandom(4);
    for (const country of Object.values(ABROAD)) {
      const sources = [...(country.mobile ? [country.mobile] : []), ...country.cities.map((c) => c.landline)];
      for (const source of sources) {
        for (let i = 0; i < 50; i++) {
          const number = source.plausible!(rng);
          const checked = importer.normalize(number);
          assert.ok(checked.ok && checked.number === number && checked.countryCode === country.callingCode, `${country.country} ${number}`);
        }
      }
    }
    const all = [...mobiles.map((m) => m.number), ...numbers];
    assert.equal(new Set(all).size, all.length);
  });
});
