/**
 * The spec's Outbound Nuisance: "a predictive call dialed by POM that connected to an agent, and the agent
 * went to AUX". When an agent goes Not-Ready (Aux) with such a call on its line (talking or on hold), the
 * attempt is marked nuisance with the reason `agent_aux`, once. Progressive calls count as well: POM
 * dialed them for the agent as it does predictive ones. Preview and callback calls are the agent's own.
 */
import type { Store } from '../store/store.ts';
import type { AgentSession } from './agent-session.ts';

export async function markAuxNuisance(store: Store, agent: AgentSession): Promise<void> {
  const call = agent.call;
  const attempt = call?.attempt;
  if (!call || !attempt || call.agent !== agent || !call.isLive || attempt.nuisanceReason === 'agent_aux') return;
  if (call.kind !== 'predictive' && call.kind !== 'progressive') return;
  attempt.nuisance = true;
  attempt.nuisanceReason = 'agent_aux';
  await store.attempts.update(attempt.id, { nuisance: true, nuisanceReason: 'agent_aux' });
}
