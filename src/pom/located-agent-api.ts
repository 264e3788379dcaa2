/**
 * Primary and auxiliary POM: the spec's CTI server logs each agent on "to POM server (whether Primary EPM or
 * Auxiliary EPM) based on agent location preference in the user profile". This PomAgentApi spreads the
 * agents over several POM endpoints, one per `cti.pamAddresses` entry (the first is the primary, the second
 * the auxiliary): each logon goes to the endpoint the agent's profile prefers, or to the other when that
 * one is unreachable. An endpoint that tells one of its agents POMNotAvailable is unreachable from then
 * on; its agents hear POMNotAvailable (the CTI server then logs them on again, on the other endpoint) and
 * nothing more from it. It is tried again every `retryMs` until it answers, and takes new logons again.
 * Agents already moved stay where they are: moving them back would cut their calls.
 *
 *   endpoint:  reachable ──(POMNotAvailable, or init fails)──▶ unreachable ──(init answers, retried)──▶ reachable
 */
import type { PomAgent, PomAgentApi, PomAgentHandler } from './agent-api.ts';
import type {
  PAMSocketInfo, POMAgentState, POMAgentStatus, POMCallbackDest, POMCallbackType, POMCapabilities,
  POMCompletionCode, POMContactNumber, POMDestination, POMDestinationType,
} from './types.ts';
import { CAPABILITY_NAMES } from './types.ts';
import { ResultCode } from './result-codes.ts';
import type { LocationPreference } from '../store/records.ts';

export interface LocatedAgentApiOptions {
  /** The agent's location preference (its profile); an agent without one prefers the primary. */
  preferenceOf(agentId: string): Promise<LocationPreference>;
  /** Milliseconds between attempts to reach an unreachable endpoint again. */
  retryMs: number;
  /** An endpoint became unreachable or reachable again (for the log). */
  onReachability?(index: number, address: PAMSocketInfo | undefined, reachable: boolean): void;
}

interface Endpoint {
  api: PomAgentApi;
  address: PAMSocketInfo | undefined;
  reachable: boolean;
  retry: NodeJS.Timeout | null;
}

export class LocatedAgentApi implements PomAgentApi {
  private readonly endpoints: Endpoint[];
  private verifyCertificate = false;
  private closed = false;

  constructor(apis: readonly PomAgentApi[], private readonly options: LocatedAgentApiOptions) {
    if (apis.length === 0) throw new Error('LocatedAgentApi needs at least one POM endpoint');
    this.endpoints = apis.map((api) => ({ api, address: undefined, reachable: false, retry: null }));
  }

  /** Connects every endpoint to its own address; true when one of them answered. */
  async init(pamAddresses: PAMSocketInfo[], verifyCertificate: boolean): Promise<boolean> {
    this.closed = false;
    this.verifyCertificate = verifyCertificate;
    this.endpoints.forEach((endpoint, i) => { endpoint.address = pamAddresses[i]; });
    await Promise.all(this.endpoints.map((_, i) => this.reach(i)));
    return this.endpoints.some((e) => e.reachable);
  }

  async deinit(): Promise<void> {
    this.closed = true;
    for (const endpoint of this.endpoints) {
      if (endpoint.retry) clearTimeout(endpoint.retry);
      endpoint.retry = null;
    }
    await Promise.all(this.endpoints.filter((e) => e.reachable).map((e) => e.api.deinit()));
    for (const endpoint of this.endpoints) endpoint.reachable = false;
  }

  getPOMAgent(agentId: string, handler: PomAgentHandler): PomAgent {
    return new LocatedAgent(this, agentId, handler);
  }

  removePOMAgent(agentId: string): void {
    for (const endpoint of this.endpoints) if (endpoint.reachable) endpoint.api.removePOMAgent(agentId);
  }

  /** The reachable endpoint for an agent who prefers `preference`: that one, else the first other; -1 if none. */
  async endpointFor(agentId: string): Promise<number> {
    const preference = await this.options.preferenceOf(agentId).catch((): LocationPreference => 'primary');
    const preferred = preference === 'auxiliary' ? Math.min(1, this.endpoints.length - 1) : 0;
    if (this.endpoints[preferred]?.reachable) return preferred;
    return this.endpoints.findIndex((e) => e.reachable);
  }

  /** Endpoint `index`'s agent object for `agentId`; its callbacks reach `handler` while the endpoint is reachable. */
  agentAt(index: number, agentId: string, handler: PomAgentHandler): PomAgent {
    const endpoint = this.endpoints[index]!;
    return endpoint.api.getPOMAgent(agentId, new Proxy(handler, {
      get: (target, name, receiver) => {
        if (name === 'POMNotAvailable') return () => { this.unreachable(index); target.POMNotAvailable?.(); };
        const value: unknown = Reflect.get(target, name, receiver);
        if (typeof value !== 'function') return value;
        // An unreachable endpoint says nothing more to its agents: they are being logged on elsewhere.
        return (...args: unknown[]) => { if (endpoint.reachable) (value as (...a: unknown[]) => unknown).apply(target, args); };
      },
    }));
  }

  private unreachable(index: number): void {
    const endpoint = this.endpoints[index]!;
    if (!endpoint.reachable) return;
    endpoint.reachable = false;
    this.options.onReachability?.(index, endpoint.address, false);
    this.retryLater(index);
  }

  private async reach(index: number): Promise<void> {
    const endpoint = this.endpoints[index]!;
    const reached = await endpoint.api.init(endpoint.address ? [endpoint.address] : [], this.verifyCertificate).catch(() => false);
    if (this.closed) return;
    if (reached && !endpoint.reachable) {
      endpoint.reachable = true;
      this.options.onReachability?.(index, endpoint.address, true);
    }
    if (!reached) this.retryLater(index);
  }

  private retryLater(index: number): void {
    const endpoint = this.endpoints[index]!;
    if (endpoint.retry || this.closed) return;
    endpoint.retry = setTimeout(() => {
      endpoint.retry = null;
      void this.reach(index);
    }, this.options.retryMs);
    endpoint.retry.unref();
  }
}

const NO_CAPABILITIES = Object.fromEntries(CAPABILITY_NAMES.map((n) => [n, false])) as POMCapabilities;

/**
 * One agent object: created before the logon, bound to an endpoint by the logon (the profile is read
 * first, so the logon's outcome always comes as AGTLogonRESP); every later command goes to that endpoint.
 */
class LocatedAgent implements PomAgent {
  private inner: PomAgent | null = null;

  constructor(private readonly api: LocatedAgentApi, readonly agentId: string, private readonly handler: PomAgentHandler) {}

  private logOn(logon: (agent: PomAgent) => number): number {
    if (this.inner) return ResultCode.AlreadyLoggedIn;
    void this.api.endpointFor(this.agentId).then((index) => {
      if (index < 0) return this.handler.AGTLogonRESP?.(ResultCode.PomNotAvailable);
      const agent = this.api.agentAt(index, this.agentId, this.handler);
      this.inner = agent;
      const result = logon(agent);
      if (result !== 0) this.handler.AGTLogonRESP?.(result);
    });
    return 0;
  }

  /** The bound endpoint's answer; AgentNotRegistered before a logon has bound one. */
  private on(command: (agent: PomAgent) => number): number {
    return this.inner ? command(this.inner) : ResultCode.AgentNotRegistered;
  }

  AGTLogon(agentExt: string, pwd: string, isForce: boolean, locale: string, timeZone: string, zoneName: string): number {
    return this.logOn((a) => a.AGTLogon(agentExt, pwd, isForce, locale, timeZone, zoneName));
  }

  AGTResumeLogon(agentExt: string, locale: string, timeZone: string, zoneName: string): number {
    return this.logOn((a) => a.AGTResumeLogon?.(agentExt, locale, timeZone, zoneName) ?? ResultCode.InvalidArgument);
  }

  AGTLogoff(): number { return this.on((a) => a.AGTLogoff()); }
  AGTStateChange(state: POMAgentState, reasonCode: number, reasonName: string, hasWalkedAway: boolean): number {
    return this.on((a) => a.AGTStateChange(state, reasonCode, reasonName, hasWalkedAway));
  }
  AGTAvailableForNailup(): number { return this.on((a) => a.AGTAvailableForNailup()); }
  AGTReadyForNailup(): number { return this.on((a) => a.AGTReadyForNailup()); }
  AGTHoldCall(sessionID: string): number { return this.on((a) => a.AGTHoldCall(sessionID)); }
  AGTUnholdCall(sessionID: string): number { return this.on((a) => a.AGTUnholdCall(sessionID)); }
  AGTReleaseLine(sessionID: string): number { return this.on((a) => a.AGTReleaseLine(sessionID)); }
  AGTGetCompCodes(sessionID: string): number { return this.on((a) => a.AGTGetCompCodes(sessionID)); }
  AGTWrapupContact(code: POMCompletionCode, sessionID: string): number { return this.on((a) => a.AGTWrapupContact(code, sessionID)); }
  AGTExtendWrapup(sessionID: string): number { return this.on((a) => a.AGTExtendWrapup(sessionID)); }
  AGTPreviewDial(number: POMContactNumber, sessionID: string): number { return this.on((a) => a.AGTPreviewDial(number, sessionID)); }
  AGTPreviewCancel(sessionID: string): number { return this.on((a) => a.AGTPreviewCancel(sessionID)); }
  AGTRedial(number: POMContactNumber): number { return this.on((a) => a.AGTRedial(number)); }
  AGTAddAgentNote(note: string): number { return this.on((a) => a.AGTAddAgentNote(note)); }
  AGTGetCustomerDetails(sessionID: string): number { return this.on((a) => a.AGTGetCustomerDetails(sessionID)); }
  AGTGetConsultTypes(sessionID: string): number { return this.on((a) => a.AGTGetConsultTypes(sessionID)); }
  AGTGetConsultDestsForType(type: POMDestinationType, sessionID: string): number { return this.on((a) => a.AGTGetConsultDestsForType(type, sessionID)); }
  AGTConsultCall(destination: POMDestination, sessionID: string): number { return this.on((a) => a.AGTConsultCall(destination, sessionID)); }
  AGTCompleteTransfer(sessionID: string): number { return this.on((a) => a.AGTCompleteTransfer(sessionID)); }
  AGTCancelConsult(destAgentID: string, sessionID: string): number { return this.on((a) => a.AGTCancelConsult(destAgentID, sessionID)); }
  AGTStartConf(sessionID: string): number { return this.on((a) => a.AGTStartConf(sessionID)); }
  AGTEndConf(sessionID: string): number { return this.on((a) => a.AGTEndConf(sessionID)); }
  AGTLeaveConf(sessionID: string): number { return this.on((a) => a.AGTLeaveConf(sessionID)); }
  AGTGetCallbackTypes(sessionID: string): number { return this.on((a) => a.AGTGetCallbackTypes(sessionID)); }
  AGTCreateCallback(
    type: POMCallbackType, dest: POMCallbackDest | null, callbackTime: string, callbackTimezone: string,
    callbackExpiryTime: string, number: POMContactNumber, agentNotes: string, sessionID: string,
  ): number {
    return this.on((a) => a.AGTCreateCallback(type, dest, callbackTime, callbackTimezone, callbackExpiryTime, number, agentNotes, sessionID));
  }
  AGTBlendToInbound(): number { return this.on((a) => a.AGTBlendToInbound()); }
  AGTBlendToOutbound(): number { return this.on((a) => a.AGTBlendToOutbound()); }

  getStatus(): POMAgentStatus {
    return this.inner?.getStatus() ?? { agentState: 'NotReady', callState: 'NoState', nailupStatus: 'NotNailedUp' };
  }

  getCapabilities(): POMCapabilities {
    return this.inner?.getCapabilities() ?? NO_CAPABILITIES;
  }
}
