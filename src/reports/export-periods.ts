/**
 * When a scheduled export runs and which period each run covers, in wall-clock time of its zone:
 * daily at its time of day, for the day before; weekly on Mondays, for the week before (Monday to
 * Sunday); monthly on the 1st, for the month before.
 */
import type { ExportFrequency } from '../store/records.ts';
import { formatZoned, parseZoned } from '../utilities/zoned-time.ts';

interface WallDate {
  year: number;
  month: number;
  day: number;
}

function wallDate(at: number, timeZone: string): WallDate {
  const [year, month, day] = formatZoned(at, timeZone).slice(0, 10).split('-').map(Number) as [number, number, number];
  return { year, month, day };
}

/** The date `days` later (negative: earlier); months and years roll over. */
function addDays(d: WallDate, days: number): WallDate {
  const t = new Date(Date.UTC(d.year, d.month - 1, d.day + days));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() };
}

function addMonths(d: WallDate, months: number): WallDate {
  const t = new Date(Date.UTC(d.year, d.month - 1 + months, 1));
  return { year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: 1 };
}

/** Epoch ms of `hh:mm` on that date in the zone. */
function timeOn(d: WallDate, hhmm: string, timeZone: string): number {
  const two = (n: number): string => String(n).padStart(2, '0');
  const at = parseZoned(`${d.year}-${two(d.month)}-${two(d.day)}T${hhmm}`, timeZone);
  if (at === undefined) throw new Error(`not a time of day: ${hhmm}`);
  return at;
}

/** The first run strictly after `now`. */
export function nextRunAfter(now: number, frequency: ExportFrequency, timeOfDay: string, timeZone: string): number {
  const today = wallDate(now, timeZone);
  let date: WallDate;
  let step: (d: WallDate) => WallDate;
  if (frequency === 'daily') {
    date = today;
    step = (d) => addDays(d, 1);
  } else if (frequency === 'weekly') {
    const weekday = new Date(Date.UTC(today.year, today.month - 1, today.day)).getUTCDay();
    date = addDays(today, -((weekday + 6) % 7)); // this week's Monday
    step = (d) => addDays(d, 7);
  } else {
    date = { ...today, day: 1 };
    step = (d) => addMonths(d, 1);
  }
  while (timeOn(date, timeOfDay, timeZone) <= now) date = step(date);
  return timeOn(date, timeOfDay, timeZone);
}

/** The period a run at `runAt` covers: [from, to), from midnight to midnight in the zone. */
export function periodOf(runAt: number, frequency: ExportFrequency, timeZone: string): { from: number; to: number } {
  const day = wallDate(runAt, timeZone);
  const end = frequency === 'monthly' ? { ...day, day: 1 } : day;
  const start = frequency === 'daily' ? addDays(end, -1) : frequency === 'weekly' ? addDays(end, -7) : addMonths(end, -1);
  return { from: timeOn(start, '00:00', timeZone), to: timeOn(end, '00:00', timeZone) };
}

/** `yyyy-MM-dd` of `at` in the zone. */
export function dayIn(at: number, timeZone: string): string {
  return formatZoned(at, timeZone).slice(0, 10);
}
