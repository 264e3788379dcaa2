import { useState } from 'preact/hooks';
import type { DesktopState, Wrapup } from '../api.ts';
import { mmss, secondsLeft, useNow } from '../format.ts';
import { tip, useShortcut } from '../shortcuts.ts';
import { command, type AppState } from '../store.ts';

/** After the call: the completion code, notes, and Complete. */
export function WrapupPanel({ app, desk, wrapup }: { app: AppState; desk: DesktopState; wrapup: Wrapup }) {
  const now = useNow();
  // Mounted once per wrap-up (keyed by the parent). After a conversation with the customer the agent
  // chooses the code (the campaign's default, e.g. No Answer, would misreport it); when the customer was
  // never reached (a dial that failed, a preview cancelled) the default is preselected. The dialer gives
  // the default when a timed wrap-up runs out either way.
  const talked = desk.call?.connectedAt != null;
  const defaultCode = wrapup.codes.find((c) => c.codeID === wrapup.defaultCompletionCode);
  const [code, setCode] = useState(() => (!talked && defaultCode ? defaultCode.codeID : ''));
  const [notes, setNotes] = useState('');

  const canComplete = desk.capabilities.disposition === true && code !== '' && !app.pending.includes('wrapup');
  const complete = (): void => void command('wrapup', { codeID: code, notes });
  useShortcut('complete', canComplete ? complete : null);
  const number = typeof desk.call?.contact?.DefaultNumber === 'string' ? desk.call.contact.DefaultNumber : '';
  const moreTime = (): void => void command('extendWrapup');
  const canRedial = number !== '' && !app.pending.includes('redial');
  const redial = (): void => void command('redial', { number });
  const limited = wrapup.wrapupSeconds > 0;
  useShortcut('moreTime', limited && !app.pending.includes('extendWrapup') ? moreTime : null);
  useShortcut('redial', canRedial ? redial : null);
  const left = limited ? secondsLeft(wrapup.startedAt + wrapup.wrapupSeconds * 1000, now) : 0;

  return (
    <section class="panel wrapup" aria-labelledby="wrapup-title">
      <div class="panel-head">
        <h2 id="wrapup-title">Wrap-up</h2>
        <span class="spacer" />
        {limited ? (
          <span class={`countdown-inline ${left <= 15 ? 'countdown-urgent' : ''}`} role="timer" aria-label={`Wrap-up time left ${left} seconds`}>
            Time left <strong>{mmss(left)}</strong>
          </span>
        ) : (
          <span class="muted">No time limit</span>
        )}
      </div>
      <form onSubmit={(e) => { e.preventDefault(); if (canComplete) complete(); }}>
        <fieldset class="codes">
          <legend>Completion code</legend>
          <div class="code-grid">
            {wrapup.codes.map((c) => (
              <label key={c.codeID} class={`code ${code === c.codeID ? 'code-on' : ''}`}>
                <input type="radio" name="completion-code" value={c.codeID} checked={code === c.codeID} onChange={() => setCode(c.codeID)} />
                <span>{c.codeValue}</span>
              </label>
            ))}
          </div>
          {wrapup.codes.length === 0 && <p class="muted">Waiting for the completion codes…</p>}
        </fieldset>
        <label for="wrapup-notes">Wrap-up notes</label>
        <textarea id="wrapup-notes" rows={2} value={notes} onInput={(e) => setNotes(e.currentTarget.value)} />
        <div class="actions">
          <button type="submit" class="primary" disabled={!canComplete} title={tip('complete', 'Complete the contact with the chosen code')} aria-keyshortcuts="Alt+W">Complete</button>
          {limited && <button type="button" disabled={app.pending.includes('extendWrapup')} onClick={moreTime} title={tip('moreTime', 'More wrap-up time, when the campaign allows it')} aria-keyshortcuts="Alt+M">More time</button>}
          <button type="button" disabled={!canRedial} onClick={redial} title={tip('redial', `Dial ${number || 'the contact'} again`)} aria-keyshortcuts="Alt+A">Redial</button>
          {code === '' && (
            <span class="muted">
              Choose a completion code.{limited && defaultCode ? ` When the time runs out the contact gets ${defaultCode.codeValue}.` : ''}
            </span>
          )}
        </div>
      </form>
    </section>
  );
}
