import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  everyDay, hoursFor, isWithinHours, isWithinWindow, localSecondsOfDay, localTime, nextOpening, parseClockTime,
} from '../../src/dialer/compliance/calling-window.ts';
import type { CallingWindow } from '../../src/store/records.ts';

const daily = everyDay('08:00', '21:00');
const ny = { timezone: 'America/New_York' };

test('local time follows the contact time zone, daylight saving included', () => {
  // 5 January 2026 15:00 UTC: 10:00 in New York (EST), 07:00 in Los Angeles.
  const winter = Date.UTC(2026, 0, 5, 15, 0, 0);
  assert.equal(localSecondsOfDay(winter, 'America/New_York'), 10 * 3600);
  assert.equal(localSecondsOfDay(winter, 'America/Los_Angeles'), 7 * 3600);
  // 6 July 2026 15:00 UTC: 11:00 in New York (EDT); Phoenix keeps standard time.
  const summer = Date.UTC(2026, 6, 6, 15, 0, 0);
  assert.equal(localSecondsOfDay(summer, 'America/New_York'), 11 * 3600);
  assert.equal(localSecondsOfDay(summer, 'America/Phoenix'), 8 * 3600);
});

test('the local weekday changes at local midnight, not at UTC midnight', () => {
  // Monday 5 January 2026 23:30 UTC: still Monday 18:30 in New York, already Tuesday 08:30 in Tokyo.
  const at = Date.UTC(2026, 0, 5, 23, 30, 0);
  assert.deepEqual(localTime(at, 'America/New_York'), { weekday: 'mon', seconds: 18.5 * 3600 });
  assert.deepEqual(localTime(at, 'Asia/Tokyo'), { weekday: 'tue', seconds: 8.5 * 3600 });
  // Nepal is 5:45 ahead: the quarter-hour cache must still give the exact second.
  assert.deepEqual(localTime(Date.UTC(2026, 0, 5, 18, 14, 59), 'Asia/Kathmandu'), { weekday: 'mon', seconds: 24 * 3600 - 1 });
  assert.deepEqual(localTime(Date.UTC(2026, 0, 5, 18, 15, 0), 'Asia/Kathmandu'), { weekday: 'tue', seconds: 0 });
});

test('the window is [start, end) in local time, less the margin', () => {
  const at = (h: number, m = 0): number => Date.UTC(2026, 0, 5, h + 5, m); // New York is UTC-5 in January
  assert.equal(isWithinHours(at(7, 59), 'America/New_York', daily), false);
  assert.equal(isWithinHours(at(8, 0), 'America/New_York', daily), true);
  assert.equal(isWithinHours(at(20, 59), 'America/New_York', daily), true);
  assert.equal(isWithinHours(at(21, 0), 'America/New_York', daily), false);
  assert.equal(isWithinHours(at(20, 50), 'America/New_York', daily, 900), false);
});

test('hours are per weekday: a day without hours has no calls', () => {
  const weekdays = { mon: { start: '09:00', end: '17:00' }, tue: { start: '09:00', end: '17:00' }, sat: { start: '10:00', end: '14:00' } };
  // Saturday 10 January 2026 and Sunday 11 January, 11:00 in New York.
  assert.equal(isWithinHours(Date.UTC(2026, 0, 10, 16, 0), 'America/New_York', weekdays), true);
  assert.equal(isWithinHours(Date.UTC(2026, 0, 11, 16, 0), 'America/New_York', weekdays), false);
  // From Saturday 15:00 the next opening is Monday 09:00, New York time.
  assert.equal(nextOpening(Date.UTC(2026, 0, 10, 20, 0), 'America/New_York', weekdays), Date.UTC(2026, 0, 12, 14, 0));
  assert.equal(nextOpening(Date.UTC(2026, 0, 10, 20, 0), 'America/New_York', {}), Infinity);
});

test('a rule for the number\'s state, or else its country, replaces the campaign\'s hours', () => {
  const window: CallingWindow = {
    hours: daily,
    states: { TX: everyDay('09:00', '20:00') },
    countries: { 44: everyDay('10:00', '18:00') },
  };
  assert.equal(hoursFor(window, { state: 'TX', countryCode: '1' }), window.states!.TX);
  assert.equal(hoursFor(window, { state: 'NY', countryCode: '1' }), daily);
  assert.equal(hoursFor(window, { state: '', countryCode: '44' }), window.countries!['44']);
  // 08:30 local: inside the campaign's hours, outside Texas's and the UK's.
  assert.equal(isWithinWindow(Date.UTC(2026, 0, 5, 13, 30), { ...ny, state: 'NY' }, window), true);
  assert.equal(isWithinWindow(Date.UTC(2026, 0, 5, 14, 30), { timezone: 'America/Chicago', state: 'TX' }, window), false);
  assert.equal(isWithinWindow(Date.UTC(2026, 0, 5, 8, 30), { timezone: 'Europe/London', countryCode: '44' }, window), false);
  assert.equal(isWithinWindow(Date.UTC(2026, 0, 5, 10, 30), { timezone: 'Europe/London', countryCode: '44' }, window), true);
});

test('the next opening is the next local start time', () => {
  const sixAm = Date.UTC(2026, 0, 5, 11, 0);
  assert.equal(nextOpening(sixAm, 'America/New_York', daily), Date.UTC(2026, 0, 5, 13, 0));
  const tenPm = Date.UTC(2026, 0, 6, 3, 0);
  assert.equal(nextOpening(tenPm, 'America/New_York', daily), Date.UTC(2026, 0, 6, 13, 0));
  const noon = Date.UTC(2026, 0, 5, 17, 0);
  assert.equal(nextOpening(noon, 'America/New_York', daily), noon, 'open now');
});

test('bad times of day are refused', () => {
  assert.equal(parseClockTime('21:30'), 21 * 3600 + 1800);
  assert.throws(() => parseClockTime('9:00'), /HH:MM/);
  assert.throws(() => parseClockTime('25:00'), /HH:MM/);
});
