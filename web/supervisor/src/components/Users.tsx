/**
 * Users (administrators): the supervisors and administrators, a form to create one, and per user a
 * form to change name, role or password, and disable / enable. The API ends a user's sessions when
 * they are disabled or their role or password changes.
 */
import { useState } from 'preact/hooks';
import { call, type User } from '../api.ts';
import { UserForm, type UserFields } from './UserForm.tsx';
import { Badge, Listing, RowMessageLine, useLoad, useRowActions, when } from './common.tsx';
import { DataTable } from './DataTable.tsx';

export function Users({ session }: { session: { username: string } }) {
  const users = useLoad<User[]>(() => call<User[]>('GET', '/users'));
  const [editing, setEditing] = useState<User | null>(null);
  const { busy, messages, tell, act } = useRowActions(users.reload);
  const [created, setCreated] = useState('');

  const create = async (f: UserFields) => {
    const user = await call<User>('POST', '/users', { username: f.username.trim(), name: f.name.trim(), role: f.role, password: f.password });
    setCreated(`Created ${user.username} (${user.role})`);
    await users.reload();
  };

  const update = async (f: UserFields) => {
    if (!editing) return;
    const change: Record<string, unknown> = {};
    if (f.name.trim() !== editing.name) change.name = f.name.trim();
    if (f.role !== editing.role) change.role = f.role;
    if (f.password !== '') change.password = f.password;
    if (Object.keys(change).length === 0) throw new Error('Nothing to change');
    const user = await call<User>('PATCH', `/users/${encodeURIComponent(editing.username)}`, change);
    tell(user.username, { ok: true, text: `Saved: ${Object.keys(change).join(', ')}` });
    setEditing(null);
    await users.reload();
  };

  const setDisabled = (user: User, disabled: boolean) => act(user.username, async () => {
    await call<User>('PATCH', `/users/${encodeURIComponent(user.username)}`, { disabled });
    return { ok: true, text: disabled ? 'Disabled: their sessions have ended' : 'Enabled' };
  });

  return (
    <div class="columns">
      <section aria-labelledby={editing ? 'edit-user-title' : 'new-user-title'}>
        {editing
          ? <UserForm key={`edit-${editing.username}`} title={`Edit ${editing.username}`} user={editing} self={editing.username === session.username}
              submitText="Save changes" onSubmit={update} onCancel={() => setEditing(null)} />
          : <UserForm key="create" title="New user" submitText="Create user" onSubmit={create} done={created} />}
      </section>
      <Listing id="users-title" title="Users" refreshText="Refresh users" loaded={users}>
        <DataTable<User> labelledBy="users-title" label="Users" rows={users.value} rowKey={(u) => u.username} rowAttrs={(u) => ({ 'data-user': u.username })}
          empty="No users" search="Search users" scroll
          columns={[
            { key: 'username', title: 'Username', text: (u) => u.username, rowHeader: true },
            { key: 'name', title: 'Name', text: (u) => u.name },
            { key: 'role', title: 'Role', text: (u) => u.role },
            { key: 'state', title: 'State', text: (u) => (u.disabled ? 'disabled' : 'active'), render: (u) => <Badge state={u.disabled ? 'disabled' : 'active'} /> },
            { key: 'created', title: 'Created', text: (u) => when(u.createdAt) },
          ]}
          actions={(u) => {
            const self = u.username === session.username;
            return (
              <>
                <div class="actions" role="group" aria-label={`${u.username} actions`}>
                  <button type="button" class="secondary" aria-label={`Edit ${u.username}`} disabled={busy !== null} onClick={() => { setCreated(''); setEditing(u); }}>Edit</button>
                  {u.disabled
                    ? <button type="button" class="secondary" aria-label={`Enable ${u.username}`} disabled={busy !== null} onClick={() => void setDisabled(u, false)}>Enable</button>
                    : <button type="button" class="danger" aria-label={`Disable ${u.username}`} disabled={busy !== null || self}
                        title={self ? 'You cannot disable your own account' : undefined} onClick={() => void setDisabled(u, true)}>Disable</button>}
                </div>
                <RowMessageLine message={messages[u.username]} />
              </>
            );
          }} />
      </Listing>
    </div>
  );
}
