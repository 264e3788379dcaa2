/** What the import tests make their files and lists with: numbers unique to each row, a new contact list. */
import assert from 'node:assert/strict';
import type { Client } from './nailup.ts';

/** A valid New York number unique to row `i`: 10,000 rows to an exchange, the first being `exchange`. */
export const rowPhone = (i: number, exchange = 200): string =>
  `+1212${exchange + Math.floor(i / 10_000)}${String(i % 10_000).padStart(4, '0')}`;

/** Creates an empty contact list over the supervisor API; its id. */
export async function newList(supervisor: Client, name: string): Promise<number> {
  const reply = await supervisor.post('/contact-lists', { contactListName: name });
  assert.equal(reply.status, 201, JSON.stringify(reply.body));
  return reply.body.contactListId;
}
