/** The repositories of inbound queues and calls. */
import type { InboundCallRecord, InboundCallUpdate, NewInboundCall, QueueRecord } from '../records/inbound.ts';

export interface QueueRepository {
  list(): Promise<QueueRecord[]>;
  findByName(name: string): Promise<QueueRecord | undefined>;
  create(queue: Omit<QueueRecord, 'id'>): Promise<QueueRecord>;
  /** False if there is no such queue. */
  update(name: string, change: Omit<QueueRecord, 'id' | 'name'>): Promise<boolean>;
  delete(name: string): Promise<boolean>;
}

export interface InboundCallRepository {
  insert(call: NewInboundCall): Promise<InboundCallRecord>;
  update(id: number, change: InboundCallUpdate): Promise<void>;
  /** Calls abandoned in queue that arrived in [from, to), oldest first; one queue or all. */
  abandoned(query: { from: number; to: number; queue?: string; limit?: number; offset?: number }): Promise<InboundCallRecord[]>;
  countAbandoned(query: { from: number; to: number; queue?: string }): Promise<number>;
}
