import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { BlendBenchReport } from '../../bench/blend/compare.ts';
import { agentsFor, erlangC } from '../../bench/blend/erlang.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const run = promisify(execFile);

describe('blending benchmark', () => {
  it('sizes a team by Erlang C', () => {
    // 2 Erlangs on 3 agents: C = 4/9 (textbook value).
    assert.ok(Math.abs(erlangC(3, 2) - 4 / 9) < 1e-12);
    // 240 calls/h of 255 s (17 Erlangs) need 21 agents for 80 % in 20 s.
    assert.equal(agentsFor(240, 255, 0.8, 20), 21);
  });

  it('runs both floors for an hour and prints their figures as JSON', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'bench/blend/run.ts', '--json', '--hours', '1', '--agents', '12', '--seed', '3'], {
      cwd: ROOT, maxBuffer: 16 * 1024 * 1024,
    });
    const report = JSON.parse(stdout) as BlendBenchReport;
    assert.deepEqual(Object.keys(report).sort(), ['blended', 'difference', 'setup', 'sizing', 'split', 'wallSeconds']);
    assert.equal(report.setup.agents, 12);
    assert.equal(report.sizing.method, 'erlangC');
    assert.ok(report.sizing.inboundAgents >= 1 && report.sizing.inboundAgents < 12);

    const { blended, split } = report;
    for (const floor of [blended, split]) {
      assert.equal(floor.agents, 12);
      assert.equal(floor.hourly.length, 1);
      assert.ok(floor.inbound.offered > 0, `${floor.config}: no callers`);
      assert.equal(floor.inbound.offered, blended.inbound.offered, 'both floors get the same callers');
      assert.ok(floor.inbound.answered > 0, `${floor.config}: no inbound call answered`);
      assert.ok(floor.inbound.answered + floor.inbound.abandoned <= floor.inbound.offered);
      // The ACD's own count agrees with the callers' truth.
      assert.equal(floor.inbound.acd.answered, floor.inbound.answered);
      assert.equal(floor.inbound.acd.abandoned, floor.inbound.abandoned);
      assert.ok(floor.outbound.attempts > 0, `${floor.config}: no outbound call placed`);
      assert.ok(floor.outbound.liveAnswers > 0 && floor.outbound.talkHours > 0);
      assert.equal(typeof floor.outbound.abandonRate, 'number');
      assert.ok(floor.outbound.abandonRate >= 0 && floor.outbound.abandonRate <= 1, `abandon rate ${floor.outbound.abandonRate}`);
      assert.ok(floor.outbound.occupancy > 0 && floor.outbound.occupancy <= 1);
      assert.ok(Math.abs(floor.floor.agentHours - 12) < 0.05, `${floor.floor.agentHours} agent-hours`);
    }
    assert.equal(split.inboundTeam, report.sizing.inboundAgents);
    assert.equal(split.blending.toOutbound, 0, 'the fixed inbound team never goes back out');
    assert.equal(split.blending.inboundAgentsMax, split.inboundTeam);
    assert.ok(blended.blending.toInbound > 0, 'agents were blended in');
    assert.ok(blended.blending.toOutbound > 0, 'agents were blended back out');
    assert.equal(typeof report.difference.outboundTalkHours, 'number');
    assert.ok(Math.abs(report.difference.outboundTalkHours - (blended.outbound.talkHours - split.outbound.talkHours)) < 1e-9);
  });
});
