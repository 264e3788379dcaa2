/** Inbound queues and calls. */
import type { QueueDefinition } from '../../acd/queue-types.ts';

/** An inbound queue (acd/queue-types.ts) as the store keeps it. */
export interface QueueRecord extends QueueDefinition {
  id: number;
  organizationName: string;
}

/**
 * How an inbound call ended in the ACD:
 *
 *   waiting ──► answered (an agent took it) ──► ended at disposition
 *      └──► abandoned (the caller gave up)
 * An overflowed call stays one row: `queue` is where it was answered or abandoned, `overflowedFrom` where it arrived.
 */
export type InboundCallResult = 'waiting' | 'answered' | 'abandoned';

export interface InboundCallRecord {
  id: number;
  /** The network's call id (the UCID the desktop sees). */
  callId: string;
  queue: string;
  overflowedFrom: string | null;
  callingNumber: string;
  arrivedAt: number;
  answeredAt: number | null;
  /** The caller hung up, or the agent released. */
  endedAt: number | null;
  result: InboundCallResult;
  agentId: string | null;
  completionCode: string | null;
}

export type NewInboundCall = Pick<InboundCallRecord, 'callId' | 'queue' | 'callingNumber' | 'arrivedAt'>;
export type InboundCallUpdate = Partial<Pick<InboundCallRecord, 'queue' | 'overflowedFrom' | 'answeredAt' | 'endedAt' | 'result' | 'agentId' | 'completionCode'>>;
