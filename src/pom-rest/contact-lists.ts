/** Contact lists: `GET /contactlists` (search by organization or name), one list, and creating one. */
import type { FastifyInstance } from 'fastify';
import type { PomRestDeps } from './deps.ts';
import { PomError, invalid, missing } from './errors.ts';
import { asQuery, bodyObject, id, optionalString, requiredString, text } from './params.ts';
import { contactListView, type PomContactList } from './views.ts';
import type { ContactListRecord } from '../store/records.ts';

const SEARCH_FIELDS = { organizationName: (l: ContactListRecord) => l.organizationName, contactListName: (l: ContactListRecord) => l.name } as const;

export function registerContactListRoutes(app: FastifyInstance, deps: PomRestDeps): void {
  const { store } = deps;
  const view = async (list: ContactListRecord): Promise<PomContactList> => contactListView(list, await store.contacts.counts(list.id));

  app.get('/contactlists', async (request) => {
    const query = asQuery(request.query);
    const searchBy = text(query, 'searchBy');
    const operator = text(query, 'searchOperator') ?? 'equals';
    const value = text(query, 'searchValue');
    let lists = await store.contactLists.list();
    if (searchBy !== undefined) {
      const field = SEARCH_FIELDS[searchBy as keyof typeof SEARCH_FIELDS];
      if (!field) throw invalid('searchBy', `must be one of ${Object.keys(SEARCH_FIELDS).join(', ')}`);
      if (value === undefined) throw invalid('searchValue', 'is required with searchBy');
      const wanted = value.toLowerCase();
      if (operator === 'like') lists = lists.filter((l) => field(l).toLowerCase().includes(wanted.replaceAll('%', '')));
      else if (operator === 'equals') lists = lists.filter((l) => field(l).toLowerCase() === wanted);
      else throw invalid('searchOperator', 'must be like or equals');
    }
    return Promise.all(lists.map(view));
  });

  app.get<{ Params: { id: string } }>('/contactlists/:id', async (request) => {
    const list = await store.contactLists.findById(id(request.params.id, 'contactListId'));
    if (!list) throw missing(`Contact list ${request.params.id}`);
    return view(list);
  });

  app.post('/contactlists', async (request, reply) => {
    const body = bodyObject(request.body);
    const name = requiredString(body, 'contactListName');
    if (!/^[\w .\-]+$/.test(name)) throw invalid('contactListName', 'may hold letters, digits, spaces, "_", "-" and "." only');
    const organizationName = optionalString(body, 'organizationName', deps.options.organizationName);
    const zoneName = optionalString(body, 'zoneName', 'Default');
    if (await store.contactLists.findByName(name)) throw new PomError('ALREADY_EXISTS', `A contact list named ${name} exists already`);
    await store.organizations.ensureOrganization(organizationName);
    await store.organizations.ensureZone(zoneName);
    const list = await store.contactLists.create({ name, organizationName, zoneName, lastUpdatedOn: deps.clock.now() });
    return reply.status(201).send(await view(list));
  });
}
