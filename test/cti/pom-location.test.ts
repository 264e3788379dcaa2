/**
 * Primary and auxiliary POM (the spec: the agent is logged on "to POM server (whether Primary EPM or
 * Auxiliary EPM) based on agent location preference in the user profile"): a floor whose CTI server has
 * two POM endpoints — its own dialer, the primary, and a second dialer with its own store on the same
 * simulated time, the auxiliary. A3 over real HTTP, A4 over real WebSockets.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { VirtualClock } from '../../src/clock/virtual-clock.ts';
import type { Nailup } from '../../src/app.ts';
import type { LocationPreference } from '../../src/store/records.ts';
import { named, type EventCollector } from '../support/cti-client.ts';
import { startTestNailup } from '../support/nailup.ts';
import {
  A1, A2, Floor, LIVE_ONLY, SESSION, START, agentState, closeAllFloors, done, ev, expectNext, nailupStatus,
} from '../support/cti-floor.ts';

const auxiliaries: Nailup[] = [];
after(async () => {
  await closeAllFloors();
  await Promise.all(auxiliaries.map((n) => n.close()));
});

/** The invokeID of the first command the CTI server sends itself (a resume). */
const FIRST_SERVER_INVOKE_ID = 1_000_000_000;

/** The floor (primary POM) and a second nailup whose dialer is the auxiliary POM; `before` runs on the auxiliary before the floor connects. */
async function twoPoms(before: (auxiliary: Nailup) => void = () => {}): Promise<{ floor: Floor; auxiliary: Nailup }> {
  const clock = new VirtualClock(START);
  const auxiliary = await startTestNailup({ 'network.outcomes': LIVE_ONLY, 'network.inbound': [] }, { clock });
  auxiliaries.push(auxiliary);
  before(auxiliary);
  const floor = await Floor.start({ 'cti.linkRetrySeconds': 1 }, { clock, auxiliaryPoms: [auxiliary.agentApi] });
  return { floor, auxiliary };
}

/** The agent's location preference in its profile (the floor's store: the CTI server reads it there). */
async function prefer(floor: Floor, agentId: string, locationPreference: LocationPreference): Promise<void> {
  const record = await floor.nailup.store.agents.findByAgentId(agentId);
  assert.ok(record, agentId);
  await floor.nailup.store.agents.upsert({ ...record, locationPreference });
}

/** Which dialer has the agent logged on. */
function loggedOnAt(floor: Floor, auxiliary: Nailup, agentId: string): 'primary' | 'auxiliary' | 'none' | 'both' {
  const primary = floor.nailup.dialer.session(agentId) !== undefined;
  const aux = auxiliary.dialer.session(agentId) !== undefined;
  return primary && aux ? 'both' : primary ? 'primary' : aux ? 'auxiliary' : 'none';
}

async function loggedOnReadyAndNailed(floor: Floor, agent: { agentID: string; extension: string }): Promise<EventCollector> {
  const socket = await floor.watch(agent.extension);
  await floor.login(agent.agentID, agent.extension, socket);
  await floor.readyAndNailed(agent.agentID, agent.extension, socket);
  return socket;
}

describe('primary and auxiliary POM', () => {
  it('logs each agent on to the POM its profile prefers, and each POM nails up and serves its own agents', async () => {
    const { floor, auxiliary } = await twoPoms();
    await prefer(floor, A2.agentID, 'auxiliary');
    await loggedOnReadyAndNailed(floor, A1);
    await loggedOnReadyAndNailed(floor, A2);
    assert.equal(loggedOnAt(floor, auxiliary, A1.agentID), 'primary', 'A1 prefers the primary (the default)');
    assert.equal(loggedOnAt(floor, auxiliary, A2.agentID), 'auxiliary');
    assert.deepEqual((await floor.view(A2.agentID)).nailedStatus, 'NailedUp', 'the CTI server reads A2 from the auxiliary');
    assert.deepEqual(await auxiliary.store.agentHistory.list(A1.agentID, START, floor.clock.now() + 1), [], 'A1 never worked on the auxiliary');
    assert.ok((await auxiliary.store.agentHistory.list(A2.agentID, START, floor.clock.now() + 1)).length > 0, 'A2 worked on the auxiliary');
  });

  it('logs an agent on to the other POM while the preferred one is unreachable, and on the preferred one once it answers again', async () => {
    const { floor, auxiliary } = await twoPoms((aux) => aux.agentApi.linkLost());
    await prefer(floor, A2.agentID, 'auxiliary');
    const socket = await floor.watch(A2.extension);
    await floor.login(A2.agentID, A2.extension, socket);
    assert.equal(loggedOnAt(floor, auxiliary, A2.agentID), 'primary', 'the auxiliary is unreachable');

    const logout = floor.invokeID();
    await floor.accepted('AgentLogout', { sessionID: SESSION, agentID: A2.agentID, invokeID: logout, queue: '' });
    await expectNext(socket, done('SetAgentStateDone', A2.extension, logout));
    auxiliary.agentApi.linkRestored();
    // The CTI server tries an unreachable POM again every cti.linkRetrySeconds (1 s of real time here).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await floor.login(A2.agentID, A2.extension, socket);
    assert.equal(loggedOnAt(floor, auxiliary, A2.agentID), 'auxiliary');
  });

  it('moves the agents of a POM that becomes unreachable to the other, in the state they had, and tells their clients', async () => {
    const { floor, auxiliary } = await twoPoms();
    await prefer(floor, A2.agentID, 'auxiliary');
    const s1 = await loggedOnReadyAndNailed(floor, A1);
    const s2 = await loggedOnReadyAndNailed(floor, A2);
    assert.equal(loggedOnAt(floor, auxiliary, A2.agentID), 'auxiliary');
    await floor.settle();
    const quietA1 = s1.mark();

    auxiliary.agentApi.linkLost();
    await expectNext(s2, ev('POMNotAvailable', A2.extension, { Extension: A2.extension }));
    await expectNext(s2, nailupStatus(A2.extension, A2.agentID, 'NailingLost'));
    // Logged on again without its password (as after a failover), then Ready again as it was.
    await expectNext(s2, done('SetAgentStateDone', A2.extension, FIRST_SERVER_INVOKE_ID));
    await expectNext(s2, agentState(A2.extension, A2.agentID, 'NotReady', 'NoState', 0, 'NotNailedUp'));
    await expectNext(s2, agentState(A2.extension, A2.agentID, 'Ready', 'NoState', 0, 'NotNailedUp'));
    await expectNext(s2, done('SetAgentStateToAutoInDone', A2.extension, FIRST_SERVER_INVOKE_ID + 1));
    await expectNext(s2, ev('POMAvailable', A2.extension, { Extension: A2.extension }));
    await floor.advanceUntil(s2, (e) => e.eventName === 'OnNailupStatusChanged' && e.eventData.NailedStatus === 'NailedUp', 10_000);
    await expectNext(s2, agentState(A2.extension, A2.agentID, 'Ready', 'Idle', 0, 'NailedUp'));

    assert.equal(loggedOnAt(floor, auxiliary, A2.agentID), 'primary', 'the auxiliary logged A2 off; the primary has it');
    const auxHistory = await auxiliary.store.agentHistory.list(A2.agentID, START, floor.clock.now() + 1);
    assert.equal(auxHistory.at(-1)?.agentState, 'LoggedOut', 'the auxiliary closed its session of A2');
    assert.equal((await floor.view(A2.agentID)).nailedStatus, 'NailedUp');
    await floor.settle();
    assert.deepEqual(s1.since(quietA1).filter((e) => e.eventName.startsWith('POM')), [], "A1's POM was never lost");
    assert.ok(!s2.has(named('OnAgentLoggedOut')), 'nothing the unreachable POM said after it was lost reached the client');
  });

  it('logs an agent out when no POM is left to take it', async () => {
    const { floor, auxiliary } = await twoPoms((aux) => aux.agentApi.linkLost());
    const s1 = await floor.watch(A1.extension);
    await floor.login(A1.agentID, A1.extension, s1);
    floor.nailup.agentApi.linkLost();
    await expectNext(s1, ev('POMNotAvailable', A1.extension, { Extension: A1.extension }));
    await expectNext(s1, ev('OnAgentLoggedOut', A1.extension, { Extension: A1.extension, AgentID: A1.agentID }));
    assert.equal(loggedOnAt(floor, auxiliary, A1.agentID), 'none');
  });
});
