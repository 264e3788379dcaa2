import type { Clock } from '../clock/clock.ts';
import type { NailupConfig } from '../config.ts';
import type { Dialer } from '../dialer/dialer.ts';
import { SimulatedAgent } from '../dialer/bots/simulated-agent.ts';
import type { PomAgentApi } from '../pom/agent-api.ts';
import { Rng } from '../random/rng.ts';
import { sample } from '../random/distributions.ts';
import type { DemoSummary } from './demo-data.ts';
import { DEMO_PASSWORD } from './demo-data.ts';

export interface DemoFloor {
  bots: SimulatedAgent[];
  stop(): void;
}

/** Starts the demo campaigns' jobs and logs the simulated agents on, so the floor is busy. */
export async function startDemoFloor(deps: { dialer: Dialer; agentApi: PomAgentApi; clock: Clock; summary: DemoSummary; config: Readonly<NailupConfig> }): Promise<DemoFloor> {
  const { dialer, agentApi, clock, summary, config } = deps;
  await dialer.startJob(summary.campaigns.preview.name);
  await dialer.startJob(summary.campaigns.predictive.name);
  const rng = new Rng(config.demo.seed);
  const bots = summary.botAgentIds.map((agentId, i) => new SimulatedAgent(agentApi, clock, {
    agentId,
    extension: String(45001 + i),
    password: DEMO_PASSWORD,
    zoneName: config.pom.zoneName,
    locale: config.pom.locale,
    timeZone: config.pom.timeZone,
    wrapSeconds: () => sample({ dist: 'uniform', min: 5, max: 20 }, rng),
    previewSeconds: () => sample({ dist: 'uniform', min: 3, max: 10 }, rng),
    random: () => rng.next(),
  }));
  for (const bot of bots) bot.start();
  return { bots, stop: () => bots.forEach((b) => b.stop()) };
}
