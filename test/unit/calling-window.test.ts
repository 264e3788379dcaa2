import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isWithinWindow, localSecondsOfDay, nextWindowOpening, parseClockTime } from '../../src/dialer/compliance/calling-window.ts';

const window = { start: '08:00', end: '21:00' };

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

test('the window is [start, end) in local time, less the margin', () => {
  const at = (h: number, m = 0): number => Date.UTC(2026, 0, 5, h + 5, m); // New York is UTC-5 in January
  assert.equal(isWithinWindow(at(7, 59), 'America/New_York', window), false);
  assert.equal(isWithinWindow(at(8, 0), 'America/New_York', window), true);
  assert.equal(isWithinWindow(at(20, 59), 'America/New_York', window), true);
  assert.equal(isWithinWindow(at(21, 0), 'America/New_York', window), false);
  assert.equal(isWithinWindow(at(20, 50), 'America/New_York', window, 900), false);
});

test('the next opening is the next local start time', () => {
  const sixAm = Date.UTC(2026, 0, 5, 11, 0);
  assert.equal(nextWindowOpening(sixAm, 'America/New_York', window), Date.UTC(2026, 0, 5, 13, 0));
  const tenPm = Date.UTC(2026, 0, 6, 3, 0);
  assert.equal(nextWindowOpening(tenPm, 'America/New_York', window), Date.UTC(2026, 0, 6, 13, 0));
});

test('bad times of day are refused', () => {
  assert.equal(parseClockTime('21:30'), 21 * 3600 + 1800);
  assert.throws(() => parseClockTime('9:00'), /HH:MM/);
  assert.throws(() => parseClockTime('25:00'), /HH:MM/);
});
