/** The callbacks table. */
import type { Generated } from 'kysely';
import type { CallbackState, CallbackType } from '../records/callback.ts';

export interface CallbacksTable {
  id: Generated<number>;
  campaign_id: number;
  contact_id: number;
  type: CallbackType;
  agent_id: string | null;
  due_at: number;
  expires_at: number;
  number: string;
  timezone: string;
  notes: string;
  state: CallbackState;
  created_at: number;
}
