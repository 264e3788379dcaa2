/**
 * Where the dial-rate benchmark's CPU goes: a V8 CPU profile of the run (node:inspector, in this
 * process), its self time summed by category (the database driver, Kysely, the store, the dialer,
 * its pacing, the simulation the benchmark adds, GC) and its costliest functions.
 */
import { Session } from 'node:inspector/promises';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The categories, in the order they are printed. */
export const CATEGORIES = [
  'SQLite (better-sqlite3)', 'pg driver', 'kysely', 'store (src/store)', 'dialer (src/dialer, src/pom)', 'pacing (src/dialer/pacing)',
  'simulated network and agents (bench only)', 'contact supply (bench only)', 'GC', 'other (node, V8, start-up)',
] as const;
export type Category = (typeof CATEGORIES)[number];

export interface CategoryFigure {
  category: Category;
  ms: number;
  msPerAttempt: number;
  /** Share of the sampled CPU time (idle left out). */
  share: number;
}

export interface Hotspot {
  /** `file:function` */
  where: string;
  category: Category;
  ms: number;
  msPerAttempt: number;
}

export interface ProfileSummary {
  /** Sampled time the process was busy, and idle (waiting for I/O: PostgreSQL's answers). */
  busyMs: number;
  idleMs: number;
  categories: CategoryFigure[];
  hotspots: Hotspot[];
}

interface CallFrame { functionName: string; url: string }
interface ProfileNode { id: number; callFrame: CallFrame; children?: number[] }
interface CpuProfile { nodes: ProfileNode[]; startTime: number; samples: number[]; timeDeltas: number[] }

/** A span of time (process.hrtime, in µs: V8's profile clock) whose samples belong to one category. */
export interface Interval { from: number; to: number }

export class Profiler {
  private readonly session = new Session();

  async start(): Promise<void> {
    this.session.connect();
    await this.session.post('Profiler.enable');
    await this.session.post('Profiler.setSamplingInterval', { interval: 500 });
    await this.session.post('Profiler.start');
  }

  async stop(): Promise<CpuProfile> {
    const { profile } = await this.session.post('Profiler.stop') as unknown as { profile: CpuProfile };
    this.session.disconnect();
    return profile;
  }
}

/** The time now on the profile's clock (µs, monotonic). */
export function profileClockMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

const SIMULATION = [/^src\/telephony\/simulated/, /^src\/dialer\/bots\//, /^src\/clock\/virtual-clock\.ts$/, /^bench\//];

/** A frame's own category, or undefined when it takes its caller's (natives, node's internals, src/random). */
function categoryOfFrame(frame: CallFrame): Category | undefined {
  const name = frame.functionName;
  if (name === '(garbage collector)') return 'GC';
  if (name === '(program)' || name === '(root)') return 'other (node, V8, start-up)';
  const url = frame.url;
  if (url === '' || url.startsWith('node:')) return undefined;
  const path = url.startsWith('file://') ? relative(ROOT, fileURLToPath(url)) : url;
  // The SQLite dialect's driver calls the native statements, which have no frames of their own.
  if (path.includes('node_modules/better-sqlite3/') || path.includes('kysely/dist/esm/dialect/sqlite/sqlite-driver')) return 'SQLite (better-sqlite3)';
  if (/node_modules\/(pg|pg-[a-z-]+|postgres-[a-z-]+)\//.test(path)) return 'pg driver';
  if (path.includes('node_modules/kysely/')) return 'kysely';
  if (path.startsWith('node_modules/')) return 'other (node, V8, start-up)';
  // The seeded draws serve both the pacer (normalCdf) and the simulation; --profile's statement
  // timer wraps the drivers' calls.
  if (path.startsWith('src/random/') || path === 'bench/dial-rate/statements.ts') return undefined;
  if (path.startsWith('src/store/')) return 'store (src/store)';
  if (SIMULATION.some((re) => re.test(path))) return 'simulated network and agents (bench only)';
  if (path.startsWith('src/dialer/pacing/') || path === 'src/dialer/pacing-snapshot.ts') return 'pacing (src/dialer/pacing)';
  if (path.startsWith('src/dialer/') || path.startsWith('src/pom/')) return 'dialer (src/dialer, src/pom)';
  return 'other (node, V8, start-up)';
}

function where(frame: CallFrame): string {
  const url = frame.url;
  if (url === '') return frame.functionName || '(native)';
  const path = url.startsWith('file://') ? relative(ROOT, fileURLToPath(url)) : url;
  return `${path}:${frame.functionName || '(anonymous)'}`;
}

/**
 * Self time by category. A native or node-internal frame counts as its caller's category (SQLite's
 * statements, pg's socket writes); samples inside `bench` intervals (the contact supply's top-ups)
 * count as the contact supply whatever they ran.
 */
export function summarize(profile: CpuProfile, attempts: number, bench: readonly Interval[], top = 12): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const categoryOf = new Map<number, Category>();
  const resolve = (id: number): Category => {
    const known = categoryOf.get(id);
    if (known) return known;
    const own = categoryOfFrame(byId.get(id)!.callFrame);
    const up = parent.get(id);
    const category = own ?? (up === undefined ? 'other (node, V8, start-up)' : resolve(up));
    categoryOf.set(id, category);
    return category;
  };

  const ms = new Map<Category, number>(CATEGORIES.map((c) => [c, 0]));
  const functions = new Map<string, { category: Category; ms: number }>();
  let idleMs = 0;
  let at = profile.startTime;
  let interval = 0;
  const sorted = [...bench].sort((a, b) => a.from - b.from);
  for (let i = 0; i < profile.samples.length; i++) {
    at += profile.timeDeltas[i] ?? 0;
    // A sample stands for the time until the next one.
    const span = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const node = byId.get(profile.samples[i]!)!;
    if (node.callFrame.functionName === '(idle)') {
      idleMs += span;
      continue;
    }
    while (interval < sorted.length && sorted[interval]!.to < at) interval++;
    const inBench = interval < sorted.length && sorted[interval]!.from <= at;
    const category = inBench ? 'contact supply (bench only)' : resolve(node.id);
    ms.set(category, ms.get(category)! + span);
    const key = where(node.callFrame);
    const f = functions.get(key) ?? { category, ms: 0 };
    f.ms += span;
    functions.set(key, f);
  }
  const busyMs = [...ms.values()].reduce((a, b) => a + b, 0);
  const per = (x: number): number => (attempts > 0 ? x / attempts : 0);
  return {
    busyMs,
    idleMs,
    categories: CATEGORIES.map((category) => ({ category, ms: ms.get(category)!, msPerAttempt: per(ms.get(category)!), share: busyMs > 0 ? ms.get(category)! / busyMs : 0 })),
    hotspots: [...functions].sort((a, b) => b[1].ms - a[1].ms).slice(0, top)
      .map(([key, f]) => ({ where: key, category: f.category, ms: f.ms, msPerAttempt: per(f.ms) })),
  };
}
