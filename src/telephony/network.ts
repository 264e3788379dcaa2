/**
 * The telephony port: how the dialer places outbound calls. The simulated network fills it by
 * default; a real trunk can fill it later.
 *
 * Call progress, as the dialer sees it:
 *
 *   dial ──► ringing ──► answered(human | machine) ──► [connect to agent] ──► remoteHangup
 *               │                 │                                    └──► (dialer) hangup
 *               └──► failed(reason)          └──► remoteHangup (customer gave up before an agent came)
 */
export type DialFailReason =
  | 'Call_Busy'
  | 'Ring_No_Answer'
  | 'Invalid_Number'
  | 'Network_Refusal';

/** What answered, as the network's answering-machine detection (AMD) judged it. */
export type AnswerDetection = 'human' | 'machine';

export type CallEvent =
  /** `truth` is what really answered: known to a simulation (for its figures), never to a real trunk. */
  | { type: 'answered'; detected: AnswerDetection; truth?: AnswerDetection }
  | { type: 'failed'; reason: DialFailReason }
  /** The far end hung up: after talking with an agent, after its patience ran out, or a machine. */
  | { type: 'remoteHangup' };

export interface DialRequest {
  /** E.164 number. */
  number: string;
  /** Give up ringing after this long (POM default 45 s). */
  noAnswerTimeoutMs: number;
  /** The number presented to the called party (the campaign's caller ID); empty or absent: the trunk's. */
  callerId?: string;
  /** Run answering-machine detection (when off, every answer is reported as human). */
  amd: boolean;
  onEvent: (event: CallEvent) => void;
}

export interface NetworkCall {
  readonly id: string;
  /** Bridge the answered call to an agent: the customer now talks until one side hangs up. */
  connect(): void;
  /** Play a recorded message of `durationMs` (abandon message, voicemail), then hang up. */
  playMessageAndHangup(durationMs: number): void;
  /** Hang up from the dialer's side. No further events. */
  hangup(): void;
}

/*
 * The nail-up call to an agent's station (POM's Nailer): the station answers by itself and the line stays
 * open between customers, who are bridged onto it.
 *
 *   callStation ──► ringing ──auto-answer──► up ──► remoteHangup (the station hung up: the nailing is lost)
 *                      └──────────────────────┴──► (dialer) hangup: no further events
 */
export type StationEvent = { type: 'answered' } | { type: 'remoteHangup' };

export interface StationRequest {
  /** The agent's station. */
  extension: string;
  /** The station auto-answers after this long (the ring of the nail-up call). */
  answerAfterMs: number;
  onEvent: (event: StationEvent) => void;
}

export interface StationCall {
  readonly id: string;
  /** Hang up from the dialer's side (the nail is dropped). No further events. */
  hangup(): void;
}

export interface Network {
  dial(request: DialRequest): NetworkCall;
  /** Calls an agent's station to nail it up. */
  callStation(request: StationRequest): StationCall;
}
