import { useState } from 'preact/hooks';
import type { Call, DesktopState } from '../api.ts';
import { CAMPAIGN_TYPES, callStateLabel, disconnectLabel, mmss, secondsBetween, secondsLeft, useNow } from '../format.ts';
import { tip, useShortcut } from '../shortcuts.ts';
import { command, type AppState } from '../store.ts';
import { isWireless } from './CustomerCard.tsx';

/** The contact on the desktop: what it is, its state, and the buttons for it. */
export function CallPanel({ app, desk, call }: { app: AppState; desk: DesktopState; call: Call }) {
  const now = useNow();
  const type = CAMPAIGN_TYPES[call.campaignType] ?? call.campaignType;
  const connected = ['Talking', 'Held', 'Consult', 'ConferenceOwner', 'ConferencePassive'].includes(desk.callState);
  return (
    <section class="panel call" aria-labelledby="call-title">
      <div class="panel-head">
        <h2 id="call-title">{type} contact</h2>
        <span class={`chip call-${desk.callState.toLowerCase()}`}>{callStateLabel(desk.callState)}</span>
        <span class="spacer" />
        <span class="muted" title="Time since the contact was offered">{mmss(secondsBetween(call.startedAt, now))}</span>
      </div>
      <p class="call-meta">
        Campaign <strong>{call.campaignName || '—'}</strong>
        {call.contact.ContactID !== undefined && <> · Contact {call.contact.ContactID}</>}
      </p>
      {call.disconnectReason && (
        <p class="banner banner-ended" role="status">{disconnectLabel(call.disconnectReason)}</p>
      )}
      {desk.callState === 'Preview' && <PreviewControls app={app} desk={desk} call={call} now={now} />}
      {desk.callState !== 'Preview' && desk.callState !== 'Wrapup' && (
        <CallControls app={app} desk={desk} connected={connected} />
      )}
    </section>
  );
}

const OTHER = '__other__';

function PreviewControls({ app, desk, call, now }: { app: AppState; desk: DesktopState; call: Call; now: number }) {
  const contact = call.contact;
  const numbers = contact.ContactNumbers ?? [];
  const defaultNumber = numbers.find((n) => n.IsDefault)?.Number ?? contact.DefaultNumber ?? numbers[0]?.Number ?? '';
  // The panel is keyed by the contact's connection handle: a new contact starts on its default number.
  const [chosen, setChosen] = useState(defaultNumber);
  const [other, setOther] = useState('');

  const number = chosen === OTHER ? other.trim() : chosen;
  // The contact says whether it may be dialled (CanDial); the dialer refuses a dial before the nail-up.
  const canDial = contact.CanDial !== false && number !== '' && !app.pending.includes('dial');
  const canCancel = contact.CanCancel === true && !app.pending.includes('cancelPreview');
  const dial = (): void => void command('dial', { number });
  const cancel = (): void => void command('cancelPreview');
  useShortcut('dial', canDial ? dial : null);
  useShortcut('cancel', canCancel ? cancel : null);

  const timed = contact.Timed === true && (contact.Timeout ?? 0) > 0;
  const left = timed ? secondsLeft(call.startedAt + (contact.Timeout ?? 0) * 1000, now) : 0;
  const waitingForNailUp = desk.nailedStatus !== 'NailedUp';

  return (
    <div class="preview">
      {timed && (
        <div class={`countdown ${left <= 10 ? 'countdown-urgent' : ''}`} role="timer" aria-label={`Dials the default number in ${left} seconds`}>
          <span>Dials the default number in</span> <strong>{mmss(left)}</strong>
          <progress max={contact.Timeout} value={left} aria-hidden="true" />
        </div>
      )}
      <fieldset class="numbers">
        <legend>Number to dial</legend>
        {numbers.map((n) => (
          <label class="radio-row" key={n.Number}>
            <input type="radio" name="dial-number" value={n.Number} checked={chosen === n.Number} onChange={() => setChosen(n.Number)} />
            <span class="mono">{n.Number}</span>
            <span class="muted">{[n.Name, n.State, n.Timezone, isWireless(n.Wireless) ? 'mobile' : '', n.IsDefault ? 'default' : ''].filter(Boolean).join(' · ')}</span>
          </label>
        ))}
        {contact.CanEnterFreeFormNumber && (
          <div class="radio-row">
            <input type="radio" id="dial-other" name="dial-number" value={OTHER} checked={chosen === OTHER} onChange={() => setChosen(OTHER)} />
            <label for="dial-other">Other number</label>
            <label class="sr-only" for="dial-other-number">Other number to dial</label>
            <input
              id="dial-other-number" class="mono" type="tel" value={other} placeholder="+1…" disabled={chosen !== OTHER}
              onInput={(e) => setOther(e.currentTarget.value)}
            />
          </div>
        )}
      </fieldset>
      <div class="actions">
        <button type="button" class="primary" onClick={dial} disabled={!canDial} title={tip('dial')} aria-keyshortcuts="Alt+D">Dial</button>
        {contact.CanCancel && (
          <button type="button" onClick={cancel} disabled={!canCancel} title={tip('cancel')} aria-keyshortcuts="Alt+C">Cancel</button>
        )}
        {waitingForNailUp && <span class="muted">Dial is available once your line is nailed up.</span>}
      </div>
    </div>
  );
}

function CallControls({ app, desk, connected }: { app: AppState; desk: DesktopState; connected: boolean }) {
  const caps = desk.capabilities;
  const canHold = caps.hold === true && !app.pending.includes('hold');
  const canUnhold = caps.unhold === true && !app.pending.includes('unhold');
  const canRelease = caps.release === true && !app.pending.includes('disconnect');
  // One button: Hold, or Unhold while the customer is held.
  const held = desk.callState === 'Held' || caps.unhold === true;
  const hold = (): void => void command('hold');
  const unhold = (): void => void command('unhold');
  const disconnect = (): void => void command('disconnect');
  useShortcut('hold', canUnhold ? unhold : canHold ? hold : null);
  useShortcut('disconnect', canRelease ? disconnect : null);
  const [consultType, setConsultType] = useState<'Agent' | 'External'>('Agent');
  const canConsult = connected && !app.pending.includes('consultDestinations');
  const consult = desk.consultDestinations;

  return (
    <div class="controls">
      <div class="actions" role="group" aria-label="Call controls">
        {held ? (
          <button type="button" class="toggle-on" onClick={unhold} disabled={!canUnhold} title={tip('hold', 'Take the customer off hold')} aria-keyshortcuts="Alt+H">Unhold</button>
        ) : (
          <button type="button" onClick={hold} disabled={!canHold} title={tip('hold', 'Put the customer on hold')} aria-keyshortcuts="Alt+H">Hold</button>
        )}
        <button type="button" class="danger" onClick={disconnect} disabled={!canRelease} title={tip('disconnect')} aria-keyshortcuts="Alt+X">Disconnect</button>
        <span class="spacer" />
        <label class="sr-only" for="consult-type">Consult type</label>
        <select id="consult-type" value={consultType} onChange={(e) => setConsultType(e.currentTarget.value as 'Agent' | 'External')} disabled={!connected}>
          <option value="Agent">Agent</option>
          <option value="External">External</option>
        </select>
        <button type="button" onClick={() => void command('consultDestinations', { type: consultType })} disabled={!canConsult} title="List the parties available for a consult">
          Consult
        </button>
      </div>
      {consult && (
        <div class="consult" aria-label="Consult destinations" role="region">
          <h3>Consult destinations ({consult.type})</h3>
          {consult.error && <p class="error-text">{consult.error}</p>}
          {!consult.error && consult.destinations.length === 0 && <p class="muted">No destination available.</p>}
          {consult.destinations.length > 0 && (
            <div class="consult-list" tabIndex={0} aria-label="Consult destinations list">
            <table class="table">
              <thead><tr><th scope="col">Name</th><th scope="col">Destination</th><th scope="col">Presence</th><th scope="col">State</th></tr></thead>
              <tbody>
                {consult.destinations.map((d) => (
                  <tr key={d.destinationValue + d.destinationName}>
                    <td>{d.destinationName}</td><td class="mono">{d.destinationValue}</td><td>{d.presence}</td><td>{d.state}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            </div>
          )}
        </div>
      )}
    </div>
  );
}
