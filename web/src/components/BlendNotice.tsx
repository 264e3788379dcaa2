import { useEffect } from 'preact/hooks';
import { dismissBlendNotice, type AppState } from '../store.ts';

const SHOW_MS = 12_000;

/** The toast of a blend change ("Blended to inbound: DemoInbound"): it goes by itself after a few seconds. */
export function BlendNotice({ app }: { app: AppState }) {
  const notice = app.blendNotice;
  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(dismissBlendNotice, SHOW_MS);
    return () => clearTimeout(timer);
  }, [notice]);
  if (!notice) return null;
  const inbound = notice.text.startsWith('Blended to inbound');
  return (
    <div class={`toast ${inbound ? 'toast-inbound' : 'toast-outbound'}`} role="status" aria-live="polite" data-testid="blend-notice">
      <span class="toast-icon" aria-hidden="true">{inbound ? '↙' : '↗'}</span>
      <span class="toast-text">{notice.text}</span>
      <button type="button" class="alert-close" aria-label="Dismiss blend notice" title="Dismiss" onClick={dismissBlendNotice}>×</button>
    </div>
  );
}
