/**
 * The demo data set: organization `Demo` with a preview and a predictive campaign, their agents,
 * contact lists and a DNC list. Clients and tests rely on the exact names and ids created here.
 */
import { hashPassword } from '../store/password.ts';
import type {
  AgentRecord, CampaignRecord, ContactAddress, ContactPhone, NewContact,
} from '../store/records.ts';
import type { Store } from '../store/store.ts';
import { NumberPool, SLOT_BLOCK, usAreaCodesIn, type AbroadCountry, type DemoSlot } from './demo-world.ts';
import { DemoRandom } from './demo-random.ts';
import { US_AREA_CODES } from './us-area-codes.ts';
import {
  DEMO_ADMINISTRATOR, DEMO_DNC_LIST, DEMO_INBOUND_SKILL, DEMO_ORGANIZATION, DEMO_PASSWORD, DEMO_PREDICTIVE_CAMPAIGN, DEMO_PREDICTIVE_LIST, DEMO_PREDICTIVE_SKILL,
  DEMO_PREDICTIVE_TEAM, DEMO_PREVIEW_CAMPAIGN, DEMO_PREVIEW_LIST, DEMO_PREVIEW_SKILL, DEMO_PREVIEW_TEAM, DEMO_SUPERVISOR, DEMO_ZONE,
} from './demo-names.ts';
import { predictiveCampaign, previewCampaign } from './demo-campaigns.ts';
import { ensureDemoInbound } from './demo-inbound.ts';

// The demo's names are part of its interface.
export * from './demo-names.ts';

export interface SeedDemoOptions {
  /** Epoch ms; contacts become dialable from this time. */
  now: number;
  /** Contacts in each of the two lists; default 3000. */
  contactsPerList?: number;
  /** PRNG seed; the same seed gives the same names, numbers and contacts. Default 1. */
  seed?: number;
  /** Simulated agents for the predictive floor; default 8. */
  botAgents?: number;
}

export interface DemoCampaignRef {
  id: number;
  name: string;
}

export interface DemoSummary {
  /** False when the demo campaigns were already there and nothing was changed. */
  created: boolean;
  organizationName: string;
  campaigns: { preview: DemoCampaignRef; predictive: DemoCampaignRef };
  contactListIds: { preview: number; predictive: number };
  dncListId: number;
  /** The human agents, `1001`–`1020`. */
  agentIds: string[];
  /** The simulated agents, `2001`, `2002`, … */
  botAgentIds: string[];
  /** Numbers on the Demo DNC list that are also contact phones: they must never be dialed. */
  dncOverlapNumbers: string[];
}

const DEFAULT_CONTACTS_PER_LIST = 3000;
const DEFAULT_SEED = 1;
const DEFAULT_BOT_AGENTS = 8;
/** Half of the DNC list is contact phones, the other half numbers no contact has. */
const DNC_OVERLAP = 25;
const DNC_OTHERS = 25;

const FEMALE_NAMES = [
  'Mary', 'Patricia', 'Jennifer', 'Linda', 'Elizabeth', 'Barbara', 'Susan', 'Jessica', 'Sarah', 'Karen',
  'Nancy', 'Lisa', 'Margaret', 'Sandra', 'Ashley', 'Emily', 'Michelle', 'Amanda', 'Melissa', 'Laura',
  'Rebecca', 'Maria', 'Angela', 'Rachel', 'Olivia', 'Sofia', 'Grace', 'Hannah', 'Chloe', 'Naomi',
];
const MALE_NAMES = [
  'James', 'Robert', 'John', 'Michael', 'David', 'William', 'Richard', 'Joseph', 'Thomas', 'Charles',
  'Christopher', 'Daniel', 'Matthew', 'Anthony', 'Mark', 'Steven', 'Paul', 'Andrew', 'Joshua', 'Kevin',
  'Brian', 'George', 'Edward', 'Jason', 'Ryan', 'Jacob', 'Luis', 'Carlos', 'Ethan', 'Samuel',
];
const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson',
  'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores',
  'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', "O'Brien",
];
const STREET_NAMES = [
  'Main', 'Oak', 'Pine', 'Maple', 'Cedar', 'Elm', 'Washington', 'Lake', 'Hill', 'Park', 'Sunset',
  'Lincoln', 'Jefferson', 'Highland', 'Forest', 'River', 'Church', 'Walnut', 'Spring', 'Meadow',
];
const STREET_SUFFIXES = ['St', 'Ave', 'Blvd', 'Rd', 'Ln', 'Dr', 'Ct', 'Way', 'Pl'];
// Reserved for documentation (RFC 2606): demo e-mails never reach anyone.
const EMAIL_DOMAINS = ['example.com', 'example.net', 'example.org'];
const PRODUCTS = ['Gold Card', 'Platinum Card', 'Home Internet', 'Mobile Plan', 'Auto Insurance', 'Home Insurance'];
const SEGMENTS = ['Retail', 'Premier', 'Small Business', 'Student'];

type ListKey = 'preview' | 'predictive';

interface OverlapEntry {
  list: ListKey;
  userContactId: string;
  number: string;
}

/** Everything the seed decides, computed in memory before touching the store. */
interface DemoPlan {
  agents: Omit<AgentRecord, 'passwordHash'>[];
  contacts: Record<ListKey, NewContact[]>;
  overlap: OverlapEntry[];
  dncNumbers: string[];
}

/**
 * Creates the demo data unless the demo campaigns already exist; then it changes nothing and
 * returns the summary of what is there. Deterministic for a seed.
 */
export async function seedDemo(store: Store, options: SeedDemoOptions): Promise<DemoSummary> {
  const contactsPerList = options.contactsPerList ?? DEFAULT_CONTACTS_PER_LIST;
  const botAgents = options.botAgents ?? DEFAULT_BOT_AGENTS;
  if (!Number.isInteger(contactsPerList) || contactsPerList < 0 || contactsPerList > 999_999) {
    throw new RangeError(`contactsPerList must be an integer in 0..999999, got ${contactsPerList}`);
  }
  if (!Number.isInteger(botAgents) || botAgents < 0 || botAgents > 999) {
    throw new RangeError(`botAgents must be an integer in 0..999, got ${botAgents}`);
  }
  const plan = buildPlan(options.seed ?? DEFAULT_SEED, contactsPerList, botAgents, options.now);

  const existingPreview = await store.campaigns.findByName(DEMO_PREVIEW_CAMPAIGN);
  const existingPredictive = await store.campaigns.findByName(DEMO_PREDICTIVE_CAMPAIGN);
  if (existingPreview?.organizationName === DEMO_ORGANIZATION && existingPredictive?.organizationName === DEMO_ORGANIZATION) {
    const dncList = await store.dnc.findListByName(DEMO_DNC_LIST);
    const dncListId = dncList?.id ?? existingPreview.dncListIds[0];
    if (dncListId === undefined) throw new Error(`demo DNC list ${DEMO_DNC_LIST} not found`);
    await ensureDemoTeamSkills(store);
    await ensureSupervisorSide(store, options.now, [existingPreview.contactListId, existingPredictive.contactListId]);
    await ensureDemoInbound(store);
    return summarize(store, plan, false, existingPreview, existingPredictive, dncListId);
  }

  // Every step below looks before it creates, so a run interrupted half-way can be resumed.
  await store.organizations.ensureOrganization(DEMO_ORGANIZATION);
  await store.organizations.ensureZone(DEMO_ZONE);
  await store.organizations.ensureTeam(DEMO_PREVIEW_TEAM, DEMO_ORGANIZATION);
  await store.organizations.ensureTeam(DEMO_PREDICTIVE_TEAM, DEMO_ORGANIZATION);
  await store.organizations.ensureSkill(DEMO_PREVIEW_SKILL, DEMO_ORGANIZATION);
  await store.organizations.ensureSkill(DEMO_PREDICTIVE_SKILL, DEMO_ORGANIZATION);
  await ensureDemoTeamSkills(store);

  // scrypt is deliberately slow: hash once, and only if an agent is missing.
  let passwordHash: string | undefined;
  for (const agent of plan.agents) {
    if (await store.agents.findByAgentId(agent.agentId)) continue;
    passwordHash ??= hashPassword(DEMO_PASSWORD);
    await store.agents.upsert({ ...agent, passwordHash });
  }

  const dncList = await store.dnc.findListByName(DEMO_DNC_LIST)
    ?? await store.dnc.createList({ name: DEMO_DNC_LIST, organizationName: DEMO_ORGANIZATION, listType: 'phone' }, options.now);
  await store.dnc.addAddresses(dncList.id, plan.dncNumbers, options.now);

  const previewListId = await ensureContactList(store, DEMO_PREVIEW_LIST, plan.contacts.preview, options.now);
  const predictiveListId = await ensureContactList(store, DEMO_PREDICTIVE_LIST, plan.contacts.predictive, options.now);

  const preview = await store.campaigns.findByName(DEMO_PREVIEW_CAMPAIGN)
    ?? await store.campaigns.create(previewCampaign(previewListId, dncList.id));
  const predictive = await store.campaigns.findByName(DEMO_PREDICTIVE_CAMPAIGN)
    ?? await store.campaigns.create(predictiveCampaign(predictiveListId, dncList.id));
  await ensureSupervisorSide(store, options.now, [previewListId, predictiveListId]);
  await ensureDemoInbound(store);
  return summarize(store, plan, true, preview, predictive, dncList.id);
}

/**
 * The skills of each demo team: those its agents hold (a Predictive agent takes the inbound queue's calls
 * too), given to an agent created in the team without skills of its own.
 */
export const DEMO_TEAM_SKILLS: Readonly<Record<string, readonly string[]>> = {
  [DEMO_PREVIEW_TEAM]: [DEMO_PREVIEW_SKILL],
  [DEMO_PREDICTIVE_TEAM]: [DEMO_PREDICTIVE_SKILL, DEMO_INBOUND_SKILL],
};

/**
 * The demo teams' skills, defined in the organization. A team without skills gets them — also in a store
 * seeded before the teams had any; a team with skills (an administrator's) keeps its own.
 */
async function ensureDemoTeamSkills(store: Store): Promise<void> {
  for (const [teamName, skills] of Object.entries(DEMO_TEAM_SKILLS)) {
    const team = await store.organizations.findTeam(teamName);
    if (team && team.skills.length > 0) continue;
    const organization = team?.organizationName ?? DEMO_ORGANIZATION;
    for (const skill of skills) await store.organizations.ensureSkill(skill, organization);
    if (team) await store.organizations.updateTeam(team.name, { organizationName: team.organizationName, skills: [...skills], blending: team.blending });
  }
}

/**
 * The demo supervisor and administrator, and an append data source for each demo list (its file
 * `LIST.csv` on the SFTP drop): created if missing, also in a store seeded before they existed.
 */
async function ensureSupervisorSide(store: Store, now: number, listIds: number[]): Promise<void> {
  let passwordHash: string | undefined;
  for (const [username, name, role] of [
    [DEMO_SUPERVISOR, 'Demo Supervisor', 'supervisor'], [DEMO_ADMINISTRATOR, 'Demo Administrator', 'administrator'],
  ] as const) {
    if (await store.supervisors.findUser(username)) continue;
    passwordHash ??= hashPassword(DEMO_PASSWORD);
    await store.supervisors.upsertUser({ username, name, role, passwordHash, createdAt: now, disabled: false });
  }
  for (const listId of listIds) {
    const list = await store.contactLists.findById(listId);
    if (!list || (await store.dataSources.findByName(`${list.name}Append`))) continue;
    await store.dataSources.create({ name: `${list.name}Append`, type: 'append', contactListId: list.id, fileName: `${list.name}.csv`, createdAt: now });
  }
}

async function ensureContactList(store: Store, name: string, contacts: NewContact[], now: number): Promise<number> {
  const list = await store.contactLists.findByName(name)
    ?? await store.contactLists.create({ name, organizationName: DEMO_ORGANIZATION, zoneName: DEMO_ZONE, lastUpdatedOn: now });
  // insertMany is all or nothing, so a list with contacts is complete.
  if ((await store.contacts.counts(list.id)).total === 0) await store.contacts.insertMany(list.id, contacts);
  return list.id;
}

async function summarize(
  store: Store, plan: DemoPlan, created: boolean, preview: CampaignRecord, predictive: CampaignRecord, dncListId: number,
): Promise<DemoSummary> {
  const contactListIds = { preview: preview.contactListId, predictive: predictive.contactListId };
  const demoAgents = (await store.agents.list()).filter((a) => a.organizationName === DEMO_ORGANIZATION);
  const planned = new Set(plan.agents.map((a) => a.agentId));
  const byNumber = (a: string, b: string): number => Number(a) - Number(b);
  return {
    created,
    organizationName: DEMO_ORGANIZATION,
    campaigns: {
      preview: { id: preview.id, name: preview.name },
      predictive: { id: predictive.id, name: predictive.name },
    },
    contactListIds,
    dncListId,
    agentIds: demoAgents.filter((a) => /^agent\d+$/.test(a.lanId) && planned.has(a.agentId)).map((a) => a.agentId).sort(byNumber),
    botAgentIds: demoAgents.filter((a) => /^bot\d+$/.test(a.lanId)).map((a) => a.agentId).sort(byNumber),
    dncOverlapNumbers: await overlapInStore(store, plan, contactListIds, dncListId),
  };
}

/**
 * The contact phones that are on the DNC list, read from the store. The plan's overlap is checked
 * first (a few lookups); only if the store was seeded differently are the lists scanned.
 */
async function overlapInStore(
  store: Store, plan: DemoPlan, listIds: Record<ListKey, number>, dncListId: number,
): Promise<string[]> {
  let planHolds = true;
  for (const key of ['preview', 'predictive'] as const) {
    if ((await store.contacts.counts(listIds[key])).total !== plan.contacts[key].length) planHolds = false;
  }
  for (const entry of plan.overlap) {
    if (!planHolds) break;
    const contact = await store.contacts.findByUserContactId(listIds[entry.list], entry.userContactId);
    planHolds = contact !== undefined && contact.phones.some((p) => p.number === entry.number)
      && await store.dnc.isListed([dncListId], entry.number);
  }
  if (planHolds) return plan.overlap.map((e) => e.number).sort();

  const found = new Set<string>();
  for (const key of ['preview', 'predictive'] as const) {
    const total = (await store.contacts.counts(listIds[key])).total;
    for (let i = 1; i <= total; i++) {
      const contact = await store.contacts.findByUserContactId(listIds[key], userContactId(key, i));
      for (const phone of contact?.phones ?? []) {
        if (await store.dnc.isListed([dncListId], phone.number)) found.add(phone.number);
      }
    }
  }
  return [...found].sort();
}

function userContactId(list: ListKey, index: number): string {
  return `${list === 'preview' ? 'P' : 'Q'}${String(index).padStart(6, '0')}`;
}

/** How many of the simulated agents hold the inbound skill. */
const DEMO_INBOUND_BOTS = 2;

function buildPlan(seed: number, contactsPerList: number, botAgents: number, now: number): DemoPlan {
  const rng = new DemoRandom(seed);
  const agents: Omit<AgentRecord, 'passwordHash'>[] = [];
  const common = {
    organizationName: DEMO_ORGANIZATION, locationPreference: 'primary', locale: 'en-US',
    timeZone: 'America/New_York', zoneName: DEMO_ZONE, enabled: true, skillLevels: {},
  } as const;
  for (let n = 1; n <= 20; n++) {
    const preview = n <= 10;
    const female = rng.chance(0.5);
    const firstName = rng.pick(female ? FEMALE_NAMES : MALE_NAMES);
    const lastName = rng.pick(LAST_NAMES);
    agents.push({
      ...common,
      agentId: String(1000 + n),
      extension: String(44000 + n),
      lanId: `agent${1000 + n}`,
      firstName,
      lastName,
      name: `${firstName} ${lastName}`,
      teamName: preview ? DEMO_PREVIEW_TEAM : DEMO_PREDICTIVE_TEAM,
      skills: preview ? [DEMO_PREVIEW_SKILL] : [DEMO_PREDICTIVE_SKILL, DEMO_INBOUND_SKILL],
    });
  }
  for (let n = 1; n <= botAgents; n++) {
    agents.push({
      ...common,
      agentId: String(2000 + n),
      extension: String(45000 + n),
      lanId: `bot${2000 + n}`,
      firstName: 'Simulated',
      lastName: `Agent ${2000 + n}`,
      name: `Simulated Agent ${2000 + n}`,
      teamName: DEMO_PREDICTIVE_TEAM,
      // Two simulated agents take inbound calls too; the people of the team are the queue's other hands.
      skills: n <= DEMO_INBOUND_BOTS ? [DEMO_PREDICTIVE_SKILL, DEMO_INBOUND_SKILL] : [DEMO_PREDICTIVE_SKILL],
    });
  }

  // One pool across both lists and the DNC list, so every number is unique and the overlap is exact.
  const pool = new NumberPool(rng);
  const contacts: Record<ListKey, NewContact[]> = {
    preview: makeContacts(rng, 'preview', contactsPerList, pool, now),
    predictive: makeContacts(rng, 'predictive', contactsPerList, pool, now),
  };

  // Overlap from both lists, so both the preview and the predictive dialer are exercised.
  const overlap: OverlapEntry[] = [];
  const overlapTotal = Math.min(DNC_OVERLAP, 2 * contactsPerList);
  const fromPreview = Math.min(Math.ceil(overlapTotal / 2), contactsPerList);
  for (const [key, count] of [['preview', fromPreview], ['predictive', overlapTotal - fromPreview]] as const) {
    const chosen = new Set<number>();
    while (chosen.size < count) chosen.add(rng.int(0, contactsPerList - 1));
    for (const index of [...chosen].sort((a, b) => a - b)) {
      const contact = contacts[key][index];
      if (!contact) continue;
      overlap.push({ list: key, userContactId: contact.userContactId, number: rng.pick(contact.phones).number });
    }
  }
  const dncNumbers = overlap.map((e) => e.number);
  for (let i = 0; i < DNC_OTHERS; i++) dncNumbers.push(pool.takeUs(rng.pick(US_AREA_CODES)));
  return { agents, contacts, overlap, dncNumbers };
}

/** A shuffled copy (Fisher–Yates). */
function shuffled<T>(rng: DemoRandom, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

interface Person {
  firstName: string;
  lastName: string;
  female: boolean;
  phones: ContactPhone[];
  address: ContactAddress;
}

/**
 * The contacts of a list, in blocks of SLOT_BLOCK's places (each block shuffled): every block has
 * contacts in every time zone, so at any hour some of the first contacts the dialer reads are inside
 * their calling window.
 */
function makeContacts(rng: DemoRandom, list: ListKey, count: number, pool: NumberPool, now: number): NewContact[] {
  const contacts: NewContact[] = [];
  let block: DemoSlot[] = [];
  for (let i = 1; i <= count; i++) {
    if (block.length === 0) block = shuffled(rng, SLOT_BLOCK);
    const slot = block.pop()!;
    const person = slot.kind === 'us' ? usPerson(rng, slot.timeZone, pool) : abroadPerson(rng, slot.country, pool);
    const { firstName, lastName, female } = person;
    const title = rng.chance(0.05) ? 'Dr' : female ? rng.pick(['Ms', 'Mrs']) : 'Mr';
    const emailUser = `${firstName}.${lastName}`.toLowerCase().replace(/[^a-z.]/g, '');
    contacts.push({
      userContactId: userContactId(list, i),
      title,
      firstName,
      lastName,
      phones: person.phones,
      emails: [`${emailUser}${rng.int(1, 99)}@${rng.pick(EMAIL_DOMAINS)}`],
      address: person.address,
      customFields: {
        'Account Number': `${rng.int(1, 9)}${rng.digits(9)}`,
        Balance: (rng.int(0, 500_000) / 100).toFixed(2),
        Product: rng.pick(PRODUCTS),
        Segment: rng.pick(SEGMENTS),
      },
      priority: rng.chance(0.05) ? 5 : 0,
      state: 'ready',
      nextAttemptAt: now,
    });
  }
  return contacts;
}

/** A US contact in `timeZone`: one or two numbers of its area codes (so both in the same zone), the address in the first one's city. */
function usPerson(rng: DemoRandom, timeZone: string, pool: NumberPool): Person {
  const female = rng.chance(0.5);
  const firstName = rng.pick(female ? FEMALE_NAMES : MALE_NAMES);
  const lastName = rng.pick(LAST_NAMES);
  const areas = usAreaCodesIn(timeZone);
  const area = rng.pick(areas);
  const usPhone = (a: typeof area): ContactPhone => ({ number: pool.takeUs(a), countryCode: '1', timezone: a.timeZone, state: a.state, wireless: rng.chance(0.4) });
  const phones = [usPhone(area)];
  if (rng.chance(0.4)) phones.push(usPhone(rng.pick(areas)));
  return {
    firstName, lastName, female, phones,
    // The address is in the area of the first phone, as it would be for a landline.
    address: {
      line1: `${rng.int(1, 9999)} ${rng.pick(STREET_NAMES)} ${rng.pick(STREET_SUFFIXES)}`,
      line2: `${area.city}, ${area.state}`,
      line3: '', line4: '', line5: '',
      country: 'US',
      zipCode: String(rng.int(1001, 99950)).padStart(5, '0'),
    },
  };
}

/** A contact abroad: a city of the country, one or two of its numbers (mobiles or the city's landlines). */
function abroadPerson(rng: DemoRandom, country: AbroadCountry, pool: NumberPool): Person {
  const female = rng.chance(0.5);
  const firstName = rng.pick(female ? country.names.female : country.names.male);
  const lastName = rng.pick(country.names.last);
  const city = rng.pick(country.cities);
  const phone = (): ContactPhone => {
    const mobileFirst = country.mobile !== null && rng.chance(country.mobileShare);
    const sources = country.mobile === null ? [city.landline] : mobileFirst ? [country.mobile, city.landline] : [city.landline, country.mobile];
    const { number, wireless } = pool.take(sources);
    return { number, countryCode: country.callingCode, timezone: country.timeZone, state: '', wireless };
  };
  const phones = [phone()];
  if (rng.chance(0.4)) phones.push(phone());
  return { firstName, lastName, female, phones, address: country.address(rng, city) };
}
