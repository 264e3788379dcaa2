/**
 * The drill's figures: per failure, how long until a new leader and until each desktop was back; over
 * the run, the store's audit. Pure functions, so that the test can check what they compute.
 */

export interface Spread {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/** Nearest-rank percentile of sorted values (0 for none). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

export function spread(values: readonly number[]): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  return { count: sorted.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? 0 };
}

/** One desktop's way back after a failure, in ms from the kill; null: not back in time (stuck). */
export interface DeskBack {
  agentID: string;
  backMs: number | null;
  nextCallMs: number | null;
  /** Its first A3 command accepted after the kill (null: none, or stuck). */
  acceptedMs?: number | null;
}

export interface KillResult {
  /** 1, 2, … for the dialer kills; `gateway` for the gateway kill. */
  kind: 'dialer' | 'gateway';
  n: number;
  /** Who was killed and when (ms since 1970). */
  killed: string;
  at: number;
  /** Dialer kills: the epoch killed and the new one. */
  epochBefore?: number;
  epochAfter?: number;
  /** Kill → the new epoch in the leadership table (the lease won); kill → its first heartbeat on NATS (serving). */
  leaseWonMs?: number | null;
  servingMs?: number | null;
  /** The new leader's own figures, from its log: lease won → serving; the agents it logged on again (and failed to), and how long that took. */
  leaderResumeMs?: number | null;
  agentsResumed?: { resumed: number; failed: number; ms: number } | null;
  /** Calls the desktops had in hand when the process died. */
  desks: DeskBack[];
  back: Spread;
  nextCall: Spread;
  accepted: Spread;
  stuck: string[];
}

export function summarizeKill(base: Omit<KillResult, 'back' | 'nextCall' | 'accepted' | 'stuck'>): KillResult {
  const of = (pick: (d: DeskBack) => number | null | undefined): number[] => base.desks.map(pick).filter((v): v is number => v !== null && v !== undefined);
  return {
    ...base, back: spread(of((d) => d.backMs)), nextCall: spread(of((d) => d.nextCallMs)), accepted: spread(of((d) => d.acceptedMs)),
    stuck: base.desks.filter((d) => d.backMs === null).map((d) => d.agentID),
  };
}

export interface Aims {
  newLeaderMs: number;
  desksBackP99Ms: number;
  gatewayBackMs: number;
}

export const AIMS: Aims = { newLeaderMs: 5000, desksBackP99Ms: 15_000, gatewayBackMs: 10_000 };

export interface Verdict {
  aim: string;
  value: string;
  met: boolean;
}

export interface DrillTotals {
  dialerKills: KillResult[];
  gatewayKill: KillResult | null;
  lost: number;
  duplicates: number;
  dncDials: number;
  stuck: number;
}

/** Every desktop-back time of every dialer kill together. */
export function allDialerBacks(kills: readonly KillResult[]): Spread {
  return spread(kills.flatMap((k) => k.desks.filter((d) => d.backMs !== null).map((d) => d.backMs!)));
}

export function verdicts(t: DrillTotals, aims: Aims = AIMS): Verdict[] {
  const serving = t.dialerKills.map((k) => k.servingMs ?? Infinity);
  const worstLeader = serving.length === 0 ? 0 : Math.max(...serving);
  const backs = allDialerBacks(t.dialerKills);
  const out: Verdict[] = [
    { aim: `new leader within ${aims.newLeaderMs / 1000} s of every kill`, value: Number.isFinite(worstLeader) ? `worst ${fmtMs(worstLeader)}` : 'a kill had no new leader', met: worstLeader <= aims.newLeaderMs },
    { aim: `desktops back within ${aims.desksBackP99Ms / 1000} s (p99, every dialer kill)`, value: `p99 ${fmtMs(backs.p99)} (${backs.count} desktop returns)`, met: backs.count > 0 && backs.p99 <= aims.desksBackP99Ms && t.stuck === 0 },
  ];
  if (t.gatewayKill) {
    const g = t.gatewayKill;
    out.push({ aim: `desktops of a killed gateway working again within ${aims.gatewayBackMs / 1000} s`, value: `max ${fmtMs(g.back.max)}, ${g.stuck.length} not back`, met: g.stuck.length === 0 && g.back.max <= aims.gatewayBackMs });
  }
  out.push(
    { aim: 'no acknowledged disposition lost', value: String(t.lost), met: t.lost === 0 },
    { aim: 'no contact dialed twice', value: String(t.duplicates), met: t.duplicates === 0 },
    { aim: 'no DNC number dialed', value: String(t.dncDials), met: t.dncDials === 0 },
    { aim: 'no desktop stuck (not back within 60 s)', value: String(t.stuck), met: t.stuck === 0 },
  );
  return out;
}

export function fmtMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  return ms < 10_000 ? `${(ms / 1000).toFixed(2)} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** A Markdown table. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

export function killRows(kills: readonly KillResult[]): string[][] {
  return kills.map((k) => [
    k.kind === 'dialer' ? `dialer ${k.n}` : 'gateway',
    k.killed,
    k.kind === 'dialer' ? `${k.epochBefore ?? '?'} → ${k.epochAfter ?? '?'}` : '',
    fmtMs(k.leaseWonMs),
    fmtMs(k.servingMs),
    String(k.desks.length),
    fmtMs(k.back.p50),
    fmtMs(k.back.p99),
    fmtMs(k.back.max),
    fmtMs(k.accepted.p50),
    fmtMs(k.nextCall.p50),
    String(k.stuck.length),
  ]);
}

export const KILL_HEADER = ['kill', 'process', 'epoch', 'lease won', 'new leader serving', 'desktops', 'back p50', 'back p99', 'back max', 'command accepted p50', 'next call p50', 'stuck'];
