import type { CallbackRecord, CampaignRecord, ContactRecord } from '../store/records.ts';
import type { Clock } from '../clock/clock.ts';
import type { Store } from '../store/store.ts';
import { isWithinWindow } from './compliance/calling-window.ts';
import type { DialerOptions } from './dialer-options.ts';

/** What the callback offers need of the job (job-runner.ts) and of the dialer that runs it. */
export interface CallbackOffersHost {
  readonly store: Store;
  readonly clock: Clock;
  readonly options: DialerOptions;
  campaign(): CampaignRecord;
  /** The contacts the job holds (contact-picker.ts). */
  readonly contactsInHand: Set<number>;
  isLoggedOn(agentId: string): boolean;
}

/** Hands the callback's contact, claimed for it, to the agent (the job offers it as a preview). */
export type DeliverCallback = (callback: CallbackRecord, contact: ContactRecord) => Promise<void>;

/**
 * A job's due callbacks, for its free agents: which one is for which agent (StrictAgent, Agent, Campaign,
 * Standard), expired ones set aside, the calling window and a supervisor's change respected.
 */
export class CallbackOffers {
  /** No callback was due when last asked: the store is asked again from this time. */
  private noCallbackBefore = -Infinity;

  constructor(private readonly host: CallbackOffersHost) {}

  /** A callback was booked or put back (or the periodic check is due): the next free agent looks for due callbacks again. */
  changed(): void {
    this.noCallbackBefore = -Infinity;
  }

  /**
   * Delivers a due callback to the agent if one is for it. True if it did. When none was due, the
   * store is not asked again before the next periodic check (or a booking by this dialer).
   */
  async offer(agentId: string, deliver: DeliverCallback): Promise<boolean> {
    if (this.host.clock.now() < this.noCallbackBefore) return false;
    return this.deliverDue((callback) => this.isFor(callback, agentId), deliver);
  }

  /** An agent going Not-Ready first takes a callback of its own that is due (PendingNotReady waits for it). */
  async offerOwn(agentId: string, deliver: DeliverCallback): Promise<boolean> {
    return this.deliverDue((callback) => callback.type !== 'Campaign' && callback.agentId === agentId, deliver);
  }

  private async deliverDue(isFor: (callback: CallbackRecord) => boolean, deliver: DeliverCallback): Promise<boolean> {
    const store = this.host.store;
    const now = this.host.clock.now();
    const due = await store.callbacks.due(this.host.campaign().id, now);
    if (due.length === 0) {
      this.noCallbackBefore = now + this.host.options.callbackCheckMs;
      return false;
    }
    for (const callback of due) {
      if (callback.expiresAt <= now) {
        await store.callbacks.transition(callback.id, 'pending', 'expired');
        continue;
      }
      if (!isFor(callback)) continue;
      const contact = await store.contacts.findById(callback.contactId);
      if (!contact || contact.state === 'uncallable' || this.host.contactsInHand.has(contact.id)) continue;
      const phone = contact.phones.find((p) => p.number === callback.number);
      if (!isWithinWindow(now, { ...phone, timezone: callback.timezone }, this.host.campaign().callingWindow, this.host.options.windowMarginSeconds)) continue;
      // Cancelled or moved later by a supervisor since it was read: not delivered.
      if (!(await store.callbacks.transition(callback.id, 'pending', 'delivered', now))) continue;
      if (contact.state === 'ready' && !(await store.contacts.claim(contact.id))) {
        await store.callbacks.transition(callback.id, 'delivered', 'pending');
        continue;
      }
      this.host.contactsInHand.add(contact.id);
      await deliver(callback, contact);
      return true;
    }
    return false;
  }

  private isFor(callback: CallbackRecord, agentId: string): boolean {
    if (callback.type === 'StrictAgent') return callback.agentId === agentId;
    if (callback.type === 'Agent') {
      // The owner first; anyone on the campaign when the owner is not logged in.
      return callback.agentId === agentId || !this.host.isLoggedOn(callback.agentId ?? '');
    }
    return true;
  }
}
