/**
 * The floor the reports benchmark (and the rollup tests) fill: an organization with teams, agents in
 * them, one contact list, and campaigns of each type with completion codes (NSP and CM_NTC among them,
 * for the reports that narrow by them). Made through the store, so the records are those nailup makes.
 */
import type { AgentRecord, CampaignRecord, CampaignType, CompletionCode } from '../../src/store/records.ts';
import type { Store } from '../../src/store/store.ts';

export const TEAMS = ['Red', 'Blue', 'Green', 'Gold'] as const;

const CAMPAIGN_TYPES: readonly CampaignType[] = ['Predictive', 'Progressive', 'Preview'];

export const COMPLETION_CODES: CompletionCode[] = [
  { codeID: 'SALE', codeValue: 'Sale', nextState: 'done', retryMinutes: null, sale: true, rightPartyContact: true },
  { codeID: 'CB', codeValue: 'Call back', nextState: 'callback', retryMinutes: null, sale: false, rightPartyContact: true },
  { codeID: 'NSP', codeValue: 'NSP', nextState: 'done', retryMinutes: null, sale: false, rightPartyContact: false },
  { codeID: 'NTC', codeValue: 'CM_NTC', nextState: 'done', retryMinutes: null, sale: false, rightPartyContact: true },
  { codeID: 'NI', codeValue: 'Not interested', nextState: 'done', retryMinutes: null, sale: false, rightPartyContact: true },
  { codeID: 'DNC', codeValue: 'Do not call', nextState: 'dnc', retryMinutes: null, sale: false, rightPartyContact: false },
];

export interface Floor {
  agents: AgentRecord[];
  campaigns: CampaignRecord[];
  contactListId: number;
}

function agentOf(n: number): AgentRecord {
  const agentId = `${1000 + n}`;
  return {
    agentId, extension: `5${agentId}`, lanId: `agent${agentId}`, firstName: 'Agent', lastName: agentId, name: `Agent ${agentId}`,
    passwordHash: 'scrypt$16384$8$1$c2FsdA==$aGFzaA==', organizationName: 'Acme', teamName: TEAMS[n % TEAMS.length]!,
    skills: ['PredictiveOut', 'PreviewOut'], skillLevels: {}, locationPreference: 'primary', locale: 'en-US', timeZone: 'UTC', zoneName: 'Default', enabled: true,
  };
}

function campaignOf(n: number, contactListId: number): Omit<CampaignRecord, 'id'> {
  const type = CAMPAIGN_TYPES[n % CAMPAIGN_TYPES.length]!;
  return {
    name: `${type} ${n + 1}`, organizationName: 'Acme', teamName: TEAMS[n % TEAMS.length]!, skillsetName: type === 'Preview' ? 'PreviewOut' : 'PredictiveOut',
    skillsetId: String(n + 1), type, contactListId, dncListIds: [], completionCodes: COMPLETION_CODES, defaultCompletionCode: 'NI',
    callingWindow: { hours: {}, states: {}, countries: {} }, retryRules: {}, maxAttempts: 10, maxAttemptsPerNumber: 5,
    noAnswerTimeoutSeconds: 25, minimumRingSeconds: 18, callerId: '+15555550100', callbackExpiryMinutes: 90,
    previewTimed: false, previewTimeoutSeconds: 30, previewCanCancel: true, wrapupSeconds: 30, wrapupExtendable: true,
    amd: false, answeringMachineAction: 'drop', amdEstimates: { falsePositive: 0.02, falseNegative: 0.1 },
    pacing: { method: 'target', initialRatio: 1.5, maxLinesPerAgent: 3, abandonCap: 0.03, targetAbandonRate: 0.02, connectWithinSeconds: 2 },
    priority: 1,
  } as Omit<CampaignRecord, 'id'>;
}

/** The organization, teams, agents, one contact list and the campaigns (no contacts yet). */
export async function setUpFloor(store: Store, size: { agents: number; campaigns: number }): Promise<Floor> {
  await store.organizations.ensureOrganization('Acme');
  await store.organizations.ensureZone('Default');
  for (const team of TEAMS) await store.organizations.ensureTeam(team, 'Acme');
  const agents = Array.from({ length: size.agents }, (_, i) => agentOf(i));
  await store.agents.insertMany(agents);
  const list = await store.contactLists.create({ name: 'Accounts', organizationName: 'Acme', zoneName: 'Default', lastUpdatedOn: 0 });
  const campaigns: CampaignRecord[] = [];
  for (let i = 0; i < size.campaigns; i++) campaigns.push(await store.campaigns.create(campaignOf(i, list.id)));
  return { agents, campaigns, contactListId: list.id };
}

/** A seeded generator (mulberry32): the same floor for the same seed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
