/**
 * A contact's history over the supervisor API: the account and every call attempt of it, newest first,
 * with the result, the agent, the completion code (by its value), why a call was a nuisance, and the
 * agent's wrap-up notes. The supervisor's contact history page shows it
 * (web/supervisor/src/components/ContactHistory.tsx).
 *
 *   GET /api/v1/contact-lists/:id/contacts/:userContactId/history?limit=100
 */
import type { FastifyInstance } from 'fastify';
import { notFound } from '../errors.ts';
import { campaignsOf, iso } from '../reports/report.ts';
import { nuisanceReasonOf } from '../reports/nuisance.ts';
import type { AttemptRecord, ContactState } from '../store/records.ts';
import type { SupervisorSide } from '../utilities/supervisor-side.ts';
import { int, one, query, role } from './http-helpers.ts';

/** One call attempt of the contact. */
export interface ContactAttemptView {
  dialedAt: string | null;
  campaign: string;
  number: string;
  kind: AttemptRecord['kind'];
  result: AttemptRecord['result'];
  agentId: string | null;
  /** The completion code's value ("Sale"), or its id when the campaign no longer has it. */
  completionCode: string | null;
  connectedAt: string | null;
  endedAt: string | null;
  nuisanceReason: string | null;
  notes: string | null;
}

export interface ContactHistoryView {
  contactList: string;
  userContactId: string;
  contactName: string;
  state: ContactState;
  /** How many times the contact was dialed (its counter; `history` holds at most `limit` of them). */
  attempts: number;
  history: ContactAttemptView[];
}

export function registerContactHistoryRoutes(api: FastifyInstance, side: SupervisorSide): void {
  const supervisor = { preHandler: role(side.auth, 'supervisor') };
  const store = side.store;

  api.get<{ Params: { id: string; userContactId: string } }>('/contact-lists/:id/contacts/:userContactId/history', supervisor, async (request): Promise<ContactHistoryView> => {
    const listId = int(request.params.id, 'id', 1, Number.MAX_SAFE_INTEGER);
    const limit = int(one(query(request), 'limit'), 'limit', 1, 1000, 100);
    const list = await store.contactLists.findById(listId);
    if (!list) throw notFound(`contact list ${listId}`);
    const contact = await store.contacts.findByUserContactId(list.id, request.params.userContactId);
    if (!contact) throw notFound(`contact ${request.params.userContactId} in ${list.name}`);
    const campaigns = await campaignsOf(store);
    const attempts = await store.attempts.listByContact(contact.id, limit);
    return {
      contactList: list.name, userContactId: contact.userContactId, contactName: `${contact.firstName} ${contact.lastName}`.trim(),
      state: contact.state, attempts: contact.attempts,
      history: attempts.map((a) => {
        const campaign = campaigns.get(a.campaignId);
        const code = a.completionCode === null ? null : (campaign?.completionCodes.find((c) => c.codeID === a.completionCode)?.codeValue ?? a.completionCode);
        return {
          dialedAt: iso(a.dialedAt), campaign: campaign?.name ?? String(a.campaignId), number: a.number, kind: a.kind, result: a.result, agentId: a.agentId,
          completionCode: code, connectedAt: iso(a.connectedAt), endedAt: iso(a.endedAt), nuisanceReason: nuisanceReasonOf(a), notes: a.notes ?? null,
        };
      }),
    };
  });
}
