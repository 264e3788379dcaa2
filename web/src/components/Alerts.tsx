import type { DesktopState } from '../api.ts';
import { dismissLastError, dismissNotice, type AppState } from '../store.ts';

/** The server's lastError and the commands' HTTP errors, each with its code, each dismissable. */
export function Alerts({ app, desk }: { app: AppState; desk: DesktopState }) {
  const last = desk.lastError && desk.lastError.at !== app.dismissedErrorAt ? desk.lastError : null;
  const lastText = last ? `${last.message} (${last.code})` : null;
  // A refused command often comes back twice, as the HTTP error and as lastError: show it once.
  const notices = app.notices.filter((n) => n.text !== lastText);
  if (!last && notices.length === 0) return null;
  return (
    <section class="alerts" aria-label="Messages">
      {last && (
        <div class="alert" role="alert">
          <span class="alert-text">{lastText}</span>
          <button type="button" class="alert-close" aria-label="Dismiss message" title="Dismiss" onClick={() => dismissLastError(last.at)}>×</button>
        </div>
      )}
      {notices.map((n) => (
        <div class="alert" role="alert" key={n.id}>
          <span class="alert-text">{n.text}</span>
          <button type="button" class="alert-close" aria-label="Dismiss message" title="Dismiss" onClick={() => dismissNotice(n.id)}>×</button>
        </div>
      ))}
    </section>
  );
}
