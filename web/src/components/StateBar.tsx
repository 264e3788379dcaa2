import { useEffect, useState } from 'preact/hooks';
import type { DesktopConfig, DesktopState } from '../api.ts';
import { agentStateLabel, blendLabel, callStateLabel, mmss, nailedLabel, reasonName, secondsBetween, secondsLeft, useNow } from '../format.ts';
import { tip, useShortcut } from '../shortcuts.ts';
import { command, logout, reconnectNow, type AppState } from '../store.ts';

/** Always at the top: who, what state and since when, and the state buttons. */
export function StateBar({ app, desk, config }: { app: AppState; desk: DesktopState; config: DesktopConfig }) {
  const now = useNow();
  const { label, tone } = agentStateLabel(desk, config);
  const caps = desk.capabilities;
  const firstReason = config.reasonCodes[0]?.code ?? 0;
  const [reason, setReason] = useState(firstReason);
  // Not Ready again with the aux code the agent is already in is refused (63): offer another one.
  useEffect(() => {
    if (!config.reasonCodes.some((r) => r.code === reason)) setReason(firstReason);
  }, [config.reasonCodes, reason, firstReason]);

  const canReady = caps.ready === true && desk.agentState !== 'Ready' && !app.pending.includes('ready');
  const sameAux = desk.agentState !== 'Ready' && desk.reasonCode === reason;
  const canNotReady = caps.notReady === true && !sameAux && !app.pending.includes('notReady');
  const ready = (): void => void command('ready');
  const notReady = (): void => void command('notReady', { reasonCode: reason });
  useShortcut('ready', canReady ? ready : null);
  useShortcut('notReady', canNotReady ? notReady : null);

  const pendingAux = desk.agentState === 'PendingNotReady';
  const { agent } = desk;

  return (
    <header class={`statebar tone-${tone}`} aria-label="Agent state">
      <div class="sb-state">
        <div class="sb-state-main">
          <span class="sb-state-label" data-testid="agent-state" aria-live="polite">{label}</span>
          <span class="sb-timer" role="timer" aria-label={`Time in state ${mmss(secondsBetween(desk.stateSince, now))}`} title="Time in state">
            {mmss(secondsBetween(desk.stateSince, now))}
          </span>
        </div>
        {pendingAux && tone !== 'pending' && (
          <span class="sb-sub sb-sub-strong">Pending Not Ready (Aux: {reasonName(config, desk.reasonCode)})</span>
        )}
        {pendingAux && tone === 'pending' && <span class="sb-sub">Aux: {reasonName(config, desk.reasonCode)} after this contact</span>}
      </div>

      <dl class="sb-facts">
        <div><dt>Call</dt><dd data-testid="call-state">{callStateLabel(desk.callState)}</dd></div>
        <div><dt>Nail-up</dt><dd data-testid="nailed-status" data-status={desk.nailedStatus} title={`Nail-up status: ${desk.nailedStatus}`}>{nailedLabel(desk.nailedStatus)}</dd></div>
        <div><dt>Blend</dt><dd data-testid="blend" data-blend={desk.blend} title={desk.blend === 'inbound' ? 'Blended to inbound: taking ACD calls' : 'Outbound: taking the campaigns\' contacts'}>{blendLabel(desk)}</dd></div>
      </dl>

      <div class="sb-right">
        <div class="sb-controls">
          <button type="button" class="sb-btn sb-ready" onClick={ready} disabled={!canReady} title={tip('ready')} aria-keyshortcuts="Alt+R">Ready</button>
          <label class="sr-only" for="aux-reason">Not Ready reason</label>
          <select id="aux-reason" class="sb-select" value={String(reason)} onChange={(e) => setReason(Number(e.currentTarget.value))}>
            {config.reasonCodes.map((r) => <option key={r.code} value={String(r.code)}>{r.name}</option>)}
          </select>
          <button type="button" class="sb-btn" onClick={notReady} disabled={!canNotReady} title={tip('notReady', sameAux ? 'Already Not Ready with this reason' : 'Not Ready with the chosen reason')} aria-keyshortcuts="Alt+N">Not Ready</button>
        </div>
        <div class="sb-agent">
          <div class="sb-agent-name" title={agent.name || agent.lanId}>{agent.name || agent.lanId}</div>
          <div class="sb-agent-ids">ID {agent.agentID} · Ext {agent.extension}</div>
        </div>
        <button type="button" class="sb-btn sb-logout" onClick={() => void logout()} disabled={app.pending.includes('logout')}>Log out</button>
      </div>

      {app.connection === 'failover' && (
        <div class="sb-offline" role="status">The dialer is failing over — reconnecting…</div>
      )}
      {app.connection === 'reconnecting' && (
        <div class="sb-offline" role="status">
          Connection lost — reconnecting{app.reconnectAt ? ` in ${secondsLeft(app.reconnectAt, Date.now())} s` : '…'}
          <button type="button" class="link" onClick={reconnectNow}>Retry now</button>
        </div>
      )}
    </header>
  );
}
