import type { Clock } from '../clock/clock.ts';
import type { Store } from '../store/store.ts';
import type { TmacEvent } from '../cti/tmac-events.ts';
import type { DesktopSession } from './desktop-session.ts';
import type { DesktopState } from './desktop-state.ts';

/** The events after which describe fills in names and the customer card. */
const CONSULT_EVENTS = new Set(['OnConsultCallInitiated', 'OnConsultNotify', 'OnConsultPending', 'OnTransferNotify', 'OnConferenceNotify']);
/**
 * While a consult is going the capabilities change without an A4 event (the consulted party answers,
 * a waiting consult connects): the TMAC server reads them this often until the consult is over.
 */
const CONSULT_POLL_MS = 1000;

/** What the consult watch needs of the TMAC server. */
export interface ConsultWatchHost {
  readonly store: Store;
  readonly clock: Clock;
  /** The live desktop sessions. */
  sessions(): Iterable<DesktopSession>;
  /** Reads the session's capabilities and states from the CTI server again. */
  refresh(session: DesktopSession): Promise<void>;
}

/**
 * A desktop's consults and conferences: the names and the customer card the consult events do not carry,
 * and the capabilities that change while a consult goes on without an A4 event.
 */
export class ConsultWatch {
  constructor(private readonly host: ConsultWatchHost) {}

  /** After each A4 event of the desktop. */
  onEvent(session: DesktopSession, event: TmacEvent): void {
    if (CONSULT_EVENTS.has(event.eventName)) void this.describe(session).catch(() => {});
    if (consultGoing(session.state)) this.watch(session);
  }

  /**
   * Fills in what the consult events do not carry: the other agent's name, and at the destination the
   * customer card (the contact's JSONData has no name), taken from the requesting agent's desktop when it
   * shows the same contact and the CTI server has sent no OnOutboundCallUUIData for the consult leg.
   */
  async describe(session: DesktopSession): Promise<void> {
    const { consult, call } = session.state;
    let changed = false;
    if (consult && consult.requestingAgentName === '' && consult.requestingAgentID !== '') {
      const name = consult.requestingAgentID === session.agentID ? session.agent.name : (await this.host.store.agents.findByAgentId(consult.requestingAgentID))?.name;
      if (name) {
        consult.requestingAgentName = name;
        changed = true;
      }
    }
    if (consult && consult.destinationName === '' && consult.type === 'Agent' && consult.destination !== '') {
      const name = (await this.host.store.agents.findByAgentId(consult.destination))?.name;
      if (name) {
        consult.destinationName = name;
        changed = true;
      }
    }
    for (const waiting of session.state.consultsWaiting) {
      if (waiting.requestingAgentName !== '' || waiting.requestingAgentID === '') continue;
      const name = (await this.host.store.agents.findByAgentId(waiting.requestingAgentID))?.name;
      if (name) {
        waiting.requestingAgentName = name;
        changed = true;
      }
    }
    const from = consult?.role === 'destination' ? consult.requestingAgentID : call?.transferredFrom;
    if (call && call.customer === null && from) {
      const contactID = call.contact.ContactID;
      const source = [...this.host.sessions()].find((s) => s !== session && s.agentID === from && s.state.call?.customer && contactID !== undefined && s.state.call.contact.ContactID === contactID);
      const customer = source?.state.call?.customer;
      if (customer) {
        call.customer = structuredClone(customer);
        changed = true;
      }
    }
    if (changed) session.push();
  }

  /** Reads the agent's view every CONSULT_POLL_MS while a consult is going; pushes the state when it changed. */
  watch(session: DesktopSession): void {
    if (session.consultPoll || session.ended) return;
    session.consultPoll = this.host.clock.setTimer(CONSULT_POLL_MS, () => {
      void (async () => {
        const before = JSON.stringify([session.state.callState, session.state.capabilities, session.state.consult?.state]);
        try {
          await this.host.refresh(session);
        } catch {
          // The next tick tries again.
        }
        session.consultPoll = null;
        if (session.ended) return;
        if (JSON.stringify([session.state.callState, session.state.capabilities, session.state.consult?.state]) !== before) session.push();
        if (consultGoing(session.state)) this.watch(session);
      })();
    });
  }
}

/** A consult (or a conference) is going on this desktop, or one waits for the agent. */
export const consultGoing = (state: DesktopState): boolean =>
  (state.consult !== null && state.consult.state !== 'ended') || state.consultsWaiting.length > 0;
