/** The tables of contact lists, contacts, DNC lists and DNC addresses. */
import type { Generated } from 'kysely';
import type { Json } from './columns.ts';
import type { AttemptResult } from '../records/attempt.ts';
import type { ContactState, DncListRecord, DncSource } from '../records/contact.ts';

export interface ContactListsTable {
  id: Generated<number>;
  name: string;
  organization_name: string;
  zone_name: string;
  last_updated_on: number;
}

export interface ContactsTable {
  id: Generated<number>;
  contact_list_id: number;
  user_contact_id: string;
  title: string;
  first_name: string;
  last_name: string;
  /** JSON ContactPhone[]. */
  phones: Json;
  /** JSON string[]. */
  emails: Json;
  /** JSON ContactAddress. */
  address: Json;
  /** JSON Record<string, string>. */
  custom_fields: Json;
  state: ContactState;
  priority: number;
  attempts: number;
  last_attempt_at: number | null;
  next_attempt_at: number;
  last_result: AttemptResult | null;
  last_completion_code: string | null;
  /**
   * Migration 013: when the first attempt was dialed (null: never). Kept by a trigger on call_attempts;
   * never written by the code. Generated: an insert leaves it null.
   */
  first_attempted_at: Generated<number | null>;
  /** Migration 014: when the dialer put the due contact off to its calling window's opening (next_attempt_at); null otherwise. */
  window_deferred_at: Generated<number | null>;
}

export interface DncListsTable {
  id: Generated<number>;
  name: string;
  organization_name: string;
  list_type: DncListRecord['listType'];
  last_updated: number;
}

export interface DncAddressesTable {
  dnc_list_id: number;
  address: string;
  added_at: number;
  /** Defaults to 'manual'. */
  source: Generated<DncSource>;
}
