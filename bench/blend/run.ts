/**
 * The blending what-if: one floor on the virtual clock run twice with the same agents, callers and
 * contacts, blended (one team that the blender moves into the inbound queue when it needs agents) and
 * split (a fixed inbound team sized to the peak by Erlang C, and a fixed outbound team). Prints the
 * inbound service and the outbound work of each, and how much more outbound talk time blending gives.
 *
 *   npm run bench:blend -- [--json] [--agents 40] [--hours 8] [--seed 1] [--inbound-agents N]
 *                          [--release 45] [--min-outbound 3]
 */
import { parseArgs } from 'node:util';
import { DEFAULT_OPTIONS, runBlendBench, type BlendBenchOptions, type BlendBenchReport } from './compare.ts';
import { MAX_HOURS, type FloorResult } from './floor.ts';

const USAGE = 'usage: npm run bench:blend -- [--json] [--agents 40] [--hours 8] [--seed 1] [--inbound-agents N] [--release 45] [--min-outbound 3]';

function number(text: string | undefined, flag: string, fallback: number, check: (n: number) => boolean, expected: string): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || !check(n)) throw new Error(`--${flag}: expected ${expected}, got ${JSON.stringify(text)}`);
  return n;
}

const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const pct = (x: number, digits = 1): string => `${(100 * x).toFixed(digits)}%`;
const maybe = (x: number | null, f: (v: number) => string): string => (x === null ? '–' : f(x));
const signed = (x: number, f: (v: number) => string): string => (x >= 0 ? `+${f(x)}` : `−${f(-x)}`);

function lines(report: BlendBenchReport): string[] {
  const { blended: b, split: s, difference: d, sizing, setup } = report;
  const rows: Array<[string, (r: FloorResult) => string, string]> = [
    ['inbound offered', (r) => int(r.inbound.offered), ''],
    ['inbound answered', (r) => int(r.inbound.answered), ''],
    ['inbound abandoned', (r) => `${int(r.inbound.abandoned)} (${pct(r.inbound.abandonRate)})`, `${signed(d.inboundAbandonRatePoints, (v) => v.toFixed(1))} pts`],
    [`service level (${setup.serviceLevelSeconds} s)`, (r) => maybe(r.inbound.serviceLevelPercent, (v) => `${v.toFixed(1)}%`), d.serviceLevelPoints === null ? '' : `${signed(d.serviceLevelPoints, (v) => v.toFixed(1))} pts`],
    ['ASA', (r) => maybe(r.inbound.asaSeconds, (v) => `${v.toFixed(1)} s`), d.asaSeconds === null ? '' : `${signed(d.asaSeconds, (v) => v.toFixed(1))} s`],
    ['wait of answered calls: 90th pct / longest', (r) => `${maybe(r.inbound.waitP90Seconds, (v) => v.toFixed(1))} / ${maybe(r.inbound.waitMaxSeconds, (v) => v.toFixed(1))} s`, ''],
    ['inbound occupancy (of inbound-mode time)', (r) => pct(r.inbound.occupancy), ''],
    ['outbound attempts', (r) => int(r.outbound.attempts), ''],
    ['outbound live answers', (r) => int(r.outbound.liveAnswers), ''],
    ['outbound abandoned (of live answers)', (r) => `${int(r.outbound.abandoned)} (${pct(r.outbound.abandonRate, 2)})`, `${signed(d.outboundAbandonRatePoints, (v) => v.toFixed(2))} pts`],
    ['outbound connects', (r) => int(r.outbound.connects), signed(d.outboundConnects, int)],
    ['outbound talk hours', (r) => r.outbound.talkHours.toFixed(1), `${signed(d.outboundTalkHours, (v) => v.toFixed(1))} h (${signed(d.outboundTalkPercent, (v) => v.toFixed(1))}%)`],
    ['outbound occupancy (of outbound-mode time)', (r) => pct(r.outbound.occupancy), ''],
    ['outbound talk + wrap (of all agent time)', (r) => pct(r.outbound.shareOfFloor), ''],
    ['floor occupancy (all calls, all agent time)', (r) => pct(r.floor.occupancy), ''],
    ['agents in inbound mode (mean / max)', (r) => `${r.blending.inboundAgentsMean.toFixed(1)} / ${r.blending.inboundAgentsMax}`, ''],
    ['moves between modes (per agent-hour)', (r) => `${int(r.blending.toInbound + r.blending.toOutbound)} (${r.blending.movesPerAgentHour.toFixed(1)})`, ''],
    ['inbound stints: median length, calls each', (r) => (r.blending.stints === 0 ? '–' : `${maybe(r.blending.medianStintSeconds, (v) => `${v.toFixed(0)} s`)}, ${maybe(r.blending.callsPerStint, (v) => v.toFixed(2))}`), ''],
    ['inbound stints without a call', (r) => (r.blending.stints === 0 ? '–' : `${int(r.blending.stintsWithoutCall)} of ${int(r.blending.stints)}`), ''],
  ];
  const head = ['figure', 'blended', 'split', 'blended − split'];
  const body = rows.map(([label, f, diff]) => [label, f(b), f(s), diff]);
  const out = [
    `blending what-if: ${setup.agents} agents, ${setup.hours} h, seed ${setup.seed}`,
    `inbound: ${setup.callsPerHour.join(', ')} calls/h by hour; talk lognormal mean 240 s; patience exponential mean 90 s; wrap ${setup.wrapSeconds} s`,
    `outbound: S1's network (25 % live, machines dropped, no AMD), predictive pacing, 3 % abandon cap`,
    `blended: one team, blends in while calls wait > 0, oldest wait > ${setup.blending.oldestWaitAboveSeconds} s or SL < ${setup.blending.serviceLevelBelowPercent} %; back after ${setup.blending.releaseAfterEmptySeconds} s empty; ${setup.blending.minOutbound} always outbound`,
    `split: ${sizing.inboundAgents} inbound + ${setup.agents - sizing.inboundAgents} outbound (${sizing.method === 'erlangC' ? 'Erlang C staff' : 'given'}: peak ${sizing.peakCallsPerHour} calls/h × AHT ${sizing.ahtSeconds.toFixed(0)} s = ${sizing.peakErlangs.toFixed(1)} Erlangs; ${sizing.inboundAgents} agents → ${sizing.erlangCServiceLevelPercent.toFixed(1)} % in ${setup.serviceLevelSeconds} s by Erlang C)`,
    '',
    ...table(head, body),
    '',
    ...table(
      ['hour', 'calls/h', 'offered', 'SL blended', 'SL split', 'inbound agents blended (mean, min–max)', 'outbound talk h blended', 'split'],
      b.hourly.map((h, i) => {
        const sh = s.hourly[i]!;
        return [
          String(h.hour), String(setup.callsPerHour[i]), int(h.offered),
          maybe(h.serviceLevelPercent, (v) => `${v.toFixed(1)}%`), maybe(sh.serviceLevelPercent, (v) => `${v.toFixed(1)}%`),
          `${h.inboundAgentsMean.toFixed(1)}, ${h.inboundAgentsMin}–${h.inboundAgentsMax}`, h.outboundTalkHours.toFixed(1), sh.outboundTalkHours.toFixed(1),
        ];
      }),
    ),
    '',
    `The blended floor gives ${signed(d.outboundTalkHours, (v) => v.toFixed(1))} outbound talk hours (${signed(d.outboundTalkPercent, (v) => v.toFixed(1))}%) `
      + `at an inbound service level of ${maybe(b.inbound.serviceLevelPercent, (v) => `${v.toFixed(1)}%`)} against the split floor's ${maybe(s.inbound.serviceLevelPercent, (v) => `${v.toFixed(1)}%`)}.`,
    `(${report.wallSeconds.toFixed(1)} s)`,
  ];
  for (const r of [b, s]) {
    const acd = r.inbound.acd;
    if (acd.offered !== r.inbound.offered || acd.answered !== r.inbound.answered || acd.abandoned !== r.inbound.abandoned) {
      out.push(`note: ${r.config}: the ACD counted ${acd.offered} offered, ${acd.answered} answered, ${acd.abandoned} abandoned; the callers' truth is ${r.inbound.offered}, ${r.inbound.answered}, ${r.inbound.abandoned}`);
    }
  }
  return out;
}

function table(head: string[], rows: string[][]): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      agents: { type: 'string' },
      hours: { type: 'string' },
      seed: { type: 'string' },
      'inbound-agents': { type: 'string' },
      release: { type: 'string' },
      'min-outbound': { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const d = DEFAULT_OPTIONS;
  const agents = number(values.agents, 'agents', d.agents, (n) => Number.isInteger(n) && n >= 2 && n <= 2000, 'a whole number from 2 to 2000');
  const options: BlendBenchOptions = {
    agents,
    hours: number(values.hours, 'hours', d.hours, (n) => n > 0 && n <= MAX_HOURS, `hours in (0, ${MAX_HOURS}]`),
    seed: number(values.seed, 'seed', d.seed, Number.isInteger, 'a whole number'),
    releaseSeconds: number(values.release, 'release', d.releaseSeconds, (n) => n >= 0, 'seconds >= 0'),
    minOutbound: number(values['min-outbound'], 'min-outbound', d.minOutbound, (n) => Number.isInteger(n) && n >= 0 && n < agents, `a whole number from 0 to ${agents - 1}`),
  };
  if (values['inbound-agents'] !== undefined) {
    options.inboundAgents = number(values['inbound-agents'], 'inbound-agents', 0, (n) => Number.isInteger(n) && n >= 1 && n < agents, `a whole number from 1 to ${agents - 1}`);
  }
  const report = await runBlendBench(options, (line) => {
    if (!values.json) console.error(line);
  });
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else console.log(lines(report).join('\n'));
}

await main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  console.error(USAGE);
  process.exitCode = 1;
});
