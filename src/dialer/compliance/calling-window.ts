import type { CallingWindow } from '../../store/records.ts';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

const QUARTER_HOUR_MS = 15 * 60_000;
const DAY_SECONDS = 24 * 3600;
/** The zone's offset from UTC (seconds) in the quarter hour last asked about: offsets change only on quarter hours. */
const offsets = new Map<string, { quarter: number; offset: number }>();

/** Seconds since local midnight at `at` in `timeZone`. */
export function localSecondsOfDay(at: number, timeZone: string): number {
  const quarter = Math.floor(at / QUARTER_HOUR_MS);
  const known = offsets.get(timeZone);
  const utcSeconds = Math.floor(at / 1000) % DAY_SECONDS;
  if (known && known.quarter === quarter) return (((utcSeconds + known.offset) % DAY_SECONDS) + DAY_SECONDS) % DAY_SECONDS;
  const local = formattedSecondsOfDay(at, timeZone);
  offsets.set(timeZone, { quarter, offset: local - utcSeconds });
  return local;
}

function formattedSecondsOfDay(at: number, timeZone: string): number {
  let h = 0, m = 0, s = 0;
  for (const part of formatterFor(timeZone).formatToParts(at)) {
    if (part.type === 'hour') h = Number(part.value);
    else if (part.type === 'minute') m = Number(part.value);
    else if (part.type === 'second') s = Number(part.value);
  }
  return h * 3600 + m * 60 + s;
}

const parsedTimes = new Map<string, number>();

export function parseClockTime(hhmm: string): number {
  const known = parsedTimes.get(hhmm);
  if (known !== undefined) return known;
  const seconds = parseClockTimeOnce(hhmm);
  parsedTimes.set(hhmm, seconds);
  return seconds;
}

function parseClockTimeOnce(hhmm: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(hhmm);
  if (!match) throw new Error(`not a time of day (HH:MM): ${hhmm}`);
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 24 || minutes > 59 || hours * 60 + minutes > 24 * 60) throw new Error(`not a time of day (HH:MM): ${hhmm}`);
  return hours * 3600 + minutes * 60;
}

export function isTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/**
 * The contact's local time must be in [start, end). A call may not start later than `marginSeconds`
 * before the window closes, so it does not run past the close.
 */
export function isWithinWindow(at: number, timeZone: string, window: CallingWindow, marginSeconds = 0): boolean {
  const local = localSecondsOfDay(at, timeZone);
  return local >= parseClockTime(window.start) && local < parseClockTime(window.end) - marginSeconds;
}

/**
 * The next time the window opens, at or after `at`. Exact but for a daylight-saving change in between,
 * when it is an hour off; the caller checks the window again then.
 */
export function nextWindowOpening(at: number, timeZone: string, window: CallingWindow): number {
  const local = localSecondsOfDay(at, timeZone);
  const start = parseClockTime(window.start);
  const wait = local < start ? start - local : 24 * 3600 - local + start;
  return at + wait * 1000;
}
