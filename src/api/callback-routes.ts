/**
 * The callback dashboard's API: the callbacks agents booked, as the dialer holds them (due, delivered
 * to an agent, done, expired, cancelled), and a supervisor's two changes to one still pending:
 * cancel it, or move it. Both are audited; neither can race the dialer delivering it (the store's
 * conditional transitions).
 */
import type { FastifyInstance } from 'fastify';
import { conflict, notFound, validationError } from '../errors.ts';
import { CALLBACK_STATES, type CallbackRecord, type CallbackState } from '../store/records.ts';
import type { CallbackFilter, CallbackListRow, Store } from '../store/store.ts';
import type { SupervisorSide } from '../utilities/supervisor-side.ts';
import { body, int, isoTime, one, principalOf, query, role, type Query } from './http-helpers.ts';


export interface CallbackView {
  id: number;
  campaign: string;
  contact: { userContactId: string; name: string };
  type: CallbackRecord['type'];
  agentId: string | null;
  agentName: string | null;
  number: string;
  timezone: string;
  notes: string;
  state: CallbackState;
  /** Pending and past its due time: waiting for a free agent (or for its calling window). */
  overdue: boolean;
  dueAt: string;
  expiresAt: string;
  createdAt: string;
}

export interface CallbackPage {
  total: number;
  counts: Record<CallbackState, number>;
  callbacks: CallbackView[];
}

const iso = (ms: number): string => new Date(ms).toISOString();

async function filterOf(store: Store, q: Query): Promise<CallbackFilter> {
  const filter: CallbackFilter = {};
  const state = one(q, 'state');
  if (state !== undefined && state !== '') {
    if (!(CALLBACK_STATES as readonly string[]).includes(state)) throw validationError('state', `must be one of ${CALLBACK_STATES.join(', ')}`);
    filter.state = state as CallbackState;
  }
  const campaign = one(q, 'campaign');
  if (campaign !== undefined && campaign !== '') {
    const record = await store.campaigns.findByName(campaign);
    if (!record) throw validationError('campaign', `no campaign named ${campaign}`);
    filter.campaignId = record.id;
  }
  const agentId = one(q, 'agentId');
  if (agentId !== undefined && agentId !== '') filter.agentId = agentId;
  const dueFrom = isoTime(one(q, 'from'), 'from');
  const dueTo = isoTime(one(q, 'to'), 'to');
  if (dueFrom !== undefined) filter.dueFrom = dueFrom;
  if (dueTo !== undefined) filter.dueTo = dueTo;
  return filter;
}

async function views(store: Store, callbacks: CallbackListRow[], now: number): Promise<CallbackView[]> {
  const campaigns = new Map((await store.campaigns.list()).map((c) => [c.id, c.name]));
  const agents = new Map((await store.agents.list()).map((a) => [a.agentId, a.name]));
  const result: CallbackView[] = [];
  for (const c of callbacks) {
    result.push({
      id: c.id,
      campaign: campaigns.get(c.campaignId) ?? String(c.campaignId),
      contact: { userContactId: c.userContactId, name: c.contactName },
      type: c.type,
      agentId: c.agentId,
      agentName: c.agentId === null ? null : (agents.get(c.agentId) ?? null),
      number: c.number,
      timezone: c.timezone,
      notes: c.notes,
      state: c.state,
      overdue: c.state === 'pending' && c.dueAt <= now,
      dueAt: iso(c.dueAt),
      expiresAt: iso(c.expiresAt),
      createdAt: iso(c.createdAt),
    });
  }
  return result;
}

export function registerCallbackRoutes(api: FastifyInstance, side: SupervisorSide): void {
  const supervisor = { preHandler: role(side.auth, 'supervisor') };
  const store = side.store;

  api.get('/callbacks', supervisor, async (request): Promise<CallbackPage> => {
    const q = query(request);
    const filter = await filterOf(store, q);
    const limit = int(one(q, 'limit'), 'limit', 1, 1000, 100);
    const offset = int(one(q, 'offset'), 'offset', 0, Number.MAX_SAFE_INTEGER, 0);
    const now = side.clock.now();
    const page = await store.callbacks.page(filter, limit, offset);
    return { total: page.total, counts: page.counts, callbacks: await views(store, page.callbacks, now) };
  });

  /** The callback, or 404; 409 unless it is still pending. */
  const pending = async (idText: string): Promise<CallbackRecord> => {
    const id = int(idText, 'id', 1, Number.MAX_SAFE_INTEGER);
    const callback = await store.callbacks.findById(id);
    if (!callback) throw notFound(`callback ${id}`);
    if (callback.state !== 'pending') throw conflict(`callback ${id} is ${callback.state}: only a pending callback can change`);
    return callback;
  };
  const reply = async (id: number): Promise<CallbackView> => {
    const callback = await store.callbacks.findById(id);
    if (!callback) throw notFound(`callback ${id}`);
    const contact = await store.contacts.findById(callback.contactId);
    const row = { ...callback, userContactId: contact?.userContactId ?? '', contactName: contact ? `${contact.firstName} ${contact.lastName}`.trim() : '' };
    const [view] = await views(store, [row], side.clock.now());
    return view!;
  };

  api.post<{ Params: { id: string } }>('/callbacks/:id/cancel', supervisor, async (request) => {
    const callback = await pending(request.params.id);
    await side.audit.around(principalOf(request), 'CancelCallback', String(callback.id), async () => {
      // Delivered to an agent since it was read: too late to cancel.
      if (!(await store.callbacks.transition(callback.id, 'pending', 'cancelled'))) throw conflict(`callback ${callback.id} was delivered meanwhile`);
    });
    return reply(callback.id);
  });

  api.post<{ Params: { id: string } }>('/callbacks/:id/reschedule', supervisor, async (request) => {
    const b = body(request);
    const callback = await pending(request.params.id);
    const dueAt = isoTime(b.dueAt, 'dueAt');
    if (dueAt === undefined) throw validationError('dueAt', 'is required');
    // Without a new expiry the callback keeps the time it had to be reached in.
    const expiresAt = isoTime(b.expiresAt, 'expiresAt') ?? dueAt + (callback.expiresAt - callback.dueAt);
    if (expiresAt <= dueAt) throw validationError('expiresAt', 'must be after dueAt');
    await side.audit.around(principalOf(request), 'RescheduleCallback', String(callback.id), async () => {
      if (!(await store.callbacks.reschedule(callback.id, dueAt, expiresAt))) throw conflict(`callback ${callback.id} was delivered meanwhile`);
    }, () => ({ details: { from: iso(callback.dueAt), dueAt: iso(dueAt), expiresAt: iso(expiresAt) } }));
    side.dialer.callbacksChanged(callback.campaignId);
    return reply(callback.id);
  });
}
