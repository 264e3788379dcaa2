/**
 * What keeps a campaign from dialing as configured, in words a supervisor acts on. Shown on the
 * campaign page and beside its job in the floor status.
 */
import type { AgentRecord, CampaignRecord } from '../store/records.ts';
import { detectionWarning } from '../dialer/pacing/detection-warning.ts';

export function campaignWarnings(campaign: CampaignRecord, agents: readonly Pick<AgentRecord, 'skills' | 'teamName' | 'enabled'>[]): string[] {
  const warnings: string[] = [];
  const detection = detectionWarning(campaign);
  if (detection) warnings.push(detection);
  const eligible = agents.filter((a) => a.enabled && (campaign.skillsetName ? a.skills.includes(campaign.skillsetName) : a.teamName === campaign.teamName));
  if (eligible.length === 0) {
    warnings.push(campaign.skillsetName
      ? `No enabled agent has the skill ${campaign.skillsetName}: nobody can be nailed to the job.`
      : `Team ${campaign.teamName} has no enabled agent: nobody can be nailed to the job.`);
  }
  if (Object.keys(campaign.callingWindow.hours).length === 0 && !campaign.callingWindow.states && !campaign.callingWindow.countries) {
    warnings.push('The calling window has no hours on any day: no contact can be dialed.');
  }
  return warnings;
}
