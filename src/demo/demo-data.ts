/**
 * The demo data set: organization `Demo` with a preview and a predictive campaign, their agents,
 * contact lists and a DNC list. Clients and tests rely on the exact names and ids created here.
 */
import { hashPassword } from '../store/password.ts';
import type { AgentRecord, CampaignRecord, NewContact } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import { NumberPool } from './demo-world.ts';
import { DemoRandom } from './demo-random.ts';
import { US_AREA_CODES } from './us-area-codes.ts';
import {
  DEMO_ADMINISTRATOR, DEMO_DNC_LIST, DEMO_INBOUND_SKILL, DEMO_ORGANIZATION, DEMO_PASSWORD, DEMO_PREDICTIVE_CAMPAIGN, DEMO_PREDICTIVE_LIST, DEMO_PREDICTIVE_SKILL,
  DEMO_PREDICTIVE_TEAM, DEMO_PREVIEW_CAMPAIGN, DEMO_PREVIEW_LIST, DEMO_PREVIEW_SKILL, DEMO_PREVIEW_TEAM, DEMO_SUPERVISOR, DEMO_ZONE,
} from './demo-names.ts';
import { predictiveCampaign, previewCampaign } from './demo-campaigns.ts';
import { ensureDemoInbound } from './demo-inbound.ts';
import { makeContacts, userContactId, usName, type ListKey } from './demo-contacts.ts';

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
    const { firstName, lastName } = usName(rng);
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
