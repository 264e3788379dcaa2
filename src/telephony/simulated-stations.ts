import type { Clock, TimerHandle } from '../clock/clock.ts';
import type { StationCall, StationEvent, StationRequest } from './network.ts';

type Phase = 'ringing' | 'up' | 'ended';

/**
 * The agents' stations of the simulated network: each answers its nail-up call by itself, and keeps it
 * until the dialer hangs up or the station does (`hangUp`: the agent put the receiver down, the phone
 * restarted). One nail-up call per station: a new one replaces the last.
 */
export class SimulatedStations {
  private readonly open = new Map<string, SimulatedStationCall>();
  private sequence = 0;

  constructor(private readonly clock: Clock) {}

  call(request: StationRequest): StationCall {
    this.open.get(request.extension)?.hangup();
    const call = new SimulatedStationCall(`station-${++this.sequence}`, request, () => {
      if (this.open.get(request.extension) === call) this.open.delete(request.extension);
    });
    this.open.set(request.extension, call);
    call.ring(this.clock);
    return call;
  }

  /** The station hangs up its nail-up call. False when it has none. */
  hangUp(extension: string): boolean {
    const call = this.open.get(extension);
    if (!call) return false;
    call.remoteHangup();
    return true;
  }

  /** Whether the station has a nail-up call (ringing or up). */
  isNailed(extension: string): boolean {
    return this.open.has(extension);
  }
}

class SimulatedStationCall implements StationCall {
  private phase: Phase = 'ringing';
  private timer: TimerHandle | null = null;

  constructor(readonly id: string, private readonly request: StationRequest, private readonly ended: () => void) {}

  ring(clock: Clock): void {
    this.timer = clock.setTimer(this.request.answerAfterMs, () => {
      this.timer = null;
      this.phase = 'up';
      this.emit({ type: 'answered' });
    });
  }

  hangup(): void {
    this.end();
  }

  remoteHangup(): void {
    if (this.phase === 'ended') return;
    this.end();
    this.emit({ type: 'remoteHangup' });
  }

  private end(): void {
    this.timer?.cancel();
    this.timer = null;
    this.phase = 'ended';
    this.ended();
  }

  private emit(event: StationEvent): void {
    this.request.onEvent(event);
  }
}
