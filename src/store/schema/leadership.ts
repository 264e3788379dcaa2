/** The dialer's lease table. */

/** The dialer's lease (migration 008, src/cluster/leadership.ts): one row, id 1. */
export interface LeadershipTable {
  id: number;
  epoch: number;
  holder: string;
  since: number;
}
