/**
 * Teams: every team with its organization, the skills a new agent of it is given, and its agents.
 * Administrators create, change and delete teams (a team in use by agents or campaigns stays: the
 * API says why); supervisors read.
 */
import { call, type Team } from '../api.ts';
import { Listing, useLoad } from './common.tsx';
import { useEditableRows } from './editable-rows.ts';
import { DataTable, EditDeleteActions } from './DataTable.tsx';
import { EntityForm, changed, namesOf, textOf, type FormItem, type FormValues } from './EntityForm.tsx';
import type { PageProps } from './App.tsx';

const path = (name: string) => `/teams/${encodeURIComponent(name)}`;

const fields = (creating: boolean): FormItem[] => [
  ...(creating ? [{ name: 'teamName', label: 'Team name', kind: 'text', required: true } as const] : []),
  { name: 'organization', label: 'Organization', kind: 'text', hint: creating ? '(empty: the first organization)' : undefined },
  { name: 'skills', label: 'Skills', kind: 'text', hint: '(comma-separated; given to a new agent of the team without skills of its own)' },
];

const valuesOf = (team?: Team): FormValues => ({ teamName: team?.teamName ?? '', organization: team?.organization ?? '', skills: (team?.skills ?? []).join(', ') });

export function Teams({ session }: PageProps) {
  const administrator = session.role === 'administrator';
  const teams = useLoad<Team[]>(() => call<Team[]>('GET', '/teams'));
  const { editing, setEditing, busy, messages, save, remove } = useEditableRows(teams, (t) => t.teamName, path);

  const create = async (v: FormValues) => {
    const organization = textOf(v.organization);
    const team = await call<Team>('POST', '/teams', { teamName: textOf(v.teamName), ...(organization ? { organization } : {}), skills: namesOf(v.skills) });
    await teams.reload();
    return `Created team ${team.teamName} (${team.organization})`;
  };

  const update = (v: FormValues) => save(changed({ organization: textOf(v.organization), skills: namesOf(v.skills) }, editing as unknown as Record<string, unknown>));

  const table = (
    <Listing id="teams-title" title="Teams" refreshText="Refresh teams" loaded={teams}>
      <DataTable<Team> labelledBy="teams-title" label="Teams" rows={teams.value} rowKey={(t) => t.teamName} rowAttrs={(t) => ({ 'data-team': t.teamName })}
        empty="No teams" search="Search teams"
        columns={[
          { key: 'name', title: 'Team', text: (t) => t.teamName, rowHeader: true },
          { key: 'organization', title: 'Organization', text: (t) => t.organization },
          { key: 'skills', title: 'Skills', text: (t) => t.skills.join(', '), class: 'words' },
          { key: 'agents', title: 'Agents', text: (t) => t.agents, num: true },
        ]}
        actions={administrator ? (t) => (
          <EditDeleteActions name={t.teamName} disabled={busy !== null} onEdit={() => setEditing(t)} onDelete={() => remove(t)} message={messages[t.teamName]} />
        ) : undefined} />
    </Listing>
  );
  if (!administrator) return table;
  return (
    <div class="columns">
      <section aria-labelledby={editing ? 'edit-team-title' : 'new-team-title'}>
        {editing
          ? <EntityForm key={`edit-${editing.teamName}`} id="edit-team" title={`Edit ${editing.teamName}`} items={fields(false)} initial={valuesOf(editing)}
              submitText="Save team" onSubmit={update} onCancel={() => setEditing(null)} />
          : <EntityForm key="new" id="new-team" title="New team" items={fields(true)} initial={valuesOf()} submitText="Create team" onSubmit={create} resetOnDone />}
      </section>
      {table}
    </div>
  );
}
