import type { PomAgent, PomAgentApi, PomAgentHandler } from '../pom/agent-api.ts';
import type {
  PAMSocketInfo, POMAgentState, POMAgentStatus, POMCallbackDest, POMCallbackType, POMCapabilities,
  POMCompletionCode, POMContactNumber, POMDestination, POMDestinationType,
} from '../pom/types.ts';
import { CAPABILITY_NAMES } from '../pom/types.ts';
import { ResultCode } from '../pom/result-codes.ts';
import type { AgentSession } from './agent-session.ts';
import type { Dialer } from './dialer.ts';
import { addAgentNote } from './agent-notes.ts';

const AGENT_STATES: readonly POMAgentState[] = ['Ready', 'NotReady', 'PendingNotReady'];

/**
 * The PomAgentApi of the dialer in this process (link A6 without a network hop). As one of several POM
 * endpoints (src/pom/located-agent-api.ts) its link can be lost and restored like a network one: on loss
 * its agents hear POMNotAvailable and the dialer closes their sessions (it can no longer reach their
 * desktops); until restored, init answers false and every command PomNotAvailable.
 */
export class EmbeddedAgentApi implements PomAgentApi {
  private connected = false;
  private linkUp = true;

  constructor(private readonly dialer: Dialer) {}

  async init(_pamAddresses: PAMSocketInfo[], _verifyCertificate: boolean): Promise<boolean> {
    this.connected = this.linkUp;
    return this.connected;
  }

  async deinit(): Promise<void> {
    this.connected = false;
  }

  getPOMAgent(agentId: string, handler: PomAgentHandler): PomAgent {
    return new EmbeddedAgent(this.dialer, agentId, handler, () => this.connected);
  }

  removePOMAgent(_agentId: string): void {
    // Nothing is held per agent object; the dialer's session lives until logoff.
  }

  /** The link drops: every agent logged on through it is told, then logged off by the dialer. */
  linkLost(): void {
    if (!this.linkUp) return;
    this.linkUp = false;
    const wasConnected = this.connected;
    this.connected = false;
    if (!wasConnected) return;
    for (const session of this.dialer.sessions()) {
      session.handler.POMNotAvailable?.();
      this.dialer.queue.push(async () => {
        if (this.dialer.session(session.agentId) === session) await this.dialer.forceLogoff(session);
      });
    }
  }

  /** The link is back: the next init answers. */
  linkRestored(): void {
    this.linkUp = true;
  }
}

/** Commands are checked for shape here, then queued; their outcome comes back as …RESP. */
class EmbeddedAgent implements PomAgent {
  constructor(
    private readonly dialer: Dialer,
    readonly agentId: string,
    private readonly handler: PomAgentHandler,
    private readonly connected: () => boolean,
  ) {}

  /** Queues a command for this agent's session; refuses at once when there is none (9002). */
  private withSession(run: (session: AgentSession) => Promise<void>): number {
    if (!this.connected()) return ResultCode.PomNotAvailable;
    const session = this.dialer.session(this.agentId);
    if (!session || session.handler !== this.handler) return ResultCode.AgentNotRegistered;
    this.dialer.queue.push(async () => {
      // The session may have ended while the command waited in the queue.
      if (this.dialer.session(this.agentId) === session) await run(session);
    });
    return 0;
  }

  AGTLogon(agentExt: string, pwd: string, isForce: boolean, locale: string, timeZone: string, zoneName: string): number {
    if (!this.connected()) return ResultCode.PomNotAvailable;
    if (typeof agentExt !== 'string' || typeof pwd !== 'string') return ResultCode.InvalidArgument;
    this.dialer.queue.push(() => this.dialer.logon(this.agentId, this.handler, agentExt, pwd, isForce, locale, timeZone, zoneName));
    return 0;
  }

  AGTResumeLogon(agentExt: string, locale: string, timeZone: string, zoneName: string): number {
    if (!this.connected()) return ResultCode.PomNotAvailable;
    this.dialer.queue.push(() => this.dialer.logon(this.agentId, this.handler, agentExt, '', true, locale, timeZone, zoneName, { resumed: true }));
    return 0;
  }

  AGTLogoff(): number {
    return this.withSession((s) => this.dialer.logoff(s));
  }

  AGTStateChange(state: POMAgentState, reasonCode: number, reasonName: string, hasWalkedAway: boolean): number {
    if (!AGENT_STATES.includes(state) || !Number.isInteger(reasonCode) || reasonCode < 0 || typeof reasonName !== 'string') return ResultCode.InvalidArgument;
    return this.withSession((s) => this.dialer.stateChange(s, state, reasonCode, reasonName, hasWalkedAway));
  }

  AGTAvailableForNailup(): number {
    return this.withSession((s) => this.dialer.availableForNailup(s));
  }

  AGTReadyForNailup(): number {
    return this.withSession((s) => this.dialer.readyForNailup(s));
  }

  AGTHoldCall(sessionID: string): number {
    return this.withSession((s) => this.dialer.calls.hold(s, sessionID));
  }

  AGTUnholdCall(sessionID: string): number {
    return this.withSession((s) => this.dialer.calls.unhold(s, sessionID));
  }

  AGTReleaseLine(sessionID: string): number {
    return this.withSession((s) => this.dialer.calls.releaseLine(s, sessionID));
  }

  AGTGetCompCodes(sessionID: string): number {
    return this.withSession((s) => this.dialer.wrapups.getCompCodes(s, sessionID));
  }

  AGTWrapupContact(code: POMCompletionCode, sessionID: string): number {
    if (!code || typeof code.codeID !== 'string') return ResultCode.InvalidArgument;
    return this.withSession((s) => this.dialer.wrapups.wrapupContact(s, code, sessionID));
  }

  AGTExtendWrapup(sessionID: string): number {
    return this.withSession((s) => this.dialer.wrapups.extendWrapup(s, sessionID));
  }

  AGTPreviewDial(number: POMContactNumber, sessionID: string): number {
    if (!number || typeof number.number !== 'string') return ResultCode.InvalidArgument;
    return this.withSession((s) => this.dialer.calls.previewDial(s, number, sessionID));
  }

  AGTPreviewCancel(sessionID: string): number {
    return this.withSession((s) => this.dialer.calls.previewCancel(s, sessionID));
  }

  AGTRedial(number: POMContactNumber): number {
    if (!number || typeof number.number !== 'string') return ResultCode.InvalidArgument;
    return this.withSession((s) => this.dialer.calls.redial(s, number));
  }

  AGTAddAgentNote(note: string): number {
    if (typeof note !== 'string' || note.trim() === '') return ResultCode.InvalidArgument;
    return this.withSession((s) => addAgentNote(this.dialer.store, s, note.trim()));
  }

  AGTGetCustomerDetails(sessionID: string): number {
    return this.withSession((s) => this.dialer.calls.getCustomerDetails(s, sessionID));
  }

  AGTGetConsultTypes(sessionID: string): number {
    return this.withSession(async (s) => this.dialer.consults.consultTypes(s, sessionID));
  }

  AGTGetConsultDestsForType(type: POMDestinationType, sessionID: string): number {
    if (type !== 'Agent' && type !== 'External' && type !== 'Campaign') return ResultCode.InvalidArgument;
    return this.withSession(async (s) => this.dialer.consults.destinations(s, type, sessionID));
  }

  AGTConsultCall(destination: POMDestination, sessionID: string): number {
    if (!destination || typeof destination.destinationValue !== 'string' || (destination.destinationType !== 'Agent' && destination.destinationType !== 'External')) return ResultCode.InvalidArgument;
    return this.withSession((s) => this.dialer.consults.consult(s, destination, sessionID));
  }

  AGTCompleteTransfer(sessionID: string): number {
    return this.withSession((s) => this.dialer.consults.transfer(s, sessionID));
  }

  AGTCancelConsult(_destAgentID: string, sessionID: string): number {
    return this.withSession((s) => this.dialer.consults.cancel(s, sessionID));
  }

  AGTStartConf(sessionID: string): number {
    return this.withSession((s) => this.dialer.consults.startConference(s, sessionID));
  }

  AGTEndConf(sessionID: string): number {
    return this.withSession((s) => this.dialer.consults.endConference(s, sessionID));
  }

  AGTLeaveConf(sessionID: string): number {
    return this.withSession((s) => this.dialer.consults.leaveConference(s, sessionID));
  }

  AGTGetCallbackTypes(sessionID: string): number {
    return this.withSession((s) => this.dialer.calls.callbackTypes(s, sessionID));
  }

  AGTCreateCallback(
    type: POMCallbackType, _dest: POMCallbackDest | null, callbackTime: string, callbackTimezone: string,
    callbackExpiryTime: string, number: POMContactNumber, agentNotes: string, sessionID: string,
  ): number {
    return this.withSession((s) => this.dialer.calls.createCallback(s, type, callbackTime, callbackTimezone, callbackExpiryTime, number, agentNotes, sessionID));
  }

  AGTBlendToInbound(): number {
    return this.withSession((s) => this.dialer.blend(s, 'inbound'));
  }

  AGTBlendToOutbound(): number {
    return this.withSession((s) => this.dialer.blend(s, 'outbound'));
  }

  getStatus(): POMAgentStatus {
    const s = this.dialer.session(this.agentId);
    return s
      ? { agentState: s.agentState, callState: s.callState, nailupStatus: s.nailedStatus }
      : { agentState: 'NotReady', callState: 'NoState', nailupStatus: 'NotNailedUp' };
  }

  getCapabilities(): POMCapabilities {
    const s = this.dialer.session(this.agentId);
    if (s) return s.capabilities();
    return Object.fromEntries(CAPABILITY_NAMES.map((n) => [n, false])) as POMCapabilities;
  }
}
