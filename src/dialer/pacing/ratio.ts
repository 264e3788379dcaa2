import type { Pacer, PacingSnapshot } from './pacer.ts';

/** A static dial ratio: `ratio` lines per idle agent (VICIdial's RATIO). */
export class RatioPacer implements Pacer {
  readonly name: string;

  constructor(private readonly ratio: number) {
    this.name = `ratio:${ratio}`;
  }

  linesToDial(s: PacingSnapshot): number {
    const outstanding = s.ringingSeconds.length + s.waiting;
    const target = Math.floor(s.agentsAvailable * this.ratio + 1e-9);
    return Math.max(0, Math.min(target - outstanding, s.maxLines - outstanding));
  }
}
