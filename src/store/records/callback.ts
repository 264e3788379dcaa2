/** Callbacks. */

export type CallbackType = 'Standard' | 'Agent' | 'Campaign' | 'StrictAgent';
export const CALLBACK_STATES = ['pending', 'delivered', 'done', 'expired', 'cancelled'] as const;
export type CallbackState = (typeof CALLBACK_STATES)[number];

export interface CallbackRecord {
  id: number;
  campaignId: number;
  contactId: number;
  type: CallbackType;
  /** Owner for Agent / StrictAgent callbacks. */
  agentId: string | null;
  dueAt: number;
  expiresAt: number;
  number: string;
  timezone: string;
  notes: string;
  state: CallbackState;
  createdAt: number;
}

export type NewCallback = Omit<CallbackRecord, 'id' | 'state'>;
