import { Fragment } from 'preact';
import type { Call, Inbound } from '../api.ts';
import { customerName, mmss } from '../format.ts';

/** The screen pop: who the contact is (OnOutboundCallUUIData) and the contact record (OnOutboundCallInitiated). */
export function CustomerCard({ call }: { call: Call }) {
  const c = call.customer;
  const contact = call.contact;
  if (!c && call.inbound) return <CallerCard inbound={call.inbound} />;
  const address = c?.address ? [c.address.line1, c.address.line2, c.address.line3, c.address.line4, c.address.line5, [c.address.zipCode, c.address.country].filter(Boolean).join(' ')].filter(Boolean) : [];
  return (
    <section class="panel customer" aria-labelledby="customer-title">
      <h2 id="customer-title">{c ? customerName(c) || 'Customer' : 'Customer'}</h2>
      {!c && <p class="muted" role="status">Loading customer details…</p>}
      {c && (
        <dl class="facts">
          {c.id && <><dt>Customer ID</dt><dd>{c.id}</dd></>}
          {contact.ContactID !== undefined && <><dt>Contact ID</dt><dd>{contact.ContactID}</dd></>}
          {c.phones.length > 0 && (
            <>
              <dt>Numbers</dt>
              <dd class="dd-wide">
                <ul class="plain">
                  {c.phones.map((p) => (
                    <li key={p.number}>
                      <span class="mono">{p.number}</span>
                      <span class="muted"> {[p.state, p.timezone, isWireless(p.wireless) ? 'mobile' : ''].filter(Boolean).join(' · ')}</span>
                    </li>
                  ))}
                </ul>
              </dd>
            </>
          )}
          {c.emails.length > 0 && <><dt>E-mail</dt><dd>{c.emails.join(', ')}</dd></>}
          {address.length > 0 && <><dt>Address</dt><dd>{address.map((line, i) => <div key={i}>{line}</div>)}</dd></>}
          {c.customFields.map((f) => <Fragment key={f.key}><dt>{f.key}</dt><dd>{f.value || '—'}</dd></Fragment>)}
        </dl>
      )}
      {contact.CallbackNotes && (
        <div class="callback-notes">
          <h3>Callback notes</h3>
          <p>{contact.CallbackNotes}</p>
        </div>
      )}
    </section>
  );
}

export const isWireless = (value: string): boolean => /^(true|y|yes|1)$/i.test(value.trim());

/** An ACD caller: what the call brings (no customer record comes with it). */
function CallerCard({ inbound }: { inbound: Inbound }) {
  return (
    <section class="panel customer" aria-labelledby="customer-title">
      <h2 id="customer-title">Caller {inbound.callingNumber || 'unknown'}</h2>
      <dl class="facts">
        <dt>Calling number</dt><dd class="mono">{inbound.callingNumber || '—'}</dd>
        <dt>Queue</dt><dd>{inbound.queue || '—'}</dd>
        <dt>Waited in queue</dt><dd>{mmss(inbound.waitSeconds)}</dd>
        {inbound.ucid && <><dt>Call ID</dt><dd class="mono">{inbound.ucid}</dd></>}
      </dl>
    </section>
  );
}
