/** The callback repository. */
import type { CallbackRecord, CallbackState, NewCallback } from '../records/callback.ts';

export interface CallbackRepository {
  create(callback: NewCallback): Promise<CallbackRecord>;
  findById(id: number): Promise<CallbackRecord | undefined>;
  /** Pending callbacks of the campaign due at or before `now` (expired ones included: the caller expires them). */
  due(campaignId: number, now: number): Promise<CallbackRecord[]>;
  /**
   * Moves the callback from `from` to `to` if it is still in `from` (one conditional UPDATE, so the
   * dialer delivering it and a supervisor cancelling it cannot both win). `dueBy`: and only if due by then.
   */
  transition(id: number, from: CallbackState, to: CallbackState, dueBy?: number): Promise<boolean>;
  /** New due and expiry times for a callback still pending; false if it is not. */
  reschedule(id: number, dueAt: number, expiresAt: number): Promise<boolean>;
  list(filter?: { state?: CallbackState; agentId?: string }): Promise<CallbackRecord[]>;
  /** A page of the callbacks that match, by due time, each with its contact; their total and counts per state (the state filter aside). */
  page(filter: CallbackFilter, limit: number, offset: number): Promise<{ callbacks: CallbackListRow[]; total: number; counts: Record<CallbackState, number> }>;
}

export interface CallbackListRow extends CallbackRecord {
  userContactId: string;
  contactName: string;
}

export interface CallbackFilter {
  state?: CallbackState;
  campaignId?: number;
  agentId?: string;
  /** Only callbacks with an owner agent (Agent and StrictAgent callbacks). */
  owned?: true;
  /** Due at or after. */
  dueFrom?: number;
  /** Due before. */
  dueTo?: number;
}
