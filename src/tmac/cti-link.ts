import type { AgentView, CtiServer } from '../cti/cti-server.ts';
import type { TmacEvent } from '../cti/tmac-events.ts';

/** The TMAC server's side of links A3 (commands) and A4 (events), and the agent state read. */
export interface CtiLink {
  execute(command: string, body: Record<string, unknown>): Promise<number>;
  subscribe(extension: string, listener: (event: TmacEvent) => void): () => void;
  agentView(agentID: string): Promise<AgentView | undefined>;
}

/** The CTI server in the same process. */
export class InProcessCtiLink implements CtiLink {
  constructor(private readonly cti: CtiServer) {}

  execute(command: string, body: Record<string, unknown>): Promise<number> {
    return this.cti.execute(command, body);
  }

  subscribe(extension: string, listener: (event: TmacEvent) => void): () => void {
    return this.cti.events.subscribe(listener, extension);
  }

  async agentView(agentID: string): Promise<AgentView | undefined> {
    return this.cti.agentView(agentID);
  }
}
