import { useEffect, useState } from 'preact/hooks';
import { serverNow, type Consult, type Customer, type DesktopConfig, type DesktopState } from './api.ts';

/** The server's time now, updated every second while a component shows a clock. */
export function useNow(): number {
  const [, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), 1000);
    return () => clearInterval(timer);
  }, []);
  return serverNow();
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Whole seconds as mm:ss (minutes keep counting past 59). */
export function mmss(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  return `${pad(Math.floor(s / 60))}:${pad(s % 60)}`;
}

export const secondsBetween = (from: number, to: number): number => Math.max(0, Math.floor((to - from) / 1000));
export const secondsLeft = (deadline: number, now: number): number => Math.max(0, Math.ceil((deadline - now) / 1000));

export function reasonName(config: DesktopConfig | null, code: number): string {
  if (!code) return 'Default';
  return config?.reasonCodes.find((r) => r.code === code)?.name ?? `code ${code}`;
}

export type Tone = 'ready' | 'notready' | 'pending' | 'wrapup';

/** The agent's state as the state bar shows it, and its colour. */
export function agentStateLabel(state: DesktopState, config: DesktopConfig | null): { label: string; tone: Tone } {
  if (state.callState === 'Wrapup') return { label: 'Wrap-up', tone: 'wrapup' };
  switch (state.agentState) {
    case 'Ready': return { label: 'Ready', tone: 'ready' };
    case 'PendingNotReady': return { label: 'Pending Not Ready', tone: 'pending' };
    case 'NotReady': return { label: `Not Ready (Aux: ${reasonName(config, state.reasonCode)})`, tone: 'notready' };
    default: return { label: state.agentState, tone: 'notready' };
  }
}

const CALL_STATES: Record<string, string> = {
  NoState: 'No call', Idle: 'Idle', Preview: 'Preview', Dialing: 'Dialing', Talking: 'Talking', Held: 'On hold',
  Wrapup: 'Wrap-up', Consult: 'Consult', ConferenceOwner: 'Conference (owner)', ConferencePassive: 'Conference', Callback: 'Callback',
};
export const callStateLabel = (callState: string): string => CALL_STATES[callState] ?? callState;

/** Shown under the "Nail-up" heading of the state bar. */
const NAILED: Record<string, string> = {
  NotNailedUp: 'Not nailed up', PendingNailUp: 'Pending', NailedUp: 'Nailed up',
  NailingLost: 'Lost', PendingNailupDrop: 'Drop pending',
};
export const nailedLabel = (status: string): string => NAILED[status] ?? status;

const DISCONNECT: Record<string, string> = {
  Disconnected_By_User: 'Customer hung up',
  Call_Busy: 'Busy',
  Ring_No_Answer: 'No answer',
  Answer_Machine: 'Answering machine',
  Network_Refusal: 'Network refused the call',
  Invalid_Number: 'Invalid number',
  CPA_Timeout: 'Call analysis timed out',
  Fax_Machine: 'Fax machine',
  SIT_Tone: 'Number not in service (SIT tone)',
  Reorder_Tone: 'Network busy (reorder tone)',
  Media_Server_Failure: 'Media server failure',
  Restricted_DNC: 'Not dialled: number is on the Do-Not-Call list',
  Restricted_Other: 'Not dialled: restricted (calling window or rule)',
  Invalid_Address: 'Invalid address',
  Application_Error: 'Application error',
  Unknown: 'Call ended (reason unknown)',
  Agent_Not_Available: 'Agent not available',
  Agent_Max_Consult_Attempts_Reached: 'Maximum consult attempts reached',
  Disconnected: 'Call ended',
  Transferred: 'Transferred',
  LeftConference: 'You left the conference',
};
export const disconnectLabel = (reason: string): string => DISCONNECT[reason] ?? reason.replace(/_/g, ' ');

export function customerName(c: Customer | null): string {
  if (!c) return '';
  return [c.title, c.firstName, c.lastName].filter(Boolean).join(' ');
}

export const CAMPAIGN_TYPES: Record<string, string> = {
  Preview: 'Preview', Progressive: 'Progressive', Predictive: 'Predictive', Callback: 'Callback', Manual: 'Manual', Inbound: 'Inbound',
};

/** The BLEND field of the state bar: the mode, and the queue while inbound. */
export function blendLabel(state: DesktopState): string {
  if (state.blend === 'inbound') return `↙ Inbound${state.blendQueue ? ` (${state.blendQueue})` : ''}`;
  return '↗ Outbound';
}

/** The toast of a blend change. */
export function blendChangeText(state: DesktopState): string {
  if (state.blend === 'inbound') return `Blended to inbound${state.blendQueue ? `: ${state.blendQueue}` : ''}`;
  return 'Blended back to outbound';
}

/** The agent's call went to another party (a transfer, or leaving a conference it owned). */
export const handedOver = (disconnectReason: string | null): boolean => disconnectReason === 'Transferred' || disconnectReason === 'LeftConference';

/** The other party of a consult, as the agent reads it: "Ada Lovelace (1002)", "Head office (+14065550100)". */
export function consultPeer(consult: Consult): string {
  const [name, id] = consult.role === 'requester'
    ? [consult.destinationName, consult.destination]
    : [consult.requestingAgentName, consult.requestingAgentID];
  if (name && id && name !== id) return `${name} (${id})`;
  return name || id || 'the other party';
}

const CONSULT_END: Record<string, string> = {
  Cancelled: 'cancelled',
  Transferred: 'the call was transferred',
  ConferenceEnded: 'the conference ended',
  LeftConference: 'you left the conference',
};

/** Why a consult ended, in words: "cancelled", "Busy", "No answer". */
export const consultEndLabel = (reason: string | null): string => (reason ? CONSULT_END[reason] ?? disconnectLabel(reason) : 'ended');
