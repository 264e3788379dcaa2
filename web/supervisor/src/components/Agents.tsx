/**
 * Agents: who logs on to the dialer and the desktop (LAN ID, extension, password), their team,
 * skills and location preference, enabled or not, logged on to the dialer now or not.
 * Administrators create, change and delete them (a logged-in agent cannot be deleted: the API says
 * so); supervisors read.
 */
import { call, type Agent, type Team } from '../api.ts';
import { Badge, Listing, useLoad } from './common.tsx';
import { useEditableRows } from './editable-rows.ts';
import { DataTable, EditDeleteActions } from './DataTable.tsx';
import { EntityForm, changed, flagOf, namesOf, textOf, type FormItem, type FormValues } from './EntityForm.tsx';
import type { PageProps } from './App.tsx';

const path = (id: string) => `/agents/${encodeURIComponent(id)}`;

function fields(creating: boolean, teams: readonly Team[]): FormItem[] {
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
    { name: 'locationPreference', label: 'Location preference', kind: 'select', options: ['primary', 'auxiliary'] },
    { name: 'enabled', label: 'Enabled', kind: 'checkbox', hint: 'A disabled agent cannot log on.' },
  ];
}

const valuesOf = (a?: Agent): FormValues => ({
  agentId: a?.agentId ?? '', lanId: a?.lanId ?? '', extension: a?.extension ?? '', password: '', firstName: a?.firstName ?? '',
  lastName: a?.lastName ?? '', teamName: a?.teamName ?? '', skills: (a?.skills ?? []).join(', '),
  locationPreference: a?.locationPreference ?? 'primary', enabled: a?.enabled ?? true,
});

/** The body of a POST (every field) or of a PUT (what changed; the password only when one is typed). */
function bodyOf(v: FormValues, current?: Agent): Record<string, unknown> {
  const body: Record<string, unknown> = {
    lanId: textOf(v.lanId), extension: textOf(v.extension), firstName: textOf(v.firstName), lastName: textOf(v.lastName),
    teamName: textOf(v.teamName), skills: namesOf(v.skills), locationPreference: textOf(v.locationPreference), enabled: flagOf(v.enabled),
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
  const { editing, setEditing, busy, messages, save, remove } = useEditableRows(agents, (a) => a.agentId, path);

  const create = async (v: FormValues) => {
    const agent = await call<Agent>('POST', '/agents', bodyOf(v));
    await agents.reload();
    return `Created agent ${agent.agentId} (${agent.lanId}, extension ${agent.extension})`;
  };

  const update = (v: FormValues) => save(bodyOf(v, editing ?? undefined));

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
          { key: 'skills', title: 'Skills', text: (a) => a.skills.join(', '), class: 'words' },
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
  const teamList = teams.value ?? [];
  return (
    <div class="columns narrow-form">
      <section aria-labelledby={editing ? 'edit-agent-title' : 'new-agent-title'}>
        {editing
          ? <EntityForm key={`edit-${editing.agentId}`} id="edit-agent" title={`Edit agent ${editing.agentId}`} items={fields(false, teamList)}
              initial={valuesOf(editing)} submitText="Save agent" onSubmit={update} onCancel={() => setEditing(null)} />
          : <EntityForm key="new" id="new-agent" title="New agent" items={fields(true, teamList)} initial={valuesOf()}
              submitText="Create agent" onSubmit={create} resetOnDone />}
      </section>
      {table}
    </div>
  );
}
