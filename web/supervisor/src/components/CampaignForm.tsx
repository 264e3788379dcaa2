/**
 * A campaign's settings as a form: a new campaign (the four settings it needs, the others shown at
 * their defaults) or changes to one (prefilled; a PUT with what changed, whose reply says what the
 * running job takes now and what waits for the next job). The calling window is edited per weekday
 * (from, to, off), the retry rules per result (minutes; empty: final), the per-state and per-country
 * rules as JSON.
 */
import { call, type AttemptResult, type Campaign, type CampaignDefaults, type CampaignEditView, type CompletionCode, type ContactList, type DncList, type Team, type Weekday, type WeeklyHours } from '../api.ts';
import { ErrorLine, useLoad } from './common.tsx';
import { EntityForm, FieldProblem, changed, flagOf, listOf, numberOf, textOf, type FieldDef, type FormItem, type FormValues } from './EntityForm.tsx';

export const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
export const DAY_NAMES: Record<Weekday, string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };

/** The results a retry rule can name, and what the page calls them. */
export const RESULTS: ReadonlyArray<{ result: AttemptResult; label: string }> = [
  { result: 'Call_Busy', label: 'Busy' },
  { result: 'Ring_No_Answer', label: 'No answer' },
  { result: 'Answer_Machine', label: 'Answering machine' },
  { result: 'Network_Refusal', label: 'Network refusal' },
  { result: 'Abandoned', label: 'Abandoned' },
  { result: 'Invalid_Number', label: 'Invalid number' },
  { result: 'Answer_Human', label: 'Answered' },
  { result: 'Preview_Cancelled', label: 'Preview cancelled' },
  { result: 'Restricted_DNC', label: 'Restricted (DNC)' },
  { result: 'Restricted_Other', label: 'Restricted (other)' },
];

type Settings = Omit<Campaign, 'campaignId' | 'organization' | 'warnings' | 'job'>;

const day = (d: Weekday, part: 'start' | 'end' | 'off') => `callingWindow.hours.${d}.${part}`;
const isPreview = (v: FormValues) => v.type === 'Preview';
const dials = (v: FormValues) => v.type !== 'Preview';

interface Choices {
  /** What the API gives a new campaign for each setting left out. */
  defaults: CampaignDefaults;
  lists: ContactList[];
  dncLists: DncList[];
  teams: Team[];
  codes: CompletionCode[];
}

function items(creating: boolean, c: Choices): FormItem[] {
  const num = (name: string, label: string, hint?: string, extra: Partial<FieldDef> = {}): FieldDef => ({ name, label, kind: 'number', hint, ...extra });
  const check = (name: string, label: string, extra: Partial<FieldDef> = {}): FieldDef => ({ name, label, kind: 'checkbox', ...extra });
  const codeLabel = (code: CompletionCode) => `${code.codeValue} (${code.codeId})`;
  return [
    {
      group: 'Dialing',
      fields: [
        ...(creating ? [{ name: 'campaignName', label: 'Campaign name', kind: 'text', required: true } as const] : []),
        { name: 'type', label: 'Type', kind: 'select', options: ['Preview', 'Progressive', 'Predictive'], required: true },
        check('previewTimed', 'Timed preview (dials by itself)', { show: isPreview }),
        num('previewTimeoutSeconds', 'Preview timeout (s)', undefined, { step: '1', show: isPreview }),
        check('previewCanCancel', 'Agent can cancel a preview', { show: isPreview }),
        { name: 'contactList', label: 'Contact list', kind: 'select', required: true, options: c.lists.map((l) => l.contactListName) },
        { name: 'dncLists', label: 'DNC lists', kind: 'checkboxes', options: c.dncLists.map((l) => l.DNCListName) },
        { name: 'teamName', label: 'Team', kind: 'select', required: true, options: c.teams.map((t) => t.teamName) },
        { name: 'skill', label: 'Skill', kind: 'text', hint: '(empty: the agents of its team)' },
      ],
    },
    {
      group: 'Completion codes',
      fields: [
        { name: 'completionCodes', label: 'Codes offered', kind: 'checkboxes', options: c.codes.map((k) => ({ value: k.codeId, label: codeLabel(k) })) },
        {
          name: 'defaultCompletionCode', label: 'Default code', kind: 'select', hint: '(when the agent gives none)', placeholder: creating ? '(its first code)' : undefined,
          options: c.codes.map((k) => ({ value: k.codeId, label: codeLabel(k) })),
        },
      ],
    },
    {
      group: 'Wrap-up',
      fields: [num('wrapupSeconds', 'Wrap-up time (s)', undefined, { step: '1' }), check('wrapupExtendable', 'Agents can extend wrap-up')],
    },
    {
      group: 'Calling window',
      hint: 'In the contact\'s local time, HH:MM to HH:MM (24:00: midnight).',
      columns: 3,
      fields: WEEKDAYS.flatMap((d): FieldDef[] => [
        { name: day(d, 'start'), label: `${DAY_NAMES[d]} from`, kind: 'text', placeholder: 'HH:MM', disabled: (v) => v[day(d, 'off')] === true, apiNames: [`callingWindow.hours.${d}`] },
        { name: day(d, 'end'), label: `${DAY_NAMES[d]} to`, kind: 'text', placeholder: 'HH:MM', disabled: (v) => v[day(d, 'off')] === true },
        check(day(d, 'off'), `${DAY_NAMES[d]} off`),
      ]),
    },
    {
      group: 'Calling window by region',
      fields: [
        {
          name: 'callingWindow.states', label: 'By US state', kind: 'textarea', rows: 3, apiNames: ['callingWindow'],
          hint: '(JSON, replaces the hours above: {"TX": {"mon": {"start": "09:00", "end": "20:00"}}})',
        },
        { name: 'callingWindow.countries', label: 'By country calling code', kind: 'textarea', rows: 3, hint: '(JSON, e.g. {"44": {…}})' },
      ],
    },
    {
      group: 'Retries and attempts',
      hint: 'Minutes before a contact is dialed again after each result; empty: final.',
      columns: 2,
      fields: [
        ...RESULTS.map(({ result, label }) => num(`retryRules.${result}`, label, undefined, { step: '1', min: '1' })),
        num('maxAttempts', 'Attempts per contact', undefined, { step: '1' }),
        num('maxAttemptsPerNumber', 'Attempts per number', '(0: no limit)', { step: '1' }),
      ],
    },
    {
      group: 'Pacing',
      show: dials,
      fields: [
        { name: 'pacing.method', label: 'Method', kind: 'select', options: [{ value: 'target', label: 'target (hold the abandon rate)' }, { value: 'ratio', label: 'ratio (fixed lines per agent)' }] },
        num('pacing.targetAbandonRate', 'Target abandon rate', '(0.0225 = 2.25%)'),
        num('pacing.abandonCap', 'Abandon cap', '(0.03 = 3%)'),
        num('pacing.ratio', 'Dial ratio', '(lines per free agent)'),
        num('pacing.maxLinesPerAgent', 'Max lines per agent'),
        num('pacing.connectWithinSeconds', 'Connect within (s)'),
      ],
    },
    {
      group: 'Answering machine',
      show: dials,
      fields: [
        check('answeringMachine.detection', 'Detect answering machines'),
        { name: 'answeringMachine.action', label: 'A detected machine is', kind: 'select', options: [{ value: 'drop', label: 'dropped' }, { value: 'message', label: 'left a message' }, { value: 'connect', label: 'connected to an agent' }] },
        num('answeringMachine.falsePositiveRate', 'False positives', '(people taken for machines, 0.05 = 5%)'),
        num('answeringMachine.falseNegativeRate', 'False negatives', '(machines taken for people)'),
      ],
    },
    {
      group: 'Ring, caller ID and callbacks',
      fields: [
        num('noAnswerTimeoutSeconds', 'No-answer timeout (s)', undefined, { step: '1' }),
        num('minimumRingSeconds', 'Minimum ring (s)', undefined, { step: '1' }),
        { name: 'callerId', label: 'Caller ID', kind: 'text', hint: '(E.164; empty: the trunk\'s)' },
        num('callbackExpiryMinutes', 'Callbacks expire after (min)', undefined, { step: '1' }),
        num('priority', 'Priority', '(0 to 100)', { step: '1' }),
      ],
    },
  ];
}

const json = (rules: Record<string, WeeklyHours> | undefined): string => (rules && Object.keys(rules).length > 0 ? JSON.stringify(rules, null, 1) : '');

function valuesOf(s: Partial<Settings> & CampaignDefaults & Pick<Settings, 'type'>): FormValues {
  const v: FormValues = {
    campaignName: s.campaignName ?? '', type: s.type, previewTimed: s.previewTimed, previewTimeoutSeconds: String(s.previewTimeoutSeconds),
    previewCanCancel: s.previewCanCancel, contactList: s.contactList ?? '', dncLists: s.dncLists, teamName: s.teamName ?? '', skill: s.skill,
    completionCodes: s.completionCodes ?? [], defaultCompletionCode: s.defaultCompletionCode ?? '',
    wrapupSeconds: String(s.wrapupSeconds), wrapupExtendable: s.wrapupExtendable,
    'callingWindow.states': json(s.callingWindow.states), 'callingWindow.countries': json(s.callingWindow.countries),
    maxAttempts: String(s.maxAttempts), maxAttemptsPerNumber: String(s.maxAttemptsPerNumber),
    'pacing.method': s.pacing.method, 'pacing.targetAbandonRate': String(s.pacing.targetAbandonRate), 'pacing.abandonCap': String(s.pacing.abandonCap),
    'pacing.ratio': String(s.pacing.ratio), 'pacing.maxLinesPerAgent': String(s.pacing.maxLinesPerAgent), 'pacing.connectWithinSeconds': String(s.pacing.connectWithinSeconds),
    'answeringMachine.detection': s.answeringMachine.detection, 'answeringMachine.action': s.answeringMachine.action,
    'answeringMachine.falsePositiveRate': String(s.answeringMachine.falsePositiveRate), 'answeringMachine.falseNegativeRate': String(s.answeringMachine.falseNegativeRate),
    noAnswerTimeoutSeconds: String(s.noAnswerTimeoutSeconds), minimumRingSeconds: String(s.minimumRingSeconds), callerId: s.callerId,
    callbackExpiryMinutes: String(s.callbackExpiryMinutes), priority: String(s.priority),
  };
  for (const d of WEEKDAYS) {
    const hours = s.callingWindow.hours[d];
    v[day(d, 'start')] = hours?.start ?? '';
    v[day(d, 'end')] = hours?.end ?? '';
    v[day(d, 'off')] = hours === undefined;
  }
  for (const { result } of RESULTS) {
    const minutes = s.retryRules[result];
    v[`retryRules.${result}`] = minutes === undefined ? '' : String(minutes);
  }
  return v;
}

function regionRules(v: FormValues, name: 'callingWindow.states' | 'callingWindow.countries'): Record<string, WeeklyHours> | undefined {
  const text = textOf(v[name]);
  if (text === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new FieldProblem(name, `must be JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new FieldProblem(name, 'must be a JSON object of weekly hours by region');
  return parsed as Record<string, WeeklyHours>;
}

/** The settings the form gives, in the API's shape; retry rules of results the form does not show are kept. */
function settingsOf(v: FormValues, base: Partial<Settings>): Record<string, unknown> {
  const hours: Record<string, { start: string; end: string }> = {};
  for (const d of WEEKDAYS) {
    if (v[day(d, 'off')] !== true) hours[d] = { start: textOf(v[day(d, 'start')]), end: textOf(v[day(d, 'end')]) };
  }
  const states = regionRules(v, 'callingWindow.states');
  const countries = regionRules(v, 'callingWindow.countries');
  const shown = new Set<string>(RESULTS.map((r) => r.result));
  const retryRules: Record<string, number | string | null> = Object.fromEntries(Object.entries(base.retryRules ?? {}).filter(([k]) => !shown.has(k)));
  for (const { result } of RESULTS) {
    const minutes = numberOf(v[`retryRules.${result}`]);
    if (minutes !== null) retryRules[result] = minutes;
  }
  return {
    type: textOf(v.type), previewTimed: flagOf(v.previewTimed), previewTimeoutSeconds: numberOf(v.previewTimeoutSeconds), previewCanCancel: flagOf(v.previewCanCancel),
    contactList: textOf(v.contactList), dncLists: listOf(v.dncLists), teamName: textOf(v.teamName), skill: textOf(v.skill),
    completionCodes: listOf(v.completionCodes), defaultCompletionCode: textOf(v.defaultCompletionCode),
    wrapupSeconds: numberOf(v.wrapupSeconds), wrapupExtendable: flagOf(v.wrapupExtendable),
    callingWindow: { hours, ...(states ? { states } : {}), ...(countries ? { countries } : {}) },
    retryRules, maxAttempts: numberOf(v.maxAttempts), maxAttemptsPerNumber: numberOf(v.maxAttemptsPerNumber),
    pacing: {
      method: textOf(v['pacing.method']), targetAbandonRate: numberOf(v['pacing.targetAbandonRate']), abandonCap: numberOf(v['pacing.abandonCap']),
      ratio: numberOf(v['pacing.ratio']), maxLinesPerAgent: numberOf(v['pacing.maxLinesPerAgent']), connectWithinSeconds: numberOf(v['pacing.connectWithinSeconds']),
    },
    answeringMachine: {
      detection: flagOf(v['answeringMachine.detection']), action: textOf(v['answeringMachine.action']),
      falsePositiveRate: numberOf(v['answeringMachine.falsePositiveRate']), falseNegativeRate: numberOf(v['answeringMachine.falseNegativeRate']),
    },
    noAnswerTimeoutSeconds: numberOf(v.noAnswerTimeoutSeconds), minimumRingSeconds: numberOf(v.minimumRingSeconds), callerId: textOf(v.callerId),
    callbackExpiryMinutes: numberOf(v.callbackExpiryMinutes), priority: numberOf(v.priority),
  };
}

/** What a PUT's reply says the running job does with the change. */
export function editMessage(reply: CampaignEditView, sent: readonly string[]): string {
  const { runningJobId, waitsForNextJob } = reply.edit;
  const what = `Saved ${sent.join(', ')}.`;
  if (runningJobId === null) return `${what} No job is running: the next job starts with the change.`;
  if (waitsForNextJob.length === 0) return `${what} The running job ${runningJobId} takes the change now.`;
  const waits = `${waitsForNextJob.join(', ')} ${waitsForNextJob.length === 1 ? 'waits' : 'wait'} for the next job`;
  return waitsForNextJob.length === sent.length || sent.every((f) => waitsForNextJob.includes(f))
    ? `${what} The running job ${runningJobId} keeps its settings: ${waits}.`
    : `${what} The running job ${runningJobId} takes the change now; ${waits}.`;
}

const loadChoices = async (): Promise<Choices> => {
  const [defaults, lists, dncLists, teams, codes] = await Promise.all([
    call<CampaignDefaults>('GET', '/campaign-defaults'), call<ContactList[]>('GET', '/contact-lists'), call<DncList[]>('GET', '/dnc-lists'),
    call<Team[]>('GET', '/teams'), call<CompletionCode[]>('GET', '/completion-codes'),
  ]);
  return { defaults, lists, dncLists, teams, codes };
};

/**
 * The form of a new campaign (`campaign` absent: `onDone` gets the campaign created) or of changes
 * to one (`onDone` gets the campaign and what the reply says of its running job).
 */
export function CampaignForm({ campaign, onDone, onCancel }: {
  campaign?: Campaign; onDone: (campaign: Campaign, message: string) => void; onCancel: () => void;
}) {
  const choices = useLoad<Choices>(loadChoices);
  if (!choices.value) return choices.error ? <ErrorLine text={choices.error} /> : <p class="muted">Loading…</p>;
  const c = choices.value;
  const creating = campaign === undefined;
  const initial = valuesOf(campaign ?? {
    ...c.defaults, type: 'Predictive', campaignName: '', contactList: '', teamName: '', completionCodes: c.codes.map((k) => k.codeId), defaultCompletionCode: '',
  });

  const submit = async (v: FormValues) => {
    if (creating) {
      const body: Record<string, unknown> = { campaignName: textOf(v.campaignName), ...settingsOf(v, {}) };
      // No default chosen: the campaign's first code.
      if (body.defaultCompletionCode === '') delete body.defaultCompletionCode;
      const created = await call<Campaign>('POST', '/campaigns', body);
      onDone(created, `Created campaign ${created.campaignName}.`);
      return;
    }
    const change = changed(settingsOf(v, campaign), campaign as unknown as Record<string, unknown>);
    const sent = Object.keys(change);
    if (sent.length === 0) throw new Error('Nothing to change');
    const reply = await call<CampaignEditView>('PUT', `/campaigns/${encodeURIComponent(campaign.campaignName)}`, change);
    onDone(reply, editMessage(reply, sent));
  };

  return (
    <EntityForm key={campaign?.campaignName ?? 'new'} id={creating ? 'new-campaign' : 'edit-campaign'} wide
      title={creating ? 'New campaign' : `Edit ${campaign.campaignName}`} items={items(creating, c)} initial={initial}
      submitText={creating ? 'Create campaign' : 'Save campaign'} onSubmit={submit} onCancel={onCancel}
      note={creating ? 'A campaign offers every completion code unless you choose; its default code is its first.' : 'A running job takes a change at once, but for its type, contact list and pacing method, which wait for the next job.'} />
  );
}
