import { VirtualClock } from '../../src/clock/virtual-clock.ts';
import { THROWING_LOG } from '../../src/log/log.ts';
import { Dialer } from '../../src/dialer/dialer.ts';
import { DEFAULT_DIALER_OPTIONS, type DialerOptions } from '../../src/dialer/dialer-options.ts';
import { EmbeddedAgentApi } from '../../src/dialer/embedded-agent-api.ts';
import { SimulatedAgent } from '../../src/dialer/bots/simulated-agent.ts';
import { seedDemo, DEMO_PASSWORD, type DemoSummary } from '../../src/demo/demo-data.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';
import { SimulatedNetwork } from '../../src/telephony/simulated-network.ts';
import { parseSimulatedNetworkConfig } from '../../src/telephony/simulated-network-config.ts';
import { Rng } from '../../src/random/rng.ts';

/** Monday 5 January 2026, 10:00 in New York: inside every demo contact's calling window but the far west's. */
export const MONDAY_10_NY = Date.UTC(2026, 0, 5, 15, 0, 0);

export interface Harness {
  clock: VirtualClock;
  store: Store;
  network: SimulatedNetwork;
  dialer: Dialer;
  api: EmbeddedAgentApi;
  demo: DemoSummary;
  close(): Promise<void>;
}

/** The embedded dialer on a virtual clock, a SQLite store in memory and the seeded simulated network. */
export async function startHarness(options: {
  start?: number; contactsPerList?: number; botAgents?: number; seed?: number; dialer?: Partial<DialerOptions>; network?: unknown; store?: Store;
} = {}): Promise<Harness> {
  const clock = new VirtualClock(options.start ?? MONDAY_10_NY);
  const store = options.store ?? (await openStore(':memory:'));
  const network = new SimulatedNetwork(clock, parseSimulatedNetworkConfig(options.network ?? { seed: options.seed ?? 7 }));
  const dialer = new Dialer({ store, clock, network, options: { ...DEFAULT_DIALER_OPTIONS, ...options.dialer }, log: THROWING_LOG });
  clock.addSettler(() => dialer.whenIdle());
  const api = new EmbeddedAgentApi(dialer);
  await api.init([], false);
  const demo = await seedDemo(store, { now: clock.now(), contactsPerList: options.contactsPerList ?? 500, botAgents: options.botAgents ?? 0, seed: options.seed ?? 7 });
  return {
    clock, store, network, dialer, api, demo,
    async close() {
      await dialer.shutdown();
      await store.close();
    },
  };
}

export function startBots(h: Harness, agentIds: string[], seed = 11, wrapSeconds = 10): SimulatedAgent[] {
  const rng = new Rng(seed);
  return agentIds.map((agentId, i) => {
    const bot = new SimulatedAgent(h.api, h.clock, {
      agentId, extension: String(45001 + i), password: DEMO_PASSWORD, zoneName: 'Default', locale: 'en-US', timeZone: 'America/New_York',
      wrapSeconds: () => wrapSeconds, previewSeconds: () => 5, random: () => rng.next(),
    });
    bot.start();
    return bot;
  });
}
