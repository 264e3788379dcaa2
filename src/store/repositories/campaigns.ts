import type { Insertable, Kysely, Selectable } from 'kysely';
import type { AmdEstimates, CallingWindow, CampaignRecord, CompletionCode, PacingParameters, RetryRules } from '../records.ts';
import type { CampaignsTable, Database } from '../schema.ts';
import type { CampaignRepository } from '../store.ts';
import { expectUpdated, fromFlag, fromJson, insertNamed, toFlag, toJson } from './columns.ts';
import { KyselyCompletionCodeRepository } from './completion-codes.ts';

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
    completion_codes: toJson(campaign.completionCodes.map((c) => c.codeID)),
    default_completion_code: campaign.defaultCompletionCode,
    calling_window: toJson(campaign.callingWindow),
    retry_rules: toJson(campaign.retryRules),
    max_attempts: campaign.maxAttempts,
    max_attempts_per_number: campaign.maxAttemptsPerNumber,
    no_answer_timeout_seconds: campaign.noAnswerTimeoutSeconds,
    minimum_ring_seconds: campaign.minimumRingSeconds,
    caller_id: campaign.callerId,
    callback_expiry_minutes: campaign.callbackExpiryMinutes,
    amd_estimates: toJson(campaign.amdEstimates),
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

/** The campaign with its completion codes, in the order it lists them (codes since deleted are left out). */
function fromRow(row: CampaignRow, codes: ReadonlyMap<string, CompletionCode>): CampaignRecord {
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
    completionCodes: fromJson<string[]>(row.completion_codes).flatMap((id) => codes.get(id) ?? []),
    defaultCompletionCode: row.default_completion_code,
    callingWindow: fromJson<CallingWindow>(row.calling_window),
    retryRules: fromJson<RetryRules>(row.retry_rules),
    maxAttempts: row.max_attempts,
    maxAttemptsPerNumber: row.max_attempts_per_number,
    noAnswerTimeoutSeconds: row.no_answer_timeout_seconds,
    minimumRingSeconds: row.minimum_ring_seconds,
    callerId: row.caller_id,
    callbackExpiryMinutes: row.callback_expiry_minutes,
    amdEstimates: fromJson<AmdEstimates>(row.amd_estimates),
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

/**
 * Campaigns refer to completion codes by id. Writing a campaign defines the codes it names that are
 * not defined yet (as given) and never changes those that are; reading one gives the codes' current
 * definitions.
 */
export class KyselyCampaignRepository implements CampaignRepository {
  private readonly codes: KyselyCompletionCodeRepository;

  constructor(private readonly db: Kysely<Database>) {
    this.codes = new KyselyCompletionCodeRepository(db);
  }

  private async codeMap(): Promise<Map<string, CompletionCode>> {
    return new Map((await this.codes.list()).map((c) => [c.codeID, c]));
  }

  async create(campaign: Omit<CampaignRecord, 'id'>): Promise<CampaignRecord> {
    await this.codes.ensure(campaign.completionCodes);
    const row = await insertNamed('campaign', campaign.name, () => this.db.insertInto('campaigns').values(toRow(campaign)).returningAll().executeTakeFirstOrThrow());
    return fromRow(row, await this.codeMap());
  }

  async update(campaign: CampaignRecord): Promise<void> {
    await this.codes.ensure(campaign.completionCodes);
    const result = await this.db.updateTable('campaigns').set(toRow(campaign)).where('id', '=', campaign.id)
      .executeTakeFirst();
    expectUpdated(result, 'campaign', campaign.id);
  }

  async remove(id: number): Promise<boolean> {
    const result = await this.db.deleteFrom('campaigns').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async findById(id: number): Promise<CampaignRecord | undefined> {
    const row = await this.db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
    return row && fromRow(row, await this.codeMap());
  }

  async findByName(name: string): Promise<CampaignRecord | undefined> {
    const row = await this.db.selectFrom('campaigns').selectAll().where('name', '=', name).executeTakeFirst();
    return row && fromRow(row, await this.codeMap());
  }

  async list(): Promise<CampaignRecord[]> {
    const rows = await this.db.selectFrom('campaigns').selectAll().orderBy('id').execute();
    const codes = await this.codeMap();
    return rows.map((row) => fromRow(row, codes));
  }
}
