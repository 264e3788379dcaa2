import { useEffect } from 'preact/hooks';
import type { DesktopConfig, DesktopState } from '../api.ts';
import { consultEndLabel, consultPeer, handedOver, reasonName } from '../format.ts';
import { installShortcuts, SHORTCUTS } from '../shortcuts.ts';
import type { AppState } from '../store.ts';
import { Alerts } from './Alerts.tsx';
import { BlendNotice } from './BlendNotice.tsx';
import { LineNotice } from './LineNotice.tsx';
import { CallbackForm } from './CallbackForm.tsx';
import { CallPanel } from './CallPanel.tsx';
import { CustomerCard } from './CustomerCard.tsx';
import { SalesScreen } from './SalesScreen.tsx';
import { SessionDialog } from './SessionDialog.tsx';
import { StateBar } from './StateBar.tsx';
import { WrapupPanel } from './WrapupPanel.tsx';

const AFTER_CONNECT = new Set(['Talking', 'Held', 'Consult', 'ConferenceOwner', 'ConferencePassive', 'Wrapup']);

/** The agent's working screen. */
export function Desk({ app, desk, config }: { app: AppState; desk: DesktopState; config: DesktopConfig }) {
  useEffect(installShortcuts, []);
  const call = desk.call;
  const inWrapup = desk.callState === 'Wrapup';
  const connected = call !== null && AFTER_CONNECT.has(desk.callState);
  // While another agent consults this one, the customer is still that agent's: no sale or callback here.
  const consulted = desk.consult !== null && desk.consult.role === 'destination' && desk.consult.state !== 'ended';
  // After a transfer the customer is the other agent's: this agent only wraps up its part.
  const handedOn = handedOver(call?.disconnectReason ?? null);

  return (
    <div class="desk">
      <StateBar app={app} desk={desk} config={config} />
      <Alerts app={app} desk={desk} />
      <BlendNotice app={app} />
      <LineNotice desk={desk} />
      {desk.consultsWaiting.length > 0 && (
        <div class="toast toast-consult" role="status" data-testid="consults-waiting">
          <span class="toast-text">
            {desk.consultsWaiting.map((w) => (w.requestingAgentName ? `${w.requestingAgentName} (${w.requestingAgentID})` : w.requestingAgentID)).join(' and ')}
            {desk.consultsWaiting.length === 1 ? ' waits' : ' wait'} to consult you: the consult connects when your current call is done.
          </span>
        </div>
      )}
      {call ? (
        <main class="work" aria-label="Contact">
          <div class="column">
            {inWrapup && call.wrapup && <WrapupPanel key={`${call.connectionHandle}-${call.wrapup.startedAt}`} app={app} desk={desk} wrapup={call.wrapup} />}
            <CallPanel key={call.connectionHandle} app={app} desk={desk} call={call} />
            <CustomerCard call={call} />
          </div>
          <div class="column">
            {connected && !consulted && !handedOn && <SalesScreen key={call.connectionHandle} app={app} call={call} config={config} />}
            {connected && !consulted && !handedOn && !call.inbound && <CallbackForm key={call.connectionHandle} app={app} desk={desk} call={call} config={config} />}
            {handedOn && (
              <section class="panel quiet" aria-label="Next steps">
                <p class="muted">The customer is with another agent now: the sale and any callback are theirs. Complete your part of the contact.</p>
              </section>
            )}
            {!connected && (
              <section class="panel quiet" aria-label="Next steps">
                <p class="muted">The sales screen and callbacks are available once the customer is connected.</p>
              </section>
            )}
            {connected && consulted && (
              <section class="panel quiet" aria-label="Next steps">
                <p class="muted">The customer stays with the agent who consults you unless they transfer the call to you.</p>
              </section>
            )}
          </div>
        </main>
      ) : (
        <main class="work work-idle" aria-label="Contact">
          <Waiting desk={desk} config={config} />
        </main>
      )}
      <footer class="help" aria-label="Keyboard shortcuts">
        <span class="help-title">Shortcuts</span>
        {Object.values(SHORTCUTS).map((s) => <span key={s.code}><kbd>{s.keys}</kbd> {s.label}</span>)}
      </footer>
      <SessionDialog app={app} desk={desk} config={config} />
    </div>
  );
}

function Waiting({ desk, config }: { desk: DesktopState; config: DesktopConfig }) {
  let title: string;
  let text: string;
  if (desk.agentState === 'NotReady') {
    title = 'You are Not Ready';
    text = `Aux reason: ${reasonName(config, desk.reasonCode)}. Press Ready (Alt+R) to receive contacts.`;
  } else if (desk.agentState === 'PendingNotReady') {
    title = 'Going Not Ready';
    text = 'You will be Not Ready once the current work is done.';
  } else if (desk.blend === 'inbound') {
    title = 'Waiting for the next inbound call';
    text = `You are blended to inbound${desk.blendQueue ? ` (queue ${desk.blendQueue})` : ''}: ACD calls are waiting. The next caller will appear here.`;
  } else if (desk.nailedStatus === 'NailedUp') {
    title = 'Waiting for the next contact';
    text = 'Your line is nailed up. The next customer will appear here.';
  } else if (desk.nailedStatus === 'NailingLost') {
    title = 'Nail-up lost';
    text = 'Your line dropped. It is nailed up again as soon as a campaign needs you.';
  } else {
    title = 'Nailing up your line';
    text = 'Waiting for a campaign that matches your skills.';
  }
  // A consult that came to this agent and ended without a transfer: say so once the desk is empty.
  const consult = desk.consult?.role === 'destination' && desk.consult.state === 'ended' && desk.consult.endReason !== 'Transferred' ? desk.consult : null;
  return (
    <section class="panel waiting" aria-labelledby="waiting-title">
      <h2 id="waiting-title">{title}</h2>
      <p>{text}</p>
      {consult && <p class="muted" role="status">The consult from {consultPeer(consult)} ended: {consultEndLabel(consult.endReason)}.</p>}
    </section>
  );
}
