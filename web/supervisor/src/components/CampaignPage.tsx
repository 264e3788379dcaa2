/**
 * One campaign (`#campaigns/{name}`): its settings by group beside its live job figures (from
 * /status, every 2 s), its warnings above both, its job controls; administrators edit it (the same
 * form as a new one, prefilled) and delete it (refused while it has a job or any job in its history).
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { call, type Campaign, type CompletionCode, type Floor, type FloorJob, type WeeklyHours } from '../api.ts';
import { Badge, ErrorLine, RowMessageLine, count, useAction, useLoad, useRefreshWhile, useRowActions, when, type RowMessage } from './common.tsx';
import { JobButtons, campaignPath, jobAction, lastJob, type Action, type JobNow } from './CampaignJob.tsx';
import { CampaignForm, DAY_NAMES, RESULTS, WEEKDAYS } from './CampaignForm.tsx';
import { DeleteButton } from './DataTable.tsx';

const LIVE_MS = 2000;

/** A message for the page of a campaign about to open (the one just created). */
let notice: { name: string; text: string } | null = null;
export function tellCampaignPage(name: string, text: string): void {
  notice = { name, text };
}

const percent = (rate: number): string => `${Number((rate * 100).toFixed(2))}%`;
const yesNo = (b: boolean): string => (b ? 'yes' : 'no');

/** Weekly hours in a line: equal consecutive days together ("Mon–Fri 08:00–21:00; Sat, Sun off"). */
export function weekText(hours: WeeklyHours): string {
  const text = (d: (typeof WEEKDAYS)[number]) => {
    const h = hours[d];
    return h ? `${h.start}–${h.end}` : 'off';
  };
  const runs: Array<{ from: string; to: string; text: string }> = [];
  for (const d of WEEKDAYS) {
    const last = runs.at(-1);
    if (last && last.text === text(d)) last.to = DAY_NAMES[d];
    else runs.push({ from: DAY_NAMES[d], to: DAY_NAMES[d], text: text(d) });
  }
  return runs.map((r) => `${r.from === r.to ? r.from : `${r.from}–${r.to}`} ${r.text}`).join('; ');
}

interface Setting {
  label: string;
  /** The API field it shows (`data-setting`). */
  key: string;
  value: string;
}

function groups(c: Campaign, codes: readonly CompletionCode[]): Array<{ title: string; rows: Setting[] }> {
  const codeName = (id: string) => {
    const code = codes.find((k) => k.codeId === id);
    return code ? `${code.codeValue} (${id})` : id;
  };
  const dials = c.type !== 'Preview';
  return [
    {
      title: 'Dialing',
      rows: [
        { label: 'Type', key: 'type', value: c.type },
        ...(c.type === 'Preview' ? [
          { label: 'Timed preview', key: 'previewTimed', value: c.previewTimed ? `yes, after ${c.previewTimeoutSeconds} s` : 'no' },
          { label: 'Agent can cancel', key: 'previewCanCancel', value: yesNo(c.previewCanCancel) },
        ] : []),
        { label: 'Contact list', key: 'contactList', value: c.contactList },
        { label: 'DNC lists', key: 'dncLists', value: c.dncLists.join(', ') || 'none' },
        { label: 'Team', key: 'teamName', value: `${c.teamName} (${c.organization})` },
        { label: 'Skill', key: 'skill', value: c.skill || 'none: the agents of its team' },
        { label: 'Priority', key: 'priority', value: String(c.priority) },
      ],
    },
    {
      title: 'Completion codes',
      rows: [
        { label: 'Offered', key: 'completionCodes', value: c.completionCodes.map(codeName).join(', ') || 'none' },
        { label: 'Default', key: 'defaultCompletionCode', value: c.defaultCompletionCode ? codeName(c.defaultCompletionCode) : 'none' },
      ],
    },
    {
      title: 'Wrap-up',
      rows: [
        { label: 'Wrap-up time', key: 'wrapupSeconds', value: `${c.wrapupSeconds} s` },
        { label: 'Extendable', key: 'wrapupExtendable', value: yesNo(c.wrapupExtendable) },
      ],
    },
    {
      title: 'Retries and attempts',
      rows: [
        ...RESULTS.filter(({ result }) => c.retryRules[result] !== undefined)
          .map(({ result, label }) => ({ label, key: `retryRules.${result}`, value: `after ${c.retryRules[result]} min` })),
        { label: 'Other results', key: 'retryRules', value: 'final' },
        { label: 'Attempts per contact', key: 'maxAttempts', value: String(c.maxAttempts) },
        { label: 'Attempts per number', key: 'maxAttemptsPerNumber', value: c.maxAttemptsPerNumber === 0 ? 'no limit' : String(c.maxAttemptsPerNumber) },
      ],
    },
    ...(dials ? [
      {
        title: 'Pacing',
        rows: [
          { label: 'Method', key: 'pacing.method', value: c.pacing.method === 'target' ? 'target abandon rate' : 'fixed ratio' },
          { label: 'Target abandon rate', key: 'pacing.targetAbandonRate', value: percent(c.pacing.targetAbandonRate) },
          { label: 'Abandon cap', key: 'pacing.abandonCap', value: percent(c.pacing.abandonCap) },
          { label: 'Dial ratio', key: 'pacing.ratio', value: String(c.pacing.ratio) },
          { label: 'Max lines per agent', key: 'pacing.maxLinesPerAgent', value: String(c.pacing.maxLinesPerAgent) },
          { label: 'Connect within', key: 'pacing.connectWithinSeconds', value: `${c.pacing.connectWithinSeconds} s` },
        ],
      },
      {
        title: 'Answering machine',
        rows: [
          { label: 'Detection', key: 'answeringMachine.detection', value: c.answeringMachine.detection ? 'on' : 'off' },
          { label: 'A detected machine is', key: 'answeringMachine.action', value: { drop: 'dropped', message: 'left a message', connect: 'connected to an agent' }[c.answeringMachine.action] },
          { label: 'False positives', key: 'answeringMachine.falsePositiveRate', value: percent(c.answeringMachine.falsePositiveRate) },
          { label: 'False negatives', key: 'answeringMachine.falseNegativeRate', value: percent(c.answeringMachine.falseNegativeRate) },
        ],
      },
    ] : []),
    {
      title: 'Ring, caller ID and callbacks',
      rows: [
        { label: 'No-answer timeout', key: 'noAnswerTimeoutSeconds', value: `${c.noAnswerTimeoutSeconds} s` },
        { label: 'Minimum ring', key: 'minimumRingSeconds', value: `${c.minimumRingSeconds} s` },
        { label: 'Caller ID', key: 'callerId', value: c.callerId || 'the trunk\'s' },
        { label: 'Callbacks expire after', key: 'callbackExpiryMinutes', value: `${c.callbackExpiryMinutes} min` },
      ],
    },
  ];
}

function SettingGroup({ title, children }: { title: string; children: ComponentChildren }) {
  const id = `settings-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return (
    <section aria-labelledby={id} class="setting-group">
      <h4 id={id}>{title}</h4>
      {children}
    </section>
  );
}

function Settings({ c, codes }: { c: Campaign; codes: readonly CompletionCode[] }) {
  const window = c.callingWindow;
  const regions = [
    ...Object.entries(window.states ?? {}).map(([k, v]) => ({ key: `callingWindow.states.${k}`, label: `State ${k}`, hours: v })),
    ...Object.entries(window.countries ?? {}).map(([k, v]) => ({ key: `callingWindow.countries.${k}`, label: `Country +${k}`, hours: v })),
  ];
  const all = groups(c, codes);
  const [first, ...rest] = all;
  const dl = (rows: Setting[]) => (
    <dl>
      {rows.map((r) => [<dt key={`${r.key}-t`}>{r.label}</dt>, <dd key={r.key} data-setting={r.key}>{r.value}</dd>])}
    </dl>
  );
  return (
    <div class="settings-groups" aria-label="Settings" role="group">
      {first && <SettingGroup title={first.title}>{dl(first.rows)}</SettingGroup>}
      <SettingGroup title="Calling window">
        <dl>
          {WEEKDAYS.map((d) => {
            const h = window.hours[d];
            return [<dt key={`${d}-t`}>{DAY_NAMES[d]}</dt>, <dd key={d} data-setting={`callingWindow.hours.${d}`}>{h ? `${h.start}–${h.end}` : 'off'}</dd>];
          })}
        </dl>
        {regions.length > 0 && (
          <>
            <p class="hint">By the number's region, instead of the above:</p>
            <dl>{regions.map((r) => [<dt key={`${r.key}-t`}>{r.label}</dt>, <dd key={r.key} data-setting={r.key}>{weekText(r.hours)}</dd>])}</dl>
          </>
        )}
      </SettingGroup>
      {rest.map((g) => <SettingGroup key={g.title} title={g.title}>{dl(g.rows)}</SettingGroup>)}
    </div>
  );
}

function LiveJob({ name, job, last, floorTime, error, busy, message, onAction }: {
  name: string; job: FloorJob | undefined; last: JobNow | undefined; floorTime: string | undefined; error: string;
  busy: boolean; message: RowMessage | undefined; onAction: (action: Action) => void;
}) {
  const state = job?.state ?? last?.state ?? 'none';
  const figures: Array<[string, string, string]> = job ? [
    ['Job', 'jobId', String(job.jobId)],
    ['Agents', 'agents', count(job.agents)],
    ['Available', 'agentsAvailable', count(job.agentsAvailable)],
    ['Lines ringing', 'linesRinging', count(job.linesRinging)],
    ['Waiting', 'waiting', count(job.waiting)],
    ['Abandon rate', 'abandonRate', percent(job.abandonRate)],
    ['Contacts left', 'contactsLeft', count(job.contacts.available)],
    ['Attempts', 'attempts', count(job.attempts.total)],
    ['Connects', 'connects', count(job.attempts.connected)],
    ['Abandoned', 'abandoned', count(job.attempts.abandoned)],
  ] : [];
  return (
    <section class="live" aria-labelledby="live-title">
      <div class="toolbar">
        <h3 id="live-title">Live job</h3>
        <Badge state={state} testId="live-job-state" />
      </div>
      {job
        ? (
          <dl class="figures">
            {figures.map(([label, key, value]) => [<dt key={`${key}-t`}>{label}</dt>, <dd key={key} data-figure={key}>{value}</dd>])}
          </dl>
        )
        : <p class="muted" data-figure="none">{last && last.jobId !== null ? `No job running. Last job ${last.jobId}: ${last.state}.` : 'No job running.'}</p>}
      <JobButtons name={name} state={state} disabled={busy} onAction={onAction} />
      <RowMessageLine message={message} />
      <ErrorLine text={error} />
      {floorTime && <p class="hint small-print">As of {when(floorTime)}; every {LIVE_MS / 1000} s.</p>}
    </section>
  );
}

export function CampaignPage({ name, administrator }: { name: string; administrator: boolean }) {
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState(() => {
    const text = notice?.name === name ? notice.text : '';
    notice = null;
    return text;
  });
  const campaign = useLoad<Campaign>(() => call<Campaign>('GET', campaignPath(name)));
  const codes = useLoad<CompletionCode[]>(() => call<CompletionCode[]>('GET', '/completion-codes'));
  const live = useLoad(async () => {
    const [floor, last] = await Promise.all([call<Floor>('GET', '/status'), lastJob(name)]);
    return { floor, last };
  });
  useRefreshWhile(true, live.refresh, LIVE_MS, live.loads);
  // The campaign too (its warnings and job change with the floor), but not under the form.
  useRefreshWhile(!editing && campaign.value !== null, campaign.refresh, LIVE_MS, campaign.loads);
  const { busy, messages, act } = useRowActions(live.refresh);
  const removal = useAction();

  const c = campaign.value;
  const job = live.value?.floor.jobs.find((j) => j.campaign === name);
  const warnings = [...new Set([...(c?.warnings ?? []), ...(job?.warnings ?? [])])];

  const remove = () => removal.run(async () => {
    await call('DELETE', campaignPath(name));
    location.hash = '#campaigns';
  });

  return (
    <div class="campaign">
      <div class="toolbar campaign-head">
        <a href="#campaigns">← All campaigns</a>
        <h3 id="campaign-title">{name}</h3>
        {administrator && c && !editing && (
          <div class="actions" role="group" aria-label={`${name} settings`}>
            <button type="button" class="secondary" aria-label={`Edit ${name}`} onClick={() => { setSaved(''); setEditing(true); }}>Edit</button>
            <DeleteButton name={name} disabled={removal.busy} onDelete={remove} />
          </div>
        )}
      </div>
      <ErrorLine text={removal.error} />
      {campaign.error && !c && <ErrorLine text={campaign.error} />}
      {warnings.length > 0 && (
        <section class="warnings" aria-labelledby="warnings-title">
          <h4 id="warnings-title">⚠ {warnings.length === 1 ? 'Warning' : `${warnings.length} warnings`}</h4>
          <ul>{warnings.map((w) => <li key={w}>{w}</li>)}</ul>
        </section>
      )}
      {saved && <p role="status" class="ok notice-ok">{saved}</p>}
      <div class="campaign-page">
        <div class="campaign-settings">
          {c && (editing
            ? (
              <section aria-labelledby="edit-campaign-title">
                <CampaignForm campaign={c} onCancel={() => setEditing(false)} onDone={(_updated, message) => {
                  setSaved(message);
                  setEditing(false);
                  void campaign.refresh();
                  void live.refresh();
                }} />
              </section>
            )
            : <Settings c={c} codes={codes.value ?? []} />)}
          {!c && campaign.loading && <p class="muted">Loading…</p>}
        </div>
        <LiveJob name={name} job={job} last={live.value?.last} floorTime={live.value?.floor.now} error={live.error}
          busy={busy !== null} message={messages[name]} onAction={(a) => void act(name, () => jobAction(name, a))} />
      </div>
    </div>
  );
}
