import type { PomAgent, PomAgentApi } from '../pom/agent-api.ts';
import type { PAMSocketInfo, POMAgentState, POMCapabilities } from '../pom/types.ts';
import type { AcdApi } from '../acd/acd-api.ts';
import { ResultCode } from '../pom/result-codes.ts';
import { validationError } from '../errors.ts';
import { CtiAgent, type CtiAgentHost } from './cti-agent.ts';
import { EventHub } from './event-hub.ts';
import { doneEvent, event, toTmacCode, type TmacEvent } from './tmac-events.ts';
import type { CtiLoginRecord } from '../store/records.ts';
import { isCommandName, parseCommand, parseGenericCommand, type CommandName, type CommandParams } from './commands.ts';
import { sendGenericCommand } from './generic-commands.ts';
import { CtiAgentRegistry, type CtiLoginLog } from './agent-registry.ts';
import { DeviceMonitors } from './device-monitors.ts';
import { ResumeSteps, inBatches, type ResumedState } from './resume-steps.ts';

export interface CtiServerOptions {
  pamAddresses: PAMSocketInfo[];
  verifyCertificate: boolean;
  zoneName: string;
  locale: string;
  timeZone: string;
  walkAwayReasonCode: number;
  /** The aux reasons the desktop offers (config `tmac.reasonCodes`): POM is told the name of the one chosen. */
  reasonCodes: ReadonlyArray<{ code: number; name: string }>;
  /** Seconds between attempts to bring a failed POM link back. */
  linkRetrySeconds: number;
}

export interface AgentView {
  agentID: string;
  extension: string;
  agentState: POMAgentState;
  callState: string;
  nailedStatus: string;
  reasonCode: number;
  capabilities: POMCapabilities;
  call: { ConnectionHandle: string; campaignType: string; campaignName: string; contactID: number } | null;
}

const STATE_COMMANDS = {
  SetAgentStateToAux: 'NotReady',
  SetAgentStateToPending: 'PendingNotReady',
  SetAgentStateToAutoIn: 'Ready',
  SetAgentStateToManualIn: 'Ready',
} as const satisfies Partial<Record<CommandName, POMAgentState>>;

/**
 * The CTI server: TMAC commands (A3) in, POM agent API and ACD commands out, POM's responses and
 * notifications back as TMAC events (A4). Written against PomAgentApi only.
 */
export class CtiServer implements CtiAgentHost {
  readonly events = new EventHub();
  private readonly agents: CtiAgentRegistry;
  private readonly monitors = new DeviceMonitors();
  private linkUp = false;
  private linkRetry: NodeJS.Timeout | null = null;
  private readonly resumeSteps = new ResumeSteps(this.events);

  constructor(private readonly pom: PomAgentApi, private readonly acd: AcdApi, private readonly options: CtiServerOptions, loginLog: CtiLoginLog | null = null) {
    this.agents = new CtiAgentRegistry(loginLog);
  }

  get walkAwayReasonCode(): number {
    return this.options.walkAwayReasonCode;
  }

  /** Connects the POM link; retried in the background until it is up. */
  async start(): Promise<boolean> {
    return this.connect();
  }

  async stop(): Promise<void> {
    await this.agents.stopRecording();
    if (this.linkRetry) clearTimeout(this.linkRetry);
    this.linkRetry = null;
    if (this.linkUp) await this.pom.deinit();
    this.linkUp = false;
  }

  private async connect(): Promise<boolean> {
    if (this.linkUp) return true;
    try {
      this.linkUp = await this.pom.init(this.options.pamAddresses, this.options.verifyCertificate);
    } catch {
      this.linkUp = false;
    }
    if (!this.linkUp && !this.linkRetry) {
      this.linkRetry = setTimeout(() => {
        this.linkRetry = null;
        void this.connect();
      }, this.options.linkRetrySeconds * 1000);
      this.linkRetry.unref();
    }
    return this.linkUp;
  }

  publish(event: TmacEvent): void {
    this.events.publish(event);
  }

  // ── A3 ───────────────────────────────────────────────────────────────────

  /** Runs one A3 command. Returns the TMAC result (0 = accepted, event follows); throws NailupError on bad input. */
  async execute(command: string, body: unknown): Promise<number> {
    if (!isCommandName(command)) throw validationError('command', `unknown command ${JSON.stringify(command)}`);
    switch (command) {
      case 'SecurityLogin': return this.securityLogin(parseCommand(command, body));
      case 'SecurityLogout': return this.securityLogout(parseCommand(command, body));
      case 'AgentLogin': return this.agentLogin(parseCommand(command, body));
      case 'AgentLogout': return this.agentLogout(parseCommand(command, body));
      case 'MonitorDevice': return this.monitorDevice(parseCommand(command, body));
      case 'UnMonitorDevice': return this.unMonitorDevice(parseCommand(command, body));
      case 'SetAgentStateToAux':
      case 'SetAgentStateToPending':
      case 'SetAgentStateToAutoIn':
      case 'SetAgentStateToManualIn': return this.setAgentState(command, parseCommand(command, body));
      case 'Hold': return this.callControl(parseCommand(command, body), 'hold', 'HoldCallDone', (a, h) => a.pom.AGTHoldCall(h));
      case 'HoldReconnect': return this.callControl(parseCommand(command, body), 'unhold', 'HoldReconnectDone', (a, h) => a.pom.AGTUnholdCall(h));
      case 'DisconnectCall':
      case 'DisconnectStation': return this.callControl(parseCommand(command, body), 'release', 'DisconnectCallDone', (a, h) => a.pom.AGTReleaseLine(h));
      case 'SendGenericCTICommand': return this.generic(parseCommand(command, body));
    }
  }

  private async securityLogin(p: CommandParams<'SecurityLogin'>): Promise<number> {
    const up = await this.connect();
    this.publish(doneEvent('SecurityLoginDone', p.extension, String(p.invokeID), up ? 0 : 9001, up ? undefined : 'Unable to connect to POM; retrying'));
    return 0;
  }

  private async securityLogout(p: CommandParams<'SecurityLogout'>): Promise<number> {
    // The POM link is shared by every desktop of this server: it stays up (deinit only at shutdown).
    this.publish(doneEvent('SecurityLogoutDone', p.extension, String(p.invokeID), 0));
    return 0;
  }

  private async agentLogin(p: CommandParams<'AgentLogin'>): Promise<number> {
    const o = this.options;
    return this.logAgentOn(p.agentID, p.extension, String(p.invokeID), (pom) => pom.AGTLogon(p.extension, p.agentPassword, false, o.locale, o.timeZone, o.zoneName));
  }

  // ── failover ─────────────────────────────────────────────────────────────

  /**
   * A dialer that takes over the lead logs on again, without their passwords, the agents the last leader
   * had (its recorded logins). Their A3/A4 clients (and TMAC desktops) see `OnNailupStatusChanged`
   * NailingLost — the nailed line died with the last leader — and the logon's `SetAgentStateDone`; then
   * restoreStates puts each back Ready or in Aux with its reason, and the dialer nails them up again.
   * Returns the logins resumed.
   */
  async resumeLogins(logins: ReadonlyArray<CtiLoginRecord & { wanted: ResumedState }>): Promise<Array<CtiLoginRecord & { wanted: ResumedState }>> {
    const o = this.options;
    const resumed: Array<CtiLoginRecord & { wanted: ResumedState }> = [];
    await inBatches(logins, async (login) => {
      const { agentId, extension } = login;
      this.publish(event('OnNailupStatusChanged', extension, { Extension: extension, AgentID: agentId, NailedStatus: 'NailingLost' }));
      const logon = await this.resumeSteps.untilDone(extension, 'SetAgentStateDone', (invokeID) =>
        this.logAgentOn(agentId, extension, invokeID, (pom) => pom.AGTResumeLogon?.(extension, o.locale, o.timeZone, o.zoneName) ?? ResultCode.InvalidArgument));
      if (logon === 0) resumed.push(login);
      else this.agents.forgetLogin(agentId);
    });
    return resumed;
  }

  /**
   * The agent's POM endpoint became unreachable (one of several: src/pom/located-agent-api.ts): as after a
   * failover, the agent is logged on again — on another endpoint — and put back in the state it had; then
   * its clients get POMAvailable. With no endpoint left, it is logged out.
   */
  pomLost(agent: CtiAgent, wanted: ResumedState): void {
    if (!this.agents.isCurrent(agent)) return;
    const login = { agentId: agent.agentID, extension: agent.extension, since: 0, wanted };
    void this.resumeLogins([login]).then(async ([resumed]) => {
      if (!resumed) {
        agent.AGTAgentLoggedOut();
        return;
      }
      await this.restoreStates([resumed]);
      this.publish(event('POMAvailable', agent.extension, { Extension: agent.extension }));
    });
  }

  /** The second step of a resume: each agent back Ready, or in Aux with its reason. */
  async restoreStates(logins: ReadonlyArray<CtiLoginRecord & { wanted: ResumedState }>): Promise<void> {
    await inBatches(logins, async ({ agentId, extension, wanted }) => {
      const base = { sessionID: '', agentID: agentId, queue: '' };
      if (!this.agents.has(agentId)) return;
      if (wanted.agentState === 'Ready') {
        await this.resumeSteps.untilDone(extension, 'SetAgentStateToAutoInDone', (invokeID) => this.setAgentState('SetAgentStateToAutoIn', { ...base, agentState: 3, invokeID: Number(invokeID) }));
      } else if (wanted.reasonCode > 0) {
        await this.resumeSteps.untilDone(extension, 'SetAgentStateToAuxDone', (invokeID) => this.setAgentState('SetAgentStateToAux', { ...base, agentState: 0, reasonCode: wanted.reasonCode, invokeID: Number(invokeID) }));
      }
    });
  }

  private async logAgentOn(agentID: string, extension: string, invokeID: string, logon: (pom: PomAgent) => number): Promise<number> {
    if (!this.linkUp) return toTmacCode(ResultCode.PomNotAvailable);
    const acdResult = await this.acd.login(agentID, extension);
    if (acdResult !== 0) {
      this.publish(doneEvent('SetAgentStateDone', extension, invokeID, acdResult));
      return 0;
    }
    const agent = new CtiAgent(agentID, extension, this);
    // POM asks for a new agent object before every logon.
    agent.pom = this.pom.getPOMAgent(agentID, agent);
    const result = agent.send('logon', 'SetAgentStateDone', invokeID, () => logon(agent.pom));
    if (result !== 0) await this.undoAcdLogin(agentID);
    return result;
  }

  /** A logon POM refused: the ACD back as it was, the agent at the extension it is logged on at here (a -7 elsewhere), or not logged in. */
  private async undoAcdLogin(agentID: string): Promise<void> {
    const current = this.agents.get(agentID);
    if (current) await this.acd.login(agentID, current.extension);
    else await this.acd.logout(agentID);
  }

  loggedOn(agent: CtiAgent, result: number): void {
    if (result !== 0) {
      void this.undoAcdLogin(agent.agentID);
      return;
    }
    this.agents.add(agent);
  }

  loggedOff(agent: CtiAgent): void {
    if (!this.agents.remove(agent)) return;
    this.pom.removePOMAgent(agent.agentID);
    void this.acd.logout(agent.agentID);
  }

  callStarted(agent: CtiAgent, connectionHandle: string): void {
    this.agents.callStarted(agent, connectionHandle);
  }

  monitorHandleOf(extension: string): string {
    return this.monitors.handleOf(extension);
  }

  private async agentLogout(p: CommandParams<'AgentLogout'>): Promise<number> {
    const agent = this.agents.byId(p.agentID);
    agent.tmacSessionID = p.sessionID;
    return agent.send('logoff', 'SetAgentStateDone', String(p.invokeID), () => agent.pom.AGTLogoff());
  }

  private async monitorDevice(p: CommandParams<'MonitorDevice'>): Promise<number> {
    this.monitors.monitor(p.extension);
    this.publish(doneEvent('MonitorDeviceDone', p.extension, String(p.invokeID), 0));
    return 0;
  }

  /** Always 0 (the spec): a handle no longer monitored is answered on the extension-less stream. */
  private async unMonitorDevice(p: CommandParams<'UnMonitorDevice'>): Promise<number> {
    const extension = this.monitors.unmonitor(p.monitorHandle);
    this.publish(doneEvent('UnMonitorDeviceDone', extension, String(p.invokeID), 0));
    return 0;
  }

  private async setAgentState(command: keyof typeof STATE_COMMANDS, p: CommandParams<'SetAgentStateToAutoIn'> & { reasonCode?: number }): Promise<number> {
    const agent = this.agents.byId(p.agentID);
    const state = STATE_COMMANDS[command];
    const reasonCode = state === 'Ready' ? 0 : (p.reasonCode ?? 0);
    if (reasonCode < 0) throw validationError('reasonCode', 'must be 0 or more');
    agent.tmacSessionID = p.sessionID;
    agent.noteAction();
    const reasonName = this.reasonName(reasonCode);
    return agent.send('state', `${command}Done`, String(p.invokeID), () => agent.pom.AGTStateChange(state, reasonCode, reasonName, false), reasonCode);
  }

  /** The name POM shows for an aux reason: the configured one; `Aux <code>` for a code the desktop does not list; none for Ready. */
  private reasonName(reasonCode: number): string {
    if (reasonCode === 0) return '';
    return this.options.reasonCodes.find((r) => r.code === reasonCode)?.name ?? `Aux ${reasonCode}`;
  }

  private async callControl(
    p: { sessionID: string; connectionHandle: string; invokeID: number },
    kind: 'hold' | 'unhold' | 'release',
    doneName: string,
    run: (agent: CtiAgent, handle: string) => number,
  ): Promise<number> {
    const agent = this.agents.byCall(p.connectionHandle);
    agent.tmacSessionID = p.sessionID;
    agent.noteAction();
    return agent.send(kind, doneName, String(p.invokeID), () => run(agent, p.connectionHandle));
  }

  private async generic(p: CommandParams<'SendGenericCTICommand'>): Promise<number> {
    const { name, data } = parseGenericCommand(p.commandName, p.jsonData);
    const handle = data.connectionHandle!;
    const agent = this.agents.byCall(handle, 'jsonData.connectionHandle');
    agent.noteAction();
    return sendGenericCommand(agent, name, data, handle, String(p.invokeID));
  }

  // ── state on reconnect ───────────────────────────────────────────────────

  agentView(agentID: string): AgentView | undefined {
    const agent = this.agents.get(agentID);
    if (!agent) return undefined;
    const status = agent.pom.getStatus();
    return {
      agentID,
      extension: agent.extension,
      agentState: status.agentState,
      callState: status.callState,
      nailedStatus: status.nailupStatus,
      reasonCode: agent.currentReasonCode(),
      capabilities: agent.pom.getCapabilities(),
      call: agent.call
        ? { ConnectionHandle: agent.call.connectionHandle, campaignType: agent.call.campaignType, campaignName: agent.call.contact?.campaignName ?? '', contactID: agent.call.contact?.contactId ?? 0 }
        : null,
    };
  }
}
