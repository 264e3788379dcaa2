import { useState } from 'preact/hooks';
import type { Call, Consult, DesktopState } from '../api.ts';
import { CAMPAIGN_TYPES, callStateLabel, consultEndLabel, consultPeer, disconnectLabel, handedOver, mmss, secondsBetween, secondsLeft, useNow } from '../format.ts';
import { tip, useShortcut } from '../shortcuts.ts';
import { command, type AppState } from '../store.ts';
import { isWireless } from './CustomerCard.tsx';

/** The contact on the desktop: what it is, its state, and the buttons for it. */
export function CallPanel({ app, desk, call }: { app: AppState; desk: DesktopState; call: Call }) {
  const now = useNow();
  const type = CAMPAIGN_TYPES[call.campaignType] ?? call.campaignType;
  const connected = CONNECTED.includes(desk.callState);
  // The consult of this call (a consult of an earlier call is not shown).
  const consult = desk.consult && desk.consult.connectionHandle === call.connectionHandle ? desk.consult : null;
  const inbound = call.inbound;
  const toOther = consult?.role === 'requester' && handedOver(call.disconnectReason) ? consult : null;
  return (
    <section class="panel call" aria-labelledby="call-title">
      <div class="panel-head">
        <h2 id="call-title">{inbound ? 'Inbound call' : `${type} contact`}</h2>
        <span class={`chip call-${desk.callState.toLowerCase()}`}>{callStateLabel(desk.callState)}</span>
        <span class="spacer" />
        <span class="muted" title={inbound ? 'Time since the call was delivered' : 'Time since the contact was offered'}>{mmss(secondsBetween(call.startedAt, now))}</span>
      </div>
      {inbound ? (
        <p class="call-meta" data-testid="inbound-call">
          Queue <strong>{inbound.queue || '—'}</strong> · Caller <strong class="mono">{inbound.callingNumber || 'unknown'}</strong> · Waited <strong>{mmss(inbound.waitSeconds)}</strong>
        </p>
      ) : (
        <p class="call-meta">
          Campaign <strong>{call.campaignName || '—'}</strong>
          {call.contact.ContactID !== undefined && <> · Contact {call.contact.ContactID}</>}
        </p>
      )}
      {call.transferredFrom !== null && (
        <p class="banner banner-info" role="status">
          Transferred to you by {consult?.role === 'destination' ? consultPeer(consult) : call.transferredFrom}: the customer is yours, and so is the wrap-up.
        </p>
      )}
      {call.disconnectReason && (
        <p class="banner banner-ended" role="status">
          {!toOther ? disconnectLabel(call.disconnectReason)
            : call.disconnectReason === 'Transferred' ? `Transferred to ${consultPeer(toOther)}`
              : `You left the conference: ${consultPeer(toOther)} has the customer`}
        </p>
      )}
      {consult && !(consult.state === 'ended' && (handedOver(consult.endReason) || call.transferredFrom !== null)) && <ConsultStatus consult={consult} />}
      {desk.callState === 'Preview' && <PreviewControls app={app} desk={desk} call={call} now={now} />}
      {desk.callState !== 'Preview' && desk.callState !== 'Wrapup' && (
        <CallControls app={app} desk={desk} connected={connected} consult={consult} />
      )}
    </section>
  );
}

const CONNECTED = ['Talking', 'Held', 'Consult', 'ConferenceOwner', 'ConferencePassive'];

/** Where the consult stands, in one line. */
function ConsultStatus({ consult }: { consult: Consult }) {
  const peer = consultPeer(consult);
  let text: string;
  switch (consult.state) {
    case 'initiated':
      text = `Consulting ${peer}… The customer is on hold.`;
      break;
    case 'connected':
      text = consult.role === 'requester'
        ? `Consulting ${peer}: connected. Transfer the customer, start a conference, or cancel the consult.`
        : `${peer} is consulting you about this customer.`;
      break;
    case 'conferenceOwner':
      text = `Conference: you, the customer and ${peer}.`;
      break;
    case 'conferencePassive':
      text = `Conference with the customer and ${peer}.`;
      break;
    default:
      text = `Consult with ${peer} ended: ${consultEndLabel(consult.endReason)}.`;
  }
  return (
    <p class={`consult-status consult-${consult.state}`} role="status" aria-label="Consult status" data-testid="consult-status" data-state={consult.state} data-role={consult.role}>
      {text}
    </p>
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

function CallControls({ app, desk, connected, consult }: { app: AppState; desk: DesktopState; connected: boolean; consult: Consult | null }) {
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

  const active = consult && consult.state !== 'ended' ? consult : null;
  const conference = active?.state === 'conferenceOwner' || active?.state === 'conferencePassive' || caps.leaveConference === true || caps.endConference === true;
  // Transfer, Conference and Cancel consult while this agent consults (or whenever the CTI server offers them).
  const consulting = !conference && active?.role !== 'destination'
    && (active?.role === 'requester' || caps.transfer === true || caps.conference === true || caps.leaveConsult === true);
  const atDestination = active?.role === 'destination' && active.state === 'connected';
  const can = (name: string, capability: boolean | undefined): boolean => capability === true && !app.pending.includes(name);

  return (
    <div class="controls">
      <div class="actions" role="group" aria-label="Call controls">
        {held ? (
          <button type="button" class="toggle-on" onClick={unhold} disabled={!canUnhold} title={tip('hold', 'Take the customer off hold')} aria-keyshortcuts="Alt+H">Unhold</button>
        ) : (
          <button type="button" onClick={hold} disabled={!canHold} title={tip('hold', 'Put the customer on hold')} aria-keyshortcuts="Alt+H">Hold</button>
        )}
        <button type="button" class="danger" onClick={disconnect} disabled={!canRelease} title={tip('disconnect', atDestination ? 'End the consult' : undefined)} aria-keyshortcuts="Alt+X">Disconnect</button>
      </div>
      {consulting && (
        <div class="actions consult-actions" role="group" aria-label="Consult controls">
          <button type="button" class="primary" onClick={() => void command('transfer')} disabled={!can('transfer', caps.transfer)} title="Hand the customer to the consulted party; you wrap up your part">Transfer</button>
          <button type="button" onClick={() => void command('conference')} disabled={!can('conference', caps.conference)} title="Bring the customer, you and the consulted party together">Conference</button>
          <button type="button" onClick={() => void command('cancelConsult')} disabled={!can('cancelConsult', caps.leaveConsult)} title="End the consult and go back to the customer">Cancel consult</button>
        </div>
      )}
      {conference && (
        <div class="actions consult-actions" role="group" aria-label="Conference controls">
          <button type="button" onClick={() => void command('leaveConference')} disabled={!can('leaveConference', caps.leaveConference)} title={active?.state === 'conferenceOwner' ? 'Leave: the other agent keeps the customer' : 'Leave the conference'}>Leave conference</button>
          {active?.state !== 'conferencePassive' && (
            <button type="button" class="danger" onClick={() => void command('endConference')} disabled={!can('endConference', caps.endConference)} title="Drop the other party and stay with the customer">End conference</button>
          )}
        </div>
      )}
      {!active && !consulting && !conference && connected && <ConsultPicker app={app} desk={desk} />}
    </div>
  );
}

const TYPED = '__typed__';

/** Choose whom to consult: an agent or an external destination from the CTI server's list, or a typed number. */
function ConsultPicker({ app, desk }: { app: AppState; desk: DesktopState }) {
  const [type, setType] = useState<'Agent' | 'External'>('Agent');
  const [chosen, setChosen] = useState('');
  const [typed, setTyped] = useState('');
  const list = desk.consultDestinations;
  const destinations = list?.type === type ? list.destinations : [];
  const key = (value: string): string => `${type}:${value}`;
  const listed = destinations.find((d) => key(d.destinationValue) === chosen);
  const number = typed.trim();
  const target: { type: 'Agent' | 'External'; destination: string } | null = chosen === TYPED
    ? (number !== '' ? { type: 'External', destination: number } : null)
    : listed ? { type, destination: listed.destinationValue } : null;
  const canConsult = target !== null && !app.pending.includes('consult') && ['Talking', 'Held'].includes(desk.callState);
  const consult = (e: Event): void => {
    e.preventDefault();
    if (canConsult && target) void command('consult', target);
  };
  const chooseType = (value: 'Agent' | 'External'): void => {
    setType(value);
    if (chosen !== TYPED) setChosen('');
  };

  return (
    <form class="consult" aria-label="Consult" onSubmit={consult}>
      <div class="panel-head">
        <h3>Consult</h3>
        <span class="spacer" />
        <label class="sr-only" for="consult-type">Consult type</label>
        <select id="consult-type" class="consult-type" value={type} onChange={(e) => chooseType(e.currentTarget.value as 'Agent' | 'External')}>
          <option value="Agent">Agent</option>
          <option value="External">External</option>
        </select>
        <button type="button" onClick={() => void command('consultDestinations', { type })} disabled={app.pending.includes('consultDestinations')} title="List the parties available for a consult">
          Show destinations
        </button>
      </div>
      {list && list.type === type && (
        <div class="consult-list" role="radiogroup" aria-label="Consult destinations" tabIndex={-1}>
          {list.error && <p class="error-text">{list.error}</p>}
          {!list.error && destinations.length === 0 && <p class="muted">No destination available.</p>}
          {destinations.map((d) => (
            <label class="radio-row" key={d.destinationValue + d.destinationName}>
              <input type="radio" name="consult-destination" value={d.destinationValue} checked={chosen === key(d.destinationValue)} onChange={() => setChosen(key(d.destinationValue))} />
              <span class="dest-name">{d.destinationName}</span>
              <span class="mono">{d.destinationValue}</span>
              <span class="muted">{[d.presence, d.state].filter(Boolean).join(' · ')}</span>
            </label>
          ))}
        </div>
      )}
      <div class="radio-row">
        <input type="radio" id="consult-typed" name="consult-destination" value={TYPED} checked={chosen === TYPED} onChange={() => setChosen(TYPED)} />
        <label for="consult-typed">Other number</label>
        <label class="sr-only" for="consult-number">Number to consult</label>
        <input
          id="consult-number" class="mono" type="tel" value={typed} placeholder="+1…" autoComplete="off"
          onFocus={() => setChosen(TYPED)} onInput={(e) => { setTyped(e.currentTarget.value); setChosen(TYPED); }}
        />
      </div>
      <div class="actions">
        <button type="submit" class="primary" disabled={!canConsult} title="Put the customer on hold and call the chosen party">Consult</button>
        {target && <span class="muted">{target.type === 'Agent' ? `Agent ${listed?.destinationName ?? target.destination}` : `Number ${target.destination}`}</span>}
      </div>
    </form>
  );
}
