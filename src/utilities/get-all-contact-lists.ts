/** GetAllContactLists(onlyManualContacts = false): the organization's lists, optionally filtered by ContactListFilter. */
import type { PomContactList } from '../pom-rest/views.ts';
import type { UtilityContext } from './context.ts';

export async function getAllContactLists(ctx: UtilityContext, onlyManualContacts = false): Promise<PomContactList[]> {
  const lists = await ctx.pom.getContactLists(ctx.options.organizationName);
  const filter = ctx.options.contactListFilter.toLowerCase();
  if (!onlyManualContacts || filter === '') return lists;
  return lists.filter((l) => l.contactListName.toLowerCase().includes(filter));
}
