/**
 * A supervisor logs an agent out: `POST /api/v1/agents/{agentId}/logout` (supervisors and
 * administrators). The dialer logs the agent off whatever it is doing (Dialer.forceLogoff, as when its
 * desktop can no longer be reached): a preview contact in hand goes back to its list, a call in hand is
 * finished with the campaign's default code, the nailed line drops. The agent's desktop session ends
 * with "logged out by a supervisor". Audited (LogoutAgent; the desktop's desktopLogout says `by`).
 */
import type { FastifyInstance } from 'fastify';
import { NailupError, notFound } from '../errors.ts';
import type { AgentSession } from '../dialer/agent-session.ts';
import type { Dialer } from '../dialer/dialer.ts';
import { tmacServerOf } from '../tmac/routes.ts';
import type { SupervisorSide } from '../utilities/supervisor-side.ts';
import { principalOf, role } from './http-helpers.ts';

/** What the agent had when it was logged out. */
export interface AgentLogoutView {
  agentId: string;
  loggedOut: true;
  /** The agent's states at the dialer just before. */
  agentState: string;
  callState: string;
  /** The contact in hand (a preview released, a call finished), else null. */
  contactId: number | null;
  /** The agent's desktop sessions ended (0 when the agent was logged on without the desktop). */
  desktopSessions: number;
}

const notLoggedOn = (agentId: string): NailupError => new NailupError('NOT_LOGGED_ON', `agent ${agentId} is not logged on`);

/** Logs the session off in the dialer's queue, if it is still the agent's then; resolves when done. */
function forceLogoff(dialer: Dialer, agentId: string, session: AgentSession): Promise<void> {
  return new Promise((resolve, reject) => dialer.queue.push(async () => {
    try {
      if (dialer.session(agentId) !== session) throw notLoggedOn(agentId);
      await dialer.forceLogoff(session);
      resolve();
    } catch (error) {
      reject(error);
    }
  }));
}

export function registerAgentSessionRoutes(api: FastifyInstance, side: SupervisorSide): void {
  const supervisor = { preHandler: role(side.auth, 'supervisor') };

  api.post<{ Params: { agentId: string } }>('/agents/:agentId/logout', supervisor, async (request): Promise<AgentLogoutView> => {
    const { agentId } = request.params;
    const principal = principalOf(request);
    const agent = await side.store.agents.findByAgentId(agentId);
    if (!agent) throw notFound(`agent ${agentId}`);
    const session = side.dialer.session(agentId);
    if (!session) throw notLoggedOn(agentId);
    const before = { agentState: session.agentState, callState: session.callState, contactId: session.call?.contact.id ?? null };
    const tmac = tmacServerOf(api);
    const logoff = (): Promise<void> => forceLogoff(side.dialer, agentId, session);
    return side.audit.around(principal, 'LogoutAgent', agentId, async (): Promise<AgentLogoutView> => {
      const desktopSessions = tmac ? await tmac.logoutBySupervisor(agentId, principal.username, logoff) : (await logoff(), 0);
      return { agentId, loggedOut: true, ...before, desktopSessions };
    }, (view) => ({ details: { agentState: view.agentState, callState: view.callState, contactId: view.contactId, desktopSessions: view.desktopSessions } }));
  });
}
