/** The repositories of campaigns and completion codes. */
import type { CampaignRecord, CompletionCode } from '../records/campaign.ts';

/**
 * Campaigns offer completion codes by id: a write defines the codes it names that are not defined
 * yet (as given) and leaves the others as they are; a read gives the codes as defined now.
 */
export interface CampaignRepository {
  /** A CONFLICT error if a campaign of that name, case folded, exists. */
  create(campaign: Omit<CampaignRecord, 'id'>): Promise<CampaignRecord>;
  update(campaign: CampaignRecord): Promise<void>;
  /** False if there was none. Refused by the database while jobs refer to it. */
  remove(id: number): Promise<boolean>;
  findById(id: number): Promise<CampaignRecord | undefined>;
  findByName(name: string): Promise<CampaignRecord | undefined>;
  list(): Promise<CampaignRecord[]>;
}

export interface CompletionCodeRepository {
  /** By id (numeric ids in numeric order). */
  list(): Promise<CompletionCode[]>;
  findById(codeID: string): Promise<CompletionCode | undefined>;
  /** Defines the code, or replaces its definition. */
  upsert(code: CompletionCode): Promise<void>;
  /** Defines those of the codes not defined yet; leaves the others as they are. */
  ensure(codes: readonly CompletionCode[]): Promise<void>;
  remove(codeID: string): Promise<boolean>;
}
