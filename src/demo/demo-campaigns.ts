/**
 * The demo campaigns: their completion codes, calling hours (every day, in each number's own time
 * zone), retries, pacing and answering-machine handling.
 */
import { everyDay } from '../dialer/compliance/calling-window.ts';
import type { AmdEstimates, CampaignRecord, CompletionCode } from '../store/records.ts';
import {
  DEMO_ORGANIZATION, DEMO_PREDICTIVE_CAMPAIGN, DEMO_PREDICTIVE_SKILL, DEMO_PREDICTIVE_TEAM, DEMO_PREVIEW_CAMPAIGN, DEMO_PREVIEW_SKILL, DEMO_PREVIEW_TEAM,
} from './demo-names.ts';

function completionCodes(): CompletionCode[] {
  const code = (codeID: string, codeValue: string, nextState: CompletionCode['nextState'], rightPartyContact = false, sale = false): CompletionCode =>
    ({ codeID, codeValue, nextState, retryMinutes: null, sale, rightPartyContact });
  return [
    code('69', 'Sale', 'done', true, true),
    code('70', 'Not Interested', 'done', true),
    code('71', 'Callback', 'callback', true),
    // No sale possible.
    code('72', 'NSP', 'done', true),
    // Customer not the contact: try again for the right person.
    code('73', 'CM_NTC', 'retry'),
    code('74', 'Wrong Number', 'dnc'),
    code('75', 'Answering Machine', 'retry'),
    code('76', 'No Answer', 'retry'),
  ];
}

const NO_ANSWER_CODE_ID = '76';

/**
 * What answer detection gets wrong on the simulated trunk (DEFAULT_AMD of simulated-network-config.ts):
 * 5% of people taken for machines, 15% of machines for people. Hanging up on those 5% would break the 3%
 * abandon cap by itself, so the demo campaigns do not detect machines: they connect them to agents.
 */
const DEMO_AMD_ESTIMATES: AmdEstimates = { falsePositive: 0.05, falseNegative: 0.15 };

type CampaignCommon = Pick<CampaignRecord,
  'organizationName' | 'completionCodes' | 'defaultCompletionCode' | 'callingWindow' | 'retryRules'
  | 'maxAttempts' | 'maxAttemptsPerNumber' | 'noAnswerTimeoutSeconds' | 'minimumRingSeconds' | 'callerId'
  | 'callbackExpiryMinutes' | 'amd' | 'answeringMachineAction' | 'amdEstimates' | 'priority' | 'dncListIds'>;

function campaignCommon(dncListId: number): CampaignCommon {
  return {
    organizationName: DEMO_ORGANIZATION,
    dncListIds: [dncListId],
    completionCodes: completionCodes(),
    defaultCompletionCode: NO_ANSWER_CODE_ID,
    // In each number's own time zone, every day; contacts around the world keep the demo dialing at any hour.
    callingWindow: { hours: everyDay('08:00', '21:00') },
    retryRules: { Call_Busy: 10, Ring_No_Answer: 60, Answer_Machine: 120, Network_Refusal: 30, Abandoned: 60 },
    maxAttempts: 5,
    maxAttemptsPerNumber: 0,
    noAnswerTimeoutSeconds: 45,
    minimumRingSeconds: 15,
    // 555-0100 to 555-0199 are set aside for fiction.
    callerId: '+15555550100',
    callbackExpiryMinutes: 120,
    amd: false,
    answeringMachineAction: 'connect',
    amdEstimates: { ...DEMO_AMD_ESTIMATES },
    priority: 0,
  };
}

export function previewCampaign(contactListId: number, dncListId: number): Omit<CampaignRecord, 'id'> {
  return {
    ...campaignCommon(dncListId),
    name: DEMO_PREVIEW_CAMPAIGN,
    type: 'Preview',
    teamName: DEMO_PREVIEW_TEAM,
    skillsetName: DEMO_PREVIEW_SKILL,
    skillsetId: '15',
    contactListId,
    previewTimed: false,
    previewTimeoutSeconds: 30,
    previewCanCancel: true,
    wrapupSeconds: 60,
    wrapupExtendable: true,
    pacing: { method: 'ratio', initialRatio: 1, maxLinesPerAgent: 1, abandonCap: 0.03, targetAbandonRate: 0.0225, connectWithinSeconds: 2 },
  };
}

export function predictiveCampaign(contactListId: number, dncListId: number): Omit<CampaignRecord, 'id'> {
  return {
    ...campaignCommon(dncListId),
    name: DEMO_PREDICTIVE_CAMPAIGN,
    type: 'Predictive',
    teamName: DEMO_PREDICTIVE_TEAM,
    skillsetName: DEMO_PREDICTIVE_SKILL,
    skillsetId: '16',
    contactListId,
    previewTimed: false,
    previewTimeoutSeconds: 0,
    previewCanCancel: false,
    wrapupSeconds: 30,
    wrapupExtendable: false,
    // Machines reach the agents, who hang up on them: no person is hung up on by a detection error.
    pacing: { method: 'target', initialRatio: 1.5, maxLinesPerAgent: 4, abandonCap: 0.03, targetAbandonRate: 0.0225, connectWithinSeconds: 2 },
  };
}
