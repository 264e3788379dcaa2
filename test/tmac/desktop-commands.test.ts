/**
 * The TMAC server's consult, transfer and conference commands (docs/tmac-api.md): each becomes its
 * SendGenericCTICommand on the desktop's call, bad input is refused with 400 naming the field, and the
 * destination of a consult gets the requester's name and customer card. A fake CTI link answers the
 * login steps and records the commands; the store is SQLite in memory.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AgentView } from '../../src/cti/cti-server.ts';
import type { TmacEvent } from '../../src/cti/tmac-events.ts';
import { RealClock } from '../../src/clock/real-clock.ts';
import { NailupError } from '../../src/errors.ts';
import { CAPABILITY_NAMES, type POMCapabilities } from '../../src/pom/types.ts';
import { openStore } from '../../src/store/open-store.ts';
import type { AgentRecord } from '../../src/store/records.ts';
import type { Store } from '../../src/store/store.ts';
import type { CtiLink } from '../../src/tmac/cti-link.ts';
import { DEFAULT_TMAC_OPTIONS } from '../../src/tmac/desktop-config.ts';
import type { DesktopSession } from '../../src/tmac/desktop-session.ts';
import { TmacServer } from '../../src/tmac/tmac-server.ts';

const LOGIN_DONE: Record<string, string> = { SecurityLogin: 'SecurityLoginDone', AgentLogin: 'SetAgentStateDone', MonitorDevice: 'MonitorDeviceDone' };

/** Link A3/A4 without a CTI server: the login steps succeed, every command is kept. */
class FakeCtiLink implements CtiLink {
  readonly commands: Array<{ command: string; body: Record<string, unknown> }> = [];
  private readonly listeners = new Map<string, Set<(event: TmacEvent) => void>>();
  readonly capabilities = new Map<string, Partial<POMCapabilities>>();

  async execute(command: string, body: Record<string, unknown>): Promise<number> {
    this.commands.push({ command, body });
    const done = LOGIN_DONE[command];
    const extension = typeof body.extension === 'string' ? body.extension : '';
    if (done) setImmediate(() => this.emit({ eventName: done, extension, eventData: { ResponseStatus: '0', ErrorCode: '0', ErrorInfo: '', Extension: extension, InvokeID: String(body.invokeID) } }));
    return 0;
  }

  subscribe(extension: string, listener: (event: TmacEvent) => void): () => void {
    const set = this.listeners.get(extension) ?? new Set();
    set.add(listener);
    this.listeners.set(extension, set);
    return () => set.delete(listener);
  }

  async agentView(agentID: string): Promise<AgentView | undefined> {
    const capabilities = { ...Object.fromEntries(CAPABILITY_NAMES.map((n) => [n, false])), ...this.capabilities.get(agentID) } as POMCapabilities;
    return { agentID, extension: '', agentState: 'Ready', callState: 'Talking', nailedStatus: 'NailedUp', reasonCode: 0, capabilities, call: null };
  }

  emit(event: TmacEvent): void {
    for (const listener of this.listeners.get(event.extension) ?? []) listener(event);
  }

  /** The last SendGenericCTICommand: its name and its parsed jsonData. */
  lastGeneric(): { commandName: string; data: Record<string, unknown> } {
    const last = this.commands.at(-1);
    assert.ok(last, 'a command was sent');
    assert.equal(last.command, 'SendGenericCTICommand');
    return { commandName: String(last.body.commandName), data: JSON.parse(String(last.body.jsonData)) as Record<string, unknown> };
  }
}

const agent = (agentId: string, name: string): AgentRecord => {
  const [firstName = '', lastName = ''] = name.split(' ');
  return {
    agentId, extension: `44${agentId.slice(1)}`, lanId: `agent${agentId}`, firstName, lastName, name, passwordHash: 'not used', organizationName: 'Demo',
    teamName: 'Preview', skills: [], skillLevels: {}, locationPreference: 'primary', locale: 'en-US', timeZone: 'America/New_York', zoneName: 'Zone1', enabled: true,
  };
};

const CONTACT = JSON.stringify({ CampaignName: 'DemoPreview', ContactNumbers: [], ContactType: 0, ContactID: 17, CanDial: true, CanCancel: true });
const leaf = (key: string, value: string) => ({ key, value, attributeType: 1 });
const CUSTOMER = JSON.stringify({ Title: leaf('Title', ''), ID: leaf('ID', 'P000017'), Firstname: leaf('First Name', 'Grace'), Lastname: leaf('Last Name', 'Hopper'), PhoneFields: [], EmailFields: [], AddressList: [], CustomFields: [] });

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => boolean): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (check()) return;
    await sleep(10);
  }
  assert.fail(`${what}: not within a second`);
}

/** The command's rejection: a 400 VALIDATION_FAILED naming `field`. */
async function refused(run: Promise<unknown>, field: string): Promise<void> {
  await assert.rejects(run, (error: unknown) => {
    assert.ok(error instanceof NailupError, String(error));
    assert.equal(error.code, 'VALIDATION_FAILED');
    assert.equal(error.status, 400);
    assert.equal(error.field, field);
    return true;
  });
}

describe('TMAC server: consult, transfer and conference commands', () => {
  let store: Store;
  let cti: FakeCtiLink;
  let tmac: TmacServer;
  let ada: DesktopSession;
  let alan: DesktopSession;

  before(async () => {
    store = await openStore(':memory:');
    await store.agents.insertMany([agent('1001', 'Ada Lovelace'), agent('1002', 'Alan Turing')]);
    cti = new FakeCtiLink();
    tmac = new TmacServer(cti, store, new RealClock(), DEFAULT_TMAC_OPTIONS);
    ada = (await tmac.login({ lanId: 'agent1001', extension: '44001', password: 'demo' })).session;
    alan = (await tmac.login({ lanId: 'agent1002', extension: '44002', password: 'demo' })).session;
    cti.emit({ eventName: 'OnOutboundCallInitiated', extension: '44001', eventData: { ConnectionHandle: 'H1', MonitorHandle: 'M', CallID: 'H1', Device: '44001', UCID: 'H1', campaignType: 'Preview', JSONData: CONTACT } });
    cti.emit({ eventName: 'OnOutboundCallUUIData', extension: '44001', eventData: { Device: '44001', ConnectionHandle: 'H1', UCID: 'H1', campaignType: 'Preview', JSONData: CUSTOMER } });
  });

  after(async () => {
    tmac.stop();
    await store.close();
  });

  it('consults a listed agent: ConsultPOMCall on the call with destinationType Agent', async () => {
    await tmac.command(ada, 'consult', { type: 'Agent', destination: '1002' });
    assert.deepEqual(cti.lastGeneric(), { commandName: 'ConsultPOMCall', data: { connectionHandle: 'H1', destinationType: 'Agent', destination: '1002' } });
  });

  it('consults a typed number: External, sent as + and digits', async () => {
    await tmac.command(ada, 'consult', { type: 'External', destination: ' +1 (406) 555-0100 ' });
    assert.deepEqual(cti.lastGeneric(), { commandName: 'ConsultPOMCall', data: { connectionHandle: 'H1', destinationType: 'External', destination: '+14065550100' } });
  });

  it('maps transfer, conference, cancelConsult, leaveConference and endConference to their commands on the call', async () => {
    const expected: Record<string, string> = {
      transfer: 'TransferPOMCall', conference: 'ConferencePOMCall', cancelConsult: 'CancelPOMConsult', leaveConference: 'LeavePOMConference', endConference: 'EndPOMConference',
    };
    for (const [name, commandName] of Object.entries(expected)) {
      await tmac.command(ada, name, {});
      assert.deepEqual(cti.lastGeneric(), { commandName, data: { connectionHandle: 'H1' } }, name);
      assert.equal(typeof cti.commands.at(-1)?.body.invokeID, 'number', `${name} carries an invokeID`);
    }
    const actions = await store.agentActions.list('1001', 0, Date.now() + 1000);
    assert.deepEqual(actions.filter((a) => a.action in expected).map((a) => [a.action, a.result]), Object.keys(expected).map((name) => [name, 0]), 'each command is recorded');
  });

  it('refuses bad consult input with 400 naming the field, and sends nothing', async () => {
    const sent = cti.commands.length;
    await refused(tmac.command(ada, 'consult', { destination: '1002' }), 'type');
    await refused(tmac.command(ada, 'consult', { type: 'Campaign', destination: '1002' }), 'type');
    await refused(tmac.command(ada, 'consult', { type: 'Agent' }), 'destination');
    await refused(tmac.command(ada, 'consult', { type: 'Agent', destination: 1002 }), 'destination');
    await refused(tmac.command(ada, 'consult', { type: 'Agent', destination: '   ' }), 'destination');
    await refused(tmac.command(ada, 'consult', { type: 'Agent', destination: '1001' }), 'destination');
    await refused(tmac.command(ada, 'consult', { type: 'Agent', destination: '10 02' }), 'destination');
    await refused(tmac.command(ada, 'consult', { type: 'External', destination: 'call me' }), 'destination');
    await refused(tmac.command(ada, 'consult', { type: 'External', destination: '12' }), 'destination');
    await refused(tmac.command(ada, 'consult', { type: 'External', destination: `+${'1'.repeat(25)}` }), 'destination');
    assert.equal(cti.commands.length, sent);
  });

  it('refuses the commands without a call on the desktop (field call)', async () => {
    for (const name of ['consult', 'transfer', 'conference', 'cancelConsult', 'leaveConference', 'endConference']) {
      await refused(tmac.command(alan, name, { type: 'Agent', destination: '1001' }), 'call');
    }
  });

  it('reads the capabilities again while a consult is going: connected without an event', async () => {
    cti.capabilities.set('1001', { leaveConsult: true });
    cti.emit({ eventName: 'OnConsultCallInitiated', extension: '44001', eventData: { ConnectionHandle: 'H1', ConsultHandle: 'C0', DestinationType: 'External', Destination: '+14065550100' } });
    await sleep(50);
    assert.equal(ada.state.consult?.state, 'initiated');
    const pushed: string[] = [];
    const unsubscribe = tmac.subscribe(ada, (message) => {
      if (message.type === 'state') pushed.push(message.state.consult?.state ?? 'none');
    });
    // The outside party answers: POM changes the capabilities, and no A4 event says so.
    cti.capabilities.set('1001', { transfer: true, leaveConsult: true });
    await sleep(1300);
    unsubscribe();
    assert.equal(ada.state.consult?.state, 'connected');
    assert.equal(ada.state.capabilities.transfer, true);
    assert.ok(pushed.includes('connected'), 'the desktop was told');
    cti.emit({ eventName: 'OnConsultCancelled', extension: '44001', eventData: { ConnectionHandle: 'H1', ConsultHandle: 'C0', RequestingAgentID: '1001' } });
    assert.equal(ada.state.consult?.state, 'ended');
  });

  it('gives the destination the requester\'s name and customer card, and acts on the consult leg', async () => {
    cti.emit({ eventName: 'OnConsultCallInitiated', extension: '44001', eventData: { ConnectionHandle: 'H1', ConsultHandle: 'C1', DestinationType: 'Agent', Destination: '1002' } });
    cti.emit({ eventName: 'OnConsultNotify', extension: '44002', eventData: { ConnectionHandle: 'C1', RequestingAgentID: '1001', Device: '44002', JSONData: CONTACT } });
    await until('the names and the card are filled in', () => alan.state.call?.customer !== null && alan.state.consult?.requestingAgentName !== '' && ada.state.consult?.destinationName !== '');
    assert.equal(ada.state.consult?.destinationName, 'Alan Turing', 'the requester sees whom it consults');
    assert.equal(alan.state.consult?.requestingAgentName, 'Ada Lovelace', 'the destination sees who consults');
    assert.equal(alan.state.call?.customer?.firstName, 'Grace');
    assert.equal(alan.state.call?.customer?.lastName, 'Hopper');

    // Disconnect at the destination ends the consult leg.
    await tmac.command(alan, 'disconnect', {});
    const last = cti.commands.at(-1);
    assert.equal(last?.command, 'DisconnectCall');
    assert.equal(last?.body.connectionHandle, 'C1');

    // After the transfer the call is the destination's own: its wrap-up goes on the same handle.
    cti.capabilities.set('1001', { transfer: true, conference: true, leaveConsult: true });
    cti.emit({ eventName: 'OnTransferNotify', extension: '44002', eventData: { ConnectionHandle: 'C1', RequestingAgentID: '1001', JSONData: CONTACT } });
    assert.equal(alan.state.call?.transferredFrom, '1001');
    cti.emit({ eventName: 'OnCallWrapUpDataEvent', extension: '44002', eventData: { Device: '44002', ConnectionHandle: 'C1', UCID: 'C1', campaignType: 'Preview', WrapupTime: '0', DefaultCompletionCode: '69', JSONData: '[{"codeID":"69","codeValue":"Sale"}]' } });
    await tmac.command(alan, 'wrapup', { codeID: '69' });
    assert.deepEqual(cti.lastGeneric(), { commandName: 'WrapUpCallContact', data: { connectionHandle: 'C1', pCode: '69', pValue: 'Sale' } });
  });
});
