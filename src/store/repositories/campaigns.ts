import type { Insertable, Kysely, Selectable } from 'kysely';
import type { CallingWindow, CampaignRecord, CompletionCode, PacingParameters, RetryRules } from '../records.ts';
import type { CampaignsTable, Database } from '../schema.ts';
import type { CampaignRepository } from '../store.ts';
import { expectUpdated, fromFlag, fromJson, toFlag, toJson } from './columns.ts';

type CampaignRow = Selectable<CampaignsTable>;
type CampaignValues = Omit<Insertable<CampaignsTable>, 'id'>;

function toRow(campaign: Omit<CampaignRecord, 'id'>): CampaignValues {
  return {
    name: campaign.name,
    organization_name: campaign.organizationName,
    team_name: campaign.teamName,
    skillset_name: campaign.skillsetName,
    skillset_id: campaign.skillsetId,
    type: campaign.type,
    contact_list_id: campaign.contactListId,
    dnc_list_ids: toJson(campaign.dncListIds),
    completion_codes: toJson(campaign.completionCodes),
    default_completion_code: campaign.defaultCompletionCode,
    calling_window: toJson(campaign.callingWindow),
    retry_rules: toJson(campaign.retryRules),
    max_attempts: campaign.maxAttempts,
    no_answer_timeout_seconds: campaign.noAnswerTimeoutSeconds,
    preview_timed: toFlag(campaign.previewTimed),
    preview_timeout_seconds: campaign.previewTimeoutSeconds,
    preview_can_cancel: toFlag(campaign.previewCanCancel),
    wrapup_seconds: campaign.wrapupSeconds,
    wrapup_extendable: toFlag(campaign.wrapupExtendable),
    amd: toFlag(campaign.amd),
    answering_machine_action: campaign.answeringMachineAction,
    pacing: toJson(campaign.pacing),
    priority: campaign.priority,
  };
}

function fromRow(row: CampaignRow): CampaignRecord {
  return {
    id: row.id,
    name: row.name,
    organizationName: row.organization_name,
    teamName: row.team_name,
    skillsetName: row.skillset_name,
    skillsetId: row.skillset_id,
    type: row.type,
    contactListId: row.contact_list_id,
    dncListIds: fromJson<number[]>(row.dnc_list_ids),
    completionCodes: fromJson<CompletionCode[]>(row.completion_codes),
    defaultCompletionCode: row.default_completion_code,
    callingWindow: fromJson<CallingWindow>(row.calling_window),
    retryRules: fromJson<RetryRules>(row.retry_rules),
    maxAttempts: row.max_attempts,
    noAnswerTimeoutSeconds: row.no_answer_timeout_seconds,
    previewTimed: fromFlag(row.preview_timed),
    previewTimeoutSeconds: row.preview_timeout_seconds,
    previewCanCancel: fromFlag(row.preview_can_cancel),
    wrapupSeconds: row.wrapup_seconds,
    wrapupExtendable: fromFlag(row.wrapup_extendable),
    amd: fromFlag(row.amd),
    answeringMachineAction: row.answering_machine_action,
    pacing: fromJson<PacingParameters>(row.pacing),
    priority: row.priority,
  };
}

export class KyselyCampaignRepository implements CampaignRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async create(campaign: Omit<CampaignRecord, 'id'>): Promise<CampaignRecord> {
    const row = await this.db.insertInto('campaigns').values(toRow(campaign)).returningAll().executeTakeFirstOrThrow();
    return fromRow(row);
  }

  async update(campaign: CampaignRecord): Promise<void> {
    const result = await this.db.updateTable('campaigns').set(toRow(campaign)).where('id', '=', campaign.id)
      .executeTakeFirst();
    expectUpdated(result, 'campaign', campaign.id);
  }

  async findById(id: number): Promise<CampaignRecord | undefined> {
    const row = await this.db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
    return row && fromRow(row);
  }

  async findByName(name: string): Promise<CampaignRecord | undefined> {
    const row = await this.db.selectFrom('campaigns').selectAll().where('name', '=', name).executeTakeFirst();
    return row && fromRow(row);
  }

  async list(): Promise<CampaignRecord[]> {
    const rows = await this.db.selectFrom('campaigns').selectAll().orderBy('id').execute();
    return rows.map(fromRow);
  }
}
