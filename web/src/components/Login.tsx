import { useState } from 'preact/hooks';
import { login, type AppState } from '../store.ts';

const LAST_LOGIN_KEY = 'nailup.desk.lastLogin';

function lastLogin(): { lanId: string; extension: string } {
  try {
    const saved = JSON.parse(localStorage.getItem(LAST_LOGIN_KEY) ?? 'null') as { lanId?: unknown; extension?: unknown } | null;
    return { lanId: typeof saved?.lanId === 'string' ? saved.lanId : '', extension: typeof saved?.extension === 'string' ? saved.extension : '' };
  } catch {
    return { lanId: '', extension: '' };
  }
}

export function Login({ app }: { app: AppState }) {
  const [fields, setFields] = useState(() => ({ ...lastLogin(), password: '' }));
  const busy = app.pending.includes('login');

  const takeOver = (): void => void login(fields.lanId, fields.extension, fields.password, true);
  const submit = (e: Event): void => {
    e.preventDefault();
    localStorage.setItem(LAST_LOGIN_KEY, JSON.stringify({ lanId: fields.lanId.trim(), extension: fields.extension.trim() }));
    void login(fields.lanId, fields.extension, fields.password);
  };
  const field = (key: keyof typeof fields) => (e: Event): void => {
    const value = (e.currentTarget as HTMLInputElement).value;
    setFields((f) => ({ ...f, [key]: value }));
  };

  return (
    <main class="login">
      <form class="login-card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">Agent desktop</h1>
        <p class="muted">Log in with your LAN ID and the extension of your phone.</p>
        {app.loginNotice && <p class="notice" role="status">{app.loginNotice}</p>}
        {app.loginError && <p class="login-error" role="alert">{app.loginError}</p>}
        {app.loginTakeOver && (
          <div class="takeover" role="group" aria-labelledby="takeover-title">
            <strong id="takeover-title">Still logged in elsewhere</strong>
            <span>
              Your session is still open in another window or on another computer (for example a tab closed without logging out).
              Continue here to move it to this window as it is — your state and any call stay the same — and log the other window out.
            </span>
            <button type="button" class="primary" disabled={busy} onClick={takeOver}>Continue here</button>
          </div>
        )}
        <label for="lanId">LAN ID</label>
        <input id="lanId" name="lanId" autoComplete="username" required autoFocus={!fields.lanId} value={fields.lanId} onInput={field('lanId')} />
        <label for="extension">Extension</label>
        <input id="extension" name="extension" inputMode="numeric" autoComplete="off" required value={fields.extension} onInput={field('extension')} />
        <label for="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required autoFocus={!!fields.lanId} value={fields.password} onInput={field('password')} />
        <button type="submit" class="primary" disabled={busy} aria-describedby={busy ? 'login-busy' : undefined}>Log in</button>
        {busy && <p id="login-busy" class="muted" role="status">Logging in…</p>}
      </form>
    </main>
  );
}
