import type { CtiLoginRepository } from '../store/store.ts';
import { SerialQueue } from '../dialer/serial-queue.ts';
import { validationError } from '../errors.ts';
import type { CtiAgent } from './cti-agent.ts';

/** Where the agents logged on through this server are recorded, for a new leading dialer to resume them. */
export interface CtiLoginLog {
  logins: CtiLoginRepository;
  now(): number;
  onError(error: unknown): void;
}

/** The agents logged on through the CTI server, the calls they had, and the record of their logins. */
export class CtiAgentRegistry {
  private readonly byAgentId = new Map<string, CtiAgent>();
  /** Call handles to the agent that had the call, kept after the call for late commands. */
  private readonly callOwners = new Map<string, CtiAgent>();
  private readonly loginWrites: SerialQueue | null;
  /** Off while stopping: the logins of a stopped leader stay recorded for the next one. */
  private recordingLogins = true;

  constructor(private readonly loginLog: CtiLoginLog | null) {
    this.loginWrites = loginLog && new SerialQueue(loginLog.onError);
  }

  /** Records no more logins, once those already recorded are written. */
  async stopRecording(): Promise<void> {
    this.recordingLogins = false;
    await this.loginWrites?.whenIdle();
  }

  get(agentID: string): CtiAgent | undefined {
    return this.byAgentId.get(agentID);
  }

  has(agentID: string): boolean {
    return this.byAgentId.has(agentID);
  }

  /** Whether `agent` is the one logged on under its agent ID, not one a later logon replaced. */
  isCurrent(agent: CtiAgent): boolean {
    return this.byAgentId.get(agent.agentID) === agent;
  }

  /** A logon that succeeded: it replaces any earlier logon of the agent. */
  add(agent: CtiAgent): void {
    this.byAgentId.set(agent.agentID, agent);
    this.recordLogin((logins, now) => logins.save({ agentId: agent.agentID, extension: agent.extension, since: now }));
  }

  /** The agent logged off. Whether it was the current one (a replaced one changes nothing). */
  remove(agent: CtiAgent): boolean {
    if (!this.isCurrent(agent)) return false;
    this.byAgentId.delete(agent.agentID);
    this.recordLogin((logins) => logins.remove(agent.agentID));
    return true;
  }

  /** A login that could not be resumed is no longer recorded. */
  forgetLogin(agentID: string): void {
    this.recordLogin((logins) => logins.remove(agentID));
  }

  callStarted(agent: CtiAgent, connectionHandle: string): void {
    // Keep the handles of each agent's current and previous call, so late commands for the previous
    // call reach POM (and fail there with its code) rather than being unknown. A handle seen again (a
    // consult leg that becomes the agent's call on a transfer) is still the same call.
    if (!agent.recentHandles.includes(connectionHandle)) agent.recentHandles.push(connectionHandle);
    while (agent.recentHandles.length > 2) this.callOwners.delete(agent.recentHandles.shift()!);
    this.callOwners.set(connectionHandle, agent);
  }

  /** The logged-on agent; a validation error if it is not logged on. */
  byId(agentID: string): CtiAgent {
    const agent = this.byAgentId.get(agentID);
    if (!agent) throw validationError('agentID', `agent ${agentID} is not logged in`);
    return agent;
  }

  /** The logged-on agent that had the call; a validation error on `field` otherwise. */
  byCall(connectionHandle: string, field = 'connectionHandle'): CtiAgent {
    const agent = this.callOwners.get(connectionHandle);
    if (!agent || !this.isCurrent(agent)) throw validationError(field, `no call with handle ${connectionHandle} on a logged-in agent`);
    return agent;
  }

  private recordLogin(write: (logins: CtiLoginRepository, now: number) => Promise<void>): void {
    const log = this.loginLog;
    if (!log || !this.recordingLogins) return;
    const now = log.now();
    this.loginWrites!.push(() => write(log.logins, now));
  }
}
