import { progressiveLines, type Pacer, type PacingDecision, type PacingSnapshot } from './pacer.ts';

/** One line per idle agent: never abandons, often leaves agents waiting. */
export class ProgressivePacer implements Pacer {
  readonly name = 'progressive';

  decide(s: PacingSnapshot): PacingDecision {
    return { lines: progressiveLines(s) };
  }
}
