import { useState } from 'preact/hooks';
import { login, type Session } from '../api.ts';
import { ErrorLine, useAction } from './common.tsx';

/** `notice`: why the user is asked to log in again, if they are. */
export function Login({ notice, onLogin }: { notice: string; onLogin: (session: Session) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, setError, run } = useAction();

  const submit = async (event: Event) => {
    event.preventDefault();
    setError('');
    if (!username.trim() || !password) {
      setError('Enter your username and password');
      return;
    }
    await run(async () => onLogin(await login(username.trim(), password)));
  };

  return (
    <main class="login">
      <form onSubmit={(e) => void submit(e)} aria-labelledby="login-title" noValidate>
        <h1 id="login-title">Supervisor</h1>
        {notice && !error && <p role="status" class="notice">{notice}</p>}
        <label for="login-username">Username</label>
        <input id="login-username" autocomplete="username" value={username} onInput={(e) => setUsername(e.currentTarget.value)} />
        <label for="login-password">Password</label>
        <input id="login-password" type="password" autocomplete="current-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        <ErrorLine text={error} />
        <button type="submit" disabled={busy}>{busy ? 'Logging in…' : 'Log in'}</button>
      </form>
    </main>
  );
}
