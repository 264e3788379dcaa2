/**
 * The session manager in the pages: how long the session has left comes from the server (counted on
 * its clock, so a browser's wrong clock does not matter), read at start, every minute and when the
 * window comes back into focus. Once less than the server's warning is left, the page offers to stay
 * logged in; extending makes the session last its whole length again. When the time is up, the next
 * call is refused and the login page says the session has ended.
 */
import { useEffect, useState } from 'preact/hooks';
import { call, errorText, type SessionView } from '../api.ts';

const SYNC_MS = 60_000;

interface Deadline {
  /** Local time at which the session ends. */
  at: number;
  warnMs: number;
}

const deadlineOf = (view: SessionView): Deadline => ({ at: Date.now() + view.expiresInSeconds * 1000, warnMs: view.warnBeforeSeconds * 1000 });

function minutesSeconds(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

export function SessionTimer() {
  const [deadline, setDeadline] = useState<Deadline | null>(null);
  const [now, setNow] = useState(Date.now());
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const sync = async (): Promise<void> => {
    // A refusal ends the session through the API's 401 handler: the login page takes over.
    setDeadline(deadlineOf(await call<SessionView>('GET', '/auth/me')));
  };
  useEffect(() => {
    const quietSync = () => void sync().catch(() => {});
    quietSync();
    const every = setInterval(quietSync, SYNC_MS);
    const tick = setInterval(() => setNow(Date.now()), 1000);
    addEventListener('focus', quietSync);
    return () => {
      clearInterval(every);
      clearInterval(tick);
      removeEventListener('focus', quietSync);
    };
  }, []);

  const left = deadline ? deadline.at - now : Infinity;
  const over = left <= 0;
  useEffect(() => {
    if (over) void sync().catch(() => {});
  }, [over]);

  if (!deadline || left > deadline.warnMs) return null;
  const extend = async () => {
    setBusy(true);
    try {
      setDeadline(deadlineOf(await call<SessionView>('POST', '/auth/extend')));
      setError('');
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="session-warning" role="alertdialog" aria-labelledby="session-warning-text">
      <p id="session-warning-text">Your session ends in <strong>{minutesSeconds(left)}</strong>.</p>
      <button type="button" disabled={busy} onClick={() => void extend()}>Stay logged in</button>
      {error && <p role="alert" class="error">{error}</p>}
    </div>
  );
}
