/** The tables of campaigns and completion codes. */
import type { Generated } from 'kysely';
import type { Flag, Json } from './columns.ts';
import type { AnsweringMachineAction, CampaignType, CompletionNextState } from '../records/campaign.ts';

export interface CampaignsTable {
  id: Generated<number>;
  name: string;
  organization_name: string;
  team_name: string;
  skillset_name: string;
  skillset_id: string;
  type: CampaignType;
  contact_list_id: number;
  /** JSON number[]. */
  dnc_list_ids: Json;
  /** JSON string[]: the codeIDs of completion_codes the campaign offers. */
  completion_codes: Json;
  default_completion_code: string;
  /** JSON CallingWindow. */
  calling_window: Json;
  /** JSON RetryRules. */
  retry_rules: Json;
  max_attempts: number;
  max_attempts_per_number: number;
  no_answer_timeout_seconds: number;
  minimum_ring_seconds: number;
  caller_id: string;
  callback_expiry_minutes: number;
  /** JSON AmdEstimates. */
  amd_estimates: Json;
  preview_timed: Flag;
  preview_timeout_seconds: number;
  preview_can_cancel: Flag;
  wrapup_seconds: number;
  wrapup_extendable: Flag;
  amd: Flag;
  answering_machine_action: AnsweringMachineAction;
  /** JSON PacingParameters. */
  pacing: Json;
  priority: number;
}

export interface CompletionCodesTable {
  code_id: string;
  code_value: string;
  next_state: CompletionNextState;
  retry_minutes: number | null;
  sale: Flag;
  right_party_contact: Flag;
}
