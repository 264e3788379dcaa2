/**
 * Teams: every team with its organization, the skills a new agent of it is given, the inbound queue
 * its agents blend into (and when), and its agents. Administrators create, change and delete teams (a
 * team in use by agents or campaigns stays: the API says why); supervisors read.
 */
import { call, type BlendingRule, type Queue, type Team } from '../api.ts';
import { Listing, useLoad } from './common.tsx';
import { useEditableRows } from './editable-rows.ts';
import { DataTable, EditDeleteActions } from './DataTable.tsx';
import { EntityForm, changed, namesOf, numberOf, textOf, type FieldDef, type FormItem, type FormValues } from './EntityForm.tsx';
import type { PageProps } from './App.tsx';

const path = (name: string) => `/teams/${encodeURIComponent(name)}`;

/** The rule's fields but its queue, with the values a new rule starts from. */
const RULE_FIELDS: ReadonlyArray<[key: Exclude<keyof BlendingRule, 'queue'>, label: string, hint: string, initial: string]> = [
  ['callsWaitingAbove', 'Calls waiting above', '(empty: not a trigger)', ''],
  ['oldestWaitAboveSeconds', 'Oldest wait above (s)', '(empty: not a trigger)', ''],
  ['serviceLevelBelowPercent', 'Service level below (%)', '(empty: not a trigger)', ''],
  ['releaseAfterEmptySeconds', 'Release after empty (s)', '(back to outbound)', '30'],
  ['minOutbound', 'Min outbound', '(agents kept outbound)', '0'],
  ['maxOutbound', 'Max outbound', '(empty: no limit)', ''],
];
const blended = (v: FormValues) => textOf(v['blending.queue']) !== '';

function fields(creating: boolean, queues: readonly string[]): FormItem[] {
  const rule: FieldDef[] = RULE_FIELDS.map(([key, label, hint]) => ({
    name: `blending.${key}`, label, hint, kind: 'number', min: '0', step: key === 'serviceLevelBelowPercent' ? 'any' : '1',
    ...(key === 'serviceLevelBelowPercent' ? { max: '100' } : {}), show: blended,
    // "At least one trigger" names the rule: it shows under the first trigger.
    ...(key === 'callsWaitingAbove' ? { apiNames: ['blending'] } : {}),
  }));
  return [
    ...(creating ? [{ name: 'teamName', label: 'Team name', kind: 'text', required: true } as const] : []),
    { name: 'organization', label: 'Organization', kind: 'text', hint: creating ? '(empty: the first organization)' : undefined },
    { name: 'skills', label: 'Skills', kind: 'text', hint: '(comma-separated; given to a new agent of the team without skills of its own)' },
    { name: 'blending.queue', label: 'Blends into queue', kind: 'select', options: queues, placeholder: 'None (outbound only)' },
    {
      group: 'Blending rule', hint: 'The team\'s agents move to the queue while a trigger holds, and back once it has been empty a while.', columns: 2,
      show: blended, fields: rule,
    },
  ];
}

const valuesOf = (team?: Team): FormValues => ({
  teamName: team?.teamName ?? '', organization: team?.organization ?? '', skills: (team?.skills ?? []).join(', '),
  'blending.queue': team?.blending?.queue ?? '',
  ...Object.fromEntries(RULE_FIELDS.map(([key, , , initial]) => {
    const value = team?.blending?.[key];
    return [`blending.${key}`, team?.blending ? (value === null || value === undefined ? '' : String(value)) : initial];
  })),
});

/** The rule the form holds: null without a queue; an empty number is null (no trigger, no limit). */
function blendingOf(v: FormValues): Record<string, unknown> | null {
  if (!blended(v)) return null;
  return { queue: textOf(v['blending.queue']), ...Object.fromEntries(RULE_FIELDS.map(([key]) => [key, numberOf(v[`blending.${key}`])])) };
}

const ruleText = (rule: BlendingRule | null): string => {
  if (!rule) return '—';
  const triggers = [
    rule.callsWaitingAbove === null ? '' : `waiting > ${rule.callsWaitingAbove}`,
    rule.oldestWaitAboveSeconds === null ? '' : `oldest > ${rule.oldestWaitAboveSeconds} s`,
    rule.serviceLevelBelowPercent === null ? '' : `service level < ${rule.serviceLevelBelowPercent} %`,
  ].filter(Boolean);
  const outbound = `outbound ${rule.minOutbound}–${rule.maxOutbound ?? '∞'}`;
  return `${rule.queue}: ${triggers.join(' or ')}; release after ${rule.releaseAfterEmptySeconds} s; ${outbound}`;
};

export function Teams({ session }: PageProps) {
  const administrator = session.role === 'administrator';
  const teams = useLoad<Team[]>(() => call<Team[]>('GET', '/teams'));
  const queues = useLoad<Queue[]>(() => (administrator ? call<Queue[]>('GET', '/queues') : Promise.resolve([])));
  const { editing, setEditing, busy, messages, save, remove } = useEditableRows(teams, (t) => t.teamName, path);

  const create = async (v: FormValues) => {
    const organization = textOf(v.organization);
    const blending = blendingOf(v);
    const team = await call<Team>('POST', '/teams', {
      teamName: textOf(v.teamName), ...(organization ? { organization } : {}), skills: namesOf(v.skills), ...(blending ? { blending } : {}),
    });
    await teams.reload();
    return `Created team ${team.teamName} (${team.organization})`;
  };

  const update = (v: FormValues) => save(changed(
    { organization: textOf(v.organization), skills: namesOf(v.skills), blending: blendingOf(v) }, editing as unknown as Record<string, unknown>,
  ));

  const table = (
    <Listing id="teams-title" title="Teams" refreshText="Refresh teams" loaded={teams}>
      <DataTable<Team> labelledBy="teams-title" label="Teams" rows={teams.value} rowKey={(t) => t.teamName} rowAttrs={(t) => ({ 'data-team': t.teamName })}
        empty="No teams" search="Search teams"
        columns={[
          { key: 'name', title: 'Team', text: (t) => t.teamName, rowHeader: true },
          { key: 'organization', title: 'Organization', text: (t) => t.organization },
          { key: 'skills', title: 'Skills', text: (t) => t.skills.join(', '), class: 'words' },
          { key: 'blending', title: 'Blending', text: (t) => ruleText(t.blending), class: 'words' },
          { key: 'agents', title: 'Agents', text: (t) => t.agents, num: true },
        ]}
        actions={administrator ? (t) => (
          <EditDeleteActions name={t.teamName} disabled={busy !== null} onEdit={() => setEditing(t)} onDelete={() => remove(t)} message={messages[t.teamName]} />
        ) : undefined} />
    </Listing>
  );
  if (!administrator) return table;
  const queueNames = (queues.value ?? []).map((q) => q.name);
  return (
    <div class="columns">
      <section aria-labelledby={editing ? 'edit-team-title' : 'new-team-title'}>
        {editing
          ? <EntityForm key={`edit-${editing.teamName}`} id="edit-team" title={`Edit ${editing.teamName}`} items={fields(false, queueNames)} initial={valuesOf(editing)}
              submitText="Save team" onSubmit={update} onCancel={() => setEditing(null)} />
          : <EntityForm key="new" id="new-team" title="New team" items={fields(true, queueNames)} initial={valuesOf()} submitText="Create team" onSubmit={create} resetOnDone />}
      </section>
      {table}
    </div>
  );
}
