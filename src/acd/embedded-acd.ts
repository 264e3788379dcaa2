import type { AcdAgentState, AcdApi } from './acd-api.ts';

/** Error code when the extension is already taken by another agent on the ACD. */
export const ACD_EXTENSION_IN_USE = 10;

/** The ACD in this process: agent logins and their states (inbound queues and blending come with it). */
export class EmbeddedAcd implements AcdApi {
  private readonly agents = new Map<string, { extension: string; state: AcdAgentState }>();

  async login(agentId: string, extension: string): Promise<number> {
    for (const [id, agent] of this.agents) if (id !== agentId && agent.extension === extension) return ACD_EXTENSION_IN_USE;
    this.agents.set(agentId, { extension, state: 'Aux' });
    return 0;
  }

  async logout(agentId: string): Promise<void> {
    this.agents.delete(agentId);
  }

  state(agentId: string): AcdAgentState {
    return this.agents.get(agentId)?.state ?? 'LoggedOut';
  }
}
