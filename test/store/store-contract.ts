/**
 * The behaviour every Store adapter must have. Each adapter's test file calls `storeContract` with a
 * function that opens a fresh, empty store.
 */
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type {
  AgentRecord, AgentStateChangeRecord, CallbackRecord, CampaignRecord, ContactListRecord, ContactRecord, NewCallback, NewContact, QueueRecord,
} from '../../src/store/records.ts';
import type { BlendingRule } from '../../src/acd/queue-types.ts';
import type { Store } from '../../src/store/store.ts';
import { stagedContactOf } from '../../src/imports/contact-rows.ts';
import { rollupContract } from './contract/rollups.ts';
import { reportExportFormatContract } from './contract/report-export-format.ts';
import { listingAndNotesContract } from './contract/listing-and-notes.ts';
import { firstAttemptContract } from './contract/first-attempt.ts';

export interface OpenedStore {
  store: Store;
  cleanup(): Promise<void>;
}

const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z: times well past 2^32 to catch truncation.

function agentFixture(agentId: string, overrides: Partial<AgentRecord> = {}): AgentRecord {
  return {
    agentId,
    extension: `44${agentId}`,
    lanId: `agent${agentId}`,
    firstName: 'Zoë',
    lastName: `O'Brien ${agentId}`,
    name: `Zoë O'Brien ${agentId}`,
    enabled: true,
    passwordHash: 'scrypt$16384$8$1$c2FsdA==$aGFzaA==',
    organizationName: 'Acme',
    teamName: 'Sales',
    skills: ['PreviewOut', 'PredictiveOut'],
    skillLevels: { PredictiveOut: 3 },
    locationPreference: 'auxiliary',
    locale: 'en-US',
    timeZone: 'America/Chicago',
    zoneName: 'Default',
    ...overrides,
  };
}

function campaignFixture(contactListId: number, overrides: Partial<Omit<CampaignRecord, 'id'>> = {}): Omit<CampaignRecord, 'id'> {
  return {
    name: 'Spring',
    organizationName: 'Acme',
    teamName: 'Sales',
    skillsetName: 'PredictiveOut',
    skillsetId: '42',
    type: 'Predictive',
    contactListId,
    dncListIds: [3, 7],
    completionCodes: [
      { codeID: 'SALE', codeValue: 'Sale', nextState: 'done', retryMinutes: null, sale: true, rightPartyContact: true },
      { codeID: 'CB', codeValue: 'Call back', nextState: 'callback', retryMinutes: null, sale: false, rightPartyContact: true },
      { codeID: 'DNC', codeValue: 'Do not call', nextState: 'dnc', retryMinutes: null, sale: false, rightPartyContact: false },
    ],
    defaultCompletionCode: 'SALE',
    callingWindow: { hours: { mon: { start: '09:00', end: '20:30' }, sat: { start: '10:00', end: '14:00' } }, states: { TX: { sun: { start: '12:00', end: '17:00' } } }, countries: { 44: {} } },
    retryRules: { Call_Busy: 5, Ring_No_Answer: 60 },
    maxAttempts: 4,
    maxAttemptsPerNumber: 2,
    noAnswerTimeoutSeconds: 25,
    minimumRingSeconds: 18,
    callerId: '+15555550100',
    callbackExpiryMinutes: 90,
    previewTimed: true,
    previewTimeoutSeconds: 30,
    previewCanCancel: false,
    wrapupSeconds: 45,
    wrapupExtendable: true,
    amd: false,
    answeringMachineAction: 'message',
    amdEstimates: { falsePositive: 0.02, falseNegative: 0.1 },
    pacing: { method: 'target', initialRatio: 1.5, maxLinesPerAgent: 3, abandonCap: 0.03, targetAbandonRate: 0.02, connectWithinSeconds: 2 },
    priority: 2,
    ...overrides,
  };
}

function contactFixture(userContactId: string, overrides: Partial<NewContact> = {}): NewContact {
  return {
    userContactId,
    title: 'Dr',
    firstName: 'Zoë',
    lastName: "O'Brien",
    phones: [
      { number: '+13125550100', countryCode: '1', timezone: 'America/Chicago', state: 'IL', wireless: true },
      { number: '+13125550101', countryCode: '1', timezone: 'America/Chicago', state: 'IL', wireless: false },
    ],
    emails: ['zoe@example.com'],
    address: { line1: '1 Main St', line2: 'Apt "2"', line3: '', line4: '', line5: '', country: 'US', zipCode: '60601' },
    customFields: { product: 'Gold Card', 'segment/name': 'Retail, Premier' },
    priority: 1,
    ...overrides,
  };
}

function queueFixture(name: string, overrides: Partial<Omit<QueueRecord, 'id'>> = {}): Omit<QueueRecord, 'id'> {
  return {
    name,
    organizationName: 'Acme',
    skill: 'BillingIn',
    routing: 'mostSkilled',
    serviceLevelSeconds: 20,
    announcementSeconds: 30,
    overflowQueue: null,
    overflowAfterSeconds: 60,
    wrapupSeconds: 45,
    completionCodes: ['SALE', 'CB'],
    defaultCompletionCode: 'CB',
    ...overrides,
  };
}

const BLENDING: BlendingRule = {
  queue: 'Billing', callsWaitingAbove: 3, oldestWaitAboveSeconds: null, serviceLevelBelowPercent: 80.5,
  releaseAfterEmptySeconds: 30, minOutbound: 2, maxOutbound: null,
};

function listFixture(name: string): Omit<ContactListRecord, 'id'> {
  return { name, organizationName: 'Acme', zoneName: 'Default', lastUpdatedOn: T0 };
}

function defined<T>(value: T | undefined, what = 'value'): T {
  assert.notEqual(value, undefined, `${what} is undefined`);
  return value as T;
}

export function storeContract(name: string, open: () => Promise<OpenedStore>): void {
  reportExportFormatContract(name, open);
  rollupContract(name, open);
  listingAndNotesContract(name, open);
  firstAttemptContract(name, open);
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;

    beforeEach(async () => {
      ({ store, cleanup } = await open());
    });
    afterEach(async () => {
      await cleanup();
    });

    async function newList(listName = 'List A'): Promise<ContactListRecord> {
      return store.contactLists.create(listFixture(listName));
    }

    async function insertContacts(listId: number, contacts: NewContact[]): Promise<ContactRecord[]> {
      await store.contacts.insertMany(listId, contacts);
      const found = await Promise.all(contacts.map((c) => store.contacts.findByUserContactId(listId, c.userContactId)));
      return found.map((c) => defined(c, 'inserted contact'));
    }

    /** A list, a campaign on it, one contact and a job: the parents attempts and callbacks need. */
    async function campaignWithContact(campaignName = 'Spring') {
      const list = await newList(`${campaignName} list`);
      const campaign = await store.campaigns.create(campaignFixture(list.id, { name: campaignName }));
      const [contact] = await insertContacts(list.id, [contactFixture(`${campaignName}-1`)]);
      const job = await store.jobs.create(campaign.id, T0);
      return { list, campaign, contact: defined(contact), job };
    }

    /** An attempt of `c`'s job dialed at `dialedAt`, then changed as given; with its contact, as `report` returns it. */
    async function dial(c: Awaited<ReturnType<typeof campaignWithContact>>, dialedAt: number, change: Parameters<Store['attempts']['update']>[1]) {
      const attempt = await store.attempts.insert({ jobId: c.job.id, campaignId: c.campaign.id, contactId: c.contact.id, number: '+1', kind: 'predictive', dialedAt });
      await store.attempts.update(attempt.id, change);
      return { ...attempt, ...change, userContactId: c.contact.userContactId, contactName: `${c.contact.firstName} ${c.contact.lastName}` };
    }

    describe('organizations', () => {
      it('ensureOrganization and ensureZone create once and return the same record after', async () => {
        const acme = await store.organizations.ensureOrganization('Acme');
        const again = await store.organizations.ensureOrganization('Acme');
        const other = await store.organizations.ensureOrganization('Other');
        assert.equal(typeof acme.id, 'number');
        assert.deepEqual(again, acme);
        assert.notEqual(other.id, acme.id);
        assert.deepEqual(await store.organizations.listOrganizations(), [acme, other]);

        const zone = await store.organizations.ensureZone('Default');
        assert.deepEqual(await store.organizations.ensureZone('Default'), zone);
        assert.deepEqual(await store.organizations.listZones(), [{ id: zone.id, name: 'Default' }]);
      });

      it('ensureTeam creates the organization it needs and keeps teams per organization', async () => {
        const sales = await store.organizations.ensureTeam('Sales', 'Acme');
        assert.deepEqual(sales, { id: sales.id, name: 'Sales', organizationName: 'Acme', skills: [], blending: null });
        assert.deepEqual(await store.organizations.ensureTeam('Sales', 'Acme'), sales);
        const otherSales = await store.organizations.ensureTeam('Sales', 'Other');
        assert.notEqual(otherSales.id, sales.id);
        assert.deepEqual(await store.organizations.listTeams(), [sales, otherSales]);
        assert.deepEqual((await store.organizations.listOrganizations()).map((o) => o.name), ['Acme', 'Other']);
      });

      it('teams are created with their skills, changed, found by name and removed', async () => {
        const created = await store.organizations.createTeam({ name: 'Retention', organizationName: 'Acme', skills: ['SaveOut', 'PreviewOut'], blending: null });
        assert.deepEqual(created, { id: created.id, name: 'Retention', organizationName: 'Acme', skills: ['SaveOut', 'PreviewOut'], blending: null });
        assert.deepEqual(await store.organizations.findTeam('Retention'), created);
        assert.equal(await store.organizations.updateTeam('Retention', { organizationName: 'Other', skills: [], blending: null }), true);
        assert.deepEqual(await store.organizations.findTeam('Retention'), { ...created, organizationName: 'Other', skills: [] });
        assert.equal(await store.organizations.updateTeam('Nobody', { organizationName: 'Acme', skills: [], blending: null }), false);
        assert.deepEqual((await store.organizations.listOrganizations()).map((o) => o.name), ['Acme', 'Other']);
        assert.equal(await store.organizations.removeTeam('Retention'), true);
        assert.equal(await store.organizations.removeTeam('Retention'), false);
        assert.equal(await store.organizations.findTeam('Retention'), undefined);
      });

      it('a team named as another of its organization but for case is a CONFLICT; another organization may have it', async () => {
        await store.organizations.createTeam({ name: 'Retention', organizationName: 'Acme', skills: [], blending: null });
        await assert.rejects(store.organizations.createTeam({ name: 'RETENTION', organizationName: 'Acme', skills: [], blending: null }),
          { name: 'NailupError', code: 'CONFLICT', message: 'team name RETENTION is taken (names are unique whatever their case)' });
        await store.organizations.createTeam({ name: 'retention', organizationName: 'Other', skills: [], blending: null });
        assert.deepEqual((await store.organizations.listTeams()).map((t) => `${t.organizationName}/${t.name}`), ['Acme/Retention', 'Other/retention']);
      });

      it('round-trips a team\'s blending rule, and takes it away', async () => {
        const created = await store.organizations.createTeam({ name: 'Blended', organizationName: 'Acme', skills: [], blending: BLENDING });
        assert.deepEqual(created.blending, BLENDING);
        assert.deepEqual(await store.organizations.findTeam('Blended'), created);
        const changed: BlendingRule = { ...BLENDING, callsWaitingAbove: null, oldestWaitAboveSeconds: 45, maxOutbound: 6 };
        await store.organizations.updateTeam('Blended', { organizationName: 'Acme', skills: [], blending: changed });
        assert.deepEqual((await store.organizations.listTeams()).map((t) => t.blending), [changed]);
        await store.organizations.updateTeam('Blended', { organizationName: 'Acme', skills: [], blending: null });
        assert.equal((await store.organizations.findTeam('Blended'))?.blending, null);
        // A team made without a rule (ensureTeam) blends into nothing.
        assert.equal((await store.organizations.ensureTeam('Plain', 'Acme')).blending, null);
      });

      it('lists the skills defined, each name once', async () => {
        await store.organizations.ensureSkill('PredictiveOut', 'Acme');
        await store.organizations.ensureSkill('PreviewOut', 'Other');
        await store.organizations.ensureSkill('PreviewOut', 'Acme');
        assert.deepEqual(await store.organizations.listSkills(), ['PredictiveOut', 'PreviewOut']);
      });

      it('ensureSkill is idempotent and creates the organization', async () => {
        await store.organizations.ensureSkill('PreviewOut', 'Acme');
        await store.organizations.ensureSkill('PreviewOut', 'Acme');
        await store.organizations.ensureSkill('PreviewOut', 'Other');
        assert.deepEqual((await store.organizations.listOrganizations()).map((o) => o.name), ['Acme', 'Other']);
      });
    });

    describe('agents', () => {
      it('round-trips every field and finds by agentId and lanId', async () => {
        const agent = agentFixture('1001');
        await store.agents.upsert(agent);
        assert.deepEqual(await store.agents.findByAgentId('1001'), agent);
        assert.deepEqual(await store.agents.findByLanId('agent1001'), agent);
        assert.equal(await store.agents.findByAgentId('9999'), undefined);
        assert.equal(await store.agents.findByLanId('nobody'), undefined);
      });

      it('upsert replaces the agent with the same agentId', async () => {
        await store.agents.upsert(agentFixture('1001'));
        const changed = agentFixture('1001', {
          name: 'Renamed', skills: [], locationPreference: 'primary', lanId: 'renamed', passwordHash: 'scrypt$x',
        });
        await store.agents.upsert(changed);
        assert.deepEqual(await store.agents.findByAgentId('1001'), changed);
        assert.equal(await store.agents.findByLanId('agent1001'), undefined);
        assert.equal((await store.agents.list()).length, 1);
      });

      it('round-trips skill levels; an agent without levels reads {}', async () => {
        await store.agents.upsert(agentFixture('1001', { skillLevels: { PreviewOut: 16, PredictiveOut: 1 } }));
        assert.deepEqual((await store.agents.findByAgentId('1001'))?.skillLevels, { PreviewOut: 16, PredictiveOut: 1 });
        await store.agents.upsert(agentFixture('1001', { skillLevels: {} }));
        assert.deepEqual((await store.agents.findByAgentId('1001'))?.skillLevels, {});
        await store.agents.insertMany([agentFixture('1002', { skillLevels: { PreviewOut: 2 } })]);
        assert.deepEqual((await store.agents.list()).map((a) => a.skillLevels), [{}, { PreviewOut: 2 }]);
      });

      it('keeps a disabled agent disabled', async () => {
        await store.agents.upsert(agentFixture('1001', { enabled: false }));
        assert.equal((await store.agents.findByAgentId('1001'))?.enabled, false);
      });

      it('insertMany is all or nothing; remove deletes one agent', async () => {
        await store.agents.upsert(agentFixture('1001'));
        // The second agent's lanId is taken: neither is added.
        await assert.rejects(store.agents.insertMany([agentFixture('1002'), agentFixture('1003', { lanId: 'agent1001' })]));
        assert.deepEqual((await store.agents.list()).map((a) => a.agentId), ['1001']);
        await store.agents.insertMany([agentFixture('1002'), agentFixture('1003')]);
        assert.deepEqual((await store.agents.list()).map((a) => a.agentId), ['1001', '1002', '1003']);
        assert.equal(await store.agents.remove('1002'), true);
        assert.equal(await store.agents.remove('1002'), false);
        assert.deepEqual((await store.agents.list()).map((a) => a.agentId), ['1001', '1003']);
      });

      it('lists agents by agentId', async () => {
        await store.agents.upsert(agentFixture('2001'));
        await store.agents.upsert(agentFixture('1001'));
        assert.deepEqual((await store.agents.list()).map((a) => a.agentId), ['1001', '2001']);
      });
    });

    describe('campaigns', () => {
      it('create assigns an id and round-trips every field', async () => {
        const list = await newList();
        const input = campaignFixture(list.id);
        const created = await store.campaigns.create(input);
        assert.equal(typeof created.id, 'number');
        assert.deepEqual(created, { id: created.id, ...input });
        assert.deepEqual(await store.campaigns.findById(created.id), created);
        assert.deepEqual(await store.campaigns.findByName('Spring'), created);
        assert.equal(await store.campaigns.findById(created.id + 100), undefined);
        assert.equal(await store.campaigns.findByName('Autumn'), undefined);
      });

      it('a campaign named as another but for case is a CONFLICT, and is not stored', async () => {
        const list = await newList();
        const spring = await store.campaigns.create(campaignFixture(list.id, { name: 'Spring' }));
        await assert.rejects(store.campaigns.create(campaignFixture(list.id, { name: 'SPRING' })),
          { name: 'NailupError', code: 'CONFLICT', message: 'campaign name SPRING is taken (names are unique whatever their case)' });
        assert.deepEqual(await store.campaigns.list(), [spring]);
      });

      it('keeps both values of every flag', async () => {
        const list = await newList();
        const flipped = await store.campaigns.create(campaignFixture(list.id, {
          previewTimed: false, previewCanCancel: true, wrapupExtendable: false, amd: true,
        }));
        const found = defined(await store.campaigns.findById(flipped.id));
        assert.equal(found.previewTimed, false);
        assert.equal(found.previewCanCancel, true);
        assert.equal(found.wrapupExtendable, false);
        assert.equal(found.amd, true);
      });

      it('update changes every field; an unknown id is an error', async () => {
        const list = await newList();
        const other = await newList('List B');
        const created = await store.campaigns.create(campaignFixture(list.id));
        const changed: CampaignRecord = {
          ...campaignFixture(other.id, {
            name: 'Summer', type: 'Preview', dncListIds: [], completionCodes: [], retryRules: {},
            callingWindow: { hours: { tue: { start: '10:00', end: '18:00' } } }, previewTimed: false, amd: true, priority: 9,
            maxAttemptsPerNumber: 0, minimumRingSeconds: 20, callerId: '', callbackExpiryMinutes: 30, amdEstimates: { falsePositive: 0.01, falseNegative: 0.2 },
            pacing: { method: 'ratio', initialRatio: 1, maxLinesPerAgent: 1, abandonCap: 0.05, targetAbandonRate: 0.04, connectWithinSeconds: 3 },
          }),
          id: created.id,
        };
        await store.campaigns.update(changed);
        assert.deepEqual(await store.campaigns.findById(created.id), changed);
        assert.equal(await store.campaigns.findByName('Spring'), undefined);
        await assert.rejects(store.campaigns.update({ ...changed, id: created.id + 100 }), /not found/);
      });

      it('offers completion codes by id: a write defines missing codes, a read gives their current definitions', async () => {
        const list = await newList();
        const created = await store.campaigns.create(campaignFixture(list.id));
        const sale = created.completionCodes[0]!;
        assert.deepEqual(await store.completionCodes.findById('SALE'), sale);
        // Redefining a code reaches every campaign that offers it; a campaign write never redefines one.
        await store.completionCodes.upsert({ ...sale, codeValue: 'Sold', retryMinutes: null });
        assert.equal((await store.campaigns.findById(created.id))?.completionCodes[0]?.codeValue, 'Sold');
        await store.campaigns.update({ ...created, completionCodes: [{ ...sale, codeValue: 'Stale' }] });
        assert.deepEqual((await store.campaigns.findById(created.id))?.completionCodes, [{ ...sale, codeValue: 'Sold' }]);
        // A code deleted is no longer offered.
        assert.equal(await store.completionCodes.remove('SALE'), true);
        assert.deepEqual((await store.campaigns.findById(created.id))?.completionCodes, []);
      });

      it('remove deletes a campaign without jobs', async () => {
        const list = await newList();
        const created = await store.campaigns.create(campaignFixture(list.id));
        assert.equal(await store.campaigns.remove(created.id), true);
        assert.equal(await store.campaigns.findById(created.id), undefined);
        assert.equal(await store.campaigns.remove(created.id), false);
      });

      it('names are unique; list is in creation order', async () => {
        const list = await newList();
        const a = await store.campaigns.create(campaignFixture(list.id, { name: 'A' }));
        const b = await store.campaigns.create(campaignFixture(list.id, { name: 'B' }));
        await assert.rejects(store.campaigns.create(campaignFixture(list.id, { name: 'A' })));
        assert.deepEqual(await store.campaigns.list(), [a, b]);
      });
    });

    describe('completion codes', () => {
      it('are listed by id, numeric ids in numeric order; ensure leaves defined codes as they are', async () => {
        const code = (codeID: string, codeValue: string) => ({ codeID, codeValue, nextState: 'retry' as const, retryMinutes: 30, sale: false, rightPartyContact: true });
        await store.completionCodes.upsert(code('100', 'Later'));
        await store.completionCodes.ensure([code('9', 'Nine'), code('100', 'Changed'), code('X', 'Letter')]);
        assert.deepEqual(await store.completionCodes.list(), [code('9', 'Nine'), code('100', 'Later'), code('X', 'Letter')]);
        assert.equal(await store.completionCodes.findById('nope'), undefined);
      });
    });

    describe('queues', () => {
      it('are created, found by name, listed in creation order, changed and deleted', async () => {
        const billing = await store.queues.create(queueFixture('Billing'));
        assert.equal(typeof billing.id, 'number');
        assert.deepEqual(billing, { id: billing.id, ...queueFixture('Billing') });
        const overflow = await store.queues.create(queueFixture('Overflow', { routing: 'longestIdle', announcementSeconds: 0, wrapupSeconds: 0 }));
        assert.deepEqual(await store.queues.findByName('Billing'), billing);
        assert.equal(await store.queues.findByName('Nope'), undefined);
        assert.deepEqual(await store.queues.list(), [billing, overflow]);

        const { id: _id, name: _name, ...fields } = billing;
        const change = { ...fields, organizationName: 'Other', skill: 'TechIn', routing: 'longestIdle' as const, serviceLevelSeconds: 3600,
          overflowQueue: 'Overflow', overflowAfterSeconds: 1, completionCodes: ['DNC'], defaultCompletionCode: 'DNC' };
        assert.equal(await store.queues.update('Billing', change), true);
        assert.deepEqual(await store.queues.findByName('Billing'), { id: billing.id, name: 'Billing', ...change });
        assert.equal(await store.queues.update('Nope', change), false);

        assert.equal(await store.queues.delete('Billing'), true);
        assert.equal(await store.queues.delete('Billing'), false);
        assert.deepEqual(await store.queues.list(), [overflow]);
      });

      it('refuses a second queue of the same name', async () => {
        await store.queues.create(queueFixture('Billing'));
        await assert.rejects(store.queues.create(queueFixture('Billing', { organizationName: 'Other' })));
        assert.equal((await store.queues.list()).length, 1);
      });
    });

    describe('inbound calls', () => {
      it('insert a waiting call; an update sets only the fields it gives', async () => {
        const call = await store.inboundCalls.insert({ callId: 'UCID-1', queue: 'Billing', callingNumber: '+13125550100', arrivedAt: T0 });
        assert.equal(typeof call.id, 'number');
        assert.deepEqual(call, {
          id: call.id, callId: 'UCID-1', queue: 'Billing', overflowedFrom: null, callingNumber: '+13125550100', arrivedAt: T0,
          answeredAt: null, endedAt: null, result: 'waiting', agentId: null, completionCode: null,
        });
        await store.inboundCalls.update(call.id, { queue: 'Overflow', overflowedFrom: 'Billing' });
        await store.inboundCalls.update(call.id, { result: 'abandoned', endedAt: T0 + 95_000 });
        assert.deepEqual(await store.inboundCalls.abandoned({ from: T0, to: T0 + 1 }), [
          { ...call, queue: 'Overflow', overflowedFrom: 'Billing', result: 'abandoned', endedAt: T0 + 95_000 },
        ]);
        await assert.rejects(store.inboundCalls.update(call.id + 1000, { result: 'answered' }), /not found/);
      });

      it('abandoned: calls abandoned in queue that arrived in [from, to), oldest first, by queue, paged; countAbandoned counts them', async () => {
        const arrive = async (callId: string, queue: string, arrivedAt: number, change: Parameters<Store['inboundCalls']['update']>[1]) => {
          const call = await store.inboundCalls.insert({ callId, queue, callingNumber: `+1312555${callId.padStart(4, '0')}`, arrivedAt });
          await store.inboundCalls.update(call.id, change);
          return { ...call, ...change };
        };
        const gaveUp = (after: number) => ({ result: 'abandoned' as const, endedAt: after });
        const early = await arrive('1', 'Billing', T0 - 1, gaveUp(T0 + 10_000)); // before the period
        const first = await arrive('2', 'Billing', T0, gaveUp(T0 + 20_000));
        const third = await arrive('3', 'Tech', T0 + 3_000, gaveUp(T0 + 40_000));
        const second = await arrive('4', 'Billing', T0 + 2_000, gaveUp(T0 + 9_000));
        await arrive('5', 'Billing', T0 + 2_500, { result: 'answered', answeredAt: T0 + 4_000, endedAt: T0 + 60_000, agentId: '1001', completionCode: 'SALE' });
        await arrive('6', 'Billing', T0 + 2_600, {}); // still waiting
        await arrive('7', 'Billing', T0 + 60_000, gaveUp(T0 + 70_000)); // at `to`: after the period

        const period = { from: T0, to: T0 + 60_000 };
        assert.deepEqual(await store.inboundCalls.abandoned(period), [first, second, third]);
        assert.equal(await store.inboundCalls.countAbandoned(period), 3);
        assert.deepEqual(await store.inboundCalls.abandoned({ ...period, queue: 'Billing' }), [first, second]);
        assert.equal(await store.inboundCalls.countAbandoned({ ...period, queue: 'Billing' }), 2);
        assert.equal(await store.inboundCalls.countAbandoned({ ...period, queue: 'Nope' }), 0);
        assert.deepEqual(await store.inboundCalls.abandoned({ ...period, limit: 2 }), [first, second]);
        assert.deepEqual(await store.inboundCalls.abandoned({ ...period, limit: 2, offset: 2 }), [third]);
        assert.deepEqual(await store.inboundCalls.abandoned({ ...period, offset: 1 }), [second, third]);
        assert.deepEqual(await store.inboundCalls.abandoned({ from: T0 - 1, to: T0 }), [early]);
      });
    });

    describe('contact lists', () => {
      it('create, find and list', async () => {
        const a = await newList('A');
        const b = await newList('B');
        assert.deepEqual(a, { id: a.id, ...listFixture('A') });
        assert.deepEqual(await store.contactLists.findById(b.id), b);
        assert.deepEqual(await store.contactLists.findByName('A'), a);
        assert.equal(await store.contactLists.findByName('C'), undefined);
        assert.equal(await store.contactLists.findById(b.id + 100), undefined);
        assert.deepEqual(await store.contactLists.list(), [a, b]);
      });
    });

    describe('contacts', () => {
      it('insertMany round-trips every field and applies the defaults', async () => {
        const list = await newList();
        const plain = contactFixture('C1');
        const scheduled = contactFixture('C2', { state: 'uncallable', nextAttemptAt: T0 + 5, phones: [], emails: [], customFields: {} });
        assert.equal(await store.contacts.insertMany(list.id, [plain, scheduled]), 2);

        const first = defined(await store.contacts.findByUserContactId(list.id, 'C1'));
        assert.equal(typeof first.id, 'number');
        assert.deepEqual(first, {
          ...plain, id: first.id, contactListId: list.id, state: 'ready', attempts: 0, lastAttemptAt: null,
          nextAttemptAt: 0, lastResult: null, lastCompletionCode: null,
        });
        assert.deepEqual(await store.contacts.findById(first.id), first);

        const second = defined(await store.contacts.findByUserContactId(list.id, 'C2'));
        assert.deepEqual(second, {
          ...scheduled, id: second.id, contactListId: list.id, attempts: 0, lastAttemptAt: null,
          lastResult: null, lastCompletionCode: null,
        });
        assert.equal(await store.contacts.findById(second.id + 100), undefined);
        assert.equal(await store.contacts.findByUserContactId(list.id, 'C3'), undefined);
      });

      it('insertMany of nothing inserts nothing', async () => {
        const list = await newList();
        assert.equal(await store.contacts.insertMany(list.id, []), 0);
        assert.equal((await store.contacts.counts(list.id)).total, 0);
      });

      it('insertMany handles more contacts than one statement holds', async () => {
        const list = await newList();
        const contacts = Array.from({ length: 2500 }, (_, i) => contactFixture(`C${i}`, { priority: i % 3 }));
        assert.equal(await store.contacts.insertMany(list.id, contacts), 2500);
        assert.equal((await store.contacts.counts(list.id)).total, 2500);
        const last = defined(await store.contacts.findByUserContactId(list.id, 'C2499'));
        assert.equal(last.priority, 2499 % 3);
      });

      it('a userContactId repeated within the call rejects it all, naming the duplicate', async () => {
        const list = await newList();
        const contacts = [contactFixture('A'), contactFixture('DUP-7'), contactFixture('B'), contactFixture('DUP-7')];
        await assert.rejects(store.contacts.insertMany(list.id, contacts), /DUP-7/);
        assert.equal((await store.contacts.counts(list.id)).total, 0);
      });

      it('a userContactId already in the list rejects the whole call and leaves the list unchanged', async () => {
        const list = await newList();
        await store.contacts.insertMany(list.id, [contactFixture('OLD-1'), contactFixture('OLD-2')]);
        // The clash sits in the last statement's chunk: the earlier chunks must be rolled back too.
        const contacts = Array.from({ length: 2500 }, (_, i) => contactFixture(i === 2400 ? 'OLD-2' : `NEW-${i}`));
        await assert.rejects(store.contacts.insertMany(list.id, contacts), /OLD-2/);
        assert.equal((await store.contacts.counts(list.id)).total, 2);
        assert.equal(await store.contacts.findByUserContactId(list.id, 'NEW-0'), undefined);
      });

      it('insertMany into a list that does not exist is an error', async () => {
        const list = await newList();
        await assert.rejects(store.contacts.insertMany(list.id + 100, [contactFixture('C1')]));
        assert.equal(await store.contacts.findByUserContactId(list.id + 100, 'C1'), undefined);
      });

      it('the same userContactId may be in two lists', async () => {
        const a = await newList('A');
        const b = await newList('B');
        await store.contacts.insertMany(a.id, [contactFixture('X')]);
        await store.contacts.insertMany(b.id, [contactFixture('X', { firstName: 'Other' })]);
        assert.equal(defined(await store.contacts.findByUserContactId(b.id, 'X')).firstName, 'Other');
        assert.equal(defined(await store.contacts.findByUserContactId(a.id, 'X')).firstName, 'Zoë');
      });

      it('nextDialable orders by priority, then nextAttemptAt, then id', async () => {
        const list = await newList();
        const now = T0;
        await insertContacts(list.id, [
          contactFixture('low-early', { priority: 1, nextAttemptAt: now - 500 }),
          contactFixture('high-late', { priority: 5, nextAttemptAt: now - 10 }),
          contactFixture('high-early', { priority: 5, nextAttemptAt: now - 100 }),
          contactFixture('low-tie-1', { priority: 1, nextAttemptAt: now - 50 }),
          contactFixture('low-tie-2', { priority: 1, nextAttemptAt: now - 50 }),
          contactFixture('mid-now', { priority: 3, nextAttemptAt: now }),
        ]);
        const next = await store.contacts.nextDialable(list.id, now, 3, 10);
        assert.deepEqual(next.map((c) => c.userContactId), ['high-early', 'high-late', 'mid-now', 'low-early', 'low-tie-1', 'low-tie-2']);
        assert.ok(defined(next[4]).id < defined(next[5]).id);
      });

      it('nextDialable returns only ready, due contacts of the list under maxAttempts', async () => {
        const list = await newList();
        const other = await newList('Other');
        const now = T0;
        const [ready, , tried, maxed, inProgress, done] = await insertContacts(list.id, [
          contactFixture('ready', { nextAttemptAt: now - 1 }),
          contactFixture('future', { nextAttemptAt: now + 1 }),
          contactFixture('tried', { nextAttemptAt: now - 1 }),
          contactFixture('maxed', { nextAttemptAt: now - 1 }),
          contactFixture('in-progress', { nextAttemptAt: now - 1 }),
          contactFixture('done', { nextAttemptAt: now - 1 }),
          contactFixture('uncallable', { nextAttemptAt: now - 1, state: 'uncallable' }),
        ]);
        await store.contacts.insertMany(other.id, [contactFixture('other-list')]);
        const retry = { state: 'ready', nextAttemptAt: now - 1, lastResult: 'Call_Busy', lastCompletionCode: null, attemptedAt: now - 2 } as const;
        await store.contacts.recordOutcome(defined(tried).id, retry);
        await store.contacts.recordOutcome(defined(maxed).id, retry);
        await store.contacts.recordOutcome(defined(maxed).id, retry);
        assert.equal(await store.contacts.claim(defined(inProgress).id), true);
        await store.contacts.setState(defined(done).id, 'done');

        const next = await store.contacts.nextDialable(list.id, now, 2, 10);
        assert.deepEqual(next.map((c) => c.userContactId).sort(), ['ready', 'tried']);
        const tryOnce = await store.contacts.nextDialable(list.id, now, 1, 10);
        assert.deepEqual(tryOnce.map((c) => c.userContactId), ['ready']);
        assert.deepEqual(tryOnce[0], ready);
      });

      it('nextDueAt is the earliest time a ready contact under maxAttempts comes due; null when none is left', async () => {
        const list = await newList();
        assert.equal(await store.contacts.nextDueAt(list.id, 3), null, 'an empty list');
        const [early, late] = await insertContacts(list.id, [
          contactFixture('early', { nextAttemptAt: T0 + 60_000 }),
          contactFixture('late', { nextAttemptAt: T0 + 3_600_000 }),
        ]);
        assert.equal(await store.contacts.nextDueAt(list.id, 3), T0 + 60_000);
        // Taken, or at its last attempt, a contact no longer comes due.
        assert.equal(await store.contacts.claim(defined(early).id), true);
        assert.equal(await store.contacts.nextDueAt(list.id, 3), T0 + 3_600_000);
        await store.contacts.recordOutcome(defined(late).id, { state: 'ready', nextAttemptAt: T0 + 7_200_000, lastResult: 'Call_Busy', lastCompletionCode: null, attemptedAt: T0 });
        assert.equal(await store.contacts.nextDueAt(list.id, 3), T0 + 7_200_000);
        assert.equal(await store.contacts.nextDueAt(list.id, 1), null);
      });

      it('deferToWindow puts a contact off to an opening that undeferFromWindows takes back; a retry time is kept', async () => {
        const list = await newList();
        const other = await newList('Other');
        const [deferred, retried, released] = await insertContacts(list.id, [
          contactFixture('deferred', { nextAttemptAt: T0 - 10 }),
          contactFixture('retried', { nextAttemptAt: T0 - 10 }),
          contactFixture('released', { nextAttemptAt: T0 - 10 }),
        ]);
        const [elsewhere] = await insertContacts(other.id, [contactFixture('elsewhere', { nextAttemptAt: T0 - 10 })]);
        const opening = T0 + 8 * 3_600_000;
        for (const c of [deferred, retried, released, elsewhere]) await store.contacts.deferToWindow(defined(c).id, opening, T0);
        assert.equal(defined(await store.contacts.findById(defined(deferred).id)).nextAttemptAt, opening);
        assert.deepEqual(await store.contacts.nextDialable(list.id, T0, 3, 10), [], 'none due before the opening');
        // An attempt or a release sets a time of the contact's own: no longer the window's.
        await store.contacts.recordOutcome(defined(retried).id, { state: 'ready', nextAttemptAt: T0 + 3_600_000, lastResult: 'Call_Busy', lastCompletionCode: null, attemptedAt: T0 });
        await store.contacts.release(defined(released).id, T0 + 600_000);

        assert.equal(await store.contacts.undeferFromWindows(list.id, T0 + 1000), 1);
        assert.equal(defined(await store.contacts.findById(defined(deferred).id)).nextAttemptAt, T0 + 1000);
        assert.equal(defined(await store.contacts.findById(defined(retried).id)).nextAttemptAt, T0 + 3_600_000);
        assert.equal(defined(await store.contacts.findById(defined(released).id)).nextAttemptAt, T0 + 600_000);
        assert.equal(defined(await store.contacts.findById(defined(elsewhere).id)).nextAttemptAt, opening, 'another list is left alone');
        assert.equal(await store.contacts.undeferFromWindows(list.id, T0 + 2000), 0, 'once');
      });

      it('nextDialable honours limit and excludeIds', async () => {
        const list = await newList();
        const contacts = await insertContacts(list.id, Array.from({ length: 6 }, (_, i) => contactFixture(`C${i}`, { nextAttemptAt: i })));
        const ids = contacts.map((c) => c.id);
        assert.deepEqual((await store.contacts.nextDialable(list.id, T0, 3, 2)).map((c) => c.id), ids.slice(0, 2));
        const excluded = [defined(ids[0]), defined(ids[2])];
        assert.deepEqual(
          (await store.contacts.nextDialable(list.id, T0, 3, 3, excluded)).map((c) => c.id),
          [ids[1], ids[3], ids[4]],
        );
        assert.deepEqual((await store.contacts.nextDialable(list.id, T0, 3, 10, [])).length, 6);
      });

      it('claim takes a ready contact once', async () => {
        const list = await newList();
        const [contact] = await insertContacts(list.id, [contactFixture('C1')]);
        const id = defined(contact).id;
        assert.equal(await store.contacts.claim(id), true);
        assert.equal(defined(await store.contacts.findById(id)).state, 'in_progress');
        assert.equal(await store.contacts.claim(id), false);
        assert.equal(await store.contacts.claim(id + 100), false);
      });

      it('of two concurrent claims exactly one wins', async () => {
        const list = await newList();
        const contacts = await insertContacts(list.id, Array.from({ length: 20 }, (_, i) => contactFixture(`C${i}`)));
        for (const contact of contacts) {
          const results = await Promise.all([store.contacts.claim(contact.id), store.contacts.claim(contact.id)]);
          assert.deepEqual(results.sort(), [false, true]);
        }
      });

      it('claim refuses contacts that are done or uncallable', async () => {
        const list = await newList();
        const [done, uncallable] = await insertContacts(list.id, [contactFixture('D'), contactFixture('U', { state: 'uncallable' })]);
        await store.contacts.setState(defined(done).id, 'done');
        assert.equal(await store.contacts.claim(defined(done).id), false);
        assert.equal(await store.contacts.claim(defined(uncallable).id), false);
      });

      it('recordOutcome counts the attempt and sets the result fields', async () => {
        const list = await newList();
        const [contact] = await insertContacts(list.id, [contactFixture('C1')]);
        const id = defined(contact).id;
        await store.contacts.claim(id);
        await store.contacts.recordOutcome(id, {
          state: 'ready', nextAttemptAt: T0 + 3_600_000, lastResult: 'Ring_No_Answer', lastCompletionCode: null, attemptedAt: T0,
        });
        assert.deepEqual(await store.contacts.findById(id), {
          ...contact, state: 'ready', attempts: 1, nextAttemptAt: T0 + 3_600_000, lastResult: 'Ring_No_Answer',
          lastCompletionCode: null, lastAttemptAt: T0,
        });
        await store.contacts.claim(id);
        await store.contacts.recordOutcome(id, {
          state: 'done', nextAttemptAt: T0 + 7_200_000, lastResult: 'Answer_Human', lastCompletionCode: 'SALE', attemptedAt: T0 + 7_200_000,
        });
        const after = defined(await store.contacts.findById(id));
        assert.equal(after.attempts, 2);
        assert.equal(after.state, 'done');
        assert.equal(after.lastResult, 'Answer_Human');
        assert.equal(after.lastCompletionCode, 'SALE');
        assert.equal(after.lastAttemptAt, T0 + 7_200_000);
        await assert.rejects(store.contacts.recordOutcome(id + 100, {
          state: 'done', nextAttemptAt: T0, lastResult: 'Answer_Human', lastCompletionCode: null, attemptedAt: T0,
        }), /not found/);
      });

      it('release puts a claimed contact back without counting an attempt', async () => {
        const list = await newList();
        const [contact, done] = await insertContacts(list.id, [contactFixture('C1'), contactFixture('C2')]);
        const id = defined(contact).id;
        await store.contacts.claim(id);
        await store.contacts.release(id, T0 + 60_000);
        const released = defined(await store.contacts.findById(id));
        assert.equal(released.state, 'ready');
        assert.equal(released.nextAttemptAt, T0 + 60_000);
        assert.equal(released.attempts, 0);
        assert.equal(released.lastAttemptAt, null);
        assert.equal((await store.contacts.nextDialable(list.id, T0, 3, 10)).some((c) => c.id === id), false);
        assert.equal((await store.contacts.nextDialable(list.id, T0 + 60_000, 3, 10)).some((c) => c.id === id), true);

        // A contact finished meanwhile stays finished.
        await store.contacts.setState(defined(done).id, 'done');
        await store.contacts.release(defined(done).id, T0);
        assert.equal(defined(await store.contacts.findById(defined(done).id)).state, 'done');
        await assert.rejects(store.contacts.release(id + 100, T0), /not found/);
      });

      it('setState changes the state; an unknown id is an error', async () => {
        const list = await newList();
        const [contact] = await insertContacts(list.id, [contactFixture('C1')]);
        await store.contacts.setState(defined(contact).id, 'uncallable');
        assert.equal(defined(await store.contacts.findById(defined(contact).id)).state, 'uncallable');
        await assert.rejects(store.contacts.setState(defined(contact).id + 100, 'done'), /not found/);
      });

      it('inProgress lists the in-progress contacts of that list only', async () => {
        const list = await newList();
        const other = await newList('Other');
        const mine = await insertContacts(list.id, Array.from({ length: 4 }, (_, i) => contactFixture(`C${i}`)));
        const [theirs] = await insertContacts(other.id, [contactFixture('T')]);
        for (const c of mine.slice(0, 3)) await store.contacts.claim(c.id);
        await store.contacts.setState(defined(mine[2]).id, 'done');
        await store.contacts.claim(defined(theirs).id);

        assert.deepEqual((await store.contacts.inProgress(list.id)).map((c) => [c.userContactId, c.state]), [['C0', 'in_progress'], ['C1', 'in_progress']]);
        assert.deepEqual((await store.contacts.inProgress(other.id)).map((c) => c.userContactId), ['T']);
      });

      it('counts contacts by state', async () => {
        const list = await newList();
        const other = await newList('Other');
        const contacts = await insertContacts(list.id, Array.from({ length: 7 }, (_, i) => contactFixture(`C${i}`)));
        await store.contacts.insertMany(other.id, [contactFixture('T')]);
        await store.contacts.claim(defined(contacts[0]).id);
        await store.contacts.setState(defined(contacts[1]).id, 'done');
        await store.contacts.setState(defined(contacts[2]).id, 'done');
        await store.contacts.setState(defined(contacts[3]).id, 'uncallable');
        assert.deepEqual(await store.contacts.counts(list.id), { total: 7, available: 3, excluded: 1, done: 2, inProgress: 1 });
        assert.deepEqual(await store.contacts.counts(other.id + 100), { total: 0, available: 0, excluded: 0, done: 0, inProgress: 0 });
      });
    });

    describe('dnc', () => {
      it('createList, findListByName and lists', async () => {
        const phone = await store.dnc.createList({ name: 'Internal', organizationName: 'Acme', listType: 'phone' }, T0);
        const email = await store.dnc.createList({ name: 'Mail', organizationName: 'Acme', listType: 'email' }, T0 + 1);
        assert.deepEqual(phone, { id: phone.id, name: 'Internal', organizationName: 'Acme', listType: 'phone', lastUpdated: T0 });
        assert.deepEqual(await store.dnc.findListByName('Mail'), email);
        assert.equal(await store.dnc.findListByName('None'), undefined);
        assert.deepEqual(await store.dnc.lists(), [phone, email]);
      });

      it('addAddresses counts new addresses only, duplicates once', async () => {
        const list = await store.dnc.createList({ name: 'Internal', organizationName: 'Acme', listType: 'phone' }, T0);
        assert.equal(await store.dnc.addAddresses(list.id, ['+13125550100', '+13125550101', '+13125550100'], T0 + 1), 2);
        assert.equal(await store.dnc.addAddresses(list.id, ['+13125550101', '+13125550102'], T0 + 2), 1);
        assert.equal(await store.dnc.addAddresses(list.id, ['+13125550102'], T0 + 3), 0);
        assert.equal(await store.dnc.addAddresses(list.id, [], T0 + 4), 0);
        assert.equal(await store.dnc.countAddresses(list.id), 3);
        // lastUpdated moves when the list changes, not on a no-op.
        assert.equal(defined(await store.dnc.findListByName('Internal')).lastUpdated, T0 + 2);
      });

      it('addedBetween pages the addresses of lists added in a range, with their source', async () => {
        const a = await store.dnc.createList({ name: 'A', organizationName: 'Acme', listType: 'phone' }, T0);
        const b = await store.dnc.createList({ name: 'B', organizationName: 'Acme', listType: 'phone' }, T0);
        await store.dnc.addAddresses(a.id, ['+13125550102', '+13125550101'], T0 + 1);
        await store.dnc.addAddresses(a.id, ['+13125550103'], T0 + 2, 'dialer');
        await store.dnc.addAddresses(b.id, ['+13125550104'], T0 + 2);
        await store.dnc.addAddresses(a.id, ['+13125550105'], T0 + 9);
        assert.deepEqual(await store.dnc.addedBetween([a.id, b.id], T0, T0 + 9, 3, 1), {
          total: 4,
          rows: [
            { dncListId: a.id, address: '+13125550102', addedAt: T0 + 1, source: 'manual' },
            { dncListId: a.id, address: '+13125550103', addedAt: T0 + 2, source: 'dialer' },
            { dncListId: b.id, address: '+13125550104', addedAt: T0 + 2, source: 'manual' },
          ],
        });
        assert.equal((await store.dnc.addedBetween([b.id], T0, T0 + 10, 10, 0)).total, 1);
        assert.deepEqual(await store.dnc.addedBetween([], T0, T0 + 10, 10, 0), { rows: [], total: 0 });
      });

      it('adds many addresses at once', async () => {
        const list = await store.dnc.createList({ name: 'Big', organizationName: 'Acme', listType: 'phone' }, T0);
        const addresses = Array.from({ length: 5000 }, (_, i) => `+1312${String(i).padStart(7, '0')}`);
        assert.equal(await store.dnc.addAddresses(list.id, addresses, T0), 5000);
        assert.equal(await store.dnc.countAddresses(list.id), 5000);
        assert.equal(await store.dnc.isListed([list.id], '+13120004999'), true);
      });

      it('removeAddresses counts removed addresses', async () => {
        const list = await store.dnc.createList({ name: 'Internal', organizationName: 'Acme', listType: 'phone' }, T0);
        await store.dnc.addAddresses(list.id, ['a', 'b', 'c'], T0);
        assert.equal(await store.dnc.removeAddresses(list.id, ['a', 'a', 'x'], T0 + 10), 1);
        assert.equal(await store.dnc.removeAddresses(list.id, ['a'], T0 + 20), 0);
        assert.equal(await store.dnc.countAddresses(list.id), 2);
        assert.equal(defined(await store.dnc.findListByName('Internal')).lastUpdated, T0 + 10);
      });

      it('isListed looks at the given lists only', async () => {
        const a = await store.dnc.createList({ name: 'A', organizationName: 'Acme', listType: 'phone' }, T0);
        const b = await store.dnc.createList({ name: 'B', organizationName: 'Acme', listType: 'phone' }, T0);
        await store.dnc.addAddresses(a.id, ['+13125550100'], T0);
        await store.dnc.addAddresses(b.id, ['+13125550199'], T0);
        assert.equal(await store.dnc.isListed([a.id], '+13125550100'), true);
        assert.equal(await store.dnc.isListed([b.id], '+13125550100'), false);
        assert.equal(await store.dnc.isListed([b.id, a.id], '+13125550100'), true);
        assert.equal(await store.dnc.isListed([a.id, b.id], '+13125550199'), true);
        assert.equal(await store.dnc.isListed([a.id, b.id], '+13125550101'), false);
        assert.equal(await store.dnc.isListed([], '+13125550100'), false);
        await store.dnc.removeAddresses(a.id, ['+13125550100'], T0);
        assert.equal(await store.dnc.isListed([a.id], '+13125550100'), false);
      });
    });

    describe('jobs', () => {
      it('create starts a running job; setState ends it when stopped or completed', async () => {
        const { campaign } = await campaignWithContact();
        const job = await store.jobs.create(campaign.id, T0 + 10);
        assert.deepEqual(job, { id: job.id, campaignId: campaign.id, state: 'running', startedAt: T0 + 10, endedAt: null });
        assert.deepEqual(await store.jobs.findById(job.id), job);

        await store.jobs.setState(job.id, 'paused', T0 + 20);
        assert.deepEqual(await store.jobs.findById(job.id), { ...job, state: 'paused', endedAt: null });
        await store.jobs.setState(job.id, 'running', T0 + 30);
        await store.jobs.setState(job.id, 'completed', T0 + 40);
        assert.deepEqual(await store.jobs.findById(job.id), { ...job, state: 'completed', endedAt: T0 + 40 });
        assert.equal(await store.jobs.findById(job.id + 100), undefined);
        await assert.rejects(store.jobs.setState(job.id + 100, 'stopped', T0), /not found/);
      });

      it('active lists running and paused jobs; list filters by campaign', async () => {
        const first = await campaignWithContact('First');
        const second = await campaignWithContact('Second');
        const paused = await store.jobs.create(first.campaign.id, T0);
        const stopped = await store.jobs.create(second.campaign.id, T0);
        await store.jobs.setState(paused.id, 'paused', T0 + 1);
        await store.jobs.setState(stopped.id, 'stopped', T0 + 1);

        const active = await store.jobs.active();
        assert.deepEqual(active.map((j) => j.id), [first.job.id, second.job.id, paused.id]);
        assert.deepEqual(active.map((j) => j.state), ['running', 'running', 'paused']);
        assert.deepEqual((await store.jobs.list(first.campaign.id)).map((j) => j.id), [first.job.id, paused.id]);
        assert.deepEqual((await store.jobs.list()).map((j) => j.id), [first.job.id, second.job.id, paused.id, stopped.id]);
      });
    });

    describe('attempts', () => {
      it('insert starts an attempt with nothing but the dial; update fills it in', async () => {
        const { campaign, contact, job } = await campaignWithContact();
        const attempt = await store.attempts.insert({
          jobId: job.id, campaignId: campaign.id, contactId: contact.id, number: '+13125550100', kind: 'predictive', dialedAt: T0,
        });
        assert.deepEqual(attempt, {
          id: attempt.id, jobId: job.id, campaignId: campaign.id, contactId: contact.id, number: '+13125550100',
          kind: 'predictive', dialedAt: T0, answeredAt: null, connectedAt: null, endedAt: null, result: null,
          agentId: null, completionCode: null, abandoned: false, nuisance: false, amdHangup: false,
        });
        assert.deepEqual(await store.attempts.findById(attempt.id), attempt);

        await store.attempts.update(attempt.id, { answeredAt: T0 + 5, result: 'Answer_Human', abandoned: true });
        const answered = { ...attempt, answeredAt: T0 + 5, result: 'Answer_Human' as const, abandoned: true };
        assert.deepEqual(await store.attempts.findById(attempt.id), answered);

        const full = {
          answeredAt: T0 + 6, connectedAt: T0 + 7, endedAt: T0 + 60, result: 'Answer_Machine' as const, agentId: '1001',
          completionCode: 'SALE', abandoned: false, nuisance: true, amdHangup: true,
        };
        await store.attempts.update(attempt.id, full);
        assert.deepEqual(await store.attempts.findById(attempt.id), { ...attempt, ...full });
        await store.attempts.update(attempt.id, { agentId: null, completionCode: null });
        assert.deepEqual(await store.attempts.findById(attempt.id), { ...attempt, ...full, agentId: null, completionCode: null });

        await assert.rejects(store.attempts.update(attempt.id + 100, { endedAt: T0 }), /not found/);
        assert.equal(await store.attempts.findById(attempt.id + 100), undefined);
      });

      it('finds the latest attempt of a contact', async () => {
        const { campaign, contact, job } = await campaignWithContact();
        assert.equal(await store.attempts.latestOfContact(contact.id), undefined);
        const dial = (at: number) => store.attempts.insert({ jobId: job.id, campaignId: campaign.id, contactId: contact.id, number: '+13125550100', kind: 'predictive', dialedAt: at });
        await dial(T0);
        const second = await dial(T0 + 60_000);
        assert.deepEqual(await store.attempts.latestOfContact(contact.id), second);
      });

      it('counts the attempts on one number of a contact', async () => {
        const { campaign, contact, job } = await campaignWithContact();
        const dial = (number: string) => store.attempts.insert({ jobId: job.id, campaignId: campaign.id, contactId: contact.id, number, kind: 'predictive', dialedAt: T0 });
        await dial('+13125550100');
        await dial('+13125550100');
        await dial('+13125550199');
        assert.equal(await store.attempts.countForNumber(contact.id, '+13125550100'), 2);
        assert.equal(await store.attempts.countForNumber(contact.id, '+13125550199'), 1);
        assert.equal(await store.attempts.countForNumber(contact.id + 1, '+13125550100'), 0);
      });

      it('insert keeps the agent of a preview attempt', async () => {
        const { campaign, contact, job } = await campaignWithContact();
        const attempt = await store.attempts.insert({
          jobId: job.id, campaignId: campaign.id, contactId: contact.id, number: '+1', kind: 'preview', dialedAt: T0, agentId: '1001',
        });
        assert.equal(defined(await store.attempts.findById(attempt.id)).agentId, '1001');
      });

      it('listByJob and listBetween', async () => {
        const a = await campaignWithContact('A');
        const b = await campaignWithContact('B');
        const otherJob = await store.jobs.create(a.campaign.id, T0);
        const dial = (c: typeof a, jobId: number, dialedAt: number) => store.attempts.insert({
          jobId, campaignId: c.campaign.id, contactId: c.contact.id, number: '+1', kind: 'progressive', dialedAt,
        });
        const late = await dial(a, a.job.id, T0 + 3000);
        const early = await dial(a, a.job.id, T0 + 1000);
        const elsewhere = await dial(a, otherJob.id, T0 + 2000);
        const fromB = await dial(b, b.job.id, T0 + 2000);
        const edge = await dial(b, b.job.id, T0 + 4000);

        assert.deepEqual((await store.attempts.listByJob(a.job.id)).map((x) => x.id), [late.id, early.id]);
        assert.deepEqual(await store.attempts.listByJob(otherJob.id), [elsewhere]);
        assert.deepEqual(
          (await store.attempts.listBetween(T0 + 1000, T0 + 4000)).map((x) => x.id),
          [early.id, elsewhere.id, fromB.id, late.id],
        );
        assert.deepEqual(await store.attempts.listBetween(T0 + 4000, T0 + 4001), [edge]);
      });

      it('report pages the attempts of a range with their contacts, by campaign, nuisance and completion codes', async () => {
        const a = await campaignWithContact('A');
        const b = await campaignWithContact('B');
        const sold = await dial(a, T0 + 1, { result: 'Answer_Human', completionCode: '69' });
        const dropped = await dial(a, T0 + 2, { answeredAt: T0 + 3, abandoned: true });
        const left = await dial(b, T0 + 3, { answeredAt: T0 + 4, nuisance: true, completionCode: '69' });
        await dial(a, T0 + 10, {});

        assert.deepEqual(await store.attempts.report({ from: T0, to: T0 + 10 }, 2, 1), { rows: [dropped, left], total: 3 });
        assert.deepEqual(await store.attempts.report({ from: T0, to: T0 + 10, campaignId: b.campaign.id }, 10, 0), { rows: [left], total: 1 });
        assert.deepEqual((await store.attempts.report({ from: T0, to: T0 + 10, nuisance: true }, 10, 0)).rows.map((r) => r.id), [dropped.id, left.id]);
        const codes = { from: T0, to: T0 + 10, completionCodes: [{ campaignId: a.campaign.id, codeIds: ['69'] }, { campaignId: b.campaign.id, codeIds: [] }] };
        assert.deepEqual((await store.attempts.report(codes, 10, 0)).rows.map((r) => r.id), [sold.id]);
        assert.deepEqual(await store.attempts.report({ from: T0, to: T0 + 10, completionCodes: [] }, 10, 0), { rows: [], total: 0 });
      });

      it('notAttempted pages the contacts no attempt dialed before a time', async () => {
        const a = await campaignWithContact('A');
        const [second, purged] = await insertContacts(a.list.id, [contactFixture('A-2'), contactFixture('A-3')]);
        await store.contacts.purge(a.list.id, defined(purged).userContactId);
        await dial(a, T0 + 5, {});
        assert.deepEqual(await store.contacts.notAttempted([a.list.id], T0 + 5, 10, 0), { contacts: [a.contact, defined(second)], total: 2 });
        assert.deepEqual(await store.contacts.notAttempted([a.list.id], T0 + 6, 1, 0), { contacts: [defined(second)], total: 1 });
        assert.deepEqual(await store.contacts.notAttempted([], T0, 10, 0), { contacts: [], total: 0 });
      });

      it('jobTotals sums each job\'s attempts of a range', async () => {
        const a = await campaignWithContact('A');
        const b = await campaignWithContact('B');
        await dial(a, T0, { answeredAt: T0 + 1000, connectedAt: T0 + 2000, endedAt: T0 + 62_000, result: 'Answer_Human', agentId: '1001' });
        await dial(a, T0 + 1, { answeredAt: T0 + 1000, connectedAt: T0 + 1500, endedAt: T0 + 31_500, result: 'Answer_Human', agentId: '1002' });
        await dial(a, T0 + 2, { answeredAt: T0 + 900, endedAt: T0 + 3000, result: 'Abandoned', abandoned: true });
        await dial(a, T0 + 3, { answeredAt: T0 + 900, endedAt: T0 + 950, result: 'Answer_Machine' });
        await dial(a, T0 + 4, { endedAt: T0 + 25_000, result: 'Ring_No_Answer' });
        await dial(b, T0 + 5, { answeredAt: T0 + 900, connectedAt: T0 + 1000, nuisance: true, agentId: '1001' });
        await dial(a, T0 + 10, {});

        const totals = await store.attempts.jobTotals({ from: T0, to: T0 + 10, campaignIds: [a.campaign.id, b.campaign.id] }, 10, 0);
        assert.deepEqual(totals, {
          total: 2,
          rows: [
            { jobId: a.job.id, campaignId: a.campaign.id, dials: 5, answered: 4, liveAnswers: 3, connects: 2, abandoned: 1, nuisance: 0, talkSeconds: 90, agents: 2 },
            { jobId: b.job.id, campaignId: b.campaign.id, dials: 1, answered: 1, liveAnswers: 0, connects: 1, abandoned: 0, nuisance: 1, talkSeconds: 0, agents: 1 },
          ],
        });
        assert.deepEqual((await store.attempts.jobTotals({ from: T0, to: T0 + 10, campaignIds: [b.campaign.id] }, 10, 0)).rows.map((r) => r.jobId), [b.job.id]);
        assert.deepEqual(await store.attempts.jobTotals({ from: T0, to: T0 + 10, campaignIds: [] }, 10, 0), { rows: [], total: 0 });
      });

      it('counts the attempts of a campaign since a time', async () => {
        const a = await campaignWithContact('A');
        const b = await campaignWithContact('B');
        await dial(a, T0 - 1, { endedAt: T0, result: 'Answer_Human', connectedAt: T0 }); // before `since`
        await dial(a, T0, { answeredAt: T0 + 1, connectedAt: T0 + 2, endedAt: T0 + 9, result: 'Answer_Human' });
        await dial(a, T0 + 10, { answeredAt: T0 + 11, endedAt: T0 + 12, result: 'Abandoned', abandoned: true });
        await dial(a, T0 + 20, { endedAt: T0 + 40, result: 'Ring_No_Answer' });
        await dial(a, T0 + 30, {}); // still ringing
        await dial(a, T0 + 35, { answeredAt: T0 + 36, abandoned: true }); // abandoned, result not written yet
        await dial(a, T0 + 37, { answeredAt: T0 + 38, connectedAt: T0 + 39 }); // talking: a live answer already
        await dial(a, T0 + 38, { answeredAt: T0 + 38, connectedAt: T0 + 39, endedAt: T0 + 45, result: 'Unknown' }); // talking when the dialer stopped
        await dial(a, T0 + 39, { endedAt: T0 + 45, result: 'Unknown' }); // ringing when the dialer stopped
        await dial(a, T0 + 40, { answeredAt: T0 + 41, connectedAt: T0 + 42, endedAt: T0 + 50, result: 'Answer_Machine' });
        await dial(b, T0 + 5, { endedAt: T0 + 6, result: 'Abandoned', abandoned: true });

        assert.deepEqual(await store.attempts.counts(a.campaign.id, T0), {
          total: 9, ended: 6, liveAnswers: 5, connected: 4, abandoned: 2,
        });
        assert.deepEqual(await store.attempts.counts(a.campaign.id, T0 + 41), {
          total: 0, ended: 0, liveAnswers: 0, connected: 0, abandoned: 0,
        });
        assert.deepEqual(await store.attempts.counts(b.campaign.id, 0), {
          total: 1, ended: 1, liveAnswers: 1, connected: 0, abandoned: 1,
        });
        assert.deepEqual(await store.attempts.resultCounts(a.campaign.id, T0), [
          { result: 'Abandoned', count: 1 }, { result: 'Answer_Human', count: 1 }, { result: 'Answer_Machine', count: 1 }, { result: 'Ring_No_Answer', count: 1 },
          { result: 'Unknown', count: 2 },
        ]);
        assert.deepEqual(await store.attempts.resultCounts(a.campaign.id, T0 + 41), []);
      });
      it('closeOpen ends the open attempts of a job as Unknown and marks answered ones nuisance', async () => {
        const a = await campaignWithContact('A');
        const otherJob = await store.jobs.create(a.campaign.id, T0);
        const dial = async (jobId: number, change: Parameters<Store['attempts']['update']>[1]) => {
          const attempt = await store.attempts.insert({
            jobId, campaignId: a.campaign.id, contactId: a.contact.id, number: '+1', kind: 'predictive', dialedAt: T0,
          });
          await store.attempts.update(attempt.id, change);
          return attempt.id;
        };
        const ringing = await dial(a.job.id, {});
        const answered = await dial(a.job.id, { answeredAt: T0 + 5 });
        const machine = await dial(a.job.id, { answeredAt: T0 + 5, amdHangup: true });
        const ended = await dial(a.job.id, { endedAt: T0 + 9, result: 'Call_Busy' });
        const elsewhere = await dial(otherJob.id, {});

        assert.equal(await store.attempts.closeOpen(a.job.id, T0 + 100), 3);
        const get = async (id: number) => defined(await store.attempts.findById(id));
        assert.deepEqual([(await get(ringing)).result, (await get(ringing)).endedAt, (await get(ringing)).nuisance], ['Unknown', T0 + 100, false]);
        assert.deepEqual([(await get(answered)).result, (await get(answered)).nuisance], ['Unknown', true]);
        assert.deepEqual([(await get(machine)).result, (await get(machine)).nuisance], ['Unknown', false]);
        assert.deepEqual([(await get(ended)).result, (await get(ended)).endedAt], ['Call_Busy', T0 + 9]);
        assert.equal((await get(elsewhere)).endedAt, null);
      });
    });

    describe('callbacks', () => {
      function callbackFixture(campaignId: number, contactId: number, overrides: Partial<NewCallback> = {}): NewCallback {
        return {
          campaignId, contactId, type: 'Agent', agentId: '1001', dueAt: T0, expiresAt: T0 + 3_600_000,
          number: '+13125550100', timezone: 'America/Chicago', notes: 'After 5, "ask for Zoë"', createdAt: T0 - 1000,
          ...overrides,
        };
      }

      it('create makes a pending callback and round-trips every field', async () => {
        const { campaign, contact } = await campaignWithContact();
        const input = callbackFixture(campaign.id, contact.id);
        const created = await store.callbacks.create(input);
        assert.deepEqual(created, { ...input, id: created.id, state: 'pending' });
        assert.deepEqual(await store.callbacks.findById(created.id), created);
        const campaignWide = await store.callbacks.create(callbackFixture(campaign.id, contact.id, { type: 'Campaign', agentId: null }));
        assert.equal(defined(await store.callbacks.findById(campaignWide.id)).agentId, null);
        assert.equal(await store.callbacks.findById(created.id + 100), undefined);
      });

      it('due returns the pending callbacks of the campaign due by now, expired ones included', async () => {
        const a = await campaignWithContact('A');
        const b = await campaignWithContact('B');
        const now = T0 + 2000;
        const later = await store.callbacks.create(callbackFixture(a.campaign.id, a.contact.id, { dueAt: now, expiresAt: now + 10 }));
        const expired = await store.callbacks.create(callbackFixture(a.campaign.id, a.contact.id, { dueAt: T0, expiresAt: T0 + 1 }));
        await store.callbacks.create(callbackFixture(a.campaign.id, a.contact.id, { dueAt: now + 1 }));
        const done = await store.callbacks.create(callbackFixture(a.campaign.id, a.contact.id, { dueAt: T0 }));
        await store.callbacks.transition(done.id, 'pending', 'done');
        await store.callbacks.create(callbackFixture(b.campaign.id, b.contact.id, { dueAt: T0 }));

        assert.deepEqual(await store.callbacks.due(a.campaign.id, now), [expired, later]);
        assert.deepEqual(await store.callbacks.due(a.campaign.id, T0 - 1), []);
      });

      it('list with filters', async () => {
        const { campaign, contact } = await campaignWithContact();
        const mine = await store.callbacks.create(callbackFixture(campaign.id, contact.id, { dueAt: T0 + 2 }));
        const theirs = await store.callbacks.create(callbackFixture(campaign.id, contact.id, { agentId: '1002', dueAt: T0 + 1 }));
        const anyone = await store.callbacks.create(callbackFixture(campaign.id, contact.id, { type: 'Standard', agentId: null, dueAt: T0 }));
        await store.callbacks.transition(theirs.id, 'pending', 'delivered');

        assert.deepEqual((await store.callbacks.list()).map((c) => c.id), [anyone.id, theirs.id, mine.id]);
        assert.deepEqual((await store.callbacks.list({ state: 'pending' })).map((c) => c.id), [anyone.id, mine.id]);
        assert.deepEqual(await store.callbacks.list({ agentId: '1002' }), [{ ...theirs, state: 'delivered' }]);
        assert.deepEqual(await store.callbacks.list({ state: 'pending', agentId: '1002' }), []);
      });

      it('transition and reschedule change a callback only from the state they expect', async () => {
        const { campaign, contact } = await campaignWithContact();
        const cb = await store.callbacks.create(callbackFixture(campaign.id, contact.id, { dueAt: T0 + 100, expiresAt: T0 + 200 }));
        assert.equal(await store.callbacks.transition(cb.id, 'pending', 'delivered', T0 + 99), false, 'not due by then');
        assert.equal(await store.callbacks.reschedule(cb.id, T0 + 50, T0 + 150), true);
        assert.equal(await store.callbacks.transition(cb.id, 'pending', 'delivered', T0 + 99), true);
        assert.equal(await store.callbacks.transition(cb.id, 'pending', 'cancelled'), false, 'delivered first: the cancel loses');
        assert.equal(await store.callbacks.reschedule(cb.id, T0 + 500, T0 + 600), false);
        assert.deepEqual(await store.callbacks.findById(cb.id), { ...cb, dueAt: T0 + 50, expiresAt: T0 + 150, state: 'delivered' });
        assert.equal(await store.callbacks.transition(cb.id + 100, 'pending', 'cancelled'), false);
      });

      it('page filters by state, campaign, owner and due time, with counts per state', async () => {
        const a = await campaignWithContact('A');
        const b = await campaignWithContact('B');
        const make = (campaignId: number, contactId: number, dueAt: number, agentId: string | null) =>
          store.callbacks.create(callbackFixture(campaignId, contactId, { dueAt, agentId, type: agentId === null ? 'Campaign' : 'Agent' }));
        const first = await make(a.campaign.id, a.contact.id, T0 + 10, '1001');
        const second = await make(a.campaign.id, a.contact.id, T0 + 20, null);
        const third = await make(a.campaign.id, a.contact.id, T0 + 30, '1001');
        const other = await make(b.campaign.id, b.contact.id, T0 + 15, '1001');
        await store.callbacks.transition(second.id, 'pending', 'cancelled');

        const all = await store.callbacks.page({}, 10, 0);
        assert.deepEqual(all.callbacks.map((c) => c.id), [first.id, other.id, second.id, third.id]);
        assert.equal(all.total, 4);
        assert.deepEqual(all.counts, { pending: 3, delivered: 0, done: 0, expired: 0, cancelled: 1 });
        const pendingOfA = await store.callbacks.page({ state: 'pending', campaignId: a.campaign.id }, 1, 1);
        const withContact = (cb: CallbackRecord, c: typeof a) => ({ ...cb, userContactId: c.contact.userContactId, contactName: `${c.contact.firstName} ${c.contact.lastName}` });
        assert.deepEqual(pendingOfA, { callbacks: [withContact(third, a)], total: 2, counts: { pending: 2, delivered: 0, done: 0, expired: 0, cancelled: 1 } });
        const window = await store.callbacks.page({ agentId: '1001', dueFrom: T0 + 15, dueTo: T0 + 30 }, 10, 0);
        assert.deepEqual(window.callbacks, [withContact(other, b)]);
      });
    });

    describe('agent history', () => {
      it('lists an agent\'s changes in [from, to), oldest first', async () => {
        const change = (agentId: string, at: number, campaignName: string | null = 'Spring'): AgentStateChangeRecord => ({
          agentId, at, agentState: 'Ready', callState: 'Idle', nailedStatus: 'Nailed', reasonCode: at % 7, campaignName,
        });
        const atFrom = change('1001', T0 + 100, null);
        const inside = change('1001', T0 + 200);
        await store.agentHistory.insert(inside);
        await store.agentHistory.insert(change('1001', T0 + 300));
        await store.agentHistory.insert(atFrom);
        await store.agentHistory.insert(change('1001', T0 + 99));
        await store.agentHistory.insert(change('1002', T0 + 200));

        assert.deepEqual(await store.agentHistory.list('1001', T0 + 100, T0 + 300), [atFrom, inside]);
        assert.deepEqual(await store.agentHistory.list('1003', 0, T0 * 2), []);
        assert.deepEqual(await store.agentHistory.lastBefore('1001', T0 + 200), atFrom);
        assert.deepEqual(await store.agentHistory.lastBefore('1001', T0 + 99), undefined);
        assert.deepEqual((await store.agentHistory.lastBefore('1002', T0 * 2))?.at, T0 + 200);
      });
    });

    describe('cti logins', () => {
      it('keeps one login per agent, the latest extension, oldest first; removes and clears', async () => {
        await store.ctiLogins.save({ agentId: '1002', extension: '44002', since: T0 + 2 });
        await store.ctiLogins.save({ agentId: '1001', extension: '44001', since: T0 + 1 });
        await store.ctiLogins.save({ agentId: '1003', extension: '44003', since: T0 + 3 });
        await store.ctiLogins.save({ agentId: '1002', extension: '44012', since: T0 + 4 });
        assert.deepEqual(await store.ctiLogins.list(), [
          { agentId: '1001', extension: '44001', since: T0 + 1 },
          { agentId: '1003', extension: '44003', since: T0 + 3 },
          { agentId: '1002', extension: '44012', since: T0 + 4 },
        ]);
        await store.ctiLogins.remove('1003');
        await store.ctiLogins.remove('9999');
        assert.deepEqual((await store.ctiLogins.list()).map((l) => l.agentId), ['1001', '1002']);
        await store.ctiLogins.clear();
        assert.deepEqual(await store.ctiLogins.list(), []);
      });
    });

    describe('supervisor utilities', () => {
      it('pages and searches a list, custom attributes included, never showing purged contacts', async () => {
        const list = await newList();
        await insertContacts(list.id, ['A', 'B', 'C', 'D'].map((id, i) => contactFixture(id, {
          customFields: { CAMP_ID: i < 2 ? 'C1' : 'C2', expiry: `2025-0${i + 1}-15`, 'Account Number': String(100 + i) },
        })));
        const page = await store.contacts.page(list.id, { offset: 0, limit: 3, sortBy: 'userContactId', sortDirection: 'DESC' });
        assert.equal(page.total, 4);
        assert.deepEqual(page.contacts.map((c) => c.userContactId), ['D', 'C', 'B']);
        const byCamp = await store.contacts.page(list.id, { offset: 0, limit: 10, search: { attribute: 'CAMP_ID', operator: 'equals', values: ['C2'] } });
        assert.deepEqual(byCamp.contacts.map((c) => c.userContactId), ['C', 'D']);
        const notC1 = await store.contacts.page(list.id, { offset: 0, limit: 10, search: { attribute: 'CAMP_ID', operator: 'notEquals', values: ['C1', 'C9'] } });
        assert.equal(notC1.total, 2);
        const expired = await store.contacts.page(list.id, { offset: 0, limit: 10, search: { attribute: 'expiry', operator: 'lessThan', values: ['2025-03-01'] } });
        assert.deepEqual(expired.contacts.map((c) => c.userContactId), ['A', 'B']);
        const spaced = await store.contacts.page(list.id, { offset: 0, limit: 10, search: { attribute: 'Account Number', operator: 'greaterThan', values: ['101'] } });
        assert.equal(spaced.total, 2);
        const like = await store.contacts.page(list.id, { offset: 0, limit: 10, search: { attribute: 'lastName', operator: 'like', values: ["o'bri"] } });
        assert.equal(like.total, 4);

        assert.equal(await store.contacts.purge(list.id, 'B'), 'purged');
        assert.equal(await store.contacts.purge(list.id, 'B'), 'not_found');
        assert.equal((await store.contacts.page(list.id, { offset: 0, limit: 10 })).total, 3);
        assert.equal((await store.contacts.counts(list.id)).total, 3);
        assert.equal(await store.contacts.findByUserContactId(list.id, 'B'), undefined);
        // A purged contact's id may be used again.
        await store.contacts.insertMany(list.id, [contactFixture('B')]);
        assert.equal((await store.contacts.counts(list.id)).total, 4);
      });

      it('refuses to purge a contact whose attempt is in progress; a purged contact stays purged', async () => {
        const { list, campaign, contact, job } = await campaignWithContact();
        assert.equal(await store.contacts.claim(contact.id), true);
        assert.equal(await store.contacts.purge(list.id, contact.userContactId), 'in_progress');
        await store.contacts.release(contact.id, T0);
        // An attempt not ended also holds the contact.
        const attempt = await store.attempts.insert({ jobId: job.id, campaignId: campaign.id, contactId: contact.id, number: '+13125550100', kind: 'preview', dialedAt: T0 });
        assert.equal(await store.contacts.purge(list.id, contact.userContactId), 'in_progress');
        await store.attempts.update(attempt.id, { endedAt: T0 + 1, result: 'Ring_No_Answer' });
        const callback = await store.callbacks.create({ campaignId: campaign.id, contactId: contact.id, type: 'Standard', agentId: null, dueAt: T0, expiresAt: T0 + 1000, number: '+13125550100', timezone: 'America/Chicago', notes: '', createdAt: T0 });
        assert.equal(await store.contacts.purge(list.id, contact.userContactId), 'purged');
        assert.equal(defined(await store.callbacks.findById(callback.id)).state, 'cancelled');
        await store.contacts.recordOutcome(contact.id, { state: 'ready', nextAttemptAt: T0, lastResult: 'Call_Busy', lastCompletionCode: null, attemptedAt: T0 });
        assert.equal(defined(await store.contacts.findById(contact.id)).state, 'purged');
        assert.equal(await store.contacts.claim(contact.id), false);
      });

      it('marks contacts uncallable all or none', async () => {
        const list = await newList();
        const [a, b] = await insertContacts(list.id, [contactFixture('A'), contactFixture('B'), contactFixture('C')]);
        assert.deepEqual(await store.contacts.markUncallable(list.id, ['A', 'X']), { marked: 0, notFound: ['X'], inProgress: [] });
        await store.contacts.claim(defined(b).id);
        assert.deepEqual(await store.contacts.markUncallable(list.id, ['A', 'B']), { marked: 0, notFound: [], inProgress: ['B'] });
        assert.equal(defined(await store.contacts.findById(defined(a).id)).state, 'ready');
        assert.deepEqual(await store.contacts.markUncallable(list.id, ['A', 'C', 'A']), { marked: 2, notFound: [], inProgress: [] });
        assert.equal((await store.contacts.counts(list.id)).excluded, 2);
      });

      it('stages an import, reports duplicates in the file and in the list, and commits it whole', async () => {
        const list = await newList();
        await insertContacts(list.id, [contactFixture('OLD')]);
        const run = await store.imports.createRun({ kind: 'contacts', targetId: list.id, targetName: list.name, fileName: 'f.csv', scrub: true, startedAt: T0, userName: 'sup' });
        assert.equal(run.state, 'running');
        const staged = (n: number, id: string) => stagedContactOf(n, contactFixture(id, { customFields: { CAMP_ID: 'C1', 'quote"d': 'x, "y"' } }));
        const first = await store.imports.stageContacts(run.id, list.id, [staged(2, 'N1'), staged(3, 'N2'), staged(4, 'N1'), staged(5, 'OLD')]);
        assert.deepEqual(first.inFile, [{ rowNumber: 4, firstRowNumber: 2, userContactId: 'N1' }]);
        assert.deepEqual(first.alreadyInList, [{ rowNumber: 5, userContactId: 'OLD' }]);
        const second = await store.imports.stageContacts(run.id, list.id, [staged(6, 'N2'), staged(7, 'N3')]);
        assert.deepEqual(second.inFile, [{ rowNumber: 6, firstRowNumber: 3, userContactId: 'N2' }]);
        assert.equal((await store.contacts.counts(list.id)).total, 1, 'staged rows are not in the list');
        await store.imports.addRejects(run.id, [{ rowNumber: 6, reason: 'duplicate', field: 'userContactId', message: 'm6', value: 'N2' }, { rowNumber: 4, reason: 'bad_number', field: 'phone1', message: 'm4', value: '12' }]);
        assert.equal(await store.imports.commitContacts(run.id, list.id, T0 + 5), 3);
        const n3 = defined(await store.contacts.findByUserContactId(list.id, 'N3'));
        assert.equal(n3.state, 'ready');
        assert.deepEqual(n3.customFields, { CAMP_ID: 'C1', 'quote"d': 'x, "y"' });
        assert.deepEqual(n3.phones, contactFixture('N3').phones);
        assert.equal(defined(await store.contactLists.findById(list.id)).lastUpdatedOn, T0 + 5);
        await store.imports.finishRun(run.id, 'completed', { rowsRead: 6, rowsAccepted: 3, rowsRejected: 3 }, T0 + 6, null);
        assert.deepEqual(defined(await store.imports.findRun(run.id)), { ...run, state: 'completed', rowsRead: 6, rowsAccepted: 3, rowsRejected: 3, endedAt: T0 + 6, error: null });
        assert.deepEqual((await store.imports.rejects(run.id, 0, 10)).map((r) => r.rowNumber), [4, 6]);
        assert.deepEqual((await store.imports.rejects(run.id, 1, 10)).map((r) => r.message), ['m6']);

        // A run that fails: its staged rows go, the list is untouched.
        const failed = await store.imports.createRun({ kind: 'contacts', targetId: list.id, targetName: list.name, fileName: 'g.csv', scrub: false, startedAt: T0, userName: 'sup' });
        await store.imports.stageContacts(failed.id, list.id, [staged(2, 'Z1')]);
        await store.imports.discardStaging(failed.id);
        await store.imports.finishRun(failed.id, 'failed', { rowsRead: 1, rowsAccepted: 1, rowsRejected: 0 }, T0 + 7, 'broken');
        assert.equal((await store.contacts.counts(list.id)).total, 4);
        assert.deepEqual((await store.imports.listRuns(10)).map((r) => [r.id, r.state]), [[failed.id, 'failed'], [run.id, 'completed']]);
      });

      it('stages and commits a DNC import, new addresses only', async () => {
        const list = await store.dnc.createList({ name: 'Do not call', organizationName: 'Acme', listType: 'phone' }, T0);
        await store.dnc.addAddresses(list.id, ['+13125550100'], T0);
        const run = await store.imports.createRun({ kind: 'dnc', targetId: list.id, targetName: list.name, fileName: 'd.csv', scrub: false, startedAt: T0, userName: 'sup' });
        const repeated = await store.imports.stageDnc(run.id, [{ rowNumber: 2, address: '+13125550100' }, { rowNumber: 3, address: '+13125550101' }, { rowNumber: 4, address: '+13125550101' }]);
        assert.deepEqual(repeated, [{ rowNumber: 4, firstRowNumber: 3, address: '+13125550101' }]);
        assert.equal(await store.imports.commitDnc(run.id, list.id, T0 + 9), 1);
        assert.deepEqual(await store.dnc.addressesAfter(list.id, '', 10), ['+13125550100', '+13125550101']);
        assert.deepEqual(await store.dnc.addressesAfter(list.id, '+13125550100', 10), ['+13125550101']);
        assert.equal(defined(await store.dnc.findListById(list.id)).lastUpdated, T0 + 9);
      });

      it('keeps supervisor users, sessions, the audit log, purge and upload records, data sources and schedules', async () => {
        const user = { username: 'sup', name: 'Sue', role: 'supervisor' as const, passwordHash: 'scrypt$x', createdAt: T0, disabled: false };
        await store.supervisors.upsertUser(user);
        assert.deepEqual(await store.supervisors.findUser('sup'), user);
        await store.supervisors.upsertUser({ ...user, disabled: true, role: 'administrator' });
        assert.deepEqual((await store.supervisors.listUsers()).map((u) => [u.username, u.role, u.disabled]), [['sup', 'administrator', true]]);
        await store.supervisors.createSession({ tokenHash: 'h1', username: 'sup', role: 'administrator', createdAt: T0, lastSeenAt: T0, expiresAt: T0 + 10 });
        await store.supervisors.touchSession('h1', T0 + 5);
        assert.equal(defined(await store.supervisors.findSession('h1')).lastSeenAt, T0 + 5);
        assert.equal(await store.supervisors.extendSession('h1', T0 + 10, T0 + 50), false, 'expired at T0 + 10');
        assert.equal(await store.supervisors.extendSession('h1', T0 + 9, T0 + 40), true);
        assert.equal(defined(await store.supervisors.findSession('h1')).expiresAt, T0 + 40);
        assert.equal(await store.supervisors.endSessionsOf('sup', T0 + 6), 1);
        assert.equal(await store.supervisors.extendSession('h1', T0 + 7, T0 + 60), false, 'ended');
        assert.equal(defined(await store.supervisors.findSession('h1')).endedAt, T0 + 6);

        const a1 = await store.audit.insert({ at: T0, username: 'sup', role: 'supervisor', action: 'PurgeContact', target: 'L', outcome: 'ok', counts: { before: 5, after: 3 }, details: { values: ['a'] } });
        const a2 = await store.audit.insert({ at: T0 + 1, username: 'adm', role: 'administrator', action: 'login', target: 'adm', outcome: 'failed', counts: {}, details: {} });
        assert.deepEqual(await store.audit.list({ limit: 10 }), [a2, a1]);
        assert.deepEqual(await store.audit.list({ username: 'sup', limit: 10 }), [a1]);
        assert.deepEqual(await store.audit.list({ beforeId: a2.id, limit: 10 }), [a1]);

        await store.purgeData.insertMany([
          { mode: 'direct', contactList: 'L', campaignId: 'C1', beforePurging: 5, afterPurging: 3, businessParameter: 'userContactId equal to a', userName: 'sup', createdAt: T0 },
          { mode: 'direct', contactList: 'M', campaignId: 'C2', beforePurging: 2, afterPurging: 2, businessParameter: 'x', userName: 'sup', createdAt: T0 },
        ]);
        assert.deepEqual((await store.purgeData.list(10, 'L')).map((r) => [r.campaignId, r.beforePurging, r.afterPurging]), [['C1', 5, 3]]);

        const list = await newList();
        const upload = await store.manualUploads.create({ contactListId: list.id, contactListName: list.name, fileName: 'f.csv', type: 'append', userName: 'sup', createdAt: T0, uploadTime: null, uploadId: null, status: 'pending', error: null });
        await store.manualUploads.update(upload.id, { uploadTime: T0 + 1, uploadId: '42', status: 'scheduled' });
        assert.deepEqual(await store.manualUploads.findById(upload.id), { ...upload, uploadTime: T0 + 1, uploadId: '42', status: 'scheduled' });

        const source = await store.dataSources.create({ name: 'Feed', type: 'append', contactListId: list.id, fileName: 'feed.csv', createdAt: T0 });
        assert.deepEqual(await store.dataSources.findByName('Feed'), source);
        assert.deepEqual(await store.dataSources.list(list.id), [source]);
        const later = await store.dataSources.createSchedule({ dataSourceId: source.id, startAt: T0 + 600, timeZone: 'America/New_York', createdAt: T0 });
        const sooner = await store.dataSources.createSchedule({ dataSourceId: source.id, startAt: T0 + 300, timeZone: 'America/New_York', createdAt: T0 });
        assert.deepEqual((await store.dataSources.unfinishedSchedules()).map((x) => x.id), [sooner.id, later.id]);
        await store.dataSources.setScheduleState(sooner.id, 'failed', { error: 'no file' });
        assert.deepEqual((await store.dataSources.unfinishedSchedules()).map((x) => x.id), [later.id]);
        assert.equal(defined(await store.dataSources.findSchedule(sooner.id)).error, 'no file');
        assert.deepEqual(await store.dataSources.findSchedules([later.id, 99_999, sooner.id, later.id]), [
          defined(await store.dataSources.findSchedule(later.id)), defined(await store.dataSources.findSchedule(sooner.id)),
        ].sort((x, y) => x.id - y.id));
        assert.deepEqual(await store.dataSources.findSchedules([]), []);
      });

      it('records a schedule\'s import run when it starts, and forgets it when the schedule is armed again', async () => {
        const list = await newList();
        const source = await store.dataSources.create({ name: 'Feed2', type: 'append', contactListId: list.id, fileName: 'feed2.csv', createdAt: T0 });
        const schedule = await store.dataSources.createSchedule({ dataSourceId: source.id, startAt: T0 + 300, timeZone: 'UTC', createdAt: T0 });
        const run = await store.imports.createRun({ kind: 'contacts', targetId: list.id, targetName: list.name, fileName: 'feed2.csv', scrub: false, startedAt: T0, userName: 'datasource:Feed2' });
        await store.dataSources.setScheduleState(schedule.id, 'running', { importRunId: run.id });
        assert.deepEqual(await store.dataSources.findSchedule(schedule.id), { ...schedule, state: 'running', importRunId: run.id });
        await store.dataSources.setScheduleState(schedule.id, 'scheduled', { importRunId: null, error: null });
        assert.deepEqual(await store.dataSources.findSchedule(schedule.id), { ...schedule, state: 'scheduled', importRunId: null, error: null });
      });
    });
  });
}
