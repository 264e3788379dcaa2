/** The form of a new user, or of changes to one (name, role, a new password); API errors go under their field. */
import { useState } from 'preact/hooks';
import type { Role, User } from '../api.ts';
import { ErrorLine } from './common.tsx';
import { FORM, Field, fieldAria, useFieldErrors } from './fields.tsx';

export interface UserFields {
  username: string;
  name: string;
  role: Role;
  password: string;
}

const ROLES: Role[] = ['supervisor', 'administrator'];

export function UserForm({ title, user, self = false, submitText, onSubmit, onCancel, done }: {
  title: string; user?: User; self?: boolean; submitText: string; onSubmit: (fields: UserFields) => Promise<void>; onCancel?: () => void; done?: string;
}) {
  const prefix = user ? 'edit-user' : 'new-user';
  const ids = { username: `${prefix}-username`, name: `${prefix}-name`, role: `${prefix}-role`, password: `${prefix}-password` };
  const [fields, setFields] = useState<UserFields>({ username: user?.username ?? '', name: user?.name ?? '', role: user?.role ?? 'supervisor', password: '' });
  const [busy, setBusy] = useState(false);
  const form = useFieldErrors(ids);
  const set = <K extends keyof UserFields>(key: K, value: UserFields[K]) => setFields((f) => ({ ...f, [key]: value }));

  const submit = async (event: Event) => {
    event.preventDefault();
    form.clear();
    if (!user && !fields.username.trim()) return form.set({ [ids.username]: 'Enter a username' });
    if (!user && !fields.password) return form.set({ [ids.password]: 'Enter a password' });
    setBusy(true);
    try {
      await onSubmit(fields);
      if (!user) setFields({ username: '', name: '', role: 'supervisor', password: '' });
    } catch (e) {
      form.fromError(e);
    } finally {
      setBusy(false);
    }
  };

  const e = form.errors;
  return (
    <form onSubmit={(ev) => void submit(ev)} class="form" noValidate aria-labelledby={`${prefix}-title`}>
      <h3 id={`${prefix}-title`}>{title}</h3>
      {!user && (
        <Field id={ids.username} label="Username" error={e[ids.username]}>
          <input id={ids.username} autocomplete="off" value={fields.username} {...fieldAria(ids.username, e[ids.username])} onInput={(ev) => set('username', ev.currentTarget.value)} />
        </Field>
      )}
      <Field id={ids.name} label="Name" error={e[ids.name]}>
        <input id={ids.name} autocomplete="off" value={fields.name} {...fieldAria(ids.name, e[ids.name])} onInput={(ev) => set('name', ev.currentTarget.value)} />
      </Field>
      <Field id={ids.role} label="Role" error={e[ids.role]}>
        <select id={ids.role} value={fields.role} disabled={self} {...fieldAria(ids.role, e[ids.role])} onChange={(ev) => set('role', ev.currentTarget.value as Role)}>
          {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
        </select>
      </Field>
      <Field id={ids.password} label={user ? 'New password' : 'Password'} hint={user ? '(leave empty to keep it; at least 8 characters)' : '(at least 8 characters)'} error={e[ids.password]}>
        <input id={ids.password} type="password" autocomplete="new-password" value={fields.password} {...fieldAria(ids.password, e[ids.password])} onInput={(ev) => set('password', ev.currentTarget.value)} />
      </Field>
      {self && <p class="hint">Your own role cannot be changed here.</p>}
      <ErrorLine text={e[FORM] ?? ''} />
      {done && !e[FORM] && <p role="status" class="ok">{done}</p>}
      <div class="actions">
        <button type="submit" disabled={busy}>{busy ? 'Saving…' : submitText}</button>
        {onCancel && <button type="button" class="secondary" onClick={onCancel}>Cancel</button>}
      </div>
    </form>
  );
}
