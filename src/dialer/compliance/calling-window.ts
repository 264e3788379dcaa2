import { WEEKDAYS, type CallingWindow, type DailyHours, type Weekday, type WeeklyHours } from '../../store/records.ts';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', weekday: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

const QUARTER_HOUR_MS = 15 * 60_000;
const DAY_SECONDS = 24 * 3600;
const WEEKDAY_OF_SHORT: Record<string, Weekday> = { Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat', Sun: 'sun' };

/**
 * The zone's local time at the start of the UTC quarter hour last asked about. Every zone's offset is a
 * whole number of quarter hours and changes only on one, so within a quarter hour the local time moves
 * with UTC and the local day cannot change: one formatting per zone and quarter hour.
 */
const quarters = new Map<string, { quarter: number; seconds: number; weekday: Weekday }>();

export interface LocalTime {
  weekday: Weekday;
  /** Seconds since local midnight. */
  seconds: number;
}

/** The weekday and time of day at `at` in `timeZone`. */
export function localTime(at: number, timeZone: string): LocalTime {
  const quarter = Math.floor(at / QUARTER_HOUR_MS);
  let known = quarters.get(timeZone);
  if (!known || known.quarter !== quarter) {
    known = { quarter, ...formattedLocalTime(quarter * QUARTER_HOUR_MS, timeZone) };
    quarters.set(timeZone, known);
  }
  return { weekday: known.weekday, seconds: known.seconds + Math.floor((at - quarter * QUARTER_HOUR_MS) / 1000) };
}

/** Seconds since local midnight at `at` in `timeZone`. */
export function localSecondsOfDay(at: number, timeZone: string): number {
  return localTime(at, timeZone).seconds;
}

function formattedLocalTime(at: number, timeZone: string): LocalTime {
  let h = 0, m = 0, s = 0;
  let weekday: Weekday = 'mon';
  for (const part of formatterFor(timeZone).formatToParts(at)) {
    if (part.type === 'hour') h = Number(part.value);
    else if (part.type === 'minute') m = Number(part.value);
    else if (part.type === 'second') s = Number(part.value);
    else if (part.type === 'weekday') weekday = WEEKDAY_OF_SHORT[part.value] ?? weekday;
  }
  return { weekday, seconds: h * 3600 + m * 60 + s };
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

/** The same hours every day of the week. */
export function everyDay(start: string, end: string): WeeklyHours {
  return Object.fromEntries(WEEKDAYS.map((day) => [day, { start, end }]));
}

/** The number's hours: its US state's rule, else its country's, else the campaign's. */
export function hoursFor(window: CallingWindow, number: { state?: string; countryCode?: string }): WeeklyHours {
  return (number.state ? window.states?.[number.state] : undefined)
    ?? (number.countryCode ? window.countries?.[number.countryCode] : undefined)
    ?? window.hours;
}

function within(local: LocalTime, day: DailyHours | undefined, marginSeconds: number): boolean {
  return day !== undefined && local.seconds >= parseClockTime(day.start) && local.seconds < parseClockTime(day.end) - marginSeconds;
}

/**
 * The contact's local time must be in [start, end) of that weekday's hours. A call may not start later
 * than `marginSeconds` before the hours end, so it does not run past them.
 */
export function isWithinHours(at: number, timeZone: string, hours: WeeklyHours, marginSeconds = 0): boolean {
  const local = localTime(at, timeZone);
  return within(local, hours[local.weekday], marginSeconds);
}

/** isWithinHours for the number's hours under the campaign's window. */
export function isWithinWindow(at: number, number: { timezone: string; state?: string; countryCode?: string }, window: CallingWindow, marginSeconds = 0): boolean {
  return isWithinHours(at, number.timezone, hoursFor(window, number), marginSeconds);
}

/**
 * The next time the hours open, at or after `at` (Infinity if they never do). Exact but for a
 * daylight-saving change in between, when it is an hour off; the caller checks the hours again then.
 */
export function nextOpening(at: number, timeZone: string, hours: WeeklyHours): number {
  const local = localTime(at, timeZone);
  const today = WEEKDAYS.indexOf(local.weekday);
  // Openings fall on whole seconds.
  const second = at - (((at % 1000) + 1000) % 1000);
  for (let ahead = 0; ahead <= 7; ahead++) {
    const day = hours[WEEKDAYS[(today + ahead) % 7]!];
    if (!day) continue;
    const start = parseClockTime(day.start);
    if (parseClockTime(day.end) <= start) continue;
    if (ahead === 0) {
      if (local.seconds < start) return second + (start - local.seconds) * 1000;
      if (local.seconds < parseClockTime(day.end)) return at;
      continue;
    }
    return second + ((ahead * DAY_SECONDS) - local.seconds + start) * 1000;
  }
  return Infinity;
}
