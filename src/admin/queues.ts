/**
 * Inbound queues (the ACD's): the skill that takes their calls, how the next agent is chosen, the
 * service level threshold, announcements, overflow and the codes of their wrap-up. A change reaches
 * the ACD at once (`dialer.queuesChanged`). A queue a team blends into, or another queue overflows
 * into, cannot be deleted.
 */
import { conflict, NailupError, notFound, validationError } from '../errors.ts';
import type { QueueDefinition } from '../acd/queue-types.ts';
import type { QueueRecord } from '../store/records.ts';
import type { AdminContext } from './context.ts';
import { ID_PATTERN, ID_RULE, integer, NAME_PATTERN, NAME_RULE, names, onlyKnown, oneOf, optional, text, type Body } from './fields.ts';
import type { QueueView } from './views.ts';

export const ROUTINGS: readonly QueueDefinition['routing'][] = ['longestIdle', 'mostSkilled'];
const FIELDS = [
  'name', 'organization', 'skill', 'routing', 'serviceLevelSeconds', 'announcementSeconds', 'overflowQueue', 'overflowAfterSeconds',
  'wrapupSeconds', 'completionCodes', 'defaultCompletionCode',
  // Read only: accepted back as the GET gave them, and ignored.
  'blendingTeams',
] as const;

/** What a new queue gets for each field a POST leaves out (but its codes: every code defined, the first the default). */
export const QUEUE_DEFAULTS = {
  routing: 'longestIdle', serviceLevelSeconds: 20, announcementSeconds: 30, overflowQueue: null, overflowAfterSeconds: 60, wrapupSeconds: 60,
} as const satisfies Partial<QueueDefinition>;

const name = (v: unknown, f: string): string => text(v, f, { max: 64, pattern: NAME_PATTERN, patternText: NAME_RULE });
const seconds = (min: number) => (v: unknown, f: string): number => integer(v, f, min, 3600);

function viewOf(queue: QueueRecord, teams: ReadonlyArray<{ name: string; blending: { queue: string } | null }>): QueueView {
  return {
    name: queue.name, organization: queue.organizationName, skill: queue.skill, routing: queue.routing,
    serviceLevelSeconds: queue.serviceLevelSeconds, announcementSeconds: queue.announcementSeconds,
    overflowQueue: queue.overflowQueue, overflowAfterSeconds: queue.overflowAfterSeconds, wrapupSeconds: queue.wrapupSeconds,
    completionCodes: queue.completionCodes, defaultCompletionCode: queue.defaultCompletionCode,
    blendingTeams: teams.filter((t) => t.blending?.queue === queue.name).map((t) => t.name),
  };
}

export async function listQueues(ctx: AdminContext): Promise<QueueView[]> {
  const teams = await ctx.store.organizations.listTeams();
  return (await ctx.store.queues.list()).map((q) => viewOf(q, teams));
}

async function find(ctx: AdminContext, queueName: string): Promise<QueueRecord> {
  const queue = await ctx.store.queues.findByName(queueName);
  if (!queue) throw notFound(`queue ${queueName}`);
  return queue;
}

export async function getQueue(ctx: AdminContext, queueName: string): Promise<QueueView> {
  return viewOf(await find(ctx, queueName), await ctx.store.organizations.listTeams());
}

/**
 * The queue `body` gives over `base` (a PUT: the queue as it is; a POST: the defaults), every field
 * checked, then the names it refers to: the overflow queue (another existing queue) and the codes.
 */
async function readQueue(ctx: AdminContext, body: Body, base: Omit<QueueRecord, 'id' | 'name' | 'skill'> & { name?: string; skill?: string }): Promise<Omit<QueueRecord, 'id'>> {
  onlyKnown(body, FIELDS);
  const required = <T>(key: 'name' | 'skill', read: (v: unknown, f: string) => T, current: T | undefined): T => {
    if (body[key] === undefined) {
      if (current === undefined) throw validationError(key, 'is required');
      return current;
    }
    return read(body[key], key);
  };
  if (base.name !== undefined && body.name !== undefined && body.name !== base.name) throw validationError('name', 'a queue keeps its name (teams, calls and reports refer to it)');
  const queue: Omit<QueueRecord, 'id'> = {
    name: base.name ?? required('name', name, undefined),
    organizationName: optional(body, 'organization', name, base.organizationName),
    skill: required('skill', name, base.skill),
    routing: optional(body, 'routing', (v, f) => oneOf(v, f, ROUTINGS), base.routing),
    serviceLevelSeconds: optional(body, 'serviceLevelSeconds', seconds(1), base.serviceLevelSeconds),
    announcementSeconds: optional(body, 'announcementSeconds', seconds(0), base.announcementSeconds),
    overflowQueue: optional(body, 'overflowQueue', (v, f) => (v === null ? null : name(v, f)), base.overflowQueue),
    overflowAfterSeconds: optional(body, 'overflowAfterSeconds', seconds(1), base.overflowAfterSeconds),
    wrapupSeconds: optional(body, 'wrapupSeconds', seconds(0), base.wrapupSeconds),
    completionCodes: optional(body, 'completionCodes', (v, f) => names(v, f, { max: 32, pattern: ID_PATTERN, patternText: ID_RULE }), base.completionCodes),
    defaultCompletionCode: optional(body, 'defaultCompletionCode', (v, f) => text(v, f, { max: 32 }), base.defaultCompletionCode),
  };
  if (queue.overflowQueue !== null) {
    if (queue.overflowQueue === queue.name) throw validationError('overflowQueue', 'a queue cannot overflow into itself');
    if (!(await ctx.store.queues.findByName(queue.overflowQueue))) throw validationError('overflowQueue', `no queue named ${queue.overflowQueue}`);
  }
  if (queue.completionCodes.length === 0) throw validationError('completionCodes', 'needs at least one completion code');
  const defined = new Set((await ctx.store.completionCodes.list()).map((c) => c.codeID));
  for (const [i, code] of queue.completionCodes.entries()) {
    if (!defined.has(code)) throw validationError(`completionCodes[${i}]`, `no completion code ${code}`);
  }
  if (!queue.completionCodes.includes(queue.defaultCompletionCode)) {
    throw validationError('defaultCompletionCode', `must be one of the queue's completion codes (${queue.completionCodes.join(', ')})`);
  }
  return queue;
}

/** Without an organization, the queue joins the first one (a one-organization floor needs not name it). */
async function defaultOrganization(ctx: AdminContext): Promise<string> {
  return (await ctx.store.organizations.listOrganizations())[0]?.name ?? 'Default';
}

/** A new queue offers every completion code defined unless the body names them; its default is its first code. */
export async function createQueue(ctx: AdminContext, body: Body): Promise<QueueView> {
  const codes = (await ctx.store.completionCodes.list()).map((c) => c.codeID);
  const given = Array.isArray(body.completionCodes) ? body.completionCodes as unknown[] : undefined;
  const firstCode = given === undefined ? codes[0] : typeof given[0] === 'string' ? given[0].trim() : undefined;
  const queue = await readQueue(ctx, body, {
    ...QUEUE_DEFAULTS, organizationName: await defaultOrganization(ctx), completionCodes: codes, defaultCompletionCode: firstCode ?? '',
  });
  if (await ctx.store.queues.findByName(queue.name)) throw new NailupError('CONFLICT', `a queue named ${queue.name} exists`, 'name');
  await ctx.store.organizations.ensureSkill(queue.skill, queue.organizationName);
  await ctx.store.queues.create(queue);
  await ctx.dialer.queuesChanged();
  return getQueue(ctx, queue.name);
}

export async function updateQueue(ctx: AdminContext, queueName: string, body: Body): Promise<QueueView> {
  const current = await find(ctx, queueName);
  const { name: _name, ...change } = await readQueue(ctx, body, current);
  await ctx.store.organizations.ensureSkill(change.skill, change.organizationName);
  await ctx.store.queues.update(current.name, change);
  await ctx.dialer.queuesChanged();
  return getQueue(ctx, current.name);
}

/** A queue a team blends into, or another queue overflows into, stays until they no longer refer to it. */
export async function deleteQueue(ctx: AdminContext, queueName: string): Promise<void> {
  const queue = await find(ctx, queueName);
  const teams = (await ctx.store.organizations.listTeams()).filter((t) => t.blending?.queue === queue.name);
  if (teams.length > 0) {
    throw conflict(`queue ${queue.name} is the blending queue of team ${teams.map((t) => t.name).join(', team ')}: change the team's blending rule first`);
  }
  const overflowing = (await ctx.store.queues.list()).filter((q) => q.overflowQueue === queue.name);
  if (overflowing.length > 0) {
    throw conflict(`queue ${queue.name} is the overflow queue of queue ${overflowing.map((q) => q.name).join(', queue ')}: change their overflow first`);
  }
  await ctx.store.queues.delete(queue.name);
  await ctx.dialer.queuesChanged();
}
