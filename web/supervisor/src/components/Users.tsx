/**
 * Users (administrators): the supervisors and administrators, a form to create one, and per user a
 * form to change name, role or password, and disable / enable. The API ends a user's sessions when
 * they are disabled or their role or password changes.
 */
import { useState } from 'preact/hooks';
import { call, errorText, type User } from '../api.ts';
import { UserForm, type UserFields } from './UserForm.tsx';
import { Badge, ErrorLine, useLoad, when } from './common.tsx';

export function Users({ session }: { session: { username: string } }) {
  const users = useLoad<User[]>(() => call<User[]>('GET', '/users'));
  const [editing, setEditing] = useState<User | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [messages, setMessages] = useState<Record<string, { ok: boolean; text: string }>>({});
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
    setMessages((m) => ({ ...m, [user.username]: { ok: true, text: `Saved: ${Object.keys(change).join(', ')}` } }));
    setEditing(null);
    await users.reload();
  };

  const setDisabled = async (user: User, disabled: boolean) => {
    setBusy(user.username);
    try {
      await call<User>('PATCH', `/users/${encodeURIComponent(user.username)}`, { disabled });
      setMessages((m) => ({ ...m, [user.username]: { ok: true, text: disabled ? 'Disabled: their sessions have ended' : 'Enabled' } }));
    } catch (e) {
      setMessages((m) => ({ ...m, [user.username]: { ok: false, text: errorText(e) } }));
    } finally {
      await users.reload();
      setBusy(null);
    }
  };

  return (
    <div class="columns">
      <section aria-labelledby={editing ? 'edit-user-title' : 'new-user-title'}>
        {editing
          ? <UserForm key={`edit-${editing.username}`} title={`Edit ${editing.username}`} user={editing} self={editing.username === session.username}
              submitText="Save changes" onSubmit={update} onCancel={() => setEditing(null)} />
          : <UserForm key="create" title="New user" submitText="Create user" onSubmit={create} done={created} />}
      </section>
      <section aria-labelledby="users-title">
        <div class="toolbar">
          <h3 id="users-title">Users</h3>
          <button type="button" class="secondary" onClick={() => void users.reload()}>Refresh users</button>
        </div>
        <ErrorLine text={users.error} />
        <div class="scroll">
          <table aria-labelledby="users-title">
            <thead><tr><th scope="col">Username</th><th scope="col">Name</th><th scope="col">Role</th><th scope="col">State</th><th scope="col">Created</th><th scope="col">Actions</th></tr></thead>
            <tbody>
              {(users.value ?? []).map((u) => {
                const self = u.username === session.username;
                const message = messages[u.username];
                return (
                  <tr key={u.username} data-user={u.username}>
                    <th scope="row">{u.username}</th>
                    <td data-col="name">{u.name}</td>
                    <td data-col="role">{u.role}</td>
                    <td data-col="state"><Badge state={u.disabled ? 'disabled' : 'active'} /></td>
                    <td>{when(u.createdAt)}</td>
                    <td>
                      <div class="actions" role="group" aria-label={`${u.username} actions`}>
                        <button type="button" class="secondary" aria-label={`Edit ${u.username}`} disabled={busy !== null} onClick={() => { setCreated(''); setEditing(u); }}>Edit</button>
                        {u.disabled
                          ? <button type="button" class="secondary" aria-label={`Enable ${u.username}`} disabled={busy !== null} onClick={() => void setDisabled(u, false)}>Enable</button>
                          : <button type="button" class="danger" aria-label={`Disable ${u.username}`} disabled={busy !== null || self}
                              title={self ? 'You cannot disable your own account' : undefined} onClick={() => void setDisabled(u, true)}>Disable</button>}
                      </div>
                      {message && <p role={message.ok ? 'status' : 'alert'} class={message.ok ? 'ok small' : 'error small'}>{message.text}</p>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
    </div>
  );
}
