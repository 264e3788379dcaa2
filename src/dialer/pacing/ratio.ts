import type { Pacer, PacingDecision, PacingSnapshot } from './pacer.ts';

/** A static dial ratio: `ratio` lines per idle agent (VICIdial's RATIO). */
export class RatioPacer implements Pacer {
  readonly name: string;

  constructor(private readonly ratio: number) {
    this.name = `ratio:${ratio}`;
  }

  decide(s: PacingSnapshot): PacingDecision {
    const outstanding = s.ringingSeconds.length + s.waiting;
    const target = Math.floor(s.agentsAvailable * this.ratio + 1e-9);
    return { lines: Math.max(0, Math.min(target - outstanding, s.maxLines - outstanding)) };
  }
}
