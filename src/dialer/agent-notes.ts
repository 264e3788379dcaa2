/**
 * POM's AGTAddAgentNote: the agent's note on the contact in hand, kept with the call's attempt (the Call
 * Attempt report and the contact's history show it). Notes added to one call are kept in the order
 * they came, a line each. Without a call attempt in hand (nothing offered, or a preview not dialed yet)
 * the answer is 561.
 */
import { ResultCode } from '../pom/result-codes.ts';
import type { Store } from '../store/store.ts';
import type { AgentSession } from './agent-session.ts';

/** The longest notes one attempt keeps, all notes together. */
export const MAX_ATTEMPT_NOTES = 4000;

export async function addAgentNote(store: Store, session: AgentSession, note: string): Promise<void> {
  const call = session.call;
  const attempt = call?.attempt;
  const sessionID = call?.sessionID ?? '';
  if (!call || !attempt) {
    session.handler.AGTAddAgentNoteRESP?.(sessionID, ResultCode.NoteNoContact);
    return;
  }
  const notes = attempt.notes ? `${attempt.notes}\n${note}` : note;
  if (notes.length > MAX_ATTEMPT_NOTES) {
    session.handler.AGTAddAgentNoteRESP?.(sessionID, ResultCode.NoteNotAdded);
    return;
  }
  attempt.notes = notes;
  await store.attempts.update(attempt.id, { notes });
  session.handler.AGTAddAgentNoteRESP?.(sessionID, 0);
}
