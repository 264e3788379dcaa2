import type { Clock } from '../clock/clock.ts';
import type { Store } from '../store/store.ts';
import { NailupError } from '../errors.ts';
import { resultMessage } from '../pom/result-codes.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { CtiLink } from './cti-link.ts';
import { ctiStep } from './cti-step.ts';
import type { TmacOptions } from './desktop-config.ts';
import { END_REASONS, type DesktopSession, type EndReason } from './desktop-session.ts';
import type { SessionRegistry } from './session-registry.ts';

/** A command the CTI server refused: 409 with the spec's code and message. */
export const refused = (tmacCode: number): NailupError => new NailupError('CONFLICT', `${resultMessage(tmacCode)} (${tmacCode})`, undefined, { tmacCode });

/** A desktop logout in the audit log, beside the logins (desktopLogin): why, and for whom. */
export async function auditLogout(audit: AuditLog, lanId: string, agentId: string, extension: string, reason: EndReason, more: Record<string, unknown> = {}): Promise<void> {
  await audit.record({ username: lanId, role: 'agent' }, { action: 'desktopLogout', target: lanId, outcome: 'ok', details: { reason, agentId, extension, ...more } });
}

/** What logging out needs of the TMAC server. */
export interface DesktopLogoutHost {
  readonly cti: Pick<CtiLink, 'execute'>;
  readonly store: Store;
  readonly clock: Clock;
  readonly options: TmacOptions;
  readonly audit: AuditLog;
  readonly sessions: Pick<SessionRegistry, 'values' | 'delete'>;
  nextInvokeID(): number;
  /** An entry of the agent's actions. */
  record(agentId: string, action: string, details: Record<string, unknown>, result: number): Promise<void>;
}

/** Desktop sessions ending: the agent logged out through the CTI server, or by a supervisor, or by the dialer. */
export class DesktopLogout {
  constructor(private readonly host: DesktopLogoutHost) {}

  async logout(session: DesktopSession, reason: EndReason = 'agent'): Promise<void> {
    const { agentID, extension } = session;
    session.loggingOut = true;
    try {
      await this.logoutSteps(session, agentID, extension);
    } finally {
      session.loggingOut = false;
    }
    await this.end(session, reason);
  }

  private async logoutSteps(session: DesktopSession, agentID: string, extension: string): Promise<void> {
    if (session.state.agentState !== 'NotReady') {
      const aux = this.host.options.reasonCodes[0]?.code ?? 0;
      await this.commandAndWait(session, 'SetAgentStateToAux', { sessionID: session.ctiSessionID, agentID, agentState: 0, queue: '', reasonCode: aux }, 'SetAgentStateToAuxDone');
    }
    const code = await this.commandAndWait(session, 'AgentLogout', { sessionID: session.ctiSessionID, agentID, queue: '', reasonCode: 0 }, 'SetAgentStateDone');
    if (code !== 0) throw refused(code);
    await this.commandAndWait(session, 'SecurityLogout', { extension }, 'SecurityLogoutDone');
  }

  private async commandAndWait(session: DesktopSession, command: string, body: Record<string, unknown>, doneEvent: string): Promise<number> {
    return (await ctiStep(this.host.cti, this.host.nextInvokeID(), session, command, body, doneEvent)).code;
  }


  /** Ends the desktop session (once: a second end waits for the first); `by`: the supervisor who logged the agent out. */
  end(session: DesktopSession, reason: EndReason, by?: string): Promise<void> {
    session.ending ??= this.finish(session, reason, by);
    return session.ending;
  }

  private async finish(session: DesktopSession, reason: EndReason, by: string | undefined): Promise<void> {
    const text = END_REASONS[reason];
    session.ended = true;
    session.unsubscribe();
    session.consultPoll?.cancel();
    session.consultPoll = null;
    this.host.sessions.delete(session.tokenHash);
    await this.host.store.tmacSessions.end(session.tokenHash, this.host.clock.now(), text);
    await this.host.record(session.agentID, 'logout', { reason: text }, 0);
    await auditLogout(this.host.audit, session.agent.lanId, session.agentID, session.extension, reason, by === undefined ? {} : { by });
    session.send({ type: 'loggedOut', reason: text });
  }

  /**
   * A supervisor logs the agent out: `logoff` (the caller's forced logoff at the dialer) ends the agent's
   * desktop sessions here, with the reason "logged out by a supervisor" rather than the dialer's. Resolves
   * once they have ended, with how many there were.
   */
  async logoutBySupervisor(agentId: string, by: string, logoff: () => Promise<void>): Promise<number> {
    const sessions = [...this.host.sessions.values()].filter((s) => s.agentID === agentId && !s.ended);
    for (const session of sessions) session.endingAs = { reason: 'supervisor', by };
    try {
      await logoff();
    } catch (error) {
      for (const session of sessions) session.endingAs = null;
      throw error;
    }
    await Promise.all(sessions.map((session) => this.end(session, 'supervisor', by)));
    return sessions.length;
  }
}
