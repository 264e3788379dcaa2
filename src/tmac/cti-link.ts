import type { AgentView, CtiServer } from '../cti/cti-server.ts';
import type { TmacEvent } from '../cti/tmac-events.ts';

/** The TMAC server's side of links A3 (commands) and A4 (events), and the agent state read. */
export interface CtiLink {
  execute(command: string, body: unknown): Promise<number>;
  /** One extension's events, or every event when `extension` is undefined. */
  subscribe(extension: string | undefined, listener: (event: TmacEvent) => void): () => void;
  agentView(agentID: string): Promise<AgentView | undefined>;
}

/** The CTI server in the same process. */
export class InProcessCtiLink implements CtiLink {
  constructor(private readonly cti: CtiServer) {}

  execute(command: string, body: unknown): Promise<number> {
    return this.cti.execute(command, body);
  }

  subscribe(extension: string | undefined, listener: (event: TmacEvent) => void): () => void {
    return this.cti.events.subscribe(listener, extension);
  }

  async agentView(agentID: string): Promise<AgentView | undefined> {
    return this.cti.agentView(agentID);
  }
}
