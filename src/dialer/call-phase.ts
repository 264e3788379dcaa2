/*
 * The phases of one contact in the dialer's hands (outbound-call.ts), from selection to disposition.
 *
 *   previewing ──dial──► dialing ──answered──► waiting ──agent free──► connected ⇄ held ──► ended
 *   (preview only)          │  (predictive)        │                                ▲
 *                           │        └──no agent in time / customer gave up──► ended (abandoned)
 *                           ├──answered (preview: the agent is already on the line)─┘
 *                           └──failed / machine dropped──► ended
 */
export type CallPhase = 'previewing' | 'dialing' | 'waiting' | 'connected' | 'held' | 'ended';
