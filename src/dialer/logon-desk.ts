import type { Clock } from '../clock/clock.ts';
import type { LoginThrottle } from '../auth/login-throttle.ts';
import type { PomAgentHandler } from '../pom/agent-api.ts';
import { ResultCode } from '../pom/result-codes.ts';
import type { Store } from '../store/store.ts';
import { AgentSession } from './agent-session.ts';
import { isBusy } from './agent-states.ts';
import type { CallDesk } from './call-desk.ts';
import { checkLogon } from './logon-checks.ts';
import type { Nailer } from './nailer.ts';
import type { ConsultDesk } from './consult/consult-desk.ts';
import type { InboundDesk } from './inbound/inbound-desk.ts';
import type { InboundRouting } from './inbound/inbound-routing.ts';

/** What the logon desk needs of the dialer's agent manager. */
export interface LogonDeskHost {
  readonly store: Store;
  readonly clock: Clock;
  /** Failed logons per agent ID (auth/login-throttle.ts). */
  readonly throttle: LoginThrottle;
  readonly consults: ConsultDesk;
  readonly inbound: InboundDesk;
  readonly calls: CallDesk;
  readonly nailer: Nailer;
  routing(): InboundRouting | null;
  session(agentId: string): AgentSession | undefined;
  isLoggedOn(agentId: string): boolean;
  /** The agent's session is the logged-on one now (the dialer's sessions by agent ID). */
  register(session: AgentSession): void;
  unregister(session: AgentSession): void;
}

/**
 * Agents logging on and off: AGTLogon (and AGTResumeLogon), a forced logon taking an agent over, and
 * AGTLogoff. Each session opened and closed is written to the agent state history. Runs inside the
 * dialer's queue.
 */
export class LogonDesk {
  constructor(private readonly host: LogonDeskHost) {}

  /** `resumed`: a desktop session that outlived a failover logs its agent on again, without the password (AGTResumeLogon). */
  async logon(agentId: string, handler: PomAgentHandler, ext: string, pwd: string, isForce: boolean, locale: string, timeZone: string, zoneName: string, how: { resumed?: boolean } = {}): Promise<void> {
    const deps = { store: this.host.store, clock: this.host.clock, throttle: this.host.throttle, isLoggedOn: (id: string) => this.host.isLoggedOn(id) };
    const result = await checkLogon(deps, { agentId, ext, pwd, isForce, locale, timeZone, zoneName }, how.resumed === true);
    if (result !== 0) {
      // Every refused logon is in the audit log, whichever link it came by (never the password).
      await this.host.store.audit.insert({
        at: this.host.clock.now(), username: agentId, role: 'agent', action: 'agentLogon', target: agentId, outcome: 'failed',
        counts: {}, details: { result, extension: ext },
      });
      handler.AGTLogonRESP?.(result);
      return;
    }
    const existing = this.host.session(agentId);
    if (existing) await this.forceLogoff(existing);
    const record = (await this.host.store.agents.findByAgentId(agentId))!;
    const session = new AgentSession({ ...record, extension: ext }, handler, this.host.store, () => this.host.clock.now());
    this.host.register(session);
    await this.host.store.agentHistory.insert({ agentId, at: this.host.clock.now(), agentState: 'NotReady', callState: 'NoState', nailedStatus: 'NotNailedUp', reasonCode: 0, campaignName: null });
    session.notifyCapabilities();
    handler.AGTLogonRESP?.(0);
  }

  /**
   * A forced logon takes the agent over, and a lost link to the agent's desktop leaves it unreachable:
   * the session is closed as if logged off (a call in hand is finished first).
   */
  async forceLogoff(session: AgentSession): Promise<void> {
    await this.host.consults.agentLeaving(session);
    await this.host.inbound.finishForLogoff(session);
    if (session.call) await this.host.calls.finishCall(session, session.call);
    await this.closeSession(session);
  }

  async logoff(session: AgentSession): Promise<void> {
    if (session.agentState !== 'NotReady' || isBusy(session.callState)) {
      session.handler.AGTLogoffRESP?.(ResultCode.NotInAux);
      return;
    }
    await this.closeSession(session);
    session.handler.AGTLogoffRESP?.(0);
  }

  private async closeSession(session: AgentSession): Promise<void> {
    session.clearTimers();
    session.availableForNailup = false;
    this.host.routing()?.setAgentAvailable(session.agentId, {}, false);
    await this.host.nailer.release(session);
    this.host.unregister(session);
    await this.host.store.agentHistory.insert({ agentId: session.agentId, at: this.host.clock.now(), agentState: 'LoggedOut', callState: 'NoState', nailedStatus: 'NotNailedUp', reasonCode: 0, campaignName: null });
    session.handler.AGTAgentLoggedOut?.();
  }
}
