import type { Clock, TimerHandle } from '../../clock/clock.ts';
import type { BlendingRule, QueueFigures } from '../../acd/queue-types.ts';
import type { Log } from '../../log/log.ts';
import type { Store } from '../../store/store.ts';
import type { AgentSession } from '../agent-session.ts';
import type { SerialQueue } from '../serial-queue.ts';
import type { InboundRouting } from '../inbound/inbound-routing.ts';

/** What the blender needs of the dialer's agent manager. */
export interface BlendHost {
  readonly store: Store;
  readonly clock: Clock;
  readonly queue: SerialQueue;
  readonly log: Log;
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
    const skilled = agents.filter((a) => a.availableForNailup && a.record.skills.some((s) => s === skillOf(this.host.routing(), rule.queue)));
    const goingOut = (a: AgentSession): boolean => (a.mode === 'outbound' && a.pendingMode !== 'inbound') || a.pendingMode === 'outbound';
    const outbound = skilled.filter(goingOut);
    const inbound = skilled.filter((a) => !goingOut(a));
    if (figures.waiting > 0) this.emptySince.delete(rule.queue);
    else if (!this.emptySince.has(rule.queue)) this.emptySince.set(rule.queue, now);

    if (needsAgents(rule, figures)) {
      // Agents coming back out stay in; then Ready outbound agents go in, free ones first.
      let need = figures.waiting - figures.agentsAvailable;
      for (const agent of inbound) if (agent.pendingMode === 'inbound') need--;
      for (const agent of skilled) {
        if (need <= 0) break;
        if (agent.pendingMode === 'outbound') {
          agent.pendingMode = null;
          need--;
        }
      }
      let movable = outbound.length - rule.minOutbound;
      for (const agent of byReadiness(outbound.filter((a) => a.agentState === 'Ready' && a.pendingMode !== 'outbound'))) {
        if (need <= 0 || movable <= 0) break;
        await this.blendIn(agent, rule.queue);
        need--;
        movable--;
      }
      return;
    }
    if (rule.maxOutbound !== null && outbound.length > rule.maxOutbound) {
      for (const agent of byReadiness(outbound).slice(0, outbound.length - rule.maxOutbound)) await this.blendIn(agent, rule.queue);
      return;
    }
    const emptyFor = now - (this.emptySince.get(rule.queue) ?? now);
    if (figures.waiting === 0 && emptyFor >= rule.releaseAfterEmptySeconds * 1000) {
      let room = rule.maxOutbound === null ? Infinity : rule.maxOutbound - outbound.length;
      for (const agent of inbound) {
        if (room <= 0) break;
        await this.blendOut(agent);
        room--;
      }
    }
  }

  private async blendIn(agent: AgentSession, queue: string): Promise<void> {
    if (agent.mode === 'inbound') {
      agent.pendingMode = null;
      return;
    }
    this.host.log.info({ agentId: agent.agentId, queue, now: agent.isFree }, 'agent blended to inbound');
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
    this.host.log.info({ agentId: agent.agentId, queue: agent.blendQueue, now: agent.isFree }, 'agent blended to outbound');
    if (agent.isFree && agent.callState !== 'Wrapup') await this.host.moveToOutbound(agent);
    else agent.pendingMode = 'outbound';
  }
}

function skillOf(routing: InboundRouting | null, queue: string): string | undefined {
  return routing?.queueDefinition(queue)?.skill;
}

/** Any of the rule's acquire triggers holds. */
export function needsAgents(rule: BlendingRule, figures: QueueFigures): boolean {
  if (rule.callsWaitingAbove !== null && figures.waiting > rule.callsWaitingAbove) return true;
  if (rule.oldestWaitAboveSeconds !== null && figures.oldestWaitSeconds > rule.oldestWaitAboveSeconds) return true;
  const judged = figures.answered + figures.abandoned >= SERVICE_LEVEL_MIN_CALLS;
  return rule.serviceLevelBelowPercent !== null && judged && figures.waiting > 0
    && figures.serviceLevelPercent !== null && figures.serviceLevelPercent < rule.serviceLevelBelowPercent;
}

/** Who moves first: agents free now (longest idle first), then those wrapping up, then those on a call. */
function byReadiness(agents: AgentSession[]): AgentSession[] {
  const rank = (a: AgentSession): number => (a.isFree && (a.callState === 'Idle' || a.callState === 'NoState') ? 0 : a.callState === 'Wrapup' ? 1 : 2);
  return [...agents].sort((a, b) => rank(a) - rank(b) || a.idleSince - b.idleSince);
}
