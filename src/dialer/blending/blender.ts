import type { Clock, TimerHandle } from '../../clock/clock.ts';
import type { BlendingRule, QueueFigures } from '../../acd/queue-types.ts';
import type { Store } from '../../store/store.ts';
import type { AgentSession } from '../agent-session.ts';
import type { SerialQueue } from '../serial-queue.ts';
import type { InboundRouting } from '../inbound/inbound-routing.ts';

/** What the blender needs of the dialer's agent manager. */
export interface BlendHost {
  readonly store: Store;
  readonly clock: Clock;
  readonly queue: SerialQueue;
  readonly tickMs: number;
  routing(): InboundRouting | null;
  sessions(): AgentSession[];
  /** Moves an agent with nothing in hand to the mode now (its nail-up dropped, or back). */
  moveToInbound(agent: AgentSession, queue: string): Promise<void>;
  moveToOutbound(agent: AgentSession): Promise<void>;
}

/** Service level is judged once this many calls have been answered or abandoned today. */
const SERVICE_LEVEL_MIN_CALLS = 10;

/**
 * POM's blender: watches each blended team's inbound queue and moves the team's Ready agents to inbound
 * while the queue needs them (calls waiting, oldest wait, service level), and back to outbound once the
 * queue has been empty for the rule's release time. An agent with a call in hand moves once it is
 * disposed (pendingMode). Runs on its own tick, inside the dialer's queue.
 */
export class Blender {
  private rules = new Map<string, BlendingRule>();
  private readonly emptySince = new Map<string, number>();
  private timer: TimerHandle | null = null;

  constructor(private readonly host: BlendHost) {}

  /** Reads the teams' rules again (at start and after a team changed). */
  async reload(): Promise<void> {
    const teams = await this.host.store.organizations.listTeams();
    this.rules = new Map(teams.filter((t) => t.blending !== null).map((t) => [t.name, t.blending!]));
  }

  ruleOf(teamName: string): BlendingRule | undefined {
    return this.rules.get(teamName);
  }

  start(): void {
    this.timer = this.host.clock.setTimer(this.host.tickMs, () => this.host.queue.push(async () => {
      if (!this.timer) return;
      this.start();
      await this.evaluate();
    }));
  }

  stop(): void {
    this.timer?.cancel();
    this.timer = null;
  }

  async evaluate(): Promise<void> {
    const routing = this.host.routing();
    if (!routing) return;
    const byTeam = new Map<string, AgentSession[]>();
    for (const session of this.host.sessions()) {
      if (!this.rules.has(session.record.teamName)) continue;
      const team = byTeam.get(session.record.teamName) ?? [];
      team.push(session);
      byTeam.set(session.record.teamName, team);
    }
    for (const [teamName, agents] of byTeam) {
      const rule = this.rules.get(teamName)!;
      const figures = routing.figuresOf(rule.queue);
      if (figures) await this.balance(rule, figures, agents);
    }
  }

  private async balance(rule: BlendingRule, figures: QueueFigures, agents: AgentSession[]): Promise<void> {
    const now = this.host.clock.now();
    const team = this.teamView(rule, agents);
    if (figures.waiting > 0) this.emptySince.delete(rule.queue);
    else if (!this.emptySince.has(rule.queue)) this.emptySince.set(rule.queue, now);

    if (needsAgents(rule, figures)) {
      // Agents due to go back out stay in (they take the next callers once free), but cannot take
      // this one: free outbound agents go in for it now; busy ones when they are free (claimFreed).
      for (const agent of team.inbound) if (agent.pendingMode === 'outbound') agent.pendingMode = null;
      let need = this.need(figures, team);
      let movable = team.outboundTotal - rule.minOutbound;
      for (const agent of byTurn(team.staying.filter((a) => a.agentState === 'Ready' && isFree(a)))) {
        if (need <= 0 || movable <= 0) break;
        await this.host.moveToInbound(agent, rule.queue);
        need--;
        movable--;
      }
      return;
    }
    const outbound = team.outboundTotal + team.inbound.filter((a) => a.pendingMode === 'outbound').length;
    if (rule.maxOutbound !== null && outbound > rule.maxOutbound) {
      for (const agent of byTurn(team.staying).slice(0, outbound - rule.maxOutbound)) await this.blendIn(agent, rule.queue);
      return;
    }
    const emptyFor = now - (this.emptySince.get(rule.queue) ?? now);
    if (figures.waiting === 0 && emptyFor >= rule.releaseAfterEmptySeconds * 1000) {
      let room = rule.maxOutbound === null ? Infinity : rule.maxOutbound - outbound;
      for (const agent of team.inbound) {
        if (room <= 0) break;
        if (agent.pendingMode === 'outbound') continue;
        await this.blendOut(agent);
        room--;
      }
    }
  }

  /**
   * An outbound agent of a blended team has just finished its call: if its queue needs an agent now,
   * the queue's name (the agent goes in at once rather than taking outbound work). The first agent free
   * serves the waiting caller, whoever the blender marked.
   */
  claimFreed(agent: AgentSession): string | null {
    const rule = this.rules.get(agent.record.teamName);
    const figures = rule ? this.host.routing()?.figuresOf(rule.queue) : undefined;
    if (!rule || !figures || agent.mode !== 'outbound' || agent.agentState !== 'Ready' || !needsAgents(rule, figures)) return null;
    const team = this.teamView(rule, this.host.sessions().filter((s) => s.record.teamName === agent.record.teamName));
    if (!team.staying.includes(agent) || team.outboundTotal <= rule.minOutbound || this.need(figures, team) <= 0) return null;
    return rule.queue;
  }

  /** Callers waiting that neither a free inbound agent nor one already on its way in will take. */
  private need(figures: QueueFigures, team: TeamView): number {
    return figures.waiting - figures.agentsAvailable - team.headingIn.length;
  }

  /** The team's agents who could serve the queue (Ready once, holding its skill), by where they are heading. */
  private teamView(rule: BlendingRule, agents: AgentSession[]): TeamView {
    const skill = this.host.routing()?.queueDefinition(rule.queue)?.skill;
    const working = agents.filter((a) => a.availableForNailup);
    const skilled = working.filter((a) => skill !== undefined && a.record.skills.includes(skill));
    const outbound = skilled.filter((a) => a.mode === 'outbound');
    return {
      // Min and max outbound count the whole team, those without the queue's skill too.
      outboundTotal: working.filter((a) => a.mode === 'outbound' && a.pendingMode !== 'inbound').length,
      staying: outbound.filter((a) => a.pendingMode !== 'inbound'),
      headingIn: outbound.filter((a) => a.pendingMode === 'inbound'),
      inbound: skilled.filter((a) => a.mode === 'inbound'),
    };
  }

  private async blendIn(agent: AgentSession, queue: string): Promise<void> {
    if (agent.mode === 'inbound') {
      agent.pendingMode = null;
      return;
    }
    if (agent.isFree && agent.callState !== 'Wrapup' && agent.callState !== 'Preview') await this.host.moveToInbound(agent, queue);
    else {
      agent.pendingMode = 'inbound';
      agent.blendQueue = queue;
    }
  }

  private async blendOut(agent: AgentSession): Promise<void> {
    if (agent.mode === 'outbound') {
      agent.pendingMode = null;
      return;
    }
    if (agent.isFree && agent.callState !== 'Wrapup') await this.host.moveToOutbound(agent);
    else agent.pendingMode = 'outbound';
  }
}

/** A blended team: how many of its agents stay outbound; those who could serve its queue, outbound (staying, or going in after their call) and inbound. */
interface TeamView {
  outboundTotal: number;
  staying: AgentSession[];
  headingIn: AgentSession[];
  inbound: AgentSession[];
}

/** Any of the rule's acquire triggers holds. */
export function needsAgents(rule: BlendingRule, figures: QueueFigures): boolean {
  if (rule.callsWaitingAbove !== null && figures.waiting > rule.callsWaitingAbove) return true;
  if (rule.oldestWaitAboveSeconds !== null && figures.oldestWaitSeconds > rule.oldestWaitAboveSeconds) return true;
  const judged = figures.answered + figures.abandoned >= SERVICE_LEVEL_MIN_CALLS;
  return rule.serviceLevelBelowPercent !== null && judged && figures.waiting > 0
    && figures.serviceLevelPercent !== null && figures.serviceLevelPercent < rule.serviceLevelBelowPercent;
}

/** Nothing in hand: no call, no wrap-up, no preview. */
function isFree(agent: AgentSession): boolean {
  return agent.isFree && (agent.callState === 'Idle' || agent.callState === 'NoState');
}

/**
 * Who goes in first: free agents before busy ones; then whose turn it is — the agent inbound least
 * recently (never, first), so that the team shares the inbound work; then the one idle longest.
 */
function byTurn(agents: AgentSession[]): AgentSession[] {
  const rank = (a: AgentSession): number => (isFree(a) ? 0 : a.callState === 'Wrapup' ? 1 : 2);
  return [...agents].sort((a, b) => rank(a) - rank(b) || a.lastInboundAt - b.lastInboundAt || a.idleSince - b.idleSince);
}
