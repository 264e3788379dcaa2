import { useEffect, useRef, useState } from 'preact/hooks';
import type { DesktopConfig, DesktopState } from '../api.ts';
import { secondsLeft, useNow } from '../format.ts';
import { command, sessionDeadline, type AppState } from '../store.ts';

/** Warns before the session expires (idle or maximum lifetime) and offers to extend it. */
export function SessionDialog({ app, desk, config }: { app: AppState; desk: DesktopState; config: DesktopConfig }) {
  const now = useNow();
  const deadline = Math.min(sessionDeadline(desk), app.warnedExpiresAt ?? Infinity);
  const warnFrom = deadline - config.session.warnBeforeSeconds * 1000;
  const open = Number.isFinite(deadline) && (now >= warnFrom || app.warnedExpiresAt !== null);
  // Only the idle timeout can be pushed out; at the maximum lifetime the agent must log in again.
  const atLifetime = desk.session.expiresAt > 0 && desk.session.expiresAt <= desk.session.idleExpiresAt;
  const [hiddenFor, setHiddenFor] = useState<number | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const visible = open && hiddenFor !== deadline;
  useEffect(() => {
    if (visible) button.current?.focus();
  }, [visible]);
  if (!visible) return null;

  const left = secondsLeft(deadline, now);
  return (
    <div class="overlay">
      <div class="dialog" role="alertdialog" aria-modal="true" aria-labelledby="session-title" aria-describedby="session-text">
        <h2 id="session-title">Session expiring</h2>
        <p id="session-text">
          Your session expires in <strong>{left} s</strong>.
          {atLifetime ? ' It has reached its maximum length: save your work, then log in again.' : ' Stay logged in to keep working.'}
        </p>
        <div class="actions">
          {atLifetime ? (
            <button type="button" ref={button} class="primary" onClick={() => setHiddenFor(deadline)}>OK</button>
          ) : (
            <button type="button" ref={button} class="primary" onClick={() => void command('extendSession')} disabled={app.pending.includes('extendSession')}>
              Stay logged in
            </button>
          )}
        </div>
      </div>
    </div>
  );
}
