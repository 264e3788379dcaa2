/**
 * Agents: who logs on to the dialer and the desktop (LAN ID, extension, password), their team,
 * skills and their level in each, location preference, enabled or not, logged on to the dialer now or not.
 * Administrators create, change and delete them (a logged-in agent cannot be deleted: the API says
 * so); supervisors read.
 */
import { call, type Agent, type Queue, type Team } from '../api.ts';
import { Badge, Listing, useLoad } from './common.tsx';
import { useEditableRows } from './editable-rows.ts';
import { DataTable, EditDeleteActions } from './DataTable.tsx';
import { EntityForm, changed, flagOf, namesOf, numberOf, textOf, type FormItem, type FormValues } from './EntityForm.tsx';
import type { PageProps } from './App.tsx';

const path = (id: string) => `/agents/${encodeURIComponent(id)}`;

/** The skills the agent will have: those typed, else its team's. */
function skillsOf(v: FormValues, teams: readonly Team[]): string[] {
  const typed = namesOf(v.skills);
  return typed.length > 0 ? typed : teams.find((t) => t.teamName === textOf(v.teamName))?.skills ?? [];
}

/** A level input per skill known on the floor, shown while the agent has that skill. */
function levelFields(skills: readonly string[], teams: readonly Team[]): FormItem[] {
  if (skills.length === 0) return [];
  return [{
    group: 'Skill levels', hint: '1 (best) to 16; empty: 1. A queue routing to the most skilled takes the best level first.', columns: 3,
    show: (v) => skillsOf(v, teams).some((s) => skills.includes(s)),
    fields: skills.map((skill) => ({
      name: `skillLevels.${skill}`, label: skill, kind: 'number', step: '1', min: '1', max: '16', show: (v: FormValues) => skillsOf(v, teams).includes(skill),
    } as const)),
  }];
}

function fields(creating: boolean, teams: readonly Team[], skills: readonly string[]): FormItem[] {
  return [
    ...(creating ? [{ name: 'agentId', label: 'Agent ID', kind: 'text', required: true } as const] : []),
    { name: 'lanId', label: 'LAN ID', kind: 'text', required: true },
    { name: 'extension', label: 'Extension', kind: 'text', required: true, hint: '(digits)' },
    creating
      ? { name: 'password', label: 'Password', kind: 'password', required: true, hint: '(at least 4 characters)' }
      : { name: 'password', label: 'New password', kind: 'password', hint: '(leave empty to keep it)' },
    { name: 'firstName', label: 'First name', kind: 'text', required: true },
    { name: 'lastName', label: 'Last name', kind: 'text' },
    { name: 'teamName', label: 'Team', kind: 'select', required: true, options: teams.map((t) => ({ value: t.teamName, label: `${t.teamName} (${t.organization})` })) },
    { name: 'skills', label: 'Skills', kind: 'text', hint: '(comma-separated; empty: the team\'s)' },
    ...levelFields(skills, teams),
    { name: 'locationPreference', label: 'Location preference', kind: 'select', options: ['primary', 'auxiliary'] },
    { name: 'enabled', label: 'Enabled', kind: 'checkbox', hint: 'A disabled agent cannot log on.' },
  ];
}

const valuesOf = (skills: readonly string[], a?: Agent): FormValues => ({
  agentId: a?.agentId ?? '', lanId: a?.lanId ?? '', extension: a?.extension ?? '', password: '', firstName: a?.firstName ?? '',
  lastName: a?.lastName ?? '', teamName: a?.teamName ?? '', skills: (a?.skills ?? []).join(', '),
  locationPreference: a?.locationPreference ?? 'primary', enabled: a?.enabled ?? true,
  ...Object.fromEntries(skills.map((skill) => [`skillLevels.${skill}`, a?.skillLevels[skill] === undefined ? '' : String(a.skillLevels[skill])])),
});

/** The levels typed for the skills the agent will have (what is not a number goes as typed: the API names it). */
function levelsOf(v: FormValues, teams: readonly Team[]): Record<string, unknown> {
  const levels: Record<string, unknown> = {};
  for (const skill of skillsOf(v, teams)) {
    const level = numberOf(v[`skillLevels.${skill}`]);
    if (level !== null) levels[skill] = level;
  }
  return levels;
}

/** The body of a POST (every field) or of a PUT (what changed; the password only when one is typed). */
function bodyOf(v: FormValues, teams: readonly Team[], current?: Agent): Record<string, unknown> {
  const body: Record<string, unknown> = {
    lanId: textOf(v.lanId), extension: textOf(v.extension), firstName: textOf(v.firstName), lastName: textOf(v.lastName),
    teamName: textOf(v.teamName), skills: namesOf(v.skills), skillLevels: levelsOf(v, teams), locationPreference: textOf(v.locationPreference), enabled: flagOf(v.enabled),
  };
  if (!current) return { agentId: textOf(v.agentId), password: typeof v.password === 'string' ? v.password : '', ...body };
  const change: Record<string, unknown> = changed(body, current as unknown as Record<string, unknown>);
  // An agent saved without skills has its team's: an empty list is no change.
  if (Array.isArray(change.skills) && change.skills.length === 0) delete change.skills;
  if (typeof v.password === 'string' && v.password !== '') change.password = v.password;
  return change;
}

export function Agents({ session }: PageProps) {
  const administrator = session.role === 'administrator';
  const agents = useLoad<Agent[]>(() => call<Agent[]>('GET', '/agents'));
  const teams = useLoad<Team[]>(() => (administrator ? call<Team[]>('GET', '/teams') : Promise.resolve([])));
  const queues = useLoad<Queue[]>(() => (administrator ? call<Queue[]>('GET', '/queues') : Promise.resolve([])));
  const teamList = teams.value ?? [];
  // Every skill on the floor (agents', teams', queues'): each gets a level input, shown while the agent has it.
  const skills = [...new Set([
    ...(agents.value ?? []).flatMap((a) => a.skills), ...teamList.flatMap((t) => t.skills), ...(queues.value ?? []).map((q) => q.skill),
  ])].sort();
  const { editing, setEditing, busy, messages, save, remove } = useEditableRows(agents, (a) => a.agentId, path);

  const create = async (v: FormValues) => {
    const agent = await call<Agent>('POST', '/agents', bodyOf(v, teamList));
    await agents.reload();
    return `Created agent ${agent.agentId} (${agent.lanId}, extension ${agent.extension})`;
  };

  const update = (v: FormValues) => save(bodyOf(v, teamList, editing ?? undefined));

  const table = (
    <Listing id="agents-title" title="Agents" refreshText="Refresh agents" loaded={agents}>
      <DataTable<Agent> labelledBy="agents-title" label="Agents" rows={agents.value} rowKey={(a) => a.agentId} rowAttrs={(a) => ({ 'data-agent': a.agentId })}
        empty="No agents" search="Search agents" scroll
        columns={[
          { key: 'agentId', title: 'Agent', text: (a) => a.agentId, rowHeader: true },
          { key: 'name', title: 'Name', text: (a) => `${a.firstName} ${a.lastName}`.trim() },
          { key: 'lanId', title: 'LAN ID', text: (a) => a.lanId },
          { key: 'extension', title: 'Extension', text: (a) => a.extension },
          { key: 'team', title: 'Team', text: (a) => a.teamName },
          {
            key: 'skills', title: 'Skills', class: 'words',
            text: (a) => a.skills.map((s) => (a.skillLevels[s] === undefined ? s : `${s} (${a.skillLevels[s]})`)).join(', '),
          },
          { key: 'location', title: 'Location', text: (a) => a.locationPreference },
          {
            key: 'state', title: 'State', text: (a) => `${a.enabled ? 'active' : 'disabled'}${a.loggedIn ? ' logged in' : ''}`,
            render: (a) => <><Badge state={a.enabled ? 'active' : 'disabled'} />{a.loggedIn && <> <Badge state="logged in" /></>}</>,
          },
        ]}
        actions={administrator ? (a) => (
          <EditDeleteActions name={a.agentId} disabled={busy !== null} onEdit={() => setEditing(a)} onDelete={() => remove(a)} message={messages[a.agentId]} />
        ) : undefined} />
    </Listing>
  );
  if (!administrator) return table;
  return (
    <div class="columns narrow-form">
      <section aria-labelledby={editing ? 'edit-agent-title' : 'new-agent-title'}>
        {editing
          ? <EntityForm key={`edit-${editing.agentId}`} id="edit-agent" title={`Edit agent ${editing.agentId}`} items={fields(false, teamList, skills)}
              initial={valuesOf(skills, editing)} submitText="Save agent" onSubmit={update} onCancel={() => setEditing(null)} />
          : <EntityForm key="new" id="new-agent" title="New agent" items={fields(true, teamList, skills)} initial={valuesOf(skills)}
              submitText="Create agent" onSubmit={create} resetOnDone />}
      </section>
      {table}
    </div>
  );
}
