/**
 * A campaign's settings as the administration API reads and writes them (names, not ids), their
 * defaults, and the checks of a POST or PUT body: every bad value is refused naming its field.
 */
import { validationError } from '../errors.ts';
import { everyDay, parseClockTime } from '../dialer/compliance/calling-window.ts';
import {
  ATTEMPT_RESULTS, WEEKDAYS, type CallingWindow, type CampaignType, type WeeklyHours,
} from '../store/records.ts';
import type { CampaignView } from './views.ts';
import {
  decimal, flag, ID_PATTERN, ID_RULE, integer, NAME_PATTERN, NAME_RULE, names, object, onlyKnown, oneOf, optional, text, type Body,
} from './fields.ts';

/** What an administrator sets: the view less what the server tells. */
export type CampaignSettings = Omit<CampaignView, 'campaignId' | 'organization' | 'warnings' | 'job'>;

export const CAMPAIGN_TYPES: readonly CampaignType[] = ['Preview', 'Progressive', 'Predictive'];
const FIELDS = [
  'campaignName', 'type', 'previewTimed', 'previewTimeoutSeconds', 'previewCanCancel', 'contactList', 'dncLists', 'teamName',
  'skill', 'completionCodes', 'defaultCompletionCode', 'wrapupSeconds', 'wrapupExtendable', 'callingWindow', 'retryRules',
  'maxAttempts', 'maxAttemptsPerNumber', 'pacing', 'answeringMachine', 'noAnswerTimeoutSeconds', 'minimumRingSeconds',
  'callerId', 'callbackExpiryMinutes', 'priority',
  // Read only: accepted back as the GET gave them, and ignored.
  'campaignId', 'organization', 'warnings', 'job',
] as const;
const E164 = /^\+[1-9][0-9]{6,14}$/;

/** A new campaign's settings but for the four a POST must give. */
export type CampaignDefaults = Omit<CampaignSettings, 'campaignName' | 'type' | 'contactList' | 'teamName'>;

export function defaultSettings(defaults: { callbackExpiryMinutes: number; falsePositiveRate: number; falseNegativeRate: number }): CampaignDefaults {
  return {
    previewTimed: false, previewTimeoutSeconds: 30, previewCanCancel: true,
    dncLists: [], skill: '', completionCodes: [], defaultCompletionCode: '',
    wrapupSeconds: 60, wrapupExtendable: true,
    callingWindow: { hours: everyDay('08:00', '21:00') },
    retryRules: { Call_Busy: 10, Ring_No_Answer: 60, Answer_Machine: 120, Network_Refusal: 30, Abandoned: 60 },
    maxAttempts: 5, maxAttemptsPerNumber: 0,
    pacing: { method: 'target', targetAbandonRate: 0.0225, abandonCap: 0.03, ratio: 1.5, maxLinesPerAgent: 4, connectWithinSeconds: 2 },
    answeringMachine: { detection: false, action: 'connect', falsePositiveRate: defaults.falsePositiveRate, falseNegativeRate: defaults.falseNegativeRate },
    noAnswerTimeoutSeconds: 45, minimumRingSeconds: 15, callerId: '', callbackExpiryMinutes: defaults.callbackExpiryMinutes, priority: 0,
  };
}

/**
 * The settings `body` gives over `base` (a PUT: the campaign as it is; a POST: the defaults). Checks
 * every field given and the rules between fields. The name of an existing campaign does not change.
 */
export function readSettings(body: Body, base: Partial<CampaignSettings> & CampaignDefaults): CampaignSettings {
  onlyKnown(body, FIELDS);
  const name = (v: unknown, f: string) => text(v, f, { max: 64, pattern: NAME_PATTERN, patternText: NAME_RULE });
  const required = <T>(key: 'campaignName' | 'type' | 'contactList' | 'teamName', read: (v: unknown, f: string) => T, current: T | undefined): T => {
    if (body[key] === undefined) {
      if (current === undefined) throw validationError(key, 'is required');
      return current;
    }
    return read(body[key], key);
  };
  const s: CampaignSettings = {
    campaignName: base.campaignName ?? required('campaignName', name, undefined),
    type: required('type', (v, f) => oneOf(v, f, CAMPAIGN_TYPES), base.type),
    previewTimed: optional(body, 'previewTimed', flag, base.previewTimed),
    previewTimeoutSeconds: optional(body, 'previewTimeoutSeconds', (v, f) => integer(v, f, 0, 3600), base.previewTimeoutSeconds),
    previewCanCancel: optional(body, 'previewCanCancel', flag, base.previewCanCancel),
    contactList: required('contactList', (v, f) => text(v, f, { max: 200 }), base.contactList),
    dncLists: optional(body, 'dncLists', (v, f) => names(v, f, { max: 200 }), base.dncLists),
    teamName: required('teamName', name, base.teamName),
    skill: optional(body, 'skill', (v, f) => text(v, f, { max: 64, pattern: NAME_PATTERN, patternText: NAME_RULE, allowEmpty: true }), base.skill),
    completionCodes: optional(body, 'completionCodes', (v, f) => names(v, f, { max: 32, pattern: ID_PATTERN, patternText: ID_RULE }), base.completionCodes),
    defaultCompletionCode: optional(body, 'defaultCompletionCode', (v, f) => text(v, f, { max: 32, allowEmpty: true }), base.defaultCompletionCode),
    wrapupSeconds: optional(body, 'wrapupSeconds', (v, f) => integer(v, f, 0, 86_400), base.wrapupSeconds),
    wrapupExtendable: optional(body, 'wrapupExtendable', flag, base.wrapupExtendable),
    callingWindow: optional(body, 'callingWindow', readWindow, base.callingWindow),
    retryRules: optional(body, 'retryRules', readRetryRules, base.retryRules),
    maxAttempts: optional(body, 'maxAttempts', (v, f) => integer(v, f, 1, 100), base.maxAttempts),
    maxAttemptsPerNumber: optional(body, 'maxAttemptsPerNumber', (v, f) => integer(v, f, 0, 100), base.maxAttemptsPerNumber),
    pacing: body.pacing === undefined ? base.pacing : readPacing(object(body.pacing, 'pacing'), base.pacing),
    answeringMachine: body.answeringMachine === undefined ? base.answeringMachine : readMachine(object(body.answeringMachine, 'answeringMachine'), base.answeringMachine),
    noAnswerTimeoutSeconds: optional(body, 'noAnswerTimeoutSeconds', (v, f) => integer(v, f, 5, 300), base.noAnswerTimeoutSeconds),
    minimumRingSeconds: optional(body, 'minimumRingSeconds', (v, f) => integer(v, f, 0, 120), base.minimumRingSeconds),
    callerId: optional(body, 'callerId', (v, f) => text(v, f, { max: 16, pattern: E164, patternText: 'must be a number in E.164 form, e.g. +15555550100', allowEmpty: true }), base.callerId),
    callbackExpiryMinutes: optional(body, 'callbackExpiryMinutes', (v, f) => integer(v, f, 1, 100_000), base.callbackExpiryMinutes),
    priority: optional(body, 'priority', (v, f) => integer(v, f, 0, 100), base.priority),
  };
  checkRules(s);
  return s;
}

function checkRules(s: CampaignSettings): void {
  if (s.previewTimed && s.previewTimeoutSeconds < 5) throw validationError('previewTimeoutSeconds', 'must be at least 5 for a timed preview');
  if (s.completionCodes.length === 0) throw validationError('completionCodes', 'must name at least one completion code');
  if (!s.completionCodes.includes(s.defaultCompletionCode)) {
    throw validationError('defaultCompletionCode', `must be one of the campaign's completion codes (${s.completionCodes.join(', ')})`);
  }
  if (s.maxAttemptsPerNumber > s.maxAttempts) throw validationError('maxAttemptsPerNumber', `must not be more than maxAttempts (${s.maxAttempts})`);
  if (s.noAnswerTimeoutSeconds < s.minimumRingSeconds) {
    throw validationError('noAnswerTimeoutSeconds', `must be at least minimumRingSeconds (${s.minimumRingSeconds}): a call rings that long before it counts as no answer`);
  }
  if (s.pacing.targetAbandonRate >= s.pacing.abandonCap) {
    throw validationError('pacing.targetAbandonRate', `must be below the abandon cap (${s.pacing.abandonCap})`);
  }
}

function readPacing(body: Body, base: CampaignSettings['pacing']): CampaignSettings['pacing'] {
  const p = 'pacing.';
  onlyKnown(body, ['method', 'targetAbandonRate', 'abandonCap', 'ratio', 'maxLinesPerAgent', 'connectWithinSeconds'], p);
  return {
    method: optional(body, 'method', (v, f) => oneOf(v, f, ['target', 'ratio'] as const), base.method, p),
    targetAbandonRate: optional(body, 'targetAbandonRate', (v, f) => decimal(v, f, 0.0001, 0.1), base.targetAbandonRate, p),
    abandonCap: optional(body, 'abandonCap', (v, f) => decimal(v, f, 0.001, 0.1), base.abandonCap, p),
    ratio: optional(body, 'ratio', (v, f) => decimal(v, f, 1, 10), base.ratio, p),
    maxLinesPerAgent: optional(body, 'maxLinesPerAgent', (v, f) => decimal(v, f, 1, 20), base.maxLinesPerAgent, p),
    connectWithinSeconds: optional(body, 'connectWithinSeconds', (v, f) => decimal(v, f, 0.5, 10), base.connectWithinSeconds, p),
  };
}

function readMachine(body: Body, base: CampaignSettings['answeringMachine']): CampaignSettings['answeringMachine'] {
  const p = 'answeringMachine.';
  onlyKnown(body, ['detection', 'action', 'falsePositiveRate', 'falseNegativeRate'], p);
  return {
    detection: optional(body, 'detection', flag, base.detection, p),
    action: optional(body, 'action', (v, f) => oneOf(v, f, ['drop', 'connect', 'message'] as const), base.action, p),
    falsePositiveRate: optional(body, 'falsePositiveRate', (v, f) => decimal(v, f, 0, 0.5), base.falsePositiveRate, p),
    falseNegativeRate: optional(body, 'falseNegativeRate', (v, f) => decimal(v, f, 0, 0.5), base.falseNegativeRate, p),
  };
}

function readRetryRules(value: unknown, field: string): CampaignSettings['retryRules'] {
  const body = object(value, field);
  const rules: CampaignSettings['retryRules'] = {};
  for (const [key, minutes] of Object.entries(body)) {
    const result = oneOf(key, `${field}.${key}`, ATTEMPT_RESULTS);
    if (minutes === null) continue;
    rules[result] = integer(minutes, `${field}.${key}`, 1, 525_600);
  }
  return rules;
}

function readWindow(value: unknown, field: string): CallingWindow {
  const body = object(value, field);
  onlyKnown(body, ['hours', 'states', 'countries'], `${field}.`);
  if (body.hours === undefined) throw validationError(`${field}.hours`, 'is required');
  const window: CallingWindow = { hours: readWeek(body.hours, `${field}.hours`) };
  const rules = (key: 'states' | 'countries', pattern: RegExp, rule: string): Record<string, WeeklyHours> | undefined => {
    if (body[key] === undefined) return undefined;
    const out: Record<string, WeeklyHours> = {};
    for (const [region, hours] of Object.entries(object(body[key], `${field}.${key}`))) {
      if (!pattern.test(region)) throw validationError(`${field}.${key}.${region}`, rule);
      out[region] = readWeek(hours, `${field}.${key}.${region}`);
    }
    return out;
  };
  const states = rules('states', /^[A-Z]{2}$/, 'must be a US state\'s two-letter code, e.g. TX');
  const countries = rules('countries', /^[1-9][0-9]{0,2}$/, 'must be a country calling code, e.g. 44');
  if (states && Object.keys(states).length > 0) window.states = states;
  if (countries && Object.keys(countries).length > 0) window.countries = countries;
  return window;
}

function readWeek(value: unknown, field: string): WeeklyHours {
  const body = object(value, field);
  onlyKnown(body, WEEKDAYS, `${field}.`);
  const week: WeeklyHours = {};
  for (const day of WEEKDAYS) {
    if (body[day] === undefined || body[day] === null) continue;
    const hours = object(body[day], `${field}.${day}`);
    onlyKnown(hours, ['start', 'end'], `${field}.${day}.`);
    const time = (key: 'start' | 'end'): string => {
      const f = `${field}.${day}.${key}`;
      const t = text(hours[key], f, { max: 5 });
      try {
        parseClockTime(t);
      } catch {
        throw validationError(f, 'must be a time of day HH:MM (00:00 to 24:00)');
      }
      return t;
    };
    const start = time('start');
    const end = time('end');
    if (parseClockTime(end) <= parseClockTime(start)) throw validationError(`${field}.${day}.end`, `must be after start (${start})`);
    week[day] = { start, end };
  }
  return week;
}
