import type { Pacer, PacingSnapshot } from './pacer.ts';

/**
 * A state-based predictive pacer. It expects agents to free up while the calls it places now are
 * still ringing: idle agents, plus agents whose wrap-up or talk will likely end within the typical ring
 * time. It dials enough lines that the expected live answers match them, and shrinks the margin as the
 * abandon rate approaches the cap; past 80% of the cap it dials progressively.
 */
export class PredictivePacer implements Pacer {
  readonly name = 'predictive';

  linesToDial(s: PacingSnapshot): number {
    const outstanding = s.ringingSeconds.length + s.waiting;
    const progressive = Math.max(0, Math.min(s.agentsAvailable - outstanding, s.maxLines - outstanding));
    const st = s.stats;
    // Until the campaign has shown its answer rate, or when the budget is nearly spent: progressive.
    if (st.completedDials < 30) return progressive;
    if (st.windowLiveAnswers >= 20 && st.abandonRate >= 0.8 * st.abandonCap) return progressive;

    const pLive = Math.max(0.02, st.liveAnswers / st.completedDials);
    const horizon = Math.max(5, st.meanRingToAnswerSeconds);
    const wrap = Math.max(1, st.meanWrapSeconds);
    const talk = Math.max(10, st.meanTalkSeconds);

    let expectedFree = s.agentsAvailable - s.waiting;
    for (const seconds of s.wrapupSeconds) if (wrap - seconds <= horizon) expectedFree += 1;
    // Talk times are long-tailed: the chance that a call ends within the horizon, exponential approximation.
    const pTalkEnds = 1 - Math.exp(-horizon / talk);
    expectedFree += s.talkingSeconds.length * pTalkEnds * 0.8;

    // Lines still ringing will bring about pLive answers each.
    const expectedFromRinging = s.ringingSeconds.length * pLive;
    const budgetUse = st.abandonCap > 0 ? st.abandonRate / st.abandonCap : 1;
    const safety = budgetUse > 0.5 ? 0.85 : 0.95;
    const want = Math.floor((expectedFree * safety - expectedFromRinging) / pLive);
    const lines = Math.min(want, s.maxLines - outstanding);
    return Math.max(progressive, lines, 0);
  }
}
