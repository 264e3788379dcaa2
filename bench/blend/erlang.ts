/**
 * Erlang C (M/M/N, callers never give up): how a contact center sizes an inbound team for a service
 * level. Used to size the split floor's inbound team to the peak hour.
 */

/** Probability an arriving call waits, with `agents` agents and `erlangs` of offered load (Erlang C). */
export function erlangC(agents: number, erlangs: number): number {
  if (agents <= erlangs) return 1;
  // Erlang B by its recurrence (stable for large N), then C from B.
  let b = 1;
  for (let k = 1; k <= agents; k++) b = (erlangs * b) / (k + erlangs * b);
  return b / (1 - (erlangs / agents) * (1 - b));
}

/** Share of calls answered within `thresholdSeconds`: 1 − C(N, A) · e^(−(N − A) · T / AHT). */
export function serviceLevel(agents: number, erlangs: number, thresholdSeconds: number, ahtSeconds: number): number {
  if (agents <= erlangs) return 0;
  return 1 - erlangC(agents, erlangs) * Math.exp((-(agents - erlangs) * thresholdSeconds) / ahtSeconds);
}

/** The fewest agents whose Erlang C service level reaches `target` (0–1). */
export function agentsFor(callsPerHour: number, ahtSeconds: number, target: number, thresholdSeconds: number): number {
  const erlangs = (callsPerHour * ahtSeconds) / 3600;
  let agents = Math.max(1, Math.floor(erlangs) + 1);
  while (serviceLevel(agents, erlangs, thresholdSeconds, ahtSeconds) < target) agents++;
  return agents;
}
