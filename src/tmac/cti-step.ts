import type { CtiLink } from './cti-link.ts';
import type { DesktopSession } from './desktop-session.ts';

/** How long the TMAC server waits for the CTI server's Done event of a login, resume or logout step. */
const CTI_STEP_TIMEOUT_MS = 10_000;

/**
 * Sends one CTI command for the session and waits for its Done event. The TMAC code: the command's
 * refusal, else the event's ErrorCode (-9999 when none came in time); with the event's ErrorInfo.
 */
export async function ctiStep(
  cti: Pick<CtiLink, 'execute'>, invokeID: number, session: DesktopSession, command: string, body: Record<string, unknown>, doneEvent: string,
): Promise<{ code: number; info: string | undefined }> {
  session.sent(invokeID);
  const done = session.waitFor((e) => e.eventName === doneEvent && e.eventData.InvokeID === String(invokeID), CTI_STEP_TIMEOUT_MS);
  const result = await cti.execute(command, { ...body, invokeID });
  if (result !== 0) return { code: result, info: undefined };
  const event = await done;
  if (!event) return { code: -9999, info: 'The CTI server did not answer' };
  return { code: Number(event.eventData.ErrorCode ?? 0), info: event.eventData.ErrorInfo };
}
