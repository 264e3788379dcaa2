/**
 * The dial-rate benchmark's flags and the floor they make: one predictive campaign of the pacing
 * benchmark's kind (bench/pacing/scenario.ts), with short calls and many lines per agent so that
 * the floor asks for more than a million attempts per simulated hour.
 */
import { parseArgs } from 'node:util';
import { parseScenario, type Scenario } from '../pacing/scenario.ts';

export interface DialRateOptions {
  agents: number;
  /** Simulated minutes of dialing. */
  minutes: number;
  /** Lines the pacer may dial per agent (the campaign's maxLinesPerAgent). */
  lines: number;
  /** Mean talk (lognormal, cv 0.8) and wrap-up seconds. */
  talk: number;
  wrap: number;
  seed: number;
  /** A `postgres://` URL, or undefined: a SQLite file in a temp dir. */
  database: string | undefined;
  profile: boolean;
  json: boolean;
}

export const USAGE = 'usage: npm run bench:dial-rate -- [--agents N] [--minutes M] [--lines L] [--talk S] [--wrap S] [--seed N] [--database postgres://…] [--profile] [--json]';

export function parseOptions(argv: string[]): DialRateOptions | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      agents: { type: 'string', default: '1300' }, minutes: { type: 'string', default: '5' }, lines: { type: 'string', default: '10' },
      talk: { type: 'string', default: '5' }, wrap: { type: 'string', default: '1' }, seed: { type: 'string', default: '1' },
      database: { type: 'string' }, profile: { type: 'boolean', default: false }, json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return 'help';
  const number = (name: string, text: string, min: number, max: number, integer: boolean): number => {
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
      throw new Error(`--${name} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max} (got ${JSON.stringify(text)})`);
    }
    return n;
  };
  const database = values.database;
  if (database !== undefined && !/^postgres(ql)?:\/\//.test(database)) {
    throw new Error('--database must be a postgres:// URL of an empty database (without it, a SQLite file in a temp dir)');
  }
  return {
    agents: number('agents', values.agents, 1, 5000, true),
    minutes: number('minutes', values.minutes, 1, 24 * 60, false),
    lines: number('lines', values.lines, 1, 100, false),
    talk: number('talk', values.talk, 1, 3600, false),
    wrap: number('wrap', values.wrap, 0, 3600, false),
    seed: number('seed', values.seed, 0, 2 ** 31, true),
    database,
    profile: values.profile,
    json: values.json,
  };
}

/**
 * The floor: S1's network (25 % live answers, 20 % machines recognised at once and dropped, busy,
 * invalid, no answer after 25 s), talk and wrap-up as given, no warm-up, one replication.
 */
export function dialRateScenario(o: DialRateOptions): Scenario {
  return parseScenario({
    id: 'dial-rate',
    note: `${o.agents} agents, ${o.lines} lines each, talk ${o.talk} s, wrap-up ${o.wrap} s`,
    agents: o.agents,
    outcomes: { live: 0.25, machine: 0.2, busy: 0.08, invalid: 0.07 },
    ringTime: { dist: 'lognormal', median: 9, sigma: 0.45 },
    noAnswerTimeout: 25,
    machineAnswer: { dist: 'uniform', min: 15, max: 24 },
    busyAfter: 3,
    invalidAfter: 2,
    talk: { dist: 'lognormal', mean: o.talk, cv: 0.8 },
    wrap: o.wrap,
    connectWithin: 2,
    amd: null,
    maxLinesPerAgent: o.lines,
    warmup: 0,
    duration: o.minutes * 60,
    replications: 1,
    seed: o.seed,
    abandonCap: 0.03,
  });
}
