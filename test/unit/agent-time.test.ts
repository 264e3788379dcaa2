import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agentTime } from '../../src/reports/agent-time.ts';
import type { AgentStateChangeRecord } from '../../src/store/records.ts';

const S = 1000;
const change = (at: number, agentState: string, callState: string, campaignName: string | null = 'Sales'): AgentStateChangeRecord =>
  ({ agentId: '1011', at: at * S, agentState, callState, nailedStatus: 'NailedUp', reasonCode: 0, campaignName });

describe('agent time from the state history', () => {
  const history = [
    change(100, 'Ready', 'Idle'),
    change(130, 'Ready', 'Talking'),
    change(310, 'Ready', 'Wrapup'),
    change(325, 'Ready', 'Idle'),
    change(340, 'PendingNotReady', 'Talking'),
    change(400, 'PendingNotReady', 'Held'),
    change(420, 'PendingNotReady', 'Wrapup'),
    change(430, 'NotReady', 'Idle'),
    change(500, 'Ready', 'Idle', 'Survey'),
    change(560, 'LoggedOut', 'NoState', null),
  ];

  it('gives each stretch to its activity, by the call in hand first', () => {
    const t = agentTime(undefined, history, 0, 1000 * S, () => true);
    assert.deepEqual(t.seconds, { ready: 30 + 15 + 60, preview: 0, talk: 180 + 60 + 20, wrap: 15 + 10, notReady: 70 });
    assert.equal(t.calls, 2, 'talking then held is one call');
    assert.deepEqual([...t.campaigns].sort(), ['Sales', 'Survey']);
  });

  it('counts only the range, starting in the state the last change before it left', () => {
    const t = agentTime(history[1], history.slice(2), 200 * S, 330 * S, () => true);
    assert.deepEqual(t.seconds, { ready: 5, preview: 0, talk: 110, wrap: 15, notReady: 0 });
    assert.equal(t.calls, 0, 'the call began before the range');
  });

  it('keeps to the campaigns asked for', () => {
    const t = agentTime(undefined, history, 0, 1000 * S, (name) => name === 'Survey');
    assert.deepEqual(t.seconds, { ready: 60, preview: 0, talk: 0, wrap: 0, notReady: 0 });
  });
});
