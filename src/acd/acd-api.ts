/**
 * The ACD port (link A5: CC Elite through AES in the spec). The CTI server logs an agent into the ACD
 * before POM: the agent is then Not-Ready (Aux) on the ACD.
 */
export type AcdAgentState = 'LoggedOut' | 'Aux' | 'AutoIn' | 'ManualIn' | 'AfterCall' | 'OnCall';

export interface AcdApi {
  /** Resolves 0 on success, or a positive error code. */
  login(agentId: string, extension: string): Promise<number>;
  logout(agentId: string): Promise<void>;
  state(agentId: string): AcdAgentState;
}
