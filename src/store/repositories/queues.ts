import type { Insertable, Kysely, Selectable } from 'kysely';
import type { QueueRecord } from '../records.ts';
import type { Database, QueuesTable } from '../schema.ts';
import type { QueueRepository } from '../store.ts';
import { fromJson, toJson } from './columns.ts';

type QueueColumns = Omit<Insertable<QueuesTable>, 'id' | 'name'>;

function columnsOf(queue: Omit<QueueRecord, 'id' | 'name'>): QueueColumns {
  return {
    organization_name: queue.organizationName,
    skill: queue.skill,
    routing: queue.routing,
    service_level_seconds: queue.serviceLevelSeconds,
    announcement_seconds: queue.announcementSeconds,
    overflow_queue: queue.overflowQueue,
    overflow_after_seconds: queue.overflowAfterSeconds,
    wrapup_seconds: queue.wrapupSeconds,
    completion_codes: toJson(queue.completionCodes),
    default_completion_code: queue.defaultCompletionCode,
  };
}

function queueOf(row: Selectable<QueuesTable>): QueueRecord {
  return {
    id: row.id,
    name: row.name,
    organizationName: row.organization_name,
    skill: row.skill,
    routing: row.routing,
    serviceLevelSeconds: row.service_level_seconds,
    announcementSeconds: row.announcement_seconds,
    overflowQueue: row.overflow_queue,
    overflowAfterSeconds: row.overflow_after_seconds,
    wrapupSeconds: row.wrapup_seconds,
    completionCodes: fromJson<string[]>(row.completion_codes),
    defaultCompletionCode: row.default_completion_code,
  };
}

export class KyselyQueueRepository implements QueueRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** In the order they were created. */
  async list(): Promise<QueueRecord[]> {
    const rows = await this.db.selectFrom('queues').selectAll().orderBy('id').execute();
    return rows.map(queueOf);
  }

  async findByName(name: string): Promise<QueueRecord | undefined> {
    const row = await this.db.selectFrom('queues').selectAll().where('name', '=', name).executeTakeFirst();
    return row && queueOf(row);
  }

  async create(queue: Omit<QueueRecord, 'id'>): Promise<QueueRecord> {
    const row = await this.db.insertInto('queues').values({ name: queue.name, ...columnsOf(queue) })
      .returningAll().executeTakeFirstOrThrow();
    return queueOf(row);
  }

  async update(name: string, change: Omit<QueueRecord, 'id' | 'name'>): Promise<boolean> {
    const result = await this.db.updateTable('queues').set(columnsOf(change)).where('name', '=', name).executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async delete(name: string): Promise<boolean> {
    const result = await this.db.deleteFrom('queues').where('name', '=', name).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
