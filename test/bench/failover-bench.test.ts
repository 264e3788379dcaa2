/**
 * The failover drill's arithmetic: percentiles, the per-kill summary, the verdicts, and the store audit's
 * three checks (lost dispositions, duplicate dials, DNC dials) on hand-made records. The drill itself
 * runs a cluster of processes for minutes: it is run by hand (`npm run bench:failover`), not here.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AttemptRecord } from '../../src/store/records.ts';
import { findDncDials, findDuplicates, findLost, retryWindowMinutes } from '../../bench/failover/audit.ts';
import type { WrapUpAck } from '../../bench/failover/desk.ts';
import { allDialerBacks, percentile, spread, summarizeKill, verdicts } from '../../bench/failover/report.ts';

function attempt(id: number, contactId: number, change: Partial<AttemptRecord> = {}): AttemptRecord {
  return {
    id, jobId: 1, campaignId: 1, contactId, number: `+1555000${contactId}`, kind: 'preview', dialedAt: 1000 * id, answeredAt: null, connectedAt: null,
    endedAt: 1000 * id + 500, result: 'Answer_Human', agentId: '400001', completionCode: '70', abandoned: false, nuisance: false, amdHangup: false, ...change,
  };
}

function ack(contactID: number, change: Partial<WrapUpAck> = {}): WrapUpAck {
  return { agentID: '400001', contactID, connectionHandle: `h${contactID}`, campaignType: 'Preview', codeID: '70', offeredAt: 0, sentAt: 0, ackedAt: 0, ...change };
}

describe('failover drill: figures', () => {
  it('takes nearest-rank percentiles', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.equal(percentile(sorted, 50), 50);
    assert.equal(percentile(sorted, 99), 99);
    assert.equal(percentile(sorted, 100), 100);
    assert.equal(percentile([7], 99), 7);
    assert.equal(percentile([], 50), 0);
    assert.deepEqual(spread([300, 100, 200]), { count: 3, p50: 200, p99: 300, max: 300 });
  });

  it('summarizes a kill: desktops back, their next call, and the stuck ones apart', () => {
    const kill = summarizeKill({
      kind: 'dialer', n: 1, killed: 'dialer-1', at: 0, epochBefore: 1, epochAfter: 2, leaseWonMs: 100, servingMs: 900,
      desks: [
        { agentID: 'a', backMs: 1200, nextCallMs: 1500, acceptedMs: 1300 },
        { agentID: 'b', backMs: 1000, nextCallMs: null },
        { agentID: 'c', backMs: null, nextCallMs: null },
      ],
    });
    assert.deepEqual(kill.back, { count: 2, p50: 1000, p99: 1200, max: 1200 });
    assert.deepEqual(kill.nextCall, { count: 1, p50: 1500, p99: 1500, max: 1500 });
    assert.deepEqual(kill.accepted, { count: 1, p50: 1300, p99: 1300, max: 1300 });
    assert.deepEqual(kill.stuck, ['c']);
    assert.equal(allDialerBacks([kill, kill]).count, 4);
  });

  it('states each aim as met or not', () => {
    const fast = summarizeKill({ kind: 'dialer', n: 1, killed: 'dialer-1', at: 0, servingMs: 1000, desks: [{ agentID: 'a', backMs: 2000, nextCallMs: null }] });
    const slow = summarizeKill({ kind: 'dialer', n: 2, killed: 'dialer-2', at: 0, servingMs: 6000, desks: [{ agentID: 'a', backMs: 16_000, nextCallMs: null }] });
    const gateway = summarizeKill({ kind: 'gateway', n: 1, killed: 'gateway-1', at: 0, desks: [{ agentID: 'a', backMs: 300, nextCallMs: 400 }] });
    const good = verdicts({ dialerKills: [fast], gatewayKill: gateway, lost: 0, duplicates: 0, dncDials: 0, stuck: 0 });
    assert.ok(good.every((v) => v.met), JSON.stringify(good));
    const bad = verdicts({ dialerKills: [fast, slow], gatewayKill: null, lost: 1, duplicates: 0, dncDials: 2, stuck: 0 });
    assert.deepEqual(bad.map((v) => v.met), [false, false, false, true, false, true]);
    // A kill after which no leader was heard is not met.
    const none = summarizeKill({ kind: 'dialer', n: 1, killed: 'dialer-1', at: 0, servingMs: null, desks: [] });
    assert.equal(verdicts({ dialerKills: [none], gatewayKill: null, lost: 0, duplicates: 0, dncDials: 0, stuck: 0 })[0]!.met, false);
  });
});

describe('failover drill: store audit', () => {
  it('counts an acknowledged wrap-up as lost when no attempt of its contact by its agent has a completion code', () => {
    const attempts = [
      attempt(1, 10),
      attempt(2, 11, { completionCode: null, result: 'Unknown' }),
      attempt(3, 12, { agentId: '400002' }),
      attempt(4, 13, { completionCode: '69' }),
    ];
    const { lost, codeMismatch, unidentified } = findLost([ack(10), ack(11), ack(12), ack(13), ack(14), ack(0)], attempts);
    assert.deepEqual(lost.map((l) => l.ack.contactID), [11, 12, 14]);
    assert.match(lost[0]!.found, /without a code/);
    assert.equal(lost[2]!.found, 'no attempt');
    assert.equal(codeMismatch, 1);
    assert.equal(unidentified, 1);
  });

  it('finds duplicate dials: while an attempt was open, within the retry window, after a closing code', () => {
    const window = new Map([[1, 10 * 60_000]]);
    const closing = new Set(['69', '70', '72', '74']);
    const attempts = [
      // Contact 1: the second dial before the first ended.
      attempt(1, 1, { dialedAt: 0, endedAt: 5000, completionCode: null, result: 'Unknown' }),
      attempt(2, 1, { dialedAt: 4000, endedAt: 6000 }),
      // Contact 2: dialed again 5 minutes after a retry outcome.
      attempt(3, 2, { dialedAt: 0, endedAt: 1000, completionCode: '76', result: 'Answer_Human' }),
      attempt(4, 2, { dialedAt: 1000 + 5 * 60_000 }),
      // Contact 3: closed with Not Interested, dialed again an hour later.
      attempt(5, 3, { dialedAt: 0, endedAt: 1000, completionCode: '70' }),
      attempt(6, 3, { dialedAt: 3_600_000 }),
      // Contact 4: a retry outcome, dialed again after the window: fine.
      attempt(7, 4, { dialedAt: 0, endedAt: 1000, completionCode: '76' }),
      attempt(8, 4, { dialedAt: 1000 + 11 * 60_000 }),
      // Contact 5: refused for DNC (not a call), then dialed: fine.
      attempt(9, 5, { dialedAt: 0, endedAt: 0, result: 'Restricted_DNC', completionCode: null }),
      attempt(10, 5, { dialedAt: 10 }),
    ];
    const found = findDuplicates(attempts, window, closing);
    assert.deepEqual(found.map((d) => [d.contactId, d.why]), [[1, 'open'], [2, 'retry interval'], [3, 'closed']]);
  });

  it('takes the shortest retry interval any outcome gives as the window', () => {
    const codes = [{ codeID: '73', codeValue: 'x', nextState: 'retry' as const, retryMinutes: 7, sale: false, rightPartyContact: false }];
    assert.equal(retryWindowMinutes({ retryRules: { Call_Busy: 10, Ring_No_Answer: 60 }, completionCodes: codes }, 30), 7);
    assert.equal(retryWindowMinutes({ retryRules: { Call_Busy: 45 }, completionCodes: [] }, 30), 30);
  });

  it('counts calls to a DNC number of the campaign, not the dials the dialer refused', () => {
    const listed = new Map([[1, new Set(['+15550001', '+15550002'])]]);
    const attempts = [
      attempt(1, 1, { number: '+15550001' }),
      attempt(2, 2, { number: '+15550002', result: 'Restricted_DNC' }),
      attempt(3, 3, { number: '+15550003' }),
      attempt(4, 4, { number: '+15550001', campaignId: 2 }),
    ];
    assert.deepEqual(findDncDials(attempts, listed).map((a) => a.id), [1]);
  });
});
