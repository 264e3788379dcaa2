/** The repositories of contact lists, contacts and DNC lists, and the contact search. */
import type {
  ContactListRecord, ContactOutcome, ContactRecord, DncAddressRecord, DncListRecord, DncSource, NewContact,
} from '../records/contact.ts';

export interface ContactListRepository {
  create(list: Omit<ContactListRecord, 'id'>): Promise<ContactListRecord>;
  findById(id: number): Promise<ContactListRecord | undefined>;
  findByName(name: string): Promise<ContactListRecord | undefined>;
  list(): Promise<ContactListRecord[]>;
  /** Sets lastUpdatedOn. */
  touch(id: number, now: number): Promise<void>;
}

export interface ContactCounts {
  total: number;
  /** state ready (dialable now or later). */
  available: number;
  /** state uncallable. */
  excluded: number;
  done: number;
  inProgress: number;
}

export interface ContactRepository {
  /** Inserts in one transaction: all or nothing. Duplicate userContactId in a list is an error. */
  insertMany(contactListId: number, contacts: NewContact[]): Promise<number>;
  findById(id: number): Promise<ContactRecord | undefined>;
  findByUserContactId(contactListId: number, userContactId: string): Promise<ContactRecord | undefined>;
  /**
   * Up to `limit` contacts of the list in state ready with nextAttemptAt <= now and attempts <
   * maxAttempts, highest priority first, then earliest nextAttemptAt, then id; ids in `excludeIds` skipped.
   */
  nextDialable(contactListId: number, now: number, maxAttempts: number, limit: number, excludeIds?: readonly number[]): Promise<ContactRecord[]>;
  /** The earliest nextAttemptAt of the list's ready contacts under maxAttempts (a calling window's opening, a retry's time); null when none is left. */
  nextDueAt(contactListId: number, maxAttempts: number): Promise<number | null>;
  /** Moves a ready contact to in_progress. False if it was not ready (taken, purged, uncallable). */
  claim(id: number): Promise<boolean>;
  /** Records the end of an attempt: counts it and sets the next state and time. */
  recordOutcome(id: number, outcome: ContactOutcome): Promise<void>;
  /** Puts a contact back without counting an attempt (a preview cancelled, a call that never went out). */
  release(id: number, nextAttemptAt: number): Promise<void>;
  /** Puts a due contact off to its calling window's opening, without counting an attempt; undeferFromWindows undoes it. */
  deferToWindow(id: number, opensAt: number, now: number): Promise<void>;
  /** The list's contacts put off to their calling window come due `now` (the window changed): the dialer checks them again. How many. */
  undeferFromWindows(contactListId: number, now: number): Promise<number>;
  setState(id: number, state: ContactRecord['state']): Promise<void>;
  /** The list's contacts in state in_progress (claimed by a job): as many as it had calls in hand. */
  inProgress(contactListId: number): Promise<ContactRecord[]>;
  counts(contactListId: number): Promise<ContactCounts>;
  /** A page of the list's contacts (purged ones never), with the number of contacts the search matches. */
  page(contactListId: number, query: ContactQuery): Promise<{ contacts: ContactRecord[]; total: number }>;
  /** A page of the lists' contacts (not purged) that no attempt dialed before `before`, by list and id; and how many. */
  notAttempted(contactListIds: readonly number[], before: number, limit: number, offset: number): Promise<{ contacts: ContactRecord[]; total: number }>;
  /**
   * Purges the contact: it leaves the list for good and its pending callbacks are cancelled. Refused
   * while its attempt is in progress (claimed, or an attempt not ended).
   */
  purge(contactListId: number, userContactId: string): Promise<'purged' | 'in_progress' | 'not_found'>;
  /** Marks the contacts uncallable, all or none: nothing changes if one is unknown or in progress. */
  markUncallable(contactListId: number, userContactIds: readonly string[]): Promise<{ marked: number; notFound: string[]; inProgress: string[] }>;
}

export type SearchOperator = 'equals' | 'notEquals' | 'like' | 'lessThan' | 'greaterThan';

/** The contact fields a search can name; any other attribute is a custom field. */
export const CONTACT_COLUMNS = { userContactId: 'user_contact_id', firstName: 'first_name', lastName: 'last_name', title: 'title', state: 'state' } as const;

export interface ContactQuery {
  /**
   * Contacts whose attribute matches: equals any of the values, equals none of them, contains one
   * (like; `%` and `_` are wildcards when given), or is less / greater than the one value (as text).
   */
  search?: { attribute: string; operator: SearchOperator; values: readonly string[] };
  sortBy?: 'userContactId' | 'id';
  sortDirection?: 'ASC' | 'DESC';
  offset: number;
  limit: number;
}

export interface DncRepository {
  createList(list: Omit<DncListRecord, 'id' | 'lastUpdated'>, now: number): Promise<DncListRecord>;
  findListByName(name: string): Promise<DncListRecord | undefined>;
  lists(): Promise<DncListRecord[]>;
  /** Adds normalized addresses (by a supervisor unless `source` says the dialer); returns how many were new. */
  addAddresses(listId: number, addresses: string[], now: number, source?: DncSource): Promise<number>;
  removeAddresses(listId: number, addresses: string[], now: number): Promise<number>;
  /** True if `address` is on any of the lists. */
  isListed(listIds: readonly number[], address: string): Promise<boolean>;
  countAddresses(listId: number): Promise<number>;
  findListById(id: number): Promise<DncListRecord | undefined>;
  /** Up to `limit` addresses of the list after `after` in address order: walks a large list in pages. */
  addressesAfter(listId: number, after: string, limit: number): Promise<string[]>;
  /** A page of the addresses of these lists added in [from, to), oldest first; and how many. */
  addedBetween(listIds: readonly number[], from: number, to: number, limit: number, offset: number): Promise<{ rows: DncAddressRecord[]; total: number }>;
}
