/** The supervisor utilities' repositories: users and sessions, audit log, purge and upload records, data sources. */
import type { Kysely, Selectable } from 'kysely';
import type {
  AuditRecord, DataSourceRecord, DataSourceScheduleRecord, ManualUploadRecord, NewAuditRecord, PurgeDataRecord,
  ScheduleState, SupervisorSessionRecord, SupervisorUserRecord,
} from '../records.ts';
import type {
  AuditLogTable, Database, DataSourceSchedulesTable, DataSourcesTable, OutboundManualUploadUtilityTable,
  OutboundPurgeDataTable, SupervisorSessionsTable, SupervisorUsersTable,
} from '../schema.ts';
import type {
  AuditRepository, DataSourceRepository, ManualUploadRepository, PurgeDataRepository, SupervisorRepository,
} from '../store.ts';
import { expectUpdated, fromFlag, fromJson, toFlag, toJson } from './columns.ts';

const userFromRow = (r: Selectable<SupervisorUsersTable>): SupervisorUserRecord => ({
  username: r.username, name: r.name, role: r.role, passwordHash: r.password_hash, createdAt: r.created_at, disabled: fromFlag(r.disabled),
});

const sessionFromRow = (r: Selectable<SupervisorSessionsTable>): SupervisorSessionRecord => ({
  tokenHash: r.token_hash, username: r.username, role: r.role, createdAt: r.created_at, lastSeenAt: r.last_seen_at,
  expiresAt: r.expires_at, endedAt: r.ended_at,
});

export class KyselySupervisorRepository implements SupervisorRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async upsertUser(u: SupervisorUserRecord): Promise<void> {
    const values = {
      username: u.username, name: u.name, role: u.role, password_hash: u.passwordHash, created_at: u.createdAt, disabled: toFlag(u.disabled),
    };
    await this.db.insertInto('supervisor_users').values(values)
      .onConflict((oc) => oc.column('username').doUpdateSet({
        name: values.name, role: values.role, password_hash: values.password_hash, disabled: values.disabled,
      }))
      .execute();
  }

  async findUser(username: string): Promise<SupervisorUserRecord | undefined> {
    const row = await this.db.selectFrom('supervisor_users').selectAll().where('username', '=', username).executeTakeFirst();
    return row && userFromRow(row);
  }

  async listUsers(): Promise<SupervisorUserRecord[]> {
    const rows = await this.db.selectFrom('supervisor_users').selectAll().orderBy('username').execute();
    return rows.map(userFromRow);
  }

  async createSession(s: Omit<SupervisorSessionRecord, 'endedAt'>): Promise<void> {
    await this.db.insertInto('supervisor_sessions').values({
      token_hash: s.tokenHash, username: s.username, role: s.role, created_at: s.createdAt, last_seen_at: s.lastSeenAt,
      expires_at: s.expiresAt, ended_at: null,
    }).execute();
  }

  async findSession(tokenHash: string): Promise<SupervisorSessionRecord | undefined> {
    const row = await this.db.selectFrom('supervisor_sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    return row && sessionFromRow(row);
  }

  async touchSession(tokenHash: string, lastSeenAt: number): Promise<void> {
    const result = await this.db.updateTable('supervisor_sessions').set({ last_seen_at: lastSeenAt }).where('token_hash', '=', tokenHash).executeTakeFirst();
    expectUpdated(result, 'session', tokenHash);
  }

  async extendSession(tokenHash: string, now: number, expiresAt: number): Promise<boolean> {
    const result = await this.db.updateTable('supervisor_sessions').set({ expires_at: expiresAt })
      .where('token_hash', '=', tokenHash).where('ended_at', 'is', null).where('expires_at', '>', now)
      .executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  async endSession(tokenHash: string, at: number): Promise<void> {
    await this.db.updateTable('supervisor_sessions').set({ ended_at: at })
      .where('token_hash', '=', tokenHash).where('ended_at', 'is', null).execute();
  }

  async endSessionsOf(username: string, at: number): Promise<number> {
    const result = await this.db.updateTable('supervisor_sessions').set({ ended_at: at })
      .where('username', '=', username).where('ended_at', 'is', null).executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}

const auditFromRow = (r: Selectable<AuditLogTable>): AuditRecord => ({
  id: r.id, at: r.at, username: r.username, role: r.role, action: r.action, target: r.target, outcome: r.outcome,
  counts: fromJson<Record<string, number>>(r.counts), details: fromJson<Record<string, unknown>>(r.details),
});

export class KyselyAuditRepository implements AuditRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(a: NewAuditRecord): Promise<AuditRecord> {
    const row = await this.db.insertInto('audit_log').values({
      at: a.at, username: a.username, role: a.role, action: a.action, target: a.target, outcome: a.outcome,
      counts: toJson(a.counts), details: toJson(a.details),
    }).returningAll().executeTakeFirstOrThrow();
    return auditFromRow(row);
  }

  async list(f: { username?: string; action?: string; from?: number; to?: number; beforeId?: number; limit: number }): Promise<AuditRecord[]> {
    let q = this.db.selectFrom('audit_log').selectAll();
    if (f.username !== undefined) q = q.where('username', '=', f.username);
    if (f.action !== undefined) q = q.where('action', '=', f.action);
    if (f.from !== undefined) q = q.where('at', '>=', f.from);
    if (f.to !== undefined) q = q.where('at', '<', f.to);
    if (f.beforeId !== undefined) q = q.where('id', '<', f.beforeId);
    const rows = await q.orderBy('id', 'desc').limit(f.limit).execute();
    return rows.map(auditFromRow);
  }
}

const purgeFromRow = (r: Selectable<OutboundPurgeDataTable>): PurgeDataRecord => ({
  id: r.id, mode: r.mode, contactList: r.contact_list, campaignId: r.campaign_id, beforePurging: r.before_purging,
  afterPurging: r.after_purging, businessParameter: r.business_parameter, userName: r.user_name, createdAt: r.created_at,
});

export class KyselyPurgeDataRepository implements PurgeDataRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insertMany(rows: Omit<PurgeDataRecord, 'id'>[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db.insertInto('outbound_purge_data').values(rows.map((r) => ({
      mode: r.mode, contact_list: r.contactList, campaign_id: r.campaignId, before_purging: r.beforePurging,
      after_purging: r.afterPurging, business_parameter: r.businessParameter, user_name: r.userName, created_at: r.createdAt,
    }))).execute();
  }

  async list(limit: number, contactList?: string): Promise<PurgeDataRecord[]> {
    let q = this.db.selectFrom('outbound_purge_data').selectAll();
    if (contactList !== undefined) q = q.where('contact_list', '=', contactList);
    const rows = await q.orderBy('id', 'desc').limit(limit).execute();
    return rows.map(purgeFromRow);
  }
}

const uploadFromRow = (r: Selectable<OutboundManualUploadUtilityTable>): ManualUploadRecord => ({
  id: r.id, contactListId: r.contact_list_id, contactListName: r.contact_list_name, fileName: r.file_name, type: r.type,
  userName: r.user_name, createdAt: r.created_at, uploadTime: r.upload_time, uploadId: r.upload_id, status: r.status, error: r.error,
});

export class KyselyManualUploadRepository implements ManualUploadRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(u: Omit<ManualUploadRecord, 'id'>): Promise<ManualUploadRecord> {
    const row = await this.db.insertInto('outbound_manual_upload_utility').values({
      contact_list_id: u.contactListId, contact_list_name: u.contactListName, file_name: u.fileName, type: u.type,
      user_name: u.userName, created_at: u.createdAt, upload_time: u.uploadTime, upload_id: u.uploadId, status: u.status, error: u.error,
    }).returningAll().executeTakeFirstOrThrow();
    return uploadFromRow(row);
  }

  async findById(id: number): Promise<ManualUploadRecord | undefined> {
    const row = await this.db.selectFrom('outbound_manual_upload_utility').selectAll().where('id', '=', id).executeTakeFirst();
    return row && uploadFromRow(row);
  }

  async update(id: number, c: Partial<Pick<ManualUploadRecord, 'uploadTime' | 'uploadId' | 'status' | 'error' | 'fileName' | 'userName'>>): Promise<void> {
    const set = {
      ...(c.uploadTime === undefined ? {} : { upload_time: c.uploadTime }),
      ...(c.uploadId === undefined ? {} : { upload_id: c.uploadId }),
      ...(c.status === undefined ? {} : { status: c.status }),
      ...(c.error === undefined ? {} : { error: c.error }),
      ...(c.fileName === undefined ? {} : { file_name: c.fileName }),
      ...(c.userName === undefined ? {} : { user_name: c.userName }),
    };
    if (Object.keys(set).length === 0) return;
    const result = await this.db.updateTable('outbound_manual_upload_utility').set(set).where('id', '=', id).executeTakeFirst();
    expectUpdated(result, 'manual upload', id);
  }

  async list(limit: number): Promise<ManualUploadRecord[]> {
    const rows = await this.db.selectFrom('outbound_manual_upload_utility').selectAll().orderBy('id', 'desc').limit(limit).execute();
    return rows.map(uploadFromRow);
  }
}

const sourceFromRow = (r: Selectable<DataSourcesTable>): DataSourceRecord => ({
  id: r.id, name: r.name, type: r.type, contactListId: r.contact_list_id, fileName: r.file_name, createdAt: r.created_at,
});

const scheduleFromRow = (r: Selectable<DataSourceSchedulesTable>): DataSourceScheduleRecord => ({
  id: r.id, dataSourceId: r.data_source_id, startAt: r.start_at, timeZone: r.time_zone, state: r.state,
  importRunId: r.import_run_id, error: r.error, createdAt: r.created_at,
});

export class KyselyDataSourceRepository implements DataSourceRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(s: Omit<DataSourceRecord, 'id'>): Promise<DataSourceRecord> {
    const row = await this.db.insertInto('data_sources').values({
      name: s.name, type: s.type, contact_list_id: s.contactListId, file_name: s.fileName, created_at: s.createdAt,
    }).returningAll().executeTakeFirstOrThrow();
    return sourceFromRow(row);
  }

  async findById(id: number): Promise<DataSourceRecord | undefined> {
    const row = await this.db.selectFrom('data_sources').selectAll().where('id', '=', id).executeTakeFirst();
    return row && sourceFromRow(row);
  }

  async findByName(name: string): Promise<DataSourceRecord | undefined> {
    const row = await this.db.selectFrom('data_sources').selectAll().where('name', '=', name).executeTakeFirst();
    return row && sourceFromRow(row);
  }

  async list(contactListId?: number): Promise<DataSourceRecord[]> {
    let q = this.db.selectFrom('data_sources').selectAll();
    if (contactListId !== undefined) q = q.where('contact_list_id', '=', contactListId);
    const rows = await q.orderBy('id').execute();
    return rows.map(sourceFromRow);
  }

  async createSchedule(s: Omit<DataSourceScheduleRecord, 'id' | 'state' | 'importRunId' | 'error'>): Promise<DataSourceScheduleRecord> {
    const row = await this.db.insertInto('data_source_schedules').values({
      data_source_id: s.dataSourceId, start_at: s.startAt, time_zone: s.timeZone, state: 'scheduled', import_run_id: null, error: null, created_at: s.createdAt,
    }).returningAll().executeTakeFirstOrThrow();
    return scheduleFromRow(row);
  }

  async findSchedule(id: number): Promise<DataSourceScheduleRecord | undefined> {
    const row = await this.db.selectFrom('data_source_schedules').selectAll().where('id', '=', id).executeTakeFirst();
    return row && scheduleFromRow(row);
  }

  async findSchedules(ids: readonly number[]): Promise<DataSourceScheduleRecord[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('data_source_schedules').selectAll().where('id', 'in', [...new Set(ids)]).orderBy('id').execute();
    return rows.map(scheduleFromRow);
  }

  async setScheduleState(id: number, state: ScheduleState, change: { importRunId?: number | null; error?: string | null } = {}): Promise<void> {
    const result = await this.db.updateTable('data_source_schedules').set({
      state,
      ...(change.importRunId === undefined ? {} : { import_run_id: change.importRunId }),
      ...(change.error === undefined ? {} : { error: change.error }),
    }).where('id', '=', id).executeTakeFirst();
    expectUpdated(result, 'schedule', id);
  }

  async unfinishedSchedules(): Promise<DataSourceScheduleRecord[]> {
    const rows = await this.db.selectFrom('data_source_schedules').selectAll()
      .where('state', 'in', ['scheduled', 'running']).orderBy('start_at').orderBy('id').execute();
    return rows.map(scheduleFromRow);
  }

  async listSchedules(dataSourceId?: number): Promise<DataSourceScheduleRecord[]> {
    let q = this.db.selectFrom('data_source_schedules').selectAll();
    if (dataSourceId !== undefined) q = q.where('data_source_id', '=', dataSourceId);
    const rows = await q.orderBy('id').execute();
    return rows.map(scheduleFromRow);
  }
}
