/**
 * The administration API's resources as JSON (/api/v1/teams, /agents, /completion-codes, /campaigns, /queues):
 * what GET returns. POST takes the same fields (less the read-only ones, plus `password` for agents);
 * PUT takes any of them and keeps the others.
 */
import type { BlendingRule, QueueDefinition } from '../acd/queue-types.ts';
import type {
  AnsweringMachineAction, AttemptResult, CallingWindow, CampaignType, CompletionNextState, LocationPreference,
} from '../store/records.ts';

export interface TeamView {
  teamName: string;
  organization: string;
  /** Given to an agent of the team created without skills of its own. */
  skills: string[];
  /** How the team's agents blend into an inbound queue; null: outbound only. */
  blending: BlendingRule | null;
  /** Read only: agents in the team. */
  agents: number;
}

export interface AgentView {
  agentId: string;
  lanId: string;
  extension: string;
  firstName: string;
  lastName: string;
  teamName: string;
  skills: string[];
  /** The agent's level in each skill, 1 (best) to 16; a skill not listed is level 1. */
  skillLevels: Record<string, number>;
  locationPreference: LocationPreference;
  enabled: boolean;
  /** Read only: logged on to the dialer now. */
  loggedIn: boolean;
}

export interface CompletionCodeView {
  codeId: string;
  codeValue: string;
  nextState: CompletionNextState;
  /** `retry`: minutes before the contact is dialed again; null: the campaign's retry rule for the call's result. */
  retryMinutes: number | null;
  sale: boolean;
  rightPartyContact: boolean;
  /** The campaigns that offer it (writable: a PUT with `campaigns` adds it to and removes it from campaigns). */
  campaigns: string[];
}

/** An inbound queue (acd/queue-types.ts) and its organization. */
export interface QueueView extends QueueDefinition {
  organization: string;
  /** Read only: the teams whose blending rule names the queue. */
  blendingTeams: string[];
}

export interface PacingView {
  /** `target`: predictive pacing holding the abandon rate at targetAbandonRate; `ratio`: a fixed `ratio` of lines per free agent. */
  method: 'target' | 'ratio';
  targetAbandonRate: number;
  abandonCap: number;
  ratio: number;
  maxLinesPerAgent: number;
  connectWithinSeconds: number;
}

export interface AnsweringMachineView {
  /** Answering-machine detection on predictive and progressive dials. */
  detection: boolean;
  /** What a detected machine gets: dropped, a message, or an agent. */
  action: AnsweringMachineAction;
  /** Estimated share of people the detection takes for machines (each one an abandoned call). */
  falsePositiveRate: number;
  /** Estimated share of machines it takes for people. */
  falseNegativeRate: number;
}

export interface CampaignView {
  campaignName: string;
  /** Read only. */
  campaignId: number;
  /** Read only: the organization of its team. */
  organization: string;
  type: CampaignType;
  previewTimed: boolean;
  previewTimeoutSeconds: number;
  previewCanCancel: boolean;
  contactList: string;
  dncLists: string[];
  teamName: string;
  /** The outbound skill an agent needs to work the campaign; empty: the agents of its team. */
  skill: string;
  completionCodes: string[];
  defaultCompletionCode: string;
  wrapupSeconds: number;
  wrapupExtendable: boolean;
  callingWindow: CallingWindow;
  /** Minutes before a contact is dialed again, per attempt result; results not named are final. */
  retryRules: Partial<Record<AttemptResult, number>>;
  maxAttempts: number;
  /** 0: no limit per number. */
  maxAttemptsPerNumber: number;
  pacing: PacingView;
  answeringMachine: AnsweringMachineView;
  noAnswerTimeoutSeconds: number;
  minimumRingSeconds: number;
  callerId: string;
  callbackExpiryMinutes: number;
  priority: number;
  /** Read only: what keeps the campaign from dialing as configured (e.g. detection errors that use up the abandon cap). */
  warnings: string[];
  /** Read only: its job now (running, paused or stopping), if any. */
  job: { jobId: number; state: string; startedAt: string } | null;
}

/** The reply to PUT /campaigns/{name}: the campaign, and what its running job does with the change. */
export interface CampaignEditView extends CampaignView {
  edit: {
    /** The running job that takes the change at its next pacing step; null when none runs. */
    runningJobId: number | null;
    /** Fields the running job keeps as they were until the next job (type, contact list, pacing method). */
    waitsForNextJob: string[];
  };
}
