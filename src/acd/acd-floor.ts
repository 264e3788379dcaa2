import { byArrival } from './acd-call.ts';
import type { TrackedCall } from './acd-call.ts';
import { AcdQueue } from './acd-queue.ts';
import { holdsSkill } from './routing.ts';
import type { AcdAgent } from './routing.ts';
import type { QueueDefinition, QueueFigures } from './queue-types.ts';

/**
 * What the ACD knows now: queue definitions, the queues with their waiting calls and counters, the
 * staffed agents and the calls in its care. In memory, no I/O; changed only inside the serial queue
 * (setQueues excepted: definitions are replaced whole, and a task holds on to the one it read).
 */
export class AcdFloor {
  /** Agents staffed for inbound: from their first setAgentAvailable until logout. */
  readonly agents = new Map<string, AcdAgent>();
  /** Calls from arrival until they end. */
  readonly calls = new Map<string, TrackedCall>();
  /** Every queue that has been defined or held calls, by name (a removed queue keeps its last calls). */
  private readonly queues = new Map<string, AcdQueue>();
  private definitions: QueueDefinition[] = [];

  constructor(private readonly now: () => number) {}

  /** Replaces the definitions; throws (and changes nothing) on a duplicate name. */
  setDefinitions(defs: readonly QueueDefinition[]): void {
    const names = new Set<string>();
    for (const def of defs) {
      if (names.has(def.name)) throw new Error(`queue ${JSON.stringify(def.name)} is defined twice`);
      names.add(def.name);
    }
    this.definitions = defs.map(copyDefinition);
    for (const def of this.definitions) this.queueNamed(def.name).serviceLevelSeconds = def.serviceLevelSeconds;
  }

  /** Copies, in definition order. */
  definitionList(): QueueDefinition[] {
    return this.definitions.map(copyDefinition);
  }

  /** The current definition itself (not a copy): for the ACD's own reading. */
  definitionOf(name: string): QueueDefinition | undefined {
    return this.definitions.find((d) => d.name === name);
  }

  queueNamed(name: string): AcdQueue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new AcdQueue(name, this.definitionOf(name)?.serviceLevelSeconds ?? 0, this.now());
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** One per defined queue, in definition order. */
  figures(): QueueFigures[] {
    return this.definitions.map((def) => this.figuresFor(def));
  }

  figuresFor(def: QueueDefinition): QueueFigures {
    let staffed = 0;
    let available = 0;
    for (const agent of this.agents.values()) {
      if (!holdsSkill(agent, def.skill)) continue;
      staffed++;
      if (agent.available) available++;
    }
    return this.queueNamed(def.name).figures(this.now(), { staffed, available });
  }

  /** Calls waiting now, oldest arrival first: in one queue, or in all (removed queues included). */
  waitingCalls(queue?: string): TrackedCall[] {
    if (queue !== undefined) return [...(this.queues.get(queue)?.waitingCalls ?? [])];
    return [...this.queues.values()].flatMap((q) => q.waitingCalls).sort(byArrival);
  }

  /** Calls waiting in the defined queues (the ones that can be routed), oldest arrival first. */
  routableCalls(): TrackedCall[] {
    return this.definitions.flatMap((def) => this.queues.get(def.name)?.waitingCalls ?? []).sort(byArrival);
  }

  /** The oldest deliverable call (by the caller's arrival) among the defined queues the agent serves. */
  oldestCallFor(agent: AcdAgent): TrackedCall | undefined {
    let oldest: TrackedCall | undefined;
    for (const def of this.definitions) {
      if (!holdsSkill(agent, def.skill)) continue;
      const first = this.queues.get(def.name)?.oldestDeliverable();
      if (first && (!oldest || byArrival(first, oldest) < 0)) oldest = first;
    }
    return oldest;
  }

  /** The call leaves the ACD's care: no more timers, its network events are ignored. */
  forget(tracked: TrackedCall): void {
    tracked.cancelTimers();
    tracked.phase = 'ended';
    this.calls.delete(tracked.call.id);
  }
}

/** The definition's own fields only (a store record brings its id and organization along). */
function copyDefinition(def: QueueDefinition): QueueDefinition {
  return {
    name: def.name, skill: def.skill, routing: def.routing, serviceLevelSeconds: def.serviceLevelSeconds,
    announcementSeconds: def.announcementSeconds, overflowQueue: def.overflowQueue, overflowAfterSeconds: def.overflowAfterSeconds,
    wrapupSeconds: def.wrapupSeconds, completionCodes: [...def.completionCodes], defaultCompletionCode: def.defaultCompletionCode,
  };
}
