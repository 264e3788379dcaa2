/**
 * POM's capability flags during a consult: transfer and conference only once the consulted party is on
 * the line, conference only with an agent (three parties, all on the floor), and nothing of the kind on
 * an ACD call.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { capabilitiesOf, type CapabilityContext } from '../../src/dialer/agent-states.ts';

const consulting = (consult: CapabilityContext['consult']): CapabilityContext => ({
  agentState: 'Ready', callState: 'Consult', nailedStatus: 'NailedUp', contact: null, hasCustomer: true, inbound: false, consult,
});

void describe('capabilities in a consult', () => {
  void it('an agent consulted and on the line: transfer and conference', () => {
    const c = capabilitiesOf(consulting({ role: 'requester', connected: true, withAgent: true }));
    assert.deepEqual([c.transfer, c.conference, c.leaveConsult, c.hold, c.release], [true, true, true, false, false]);
  });

  void it('an outside number on the line: transfer, no conference', () => {
    const c = capabilitiesOf(consulting({ role: 'requester', connected: true, withAgent: false }));
    assert.deepEqual([c.transfer, c.conference, c.leaveConsult], [true, false, true]);
  });

  void it('still ringing or pending: only cancel', () => {
    const c = capabilitiesOf(consulting({ role: 'requester', connected: false, withAgent: true }));
    assert.deepEqual([c.transfer, c.conference, c.leaveConsult], [false, false, true]);
  });

  void it('an ACD call: no callback, no record update, no transfer', () => {
    const c = capabilitiesOf({ agentState: 'Ready', callState: 'Talking', nailedStatus: 'NotNailedUp', contact: null, hasCustomer: true, inbound: true, consult: null });
    assert.deepEqual([c.hold, c.release, c.createCallback, c.updateRecord, c.transfer, c.conference], [true, true, false, false, false, false]);
  });
});
