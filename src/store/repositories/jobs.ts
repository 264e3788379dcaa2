import type { Kysely, Selectable } from 'kysely';
import type { JobRecord, JobState } from '../records.ts';
import type { Database, JobsTable } from '../schema.ts';
import type { JobRepository } from '../store.ts';
import { expectUpdated } from './columns.ts';

function fromRow(row: Selectable<JobsTable>): JobRecord {
  return { id: row.id, campaignId: row.campaign_id, state: row.state, startedAt: row.started_at, endedAt: row.ended_at };
}

const ACTIVE_STATES: JobState[] = ['running', 'paused'];

export class KyselyJobRepository implements JobRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(campaignId: number, now: number): Promise<JobRecord> {
    const row = await this.db.insertInto('jobs')
      .values({ campaign_id: campaignId, state: 'running', started_at: now, ended_at: null })
      .returningAll().executeTakeFirstOrThrow();
    return fromRow(row);
  }

  async setState(id: number, state: JobState, now: number): Promise<void> {
    // A job ends when it stops or completes; pausing and resuming leave it open.
    const endedAt = ACTIVE_STATES.includes(state) ? null : now;
    const result = await this.db.updateTable('jobs').set({ state, ended_at: endedAt }).where('id', '=', id)
      .executeTakeFirst();
    expectUpdated(result, 'job', id);
  }

  async findById(id: number): Promise<JobRecord | undefined> {
    const row = await this.db.selectFrom('jobs').selectAll().where('id', '=', id).executeTakeFirst();
    return row && fromRow(row);
  }

  async active(): Promise<JobRecord[]> {
    const rows = await this.db.selectFrom('jobs').selectAll().where('state', 'in', ACTIVE_STATES).orderBy('id').execute();
    return rows.map(fromRow);
  }

  async list(campaignId?: number): Promise<JobRecord[]> {
    let query = this.db.selectFrom('jobs').selectAll();
    if (campaignId !== undefined) query = query.where('campaign_id', '=', campaignId);
    const rows = await query.orderBy('id').execute();
    return rows.map(fromRow);
  }
}
