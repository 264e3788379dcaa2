import { validationError } from '../errors.ts';
import type { TmacOptions } from './desktop-config.ts';
import type { DesktopSession } from './desktop-session.ts';

/** The callback types the desktop offers, its default first: POM's four (Standard and Campaign: any agent of the campaign). */
export const CALLBACK_TYPES = ['Agent', 'Campaign', 'StrictAgent', 'Standard'];

/** What turning a desktop command into a CTI command needs of the TMAC server. */
export interface CommandContext {
  readonly reasonCodes: TmacOptions['reasonCodes'];
  now(): number;
}

/** The longest wrap-up notes the desktop sends (the dialer keeps 4,000 characters per attempt). */
export const MAX_NOTES_LENGTH = 4000;

/**
 * The wrap-up's notes as their own CTI command, sent before the wrap-up: POM's AGTWrapupContact carries
 * only the code, AGTAddAgentNote (AddPOMAgentNote) keeps the notes with the call's attempt. Null without notes.
 */
export function notesCommandFor(session: DesktopSession, input: Record<string, unknown>): [string, Record<string, unknown>] | null {
  if (input.notes !== undefined && typeof input.notes !== 'string') throw validationError('notes', 'must be a string');
  const note = (input.notes ?? '').trim();
  if (note.length > MAX_NOTES_LENGTH) throw validationError('notes', `is too long (${MAX_NOTES_LENGTH} characters at most)`);
  const call = session.state.call;
  if (note === '' || !call || call.inbound) return null;
  return ['SendGenericCTICommand', { commandName: 'AddPOMAgentNote', jsonData: JSON.stringify({ connectionHandle: call.connectionHandle, note }) }];
}

/** The CTI command (and its parameters) for a desktop command. */
export function ctiCommandFor(session: DesktopSession, name: string, input: Record<string, unknown>, ctx: CommandContext): [string, Record<string, unknown>] {
  const base = { sessionID: session.ctiSessionID, agentID: session.agentID };
  const handle = (): string => {
    const call = session.state.call;
    if (!call) throw validationError('call', 'there is no call on the desktop');
    return call.connectionHandle;
  };
  const generic = (commandName: string, data: Record<string, string>): [string, Record<string, unknown>] =>
    ['SendGenericCTICommand', { commandName, jsonData: JSON.stringify(data) }];
  switch (name) {
    case 'ready':
      return ['SetAgentStateToManualIn', { ...base, agentState: 3, queue: '' }];
    case 'notReady': {
      const reasonCode = input.reasonCode;
      if (typeof reasonCode !== 'number' || !ctx.reasonCodes.some((r) => r.code === reasonCode)) {
        throw validationError('reasonCode', `must be one of ${ctx.reasonCodes.map((r) => r.code).join(', ')}`);
      }
      return ['SetAgentStateToAux', { ...base, agentState: 0, queue: '', reasonCode }];
    }
    case 'dial': {
      const number = str(input, 'number');
      const c = session.state.call?.customer;
      return generic('DialPOMPreviewCall', { connectionHandle: handle(), numberToDial: number, custName: c ? `${c.firstName} ${c.lastName}`.trim() : '' });
    }
    case 'cancelPreview':
      return generic('CancelPOMPreviewCall', { connectionHandle: handle() });
    case 'extendWrapup':
      return generic('ExtendPOMWrapup', { connectionHandle: handle() });
    case 'redial':
      return generic('RedialPOMCall', { connectionHandle: handle(), numberToDial: str(input, 'number') });
    case 'hold':
      return ['Hold', { sessionID: base.sessionID, connectionHandle: handle() }];
    case 'unhold':
      return ['HoldReconnect', { sessionID: base.sessionID, connectionHandle: handle() }];
    case 'disconnect':
      return ['DisconnectCall', { sessionID: base.sessionID, connectionHandle: handle() }];
    case 'wrapup': {
      const codeID = str(input, 'codeID');
      const code = session.state.call?.wrapup?.codes.find((c) => c.codeID === codeID);
      return generic('WrapUpCallContact', { connectionHandle: handle(), pCode: codeID, pValue: code?.codeValue ?? '' });
    }
    case 'callback': {
      const type = str(input, 'type');
      if (!CALLBACK_TYPES.includes(type)) throw validationError('type', `must be ${CALLBACK_TYPES.join(', ')}`);
      const date = str(input, 'date');
      const time = str(input, 'time');
      const timeZone = str(input, 'timeZone');
      const at = zonedTimeToEpoch(date, time, timeZone);
      if (at <= ctx.now()) throw validationError('time', 'the callback must be in the future');
      const notes = typeof input.notes === 'string' ? input.notes : '';
      return generic('CreatePOMCallback', {
        connectionHandle: handle(), callbackType: type, callbackTime: new Date(at).toISOString(), callbackTimezone: timeZone, number: str(input, 'number'), notes,
      });
    }
    case 'consultDestinations': {
      const type = str(input, 'type');
      if (type !== 'Agent' && type !== 'External') throw validationError('type', 'must be Agent or External');
      return generic('GetConsultDestinationAgentsList', { connectionHandle: handle(), consultType: type });
    }
    case 'consult': {
      const type = str(input, 'type');
      if (type !== 'Agent' && type !== 'External') throw validationError('type', 'must be Agent or External');
      const destination = consultDestination(type, str(input, 'destination'), session.agentID);
      return generic('ConsultPOMCall', { connectionHandle: handle(), destinationType: type, destination });
    }
    case 'transfer':
      return generic('TransferPOMCall', { connectionHandle: handle() });
    case 'conference':
      return generic('ConferencePOMCall', { connectionHandle: handle() });
    case 'cancelConsult':
      return generic('CancelPOMConsult', { connectionHandle: handle() });
    case 'leaveConference':
      return generic('LeavePOMConference', { connectionHandle: handle() });
    case 'endConference':
      return generic('EndPOMConference', { connectionHandle: handle() });
    default:
      throw validationError('command', `unknown desktop command ${JSON.stringify(name)}`);
  }
}

/** An agent ID, or a phone number typed by the agent: `+`, digits and the usual separators, sent as `+` and digits. */
function consultDestination(type: 'Agent' | 'External', value: string, ownAgentID: string): string {
  if (value.length > 64) throw validationError('destination', 'is too long (64 characters at most)');
  if (type === 'Agent') {
    if (!/^[A-Za-z0-9._-]+$/.test(value)) throw validationError('destination', 'must be an agent ID');
    if (value === ownAgentID) throw validationError('destination', 'cannot consult yourself');
    return value;
  }
  if (!/^\+?[0-9][0-9 ().-]*$/.test(value)) throw validationError('destination', 'must be a phone number (digits, optionally a leading +)');
  const number = value.replace(/[ ().-]/g, '');
  if (number.replace('+', '').length < 3 || number.length > 20) throw validationError('destination', 'must be a phone number of 3 to 19 digits');
  return number;
}

export function str(input: Record<string, unknown>, field: string): string {
  const value = input[field];
  if (typeof value !== 'string' || value.trim() === '') throw validationError(field, 'is required (a non-empty string)');
  return value.trim();
}

/** "2026-01-06" + "14:30" in an IANA time zone → epoch ms. */
export function zonedTimeToEpoch(date: string, time: string, timeZone: string): number {
  const dm = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!dm) throw validationError('date', 'must be YYYY-MM-DD');
  const tm = /^(\d{2}):(\d{2})$/.exec(time);
  if (!tm) throw validationError('time', 'must be HH:MM');
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  } catch {
    throw validationError('timeZone', `${timeZone} is not an IANA time zone`);
  }
  const asUtc = Date.UTC(Number(dm[1]), Number(dm[2]) - 1, Number(dm[3]), Number(tm[1]), Number(tm[2]));
  if (!Number.isFinite(asUtc) || Number(dm[2]) > 12 || Number(dm[3]) > 31 || Number(tm[1]) > 23 || Number(tm[2]) > 59) throw validationError('date', 'is not a real date and time');
  // The zone's offset at that instant, applied twice to settle across a DST change.
  let guess = asUtc;
  for (let i = 0; i < 2; i++) {
    const parts = Object.fromEntries(formatter.formatToParts(guess).map((p) => [p.type, p.value]));
    const shown = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute));
    guess += asUtc - shown;
  }
  return guess;
}
