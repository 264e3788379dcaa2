import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VirtualClock } from '../../src/clock/virtual-clock.ts';

test('timers fire in time order, ties in the order they were set, and time jumps between them', async () => {
  const clock = new VirtualClock(1_000);
  const fired: string[] = [];
  clock.setTimer(300, () => fired.push(`c@${clock.now()}`));
  clock.setTimer(100, () => fired.push(`a@${clock.now()}`));
  clock.setTimer(100, () => fired.push(`b@${clock.now()}`));
  clock.setTimer(5_000, () => fired.push('late'));
  await clock.advance(1_000);
  assert.deepEqual(fired, ['a@1100', 'b@1100', 'c@1300']);
  assert.equal(clock.now(), 2_000);
  assert.equal(clock.pendingTimers(), 1);
});

test('a cancelled timer does not fire; a timer set by a timer fires in the same advance', async () => {
  const clock = new VirtualClock(0);
  const fired: number[] = [];
  const handle = clock.setTimer(10, () => fired.push(-1));
  handle.cancel();
  clock.setTimer(20, () => clock.setTimer(30, () => fired.push(clock.now())));
  await clock.advance(100);
  assert.deepEqual(fired, [50]);
});

test('settlers finish the asynchronous work of a timer before time moves on', async () => {
  const clock = new VirtualClock(0);
  const log: string[] = [];
  let pending: Promise<void> = Promise.resolve();
  clock.addSettler(() => pending);
  clock.setTimer(10, () => {
    pending = (async () => {
      await new Promise((resolve) => setImmediate(resolve));
      log.push(`write done at ${clock.now()}`);
    })();
  });
  clock.setTimer(20, () => log.push(`next timer at ${clock.now()}`));
  await clock.advance(30);
  assert.deepEqual(log, ['write done at 10', 'next timer at 20']);
});
