import { resultMessage } from '../pom/result-codes.ts';

/** One A4 event, exactly as the spec writes it: every eventData value is a string. */
export interface TmacEvent {
  eventName: string;
  extension: string;
  eventData: Record<string, string>;
}

/** TMAC sees POM's positive result codes negated (63 → -63). */
export const toTmacCode = (pomCode: number): number => (pomCode === 0 ? 0 : -Math.abs(pomCode));

/**
 * The `…Done` events of login, logout, state and monitor commands:
 * {"ErrorInfo":"","ResponseStatus":"0","Extension":"44012","InvokeID":"5","ErrorCode":"0"}.
 */
export function doneEvent(eventName: string, extension: string, invokeID: string, pomCode: number, message?: string): TmacEvent {
  const code = String(toTmacCode(pomCode));
  return {
    eventName,
    extension,
    eventData: {
      ErrorInfo: pomCode === 0 ? '' : (message ?? resultMessage(pomCode)),
      ResponseStatus: code,
      Extension: extension,
      InvokeID: invokeID,
      ErrorCode: code,
    },
  };
}

/** Call control succeeded: {"ResponseStatus":"0","Extension":"40709","InvokeID":"361"}. */
export function callControlDone(eventName: string, extension: string, invokeID: string): TmacEvent {
  return { eventName, extension, eventData: { ResponseStatus: '0', Extension: extension, InvokeID: invokeID } };
}

/** Call control failed: CSTAUniversalFailureEvent with the negated code and the spec's message. */
export function universalFailure(extension: string, invokeID: string, pomCode: number, message?: string): TmacEvent {
  return {
    eventName: 'CSTAUniversalFailureEvent',
    extension,
    eventData: {
      ResponseStatus: '-1',
      ErrorCode: String(toTmacCode(pomCode)),
      ErrorInfo: message ?? resultMessage(pomCode),
      Extension: extension,
      InvokeID: invokeID,
    },
  };
}

export function event(eventName: string, extension: string, eventData: Record<string, string>): TmacEvent {
  return { eventName, extension, eventData };
}
