/** The tables of inbound queues and calls. */
import type { Generated } from 'kysely';
import type { Json } from './columns.ts';
import type { QueueDefinition } from '../../acd/queue-types.ts';
import type { InboundCallResult } from '../records/inbound.ts';

export interface QueuesTable {
  id: Generated<number>;
  name: string;
  organization_name: string;
  skill: string;
  routing: QueueDefinition['routing'];
  service_level_seconds: number;
  announcement_seconds: number;
  overflow_queue: string | null;
  overflow_after_seconds: number;
  wrapup_seconds: number;
  /** JSON string[]: codeIDs of completion_codes. */
  completion_codes: Json;
  default_completion_code: string;
}

export interface InboundCallsTable {
  id: Generated<number>;
  call_id: string;
  queue: string;
  overflowed_from: string | null;
  calling_number: string;
  arrived_at: number;
  answered_at: number | null;
  ended_at: number | null;
  result: InboundCallResult;
  agent_id: string | null;
  completion_code: string | null;
}
