/**
 * Answer detection that hangs up on people (drop, or a machine's message) abandons its false
 * positives whatever the pacing does: when its estimated error rate alone uses up the campaign's
 * abandon target, or breaks the cap, the supervisor is told, with the rate that would comply. Shown
 * on the campaign page and in the floor status (admin/campaign-warnings.ts), and logged when a job
 * starts.
 */
import type { CampaignRecord } from '../../store/records.ts';

type DetectionSettings = Pick<CampaignRecord, 'type' | 'amd' | 'answeringMachineAction' | 'amdEstimates' | 'pacing'>;

const percent = (rate: number): string => `${Math.round(rate * 10_000) / 100}%`;

/** Whether the detection's false positives alone use up the target ('target') or break the cap ('cap'); null: neither. */
function detectionLimit(campaign: DetectionSettings): 'cap' | 'target' | null {
  const hangsUpOnPeople = campaign.amd && campaign.type !== 'Preview' && campaign.answeringMachineAction !== 'connect';
  if (!hangsUpOnPeople) return null;
  const { falsePositive } = campaign.amdEstimates;
  if (falsePositive >= campaign.pacing.abandonCap) return 'cap';
  if (falsePositive >= campaign.pacing.targetAbandonRate) return 'target';
  return null;
}

/** The warning, in words a supervisor acts on; null when the detection leaves the pacing its budget. */
export function detectionWarning(campaign: DetectionSettings): string | null {
  const limit = detectionLimit(campaign);
  if (!limit) return null;
  const { pacing } = campaign;
  const fp = percent(campaign.amdEstimates.falsePositive);
  // Only predictive pacing towards a target forecasts when agents free up; the others dial progressively then.
  const dialing = campaign.type === 'Predictive' && pacing.method === 'target'
    ? 'the job dials only for agents about to be free, with next to no overdial'
    : 'the job dials progressively';
  if (limit === 'cap') {
    return `Answering-machine detection's estimated false positives (${fp}) alone break the ${percent(pacing.abandonCap)} abandon cap: `
      + `about ${fp} of the people who answer are hung up on whatever the pacing; ${dialing}. `
      + `Use a detector with fewer than ${percent(pacing.abandonCap)} false positives to keep the cap `
      + `(fewer than ${percent(pacing.targetAbandonRate)} for full predictive pacing), or connect machines to agents.`;
  }
  return `Answering-machine detection's estimated false positives (${fp}) alone use up the ${percent(pacing.targetAbandonRate)} abandon target: `
    + `${dialing}. Use a detector with fewer than ${percent(pacing.targetAbandonRate)} false positives for full predictive pacing, `
    + 'or connect machines to agents.';
}
