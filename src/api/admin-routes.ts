/**
 * The administration API: teams, agents, completion codes, campaigns and inbound queues. Administrators change them,
 * supervisors read them; every change is audited (with the fields it set, never a password), every bad
 * value refused with a 400 naming its field.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SupervisorSide } from '../utilities/supervisor-side.ts';
import type { AdminContext } from '../admin/context.ts';
import { createTeam, deleteTeam, getTeam, listTeams, updateTeam } from '../admin/teams.ts';
import { createAgent, deleteAgent, getAgent, listAgents, updateAgent } from '../admin/agents.ts';
import { createCode, deleteCode, listCodes, updateCode } from '../admin/completion-codes.ts';
import { createQueue, deleteQueue, getQueue, listQueues, updateQueue } from '../admin/queues.ts';
import { campaignDefaults, createCampaign, deleteCampaign, getCampaign, listCampaigns, updateCampaign } from '../admin/campaigns.ts';
import type { Body } from '../admin/fields.ts';
import { body, principalOf, role } from './http-helpers.ts';

type Params = { Params: { key: string } };

/** A resource's routes: list, read, create, change, delete, under `path`/{key}. */
interface Resource {
  path: string;
  /** Audit action names: Create…, Update…, Delete…. */
  noun: string;
  list: (ctx: AdminContext) => Promise<unknown>;
  get?: (ctx: AdminContext, key: string) => Promise<unknown>;
  create: (ctx: AdminContext, body: Body) => Promise<unknown>;
  /** The field that names one, in a body and in what `create` returns (the audit log's target). */
  keyField: string;
  update: (ctx: AdminContext, key: string, body: Body) => Promise<unknown>;
  remove: (ctx: AdminContext, key: string) => Promise<void>;
}

/** The fields a change set, for the audit log: their names, and their values but for secrets. */
function changed(b: Body): Record<string, unknown> {
  const { password, ...rest } = b;
  return { fields: Object.keys(b), ...rest, ...(password === undefined ? {} : { password: '(changed)' }) };
}

export function registerAdminRoutes(api: FastifyInstance, side: SupervisorSide): void {
  const ctx: AdminContext = { store: side.store, dialer: side.dialer, clock: side.clock, config: side.config };
  const reader = { preHandler: role(side.auth, 'supervisor') };
  const writer = { preHandler: role(side.auth, 'administrator') };
  const audited = <T>(request: FastifyRequest, action: string, target: string, details: Record<string, unknown>, run: () => Promise<T>): Promise<T> =>
    side.audit.around(principalOf(request), action, target, run, () => ({ details }));

  const resources: Resource[] = [
    { path: '/teams', noun: 'Team', list: listTeams, get: getTeam, create: createTeam, keyField: 'teamName', update: updateTeam, remove: deleteTeam },
    { path: '/agents', noun: 'Agent', list: listAgents, get: getAgent, create: createAgent, keyField: 'agentId', update: updateAgent, remove: deleteAgent },
    { path: '/completion-codes', noun: 'CompletionCode', list: listCodes, create: createCode, keyField: 'codeId', update: updateCode, remove: deleteCode },
    { path: '/campaigns', noun: 'Campaign', list: listCampaigns, get: getCampaign, create: createCampaign, keyField: 'campaignName', update: updateCampaign, remove: deleteCampaign },
    { path: '/queues', noun: 'Queue', list: listQueues, get: getQueue, create: createQueue, keyField: 'name', update: updateQueue, remove: deleteQueue },
  ];
  api.get('/campaign-defaults', reader, async () => campaignDefaults(ctx));
  for (const r of resources) {
    api.get(r.path, reader, async () => r.list(ctx));
    const get = r.get;
    if (get) api.get<Params>(`${r.path}/:key`, reader, async (request) => get(ctx, request.params.key));
    api.post(r.path, writer, async (request, reply: FastifyReply) => {
      const b = body(request);
      const actor = principalOf(request);
      let created: unknown;
      try {
        created = await r.create(ctx, b);
      } catch (error) {
        const given = b[r.keyField];
        await side.audit.record(actor, { action: `Create${r.noun}`, target: typeof given === 'string' ? given : '', outcome: 'failed', details: { error: error instanceof Error ? error.message : String(error) } });
        throw error;
      }
      await side.audit.record(actor, { action: `Create${r.noun}`, target: String((created as Record<string, unknown>)[r.keyField]), outcome: 'ok', details: changed(b) });
      return reply.status(201).send(created);
    });
    api.put<Params>(`${r.path}/:key`, writer, async (request) => {
      const b = body(request);
      return audited(request, `Update${r.noun}`, request.params.key, changed(b), () => r.update(ctx, request.params.key, b));
    });
    api.delete<Params>(`${r.path}/:key`, writer, async (request, reply: FastifyReply) => {
      await audited(request, `Delete${r.noun}`, request.params.key, {}, () => r.remove(ctx, request.params.key));
      return reply.status(204).send();
    });
  }
}
