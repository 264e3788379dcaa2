/**
 * What keeps a campaign from dialing as configured, in words a supervisor acts on. Shown on the
 * campaign page and beside its job in the floor status.
 */
import type { AgentRecord, CampaignRecord } from '../store/records.ts';

const percent = (rate: number): string => `${Math.round(rate * 10_000) / 100}%`;

export function campaignWarnings(campaign: CampaignRecord, agents: readonly Pick<AgentRecord, 'skills' | 'teamName' | 'enabled'>[]): string[] {
  const warnings: string[] = [];
  const { pacing, amdEstimates } = campaign;
  // A person the detection takes for a machine is hung up on: an abandoned call whatever the pacing does.
  const detectionDrops = campaign.amd && campaign.type !== 'Preview' && campaign.answeringMachineAction !== 'connect';
  if (detectionDrops && amdEstimates.falsePositive >= pacing.abandonCap) {
    warnings.push(`Answering-machine detection's estimated false positives (${percent(amdEstimates.falsePositive)}) alone break the `
      + `${percent(pacing.abandonCap)} abandon cap: the job can only dial progressively and still exceeds the cap. `
      + `Use a detector with fewer than ${percent(pacing.targetAbandonRate)} false positives, or connect machines to agents.`);
  } else if (detectionDrops && amdEstimates.falsePositive >= pacing.targetAbandonRate) {
    warnings.push(`Answering-machine detection's estimated false positives (${percent(amdEstimates.falsePositive)}) alone use up the `
      + `${percent(pacing.targetAbandonRate)} abandon target: the job dials progressively. Use a detector with fewer false positives, or connect machines to agents.`);
  }
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
