/**
 * What the leading dialer offers the gateways over NATS: A3 commands and agent views, relayed HTTP, the
 * desktops' state; and what it publishes: every A4 event per extension, every desktop message per session,
 * and a heartbeat with its epoch. Only the leader subscribes to the request subjects, so a request reaches
 * it wherever it runs, and gets "no responders" at once while nobody leads.
 */
import type { Subscription } from 'nats';
import type { CtiServer } from '../cti/cti-server.ts';
import type { TmacServer } from '../tmac/tmac-server.ts';
import type { HttpServer } from '../http/server.ts';
import { validationError } from '../errors.ts';
import type { ClusterBus } from './bus.ts';
import { relayReceiver, type RelayedRequest } from './relayed-http.ts';
import { SUBJECTS } from './subjects.ts';

export interface LeaderHeartbeat {
  epoch: number;
  instance: string;
  /** The leader's own HTTP address (its metrics and probes). */
  url: string;
}

export interface LeaderParts {
  cti: CtiServer;
  tmac: TmacServer;
  http: HttpServer;
}

const stringField = (data: unknown, field: string): string => {
  const value = typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[field] : undefined;
  if (typeof value !== 'string') throw validationError(field, 'is required (a string)');
  return value;
};

/**
 * The CTI links of the leader — A4 events and desktop messages out, A3 commands and agent views in —
 * until the returned function is called; from the moment the CTI and TMAC servers exist, so that the
 * clients see the resumes of a failover and can act on the calls they are given at once.
 */
export function publishFloor(bus: ClusterBus, parts: Pick<LeaderParts, 'cti' | 'tmac'>): () => void {
  const { cti, tmac } = parts;
  const subscriptions: Subscription[] = [
    bus.serve(SUBJECTS.command, async (data) => {
      const { command, body } = (typeof data === 'object' && data !== null ? data : {}) as { command?: unknown; body?: unknown };
      return { result: await cti.execute(typeof command === 'string' ? command : '', body ?? null) };
    }),
    bus.serve(SUBJECTS.agentView, (data) => ({ view: cti.agentView(stringField(data, 'agentID')) ?? null })),
  ];
  const stopEvents = cti.events.subscribe((event) => bus.publish(SUBJECTS.events(event.extension), event));
  const toDesktop = (tokenHash: string, message: unknown): void => bus.publish(SUBJECTS.desktop(tokenHash), message);
  tmac.broadcast.add(toDesktop);
  return () => {
    stopEvents();
    tmac.broadcast.delete(toDesktop);
    for (const subscription of subscriptions) subscription.unsubscribe();
  };
}

/** Serves the gateways' HTTP and desktop sockets and beats the heartbeat until the returned function is called. */
export function serveAsLeader(bus: ClusterBus, parts: LeaderParts, heartbeat: LeaderHeartbeat, heartbeatMs: number): () => void {
  const { tmac, http } = parts;
  const relay = relayReceiver(http.app);
  http.trust((request) => relay.isRelayed(request));
  const subscriptions: Subscription[] = [
    bus.serve(SUBJECTS.http, (data) => relay.run(data as RelayedRequest)),
    bus.serve(SUBJECTS.desktopAttach, (data) => ({ state: tmac.attach(stringField(data, 'tokenHash')) })),
  ];
  const beat = (): void => bus.publish(SUBJECTS.leader, heartbeat);
  beat();
  const timer = setInterval(beat, heartbeatMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    for (const subscription of subscriptions) subscription.unsubscribe();
  };
}
