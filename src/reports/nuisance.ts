/**
 * Why a call is a nuisance, as the Outbound Nuisance report shows it. The dialer records one reason
 * (`agent_aux`, src/dialer/aux-nuisance.ts: the spec's own definition); the others are told by the
 * attempt's flags: an abandoned call (no agent free in time, or the customer gave up waiting for one),
 * and a call a person answered that a stopped dialer left open (closed nuisance, result Unknown).
 */
import type { AttemptRecord } from '../store/records.ts';

export const NUISANCE_REASONS = { agentAux: 'Agent went to Aux', abandoned: 'Abandoned', dialerStopped: 'Dialer stopped' } as const;

export function nuisanceReasonOf(a: Pick<AttemptRecord, 'abandoned' | 'nuisance' | 'nuisanceReason'>): string | null {
  if (a.nuisanceReason === 'agent_aux') return NUISANCE_REASONS.agentAux;
  if (a.abandoned) return NUISANCE_REASONS.abandoned;
  if (a.nuisance) return NUISANCE_REASONS.dialerStopped;
  return null;
}
