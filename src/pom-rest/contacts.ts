/**
 * A list's contacts: pages of the raw or searched list, deleting (purging) one contact, marking
 * contacts uncallable.
 */
import type { FastifyInstance } from 'fastify';
import type { PomRestDeps } from './deps.ts';
import { ATTEMPT_IN_PROGRESS_MESSAGE, PomError, invalid, missing } from './errors.ts';
import { asQuery, id, integer, stringList, text, texts } from './params.ts';
import { contactView } from './views.ts';
import type { ContactQuery, SearchOperator } from '../store/store.ts';

const OPERATORS: readonly SearchOperator[] = ['equals', 'notEquals', 'like', 'lessThan', 'greaterThan'];
/** Attribute names a search may use: a contact field or a custom attribute. */
const ATTRIBUTE = /^[\w .\-/]{1,100}$/;
export const MAX_PAGE_SIZE = 10_000;
const MAX_IDS = 100_000;

export function registerContactRoutes(app: FastifyInstance, deps: PomRestDeps): void {
  const { store } = deps;
  const listOf = async (raw: string | undefined) => {
    const list = await store.contactLists.findById(id(raw, 'contactListId'));
    if (!list) throw missing(`Contact list ${raw}`);
    return list;
  };

  app.get<{ Params: { id: string } }>('/contactlists/:id/contacts/list', async (request) => {
    const list = await listOf(request.params.id);
    const query = asQuery(request.query);
    const pageSize = integer(text(query, 'pageSize'), 'pageSize', 1, MAX_PAGE_SIZE, 100);
    const pageNumber = integer(text(query, 'pageNumber'), 'pageNumber', 1, Number.MAX_SAFE_INTEGER, 1);
    const searchBy = text(query, 'searchBy');
    const contactQuery: ContactQuery = { offset: (pageNumber - 1) * pageSize, limit: pageSize };
    if (searchBy !== undefined) {
      if (!ATTRIBUTE.test(searchBy)) throw invalid('searchBy', 'must name a contact field or attribute (letters, digits, " ", "_", "-", ".", "/")');
      const operator = text(query, 'searchOperator') as SearchOperator | undefined;
      if (operator === undefined || !OPERATORS.includes(operator)) throw invalid('searchOperator', `must be one of ${OPERATORS.join(', ')}`);
      const values = texts(query, 'searchValue');
      if (values.length === 0) throw invalid('searchValue', 'is required with searchBy');
      if ((operator === 'lessThan' || operator === 'greaterThan') && values.length > 1) throw invalid('searchValue', `${operator} takes one value`);
      contactQuery.search = { attribute: searchBy, operator, values };
    }
    const sortBy = text(query, 'sortBy');
    if (sortBy !== undefined) {
      if (sortBy !== 'userContactId' && sortBy !== 'id') throw invalid('sortBy', 'must be userContactId or id');
      contactQuery.sortBy = sortBy;
    }
    const direction = text(query, 'sortDirection')?.toUpperCase();
    if (direction !== undefined) {
      if (direction !== 'ASC' && direction !== 'DESC') throw invalid('sortDirection', 'must be ASC or DESC');
      contactQuery.sortDirection = direction;
    }
    const page = await store.contacts.page(list.id, contactQuery);
    return { contactBatch: page.contacts.map(contactView), totalPage: Math.ceil(page.total / pageSize), totalContacts: page.total };
  });

  const purge = async (listRaw: string, userContactId: string) => {
    const list = await listOf(listRaw);
    const outcome = await store.contacts.purge(list.id, userContactId);
    if (outcome === 'not_found') {
      throw new PomError('NOT_FOUND', `Contact ${userContactId} not found in ${list.name}`, `Contact ${userContactId} does not exist in contact list ${list.id}`, {
        isDeleted: false, failedUserContactIds: [userContactId],
      });
    }
    if (outcome === 'in_progress') {
      throw new PomError('ATTEMPT_IN_PROGRESS', ATTEMPT_IN_PROGRESS_MESSAGE, ATTEMPT_IN_PROGRESS_MESSAGE, {
        isDeleted: false, failedUserContactIds: [userContactId],
      });
    }
    await store.contactLists.touch(list.id, deps.clock.now());
    return { isDeleted: true, failedUserContactIds: [] };
  };
  app.delete<{ Params: { id: string; userContactId: string } }>('/contactlists/:id/contacts/:userContactId/delete',
    async (request) => purge(request.params.id, request.params.userContactId));
  app.post<{ Params: { id: string; userContactId: string } }>('/contactlists/:id/contacts/:userContactId/delete',
    async (request) => purge(request.params.id, request.params.userContactId));

  app.post<{ Params: { id: string } }>('/contactlists/:id/contacts/markuncallable', async (request) => {
    const list = await listOf(request.params.id);
    const ids = stringList(request.body, 'userContactIds', MAX_IDS);
    const empty = ids.findIndex((v) => v === '');
    if (empty >= 0) throw invalid(`userContactIds[${empty}]`, 'is empty');
    const result = await store.contacts.markUncallable(list.id, ids);
    if (result.notFound.length > 0) {
      throw new PomError('NOT_FOUND', `${result.notFound.length} of the contacts are not in ${list.name}; none was marked`,
        `Contacts not found in contact list ${list.id}: ${result.notFound.slice(0, 20).join(', ')}`, { result: false, failedContactIdList: result.notFound });
    }
    if (result.inProgress.length > 0) {
      throw new PomError('ATTEMPT_IN_PROGRESS', `${result.inProgress.length} of the contacts are being dialed; none was marked`,
        `Cannot mark contacts uncallable as the attempt is in progress: ${result.inProgress.slice(0, 20).join(', ')}`, { result: false, failedContactIdList: result.inProgress });
    }
    await store.contactLists.touch(list.id, deps.clock.now());
    return { result: true, failedContactIdList: null, marked: result.marked };
  });
}
