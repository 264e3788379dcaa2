/**
 * The NATS subjects of a cluster (docs/operations.md, "Roles"). Requests go to the leading dialer, which
 * alone subscribes to them; events are published by the leader and fanned out by the gateways.
 */
export const SUBJECTS = {
  /** Request: `{command, body}` (link A3) → `{result}` or `{error}`. */
  command: 'nailup.a3.command',
  /** Request: `{agentID}` → `{view}` (GET /cti/v1/agents/:agentID). */
  agentView: 'nailup.a3.agent',
  /** Request: an HTTP request relayed by a gateway (relayed-http.ts) → its reply. */
  http: 'nailup.http',
  /** Request: `{tokenHash}` → `{state}` of the desktop session, or `{error}`. */
  desktopAttach: 'nailup.tmac.attach',
  /** Published by the leader every heartbeat: `{epoch, instance, url}`. */
  leader: 'nailup.leader',
  /** Published once by a dialer that has just won the lease, before it resumes the floor: `{epoch, instance}`. */
  takingOver: 'nailup.leader.taking-over',
  /** Every A4 event of one extension. */
  events: (extension: string): string => `nailup.a4.${token(extension)}`,
  /** Every A4 event. */
  allEvents: 'nailup.a4.>',
  /** Every message to one desktop session (the TMAC server's WebSocket messages). */
  desktop: (tokenHash: string): string => `nailup.desk.${token(tokenHash)}`,
} as const;

/** A subject token: letters, digits, `-` and `_` as they are, anything else as `~XX` (no `.`, `*`, `>` or space). */
function token(value: string): string {
  return value === '' ? '~' : value.replace(/[^A-Za-z0-9_-]/g, (c) => `~${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
