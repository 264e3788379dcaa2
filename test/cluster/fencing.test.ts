/**
 * The dialer's lease and fencing on a real PostgreSQL: one process leads at a time; when the leader's lease
 * connection dies, the standby takes the lease with a higher epoch, and from then on PostgreSQL refuses
 * every write of the deposed leader's pool — its state is left as it was — while the new leader and the
 * unfenced tools write as before. Two dialers migrating a fresh database at once both succeed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { Leadership } from '../../src/cluster/leadership.ts';
import { createLogger } from '../../src/log/logger.ts';
import { isStaleEpochError } from '../../src/store/fencing.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { Store } from '../../src/store/store.ts';
import { startPostgres, type TestPostgres } from '../support/postgres.ts';
import { eventually } from '../support/cluster.ts';

const log = createLogger('silent');
const lease = (url: string, instance: string): Leadership => new Leadership({ databaseUrl: url, instance, lockPollMs: 50, heartbeatMs: 100, log });

void describe('the dialer lease and its fence', () => {
  let postgres: TestPostgres;
  const stores: Store[] = [];
  const leases: Leadership[] = [];

  before(async () => {
    postgres = await startPostgres();
  });
  after(async () => {
    for (const l of leases) await l.release();
    for (const s of stores) await s.close();
    await postgres?.stop();
  });

  const open = async (url: string, epoch?: number): Promise<Store> => {
    const store = await openStore(url, epoch === undefined ? {} : { epoch });
    stores.push(store);
    return store;
  };

  void it('migrates a fresh database from two dialers at once', async () => {
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    await admin.query('CREATE DATABASE twice');
    await admin.end();
    const url = postgres.url.replace(/\/postgres$/, '/twice');
    const [a, b] = await Promise.all([open(url), open(url)]);
    await a.ctiLogins.save({ agentId: '1001', extension: '44001', since: 1 });
    assert.deepEqual(await b.ctiLogins.list(), [{ agentId: '1001', extension: '44001', since: 1 }]);
  });

  void it('refuses every write of a deposed leader, and only its writes', async () => {
    await open(postgres.url);
    const first = lease(postgres.url, 'dialer-1');
    const second = lease(postgres.url, 'dialer-2');
    leases.push(first, second);
    assert.equal(await first.acquire(), 1);
    const lost = new Promise<string>((resolve) => first.onLost(resolve));
    const secondEpoch = second.acquire();
    const oldLeader = await open(postgres.url, 1);
    await oldLeader.ctiLogins.save({ agentId: '2001', extension: '45001', since: 10 });
    assert.equal(second.state, 'standby', 'the second dialer waits while the first holds the lease');

    // The first dialer's lease connection dies (as when its host vanishes): the second takes over.
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    const { rowCount } = await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'nailup-lease dialer-1'");
    assert.equal(rowCount, 1);
    assert.match(await lost, /connection/);
    assert.equal(await secondEpoch, 2);
    assert.deepEqual((await admin.query('SELECT epoch, holder FROM leadership')).rows, [{ epoch: '2', holder: 'dialer-2' }]);
    await admin.end();

    // The deposed leader's pool, still open, can change nothing.
    const writes: Array<[string, () => Promise<unknown>]> = [
      ['insert', () => oldLeader.ctiLogins.save({ agentId: '2002', extension: '45002', since: 11 })],
      ['delete', () => oldLeader.ctiLogins.remove('2001')],
      ['update', () => oldLeader.ctiLogins.save({ agentId: '2001', extension: '45009', since: 12 })],
    ];
    for (const [what, write] of writes) {
      await assert.rejects(write(), (error: unknown) => isStaleEpochError(error), `the deposed leader's ${what} is refused`);
    }
    const newLeader = await open(postgres.url, 2);
    assert.deepEqual(await newLeader.ctiLogins.list(), [{ agentId: '2001', extension: '45001', since: 10 }]);

    // The new leader writes; so do the tools that carry no epoch.
    await newLeader.ctiLogins.save({ agentId: '2003', extension: '45003', since: 13 });
    const tool = await open(postgres.url);
    await tool.ctiLogins.remove('2001');
    assert.deepEqual(await newLeader.ctiLogins.list(), [{ agentId: '2003', extension: '45003', since: 13 }]);
    await eventually('the first lease is deposed', () => (first.state === 'deposed' ? true : undefined));
  });
});
