/** Campaigns and what they are set up with: completion codes, calling windows, retry rules, pacing. */
import type { AttemptResult } from './attempt.ts';

export type CampaignType = 'Preview' | 'Progressive' | 'Predictive';
export type AnsweringMachineAction = 'drop' | 'connect' | 'message';

/** What a completion code does to the contact: done with, dialed again later, a callback booked, never called again. */
export const COMPLETION_NEXT_STATES = ['done', 'retry', 'callback', 'dnc'] as const;
export type CompletionNextState = (typeof COMPLETION_NEXT_STATES)[number];

/** A completion code: defined once, offered by the campaigns that list it. */
export interface CompletionCode {
  codeID: string;
  codeValue: string;
  nextState: CompletionNextState;
  /** `retry`: minutes before the contact is dialed again; null: the campaign's retry rule for the call's result. */
  retryMinutes: number | null;
  /** Counts as a sale (job and agent reports). */
  sale: boolean;
  /** The person the contact is for was reached (right-party contact). */
  rightPartyContact: boolean;
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** Calling hours of one day in the contact's local time, "HH:MM" to "HH:MM" (end excluded; "24:00" is midnight). */
export interface DailyHours {
  start: string;
  end: string;
}

/** Calling hours per weekday; a day not listed has none (no calls that day). */
export type WeeklyHours = Partial<Record<Weekday, DailyHours>>;

/**
 * When a contact may be called, in the local time of the number dialed. A rule for the number's US
 * state, or else for its country calling code, replaces the campaign's hours.
 */
export interface CallingWindow {
  hours: WeeklyHours;
  /** By US state of the number (e.g. "TX"). */
  states?: Record<string, WeeklyHours>;
  /** By country calling code of the number (e.g. "44"). */
  countries?: Record<string, WeeklyHours>;
}

/** Minutes to wait before retrying a contact, by attempt result; results not named are final. */
export type RetryRules = Partial<Record<AttemptResult, number>>;

export interface PacingParameters {
  /**
   * Predictive jobs: `target` paces on the live state to hold the abandon rate at `targetAbandonRate`;
   * `ratio` dials a fixed `initialRatio` lines per free agent. Either way within the compliance guard.
   */
  method: 'target' | 'ratio';
  /** Static dial ratio for `ratio` pacing; the predictive pacer's starting point otherwise. */
  initialRatio: number;
  maxLinesPerAgent: number;
  /** Regulatory cap on abandoned / live answers. */
  abandonCap: number;
  /** The rate the predictive pacer aims at, below the cap so that bad luck stays under it. */
  targetAbandonRate: number;
  /** A live answer must reach an agent within this many seconds or it is abandoned. */
  connectWithinSeconds: number;
}

/** What answering-machine detection is estimated to get wrong on this campaign's trunk. */
export interface AmdEstimates {
  /** Share of people taken for machines (hung up on: each an abandoned call). */
  falsePositive: number;
  /** Share of machines taken for people (passed on as live answers). */
  falseNegative: number;
}

export interface CampaignRecord {
  id: number;
  name: string;
  organizationName: string;
  teamName: string;
  /** The outbound skill an agent must hold to be nailed to this campaign; empty: the agents of its team. */
  skillsetName: string;
  skillsetId: string;
  type: CampaignType;
  contactListId: number;
  dncListIds: number[];
  completionCodes: CompletionCode[];
  defaultCompletionCode: string;
  callingWindow: CallingWindow;
  retryRules: RetryRules;
  /** Attempts per contact, all numbers together. */
  maxAttempts: number;
  /** Attempts per number of a contact; 0: no limit but maxAttempts. */
  maxAttemptsPerNumber: number;
  noAnswerTimeoutSeconds: number;
  /** No ring-no-answer hang-up before this (at least the dialer's own minimum). */
  minimumRingSeconds: number;
  /** Number presented to the called party; empty: the trunk's. */
  callerId: string;
  /** A callback an agent books expires this many minutes after its due time unless the agent says otherwise. */
  callbackExpiryMinutes: number;
  /** Preview: timed previews dial by themselves after `previewTimeoutSeconds`. */
  previewTimed: boolean;
  previewTimeoutSeconds: number;
  previewCanCancel: boolean;
  wrapupSeconds: number;
  wrapupExtendable: boolean;
  amd: boolean;
  answeringMachineAction: AnsweringMachineAction;
  amdEstimates: AmdEstimates;
  pacing: PacingParameters;
  priority: number;
}
