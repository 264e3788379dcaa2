import type { Clock, TimerHandle } from '../../clock/clock.ts';
import type { PomAgent, PomAgentApi, PomAgentHandler } from '../../pom/agent-api.ts';
import type { POMCompletionCode, POMContact, POMNailupStatus, POMWrapupDetails } from '../../pom/types.ts';

export interface SimulatedAgentOptions {
  agentId: string;
  extension: string;
  password: string;
  zoneName: string;
  locale: string;
  timeZone: string;
  /** Seconds the agent spends in wrap-up before it picks a code. */
  wrapSeconds: () => number;
  /** Seconds the agent reads a preview before dialing. */
  previewSeconds: () => number;
  /** Picks a completion code for a call the agent talked on; defaults to a telesales mix. */
  chooseCode?: (codes: POMCompletionCode[]) => POMCompletionCode | undefined;
  /** Uniform [0, 1) draws for the default code mix. */
  random: () => number;
}

/** Share of talked calls ending with each completion code, by code value (the rest: the first code). */
const DEFAULT_CODE_MIX: Array<[string, number]> = [
  ['Sale', 0.12], ['Not Interested', 0.5], ['NSP', 0.15], ['CM_NTC', 0.12], ['Wrong Number', 0.03], ['Answering Machine', 0.08],
];

/**
 * A bot agent that works the dialer through the same agent API as a person's desktop: logs on, goes
 * Ready, nails up, dials previews, and wraps up every call. Used by the demo floor, tests and benchmarks.
 */
export class SimulatedAgent implements PomAgentHandler {
  readonly agent: PomAgent;
  callsHandled = 0;
  private talked = false;
  private timer: TimerHandle | null = null;
  private stopping = false;
  lastError = 0;

  constructor(api: PomAgentApi, private readonly clock: Clock, private readonly options: SimulatedAgentOptions) {
    this.agent = api.getPOMAgent(options.agentId, this);
  }

  start(): void {
    const o = this.options;
    this.check(this.agent.AGTLogon(o.extension, o.password, true, o.locale, o.timeZone, o.zoneName));
  }

  /** Goes Not-Ready (pending if on a call) and logs off once idle. */
  stop(): void {
    this.stopping = true;
    this.check(this.agent.AGTStateChange('NotReady', 1, 'Break', false));
  }

  AGTLogonRESP(result: number): void {
    if (this.check(result)) this.check(this.agent.AGTStateChange('Ready', 0, '', false));
  }

  AGTStateChangeRESP(state: string, result: number): void {
    if (result !== 0) return;
    if (state === 'Ready') this.check(this.agent.AGTAvailableForNailup());
    if (state === 'NotReady' && this.stopping) this.check(this.agent.AGTLogoff());
  }

  AGTStateChangedNotify(state: string): void {
    if (state === 'NotReady' && this.stopping) this.check(this.agent.AGTLogoff());
  }

  AGTNailupChange(status: POMNailupStatus): void {
    if (status === 'PendingNailUp') this.check(this.agent.AGTReadyForNailup());
  }

  AGTCallNotify(contact: POMContact, sessionID: string): void {
    this.talked = false;
    if (contact.contactType === 'Preview' || contact.contactType === 'Callback') {
      this.after(this.options.previewSeconds(), () => {
        const number = contact.contactNumbers.find((n) => n.isDefault) ?? contact.contactNumbers[0];
        if (number) this.check(this.agent.AGTPreviewDial(number, sessionID));
      });
    }
  }

  AGTCallStateChangedNotify(state: string): void {
    if (state === 'Talking') this.talked = true;
  }

  AGTAutoReleaseLine(_wrapup: POMWrapupDetails, sessionID: string): void {
    this.check(this.agent.AGTGetCompCodes(sessionID));
  }

  AGTDialFailed(wrapup: POMWrapupDetails, _reason: string, sessionID: string): void {
    this.after(1, () => this.check(this.agent.AGTWrapupContact({ codeID: wrapup.defaultCompCode, codeValue: '' }, sessionID)));
  }

  AGTGetCompCodesRESP(codes: POMCompletionCode[], sessionID: string, result: number): void {
    if (!this.check(result)) return;
    const code = this.talked ? (this.options.chooseCode ?? this.defaultChoice)(codes) : undefined;
    this.after(this.options.wrapSeconds(), () => {
      const chosen = code ?? codes[0];
      if (chosen) this.check(this.agent.AGTWrapupContact(chosen, sessionID));
    });
  }

  AGTWrapupContactRESP(_sessionID: string, result: number): void {
    if (this.check(result)) this.callsHandled++;
  }

  private readonly defaultChoice = (codes: POMCompletionCode[]): POMCompletionCode | undefined => {
    let draw = this.options.random();
    for (const [value, share] of DEFAULT_CODE_MIX) {
      draw -= share;
      const code = codes.find((c) => c.codeValue === value);
      if (draw < 0 && code) return code;
    }
    return codes.find((c) => c.codeValue === 'Not Interested') ?? codes[0];
  };

  private after(seconds: number, fn: () => void): void {
    this.timer?.cancel();
    this.timer = this.clock.setTimer(Math.max(0, seconds) * 1000, () => {
      this.timer = null;
      fn();
    });
  }

  /** Keeps the last refusal for tests; true when the result is success. */
  private check(result: number): boolean {
    if (result !== 0) this.lastError = result;
    return result === 0;
  }
}
