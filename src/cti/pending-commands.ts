import { callControlDone, event, universalFailure, toTmacCode, type TmacEvent } from './tmac-events.ts';

/** A command waiting for its …RESP, and the Done event it owes TMAC (null: no event). */
export interface Pending {
  eventName: string | null;
  invokeID: string;
  /** For state changes: the aux reason code asked for. */
  reasonCode?: number;
}

const KINDS = [
  'logon', 'logoff', 'state', 'hold', 'unhold', 'release', 'previewDial', 'previewCancel', 'wrapup', 'consult',
  'callback', 'consultCall', 'transfer', 'conference', 'cancelConsult', 'leaveConference', 'endConference',
  'extendWrapup', 'redial', 'note',
] as const;

/** The kinds of POM command whose responses an agent waits for. */
export type PendingKind = typeof KINDS[number];

/**
 * One agent's commands waiting for their POM response, and the TMAC answer each owes. Commands of a kind
 * are answered in order, so each kind keeps a FIFO of the invokeIDs waiting for their response.
 */
export class PendingCommands {
  private readonly queues = Object.fromEntries(KINDS.map((kind) => [kind, [] as Pending[]])) as Record<PendingKind, Pending[]>;

  constructor(private readonly extension: string, private readonly publish: (event: TmacEvent) => void) {}

  /** Queues the response expectation, runs the POM command, and undoes the expectation if POM refused at once. */
  send(kind: PendingKind, eventName: string | null, invokeID: string, command: () => number, reasonCode?: number): number {
    const queue = this.queues[kind];
    queue.push(reasonCode === undefined ? { eventName, invokeID } : { eventName, invokeID, reasonCode });
    const result = command();
    if (result !== 0) queue.pop();
    return toTmacCode(result);
  }

  take(kind: PendingKind): Pending {
    return this.queues[kind].shift() ?? { eventName: null, invokeID: '' };
  }

  /** The aux reason of the oldest state change still waiting for its response, if any. */
  reasonAsked(): number | undefined {
    return this.queues.state[0]?.reasonCode;
  }

  /**
   * The answer to a generic command on a call: `{ResponseStatus, Extension, InvokeID, ConnectionHandle, …extra}`
   * as `eventName` on success, CSTAUniversalFailureEvent on failure. Whether it succeeded.
   */
  answered(kind: PendingKind, eventName: string, sessionID: string, result: number, extra: Record<string, string> = {}): boolean {
    const p = this.take(kind);
    if (result !== 0) {
      this.publish(universalFailure(this.extension, p.invokeID, result));
      return false;
    }
    this.publish(event(eventName, this.extension, { ResponseStatus: '0', Extension: this.extension, InvokeID: p.invokeID, ConnectionHandle: sessionID, ...extra }));
    return true;
  }

  /** Success: the pending command's Done event (if it has one); failure: CSTAUniversalFailureEvent. */
  callControlResponse(kind: PendingKind, result: number): void {
    const p = this.take(kind);
    if (result !== 0) this.publish(universalFailure(this.extension, p.invokeID, result));
    else if (p.eventName) this.publish(callControlDone(p.eventName, this.extension, p.invokeID));
  }
}
