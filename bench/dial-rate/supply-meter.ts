/**
 * The contact supply's cost, kept apart from the dialer's: the benchmark tops its list up between
 * steps of simulated time (bench/shared/contact-supply.ts), while the dialer is idle, so the CPU and
 * the time spans of those top-ups are the supply's alone. A real floor imports its contacts apart.
 */
import { ContactSupply } from '../shared/contact-supply.ts';
import { profileClockMicros, type Interval } from './profile.ts';

export class SupplyMeter {
  cpuMicros = 0;
  readonly intervals: Interval[] = [];
  private original: ContactSupply['ensure'] | undefined;

  /** Wraps ContactSupply's top-up for the run; `stop` puts it back. */
  start(): void {
    const original = ContactSupply.prototype.ensure;
    this.original = original;
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const meter = this;
    ContactSupply.prototype.ensure = async function (this: ContactSupply, dialed: number, needed: number): Promise<void> {
      const from = profileClockMicros();
      const cpu = process.cpuUsage();
      try {
        await original.call(this, dialed, needed);
      } finally {
        const used = process.cpuUsage(cpu);
        meter.cpuMicros += used.user + used.system;
        meter.intervals.push({ from, to: profileClockMicros() });
      }
    };
  }

  stop(): void {
    if (this.original) ContactSupply.prototype.ensure = this.original;
    this.original = undefined;
  }
}
