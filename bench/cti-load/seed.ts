/**
 * Prepares the load test's database: the demo data set (organization, preview campaign, contacts), the
 * simulated agents on the preview team, and a running job of the preview campaign that the server
 * resumes at start-up. No demo floor runs, so no in-process bot takes calls.
 */
import { everyDay } from '../../src/dialer/compliance/calling-window.ts';
import { openStore } from '../../src/store/open-store.ts';
import { hashPassword } from '../../src/store/password.ts';
import {
  DEMO_ORGANIZATION, DEMO_PASSWORD, DEMO_PREVIEW_CAMPAIGN, DEMO_PREVIEW_SKILL, DEMO_PREVIEW_TEAM, DEMO_ZONE, seedDemo,
} from '../../src/demo/demo-data.ts';

export const BENCH_PASSWORD = DEMO_PASSWORD;

export interface BenchAgent {
  agentID: string;
  extension: string;
}

/** Agent ids and extensions of the load test; outside the demo's 1001–1020 / 2001… and 44001… / 45001…. */
export function benchAgents(count: number): BenchAgent[] {
  return Array.from({ length: count }, (_, i) => ({ agentID: String(300_001 + i), extension: String(600_001 + i) }));
}

export interface SeedOptions {
  database: string;
  agents: number;
  contacts: number;
  now: number;
}

export async function seedBenchDatabase(options: SeedOptions): Promise<void> {
  const store = await openStore(options.database);
  try {
    await seedDemo(store, { now: options.now, contactsPerList: options.contacts, seed: 1, botAgents: 0 });
    const campaign = await store.campaigns.findByName(DEMO_PREVIEW_CAMPAIGN);
    if (!campaign) throw new Error(`the demo seed did not create ${DEMO_PREVIEW_CAMPAIGN}`);
    // Calls at any hour: the measurement must not depend on the contacts' local time of day.
    await store.campaigns.update({ ...campaign, callingWindow: { hours: everyDay('00:00', '24:00') } });
    const passwordHash = hashPassword(BENCH_PASSWORD);
    for (const agent of benchAgents(options.agents)) {
      await store.agents.upsert({
        agentId: agent.agentID,
        extension: agent.extension,
        lanId: `load${agent.agentID}`,
        firstName: 'Load',
        lastName: `Agent ${agent.agentID}`,
        name: `Load Agent ${agent.agentID}`,
        enabled: true,
        passwordHash,
        organizationName: DEMO_ORGANIZATION,
        teamName: DEMO_PREVIEW_TEAM,
        skills: [DEMO_PREVIEW_SKILL],
        skillLevels: {},
        locationPreference: 'primary',
        locale: 'en-US',
        timeZone: 'America/New_York',
        zoneName: DEMO_ZONE,
      });
    }
    await store.jobs.create(campaign.id, options.now);
  } finally {
    await store.close();
  }
}
