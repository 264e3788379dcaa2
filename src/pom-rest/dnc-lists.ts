/** DNC lists: listing and creating them, adding, removing and reading their addresses. */
import type { FastifyInstance } from 'fastify';
import type { CountryCode } from 'libphonenumber-js/max';
import type { PomRestDeps } from './deps.ts';
import { PomError, invalid, missing } from './errors.ts';
import { asQuery, bodyObject, id, integer, optionalString, requiredString, stringList, text } from './params.ts';
import { dncListView } from './views.ts';
import { PhoneNormalizer } from '../imports/phone.ts';
import { dncAddressOf } from '../imports/contact-rows.ts';
import type { DncListRecord } from '../store/records.ts';

const MAX_ADDRESSES = 100_000;

export function registerDncRoutes(app: FastifyInstance, deps: PomRestDeps): void {
  const { store } = deps;
  const listOf = async (raw: string | undefined): Promise<DncListRecord> => {
    const list = await store.dnc.findListById(id(raw, 'DNCListId'));
    if (!list) throw missing(`DNC list ${raw}`);
    return list;
  };

  /** The addresses normalized, all of them, or an error listing every one that is not an address. */
  const normalized = (list: DncListRecord, addresses: string[]): string[] => {
    const phones = new PhoneNormalizer(deps.options.defaultRegion as CountryCode);
    const good: string[] = [];
    const failed: string[] = [];
    const reasons: string[] = [];
    for (const address of addresses) {
      const result = dncAddressOf(address, list.listType, phones);
      if (result.ok) good.push(result.address);
      else {
        failed.push(address);
        if (reasons.length < 5) reasons.push(result.message);
      }
    }
    if (failed.length > 0) {
      throw new PomError('INVALID_PARAMETER', `${failed.length} of the addresses are not valid; none was changed`,
        `Invalid addresses: ${reasons.join('; ')}${failed.length > reasons.length ? '; …' : ''}`, { result: false, failedContactIdList: failed, field: 'addresses' });
    }
    return good;
  };

  app.get('/dnclists', async () => {
    const lists = await store.dnc.lists();
    return Promise.all(lists.map(async (l) => dncListView(l, await store.dnc.countAddresses(l.id))));
  });

  app.get<{ Params: { id: string } }>('/dnclists/:id', async (request) => {
    const list = await listOf(request.params.id);
    return dncListView(list, await store.dnc.countAddresses(list.id));
  });

  app.post('/dnclists', async (request, reply) => {
    const body = bodyObject(request.body);
    const name = requiredString(body, 'DNCListName');
    const listType = optionalString(body, 'listType', 'phone');
    if (listType !== 'phone' && listType !== 'email') throw invalid('listType', 'must be phone or email');
    const organizationName = optionalString(body, 'organizationName', deps.options.organizationName);
    if (await store.dnc.findListByName(name)) throw new PomError('ALREADY_EXISTS', `A DNC list named ${name} exists already`);
    await store.organizations.ensureOrganization(organizationName);
    const list = await store.dnc.createList({ name, organizationName, listType }, deps.clock.now());
    return reply.status(201).send(dncListView(list, 0));
  });

  app.post<{ Params: { id: string } }>('/dnclists/:id/addresses', async (request) => {
    const list = await listOf(request.params.id);
    const addresses = normalized(list, stringList(request.body, 'addresses', MAX_ADDRESSES));
    const added = await store.dnc.addAddresses(list.id, addresses, deps.clock.now());
    return { result: true, failedContactIdList: null, added, alreadyListed: new Set(addresses).size - added };
  });

  app.post<{ Params: { id: string } }>('/dnclists/:id/addresses/remove', async (request) => {
    const list = await listOf(request.params.id);
    const addresses = normalized(list, stringList(request.body, 'addresses', MAX_ADDRESSES));
    const removed = await store.dnc.removeAddresses(list.id, addresses, deps.clock.now());
    return { result: true, failedContactIdList: null, removed, notListed: new Set(addresses).size - removed };
  });

  app.get<{ Params: { id: string } }>('/dnclists/:id/addresses', async (request) => {
    const list = await listOf(request.params.id);
    const query = asQuery(request.query);
    const limit = integer(text(query, 'limit'), 'limit', 1, 10_000, 100);
    const addresses = await store.dnc.addressesAfter(list.id, text(query, 'after') ?? '', limit);
    return { addresses, next: addresses.length === limit ? addresses[addresses.length - 1] : null };
  });
}
