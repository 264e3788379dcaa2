/** Contact lists, their contacts, and DNC lists with their addresses. */
import type { AttemptResult } from './attempt.ts';

export interface ContactListRecord {
  id: number;
  name: string;
  organizationName: string;
  zoneName: string;
  lastUpdatedOn: number;
}

export interface ContactPhone {
  number: string;
  countryCode: string;
  /** IANA time zone of the number. */
  timezone: string;
  state: string;
  wireless: boolean;
}

export interface ContactAddress {
  line1: string; line2: string; line3: string; line4: string; line5: string;
  country: string; zipCode: string;
}

/**
 * `purged`: deleted from its list by a supervisor. The row stays (its attempts and callbacks refer to
 * it) but the list no longer has it: it is never dialed, counted or found by its userContactId again.
 */
export type ContactState = 'ready' | 'in_progress' | 'done' | 'uncallable' | 'purged';

export interface ContactRecord {
  id: number;
  contactListId: number;
  userContactId: string;
  title: string;
  firstName: string;
  lastName: string;
  phones: ContactPhone[];
  emails: string[];
  address: ContactAddress;
  customFields: Record<string, string>;
  state: ContactState;
  priority: number;
  attempts: number;
  lastAttemptAt: number | null;
  /** Not to be dialed before this time (retry interval, calling window). */
  nextAttemptAt: number;
  lastResult: AttemptResult | null;
  lastCompletionCode: string | null;
}

export type NewContact = Omit<ContactRecord, 'id' | 'contactListId' | 'state' | 'attempts' | 'lastAttemptAt' | 'nextAttemptAt' | 'lastResult' | 'lastCompletionCode'> &
  Partial<Pick<ContactRecord, 'state' | 'nextAttemptAt'>>;

export interface ContactOutcome {
  state: ContactState;
  nextAttemptAt: number;
  lastResult: AttemptResult;
  lastCompletionCode: string | null;
  attemptedAt: number;
}

export interface DncListRecord {
  id: number;
  name: string;
  organizationName: string;
  listType: 'phone' | 'email';
  lastUpdated: number;
}

/** Where a DNC address came from: a supervisor (file, import, web service) or the dialer's kill list (an agent's DNC disposition). */
export type DncSource = 'manual' | 'dialer';

export interface DncAddressRecord {
  dncListId: number;
  address: string;
  addedAt: number;
  source: DncSource;
}
