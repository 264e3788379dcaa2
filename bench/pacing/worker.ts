/**
 * A worker process of the pacing benchmark: runs the replications its parent sends, one at a time,
 * and sends each result back.
 */
import { runReplication, type Policy, type ReplicationResult } from './replication.ts';
import type { Scenario } from './scenario.ts';

export interface WorkerTask {
  id: number;
  scenario: Scenario;
  policy: Policy;
  replication: number;
}

export type WorkerReply = { id: number; result: ReplicationResult } | { id: number; error: string };

process.on('message', (message: WorkerTask) => {
  void (async () => {
    let reply: WorkerReply;
    try {
      reply = { id: message.id, result: await runReplication(message.scenario, message.policy, message.replication) };
    } catch (error) {
      reply = { id: message.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
    }
    process.send!(reply);
  })();
});
