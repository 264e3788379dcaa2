import type { Pacer, PacingSnapshot } from './pacer.ts';

/** One line per idle agent: never abandons, often leaves agents waiting. */
export class ProgressivePacer implements Pacer {
  readonly name = 'progressive';

  linesToDial(s: PacingSnapshot): number {
    const outstanding = s.ringingSeconds.length + s.waiting;
    return Math.max(0, Math.min(s.agentsAvailable - outstanding, s.maxLines - outstanding));
  }
}
