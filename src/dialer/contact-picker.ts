import type { Clock } from '../clock/clock.ts';
import type { AttemptKind, CampaignRecord, ContactPhone, ContactRecord } from '../store/records.ts';
import type { Store } from '../store/store.ts';
import { hoursFor, isWithinHours, nextOpening } from './compliance/calling-window.ts';
import { outcomeOfResult } from './contact-outcome.ts';
import type { DialerOptions } from './dialer-options.ts';
import type { Log } from '../log/log.ts';

/** Contacts fetched from the store at a time. */
const BATCH = 100;

export interface PickedContact {
  contact: ContactRecord;
  phone: ContactPhone;
}

type PhoneChoice = { kind: 'dial'; phone: ContactPhone } | { kind: 'later'; at: number } | { kind: 'dnc'; number: string } | { kind: 'exhausted' };

/**
 * A job's next contacts: taken from the store in batches (priority, then due time), skipping those
 * outside their calling window (deferred to its opening), those whose numbers have had their attempts,
 * and numbers on the campaign's DNC lists; each claimed atomically before it is handed out.
 */
export class ContactPicker {
  private buffer: ContactRecord[] = [];
  /** Contacts the job holds (dialing, with an agent, in wrap-up): not fetched again meanwhile. */
  readonly inHand = new Set<number>();
  private listExhaustedAt = -Infinity;
  /** The last fetch found no contact due while the list still has some: logged once, when it starts and ends. */
  private waitingForDue = false;

  constructor(
    private readonly host: { readonly store: Store; readonly clock: Clock; readonly options: DialerOptions; readonly log: Log },
    private readonly job: { readonly id: number; campaign(): CampaignRecord; kindOfDial(): AttemptKind; listEmpty(): Promise<void> },
  ) {}

  /** Forgets the batch in hand: the campaign changed, or the job stops. */
  forget(): void {
    this.buffer = [];
    this.listExhaustedAt = -Infinity;
  }

  /**
   * The next contact to dial and the number to dial it on: claimed, inside its calling window, not on
   * a DNC list. Contacts outside their window wait for it to open; contacts with only DNC numbers are
   * recorded as restricted and made uncallable.
   */
  async next(): Promise<PickedContact | null> {
    const store = this.host.store;
    for (let tries = 0; tries < BATCH * 2; tries++) {
      const contact = await this.takeFromBuffer();
      if (!contact) return null;
      const now = this.host.clock.now();
      const choice = await this.choosePhone(contact, now);
      if (choice.kind === 'later') {
        await store.contacts.deferToWindow(contact.id, choice.at, now);
        continue;
      }
      if (choice.kind === 'exhausted') {
        // Every number has had its attempts, or there is none: the contact is done.
        await store.contacts.setState(contact.id, 'done');
        continue;
      }
      if (!(await store.contacts.claim(contact.id))) continue;
      if (choice.kind === 'dnc') {
        await this.recordRestricted(contact, choice.number, now);
        continue;
      }
      this.inHand.add(contact.id);
      return { contact, phone: choice.phone };
    }
    return null;
  }

  private async takeFromBuffer(): Promise<ContactRecord | undefined> {
    if (this.buffer.length === 0) {
      const now = this.host.clock.now();
      // An empty list is asked again only now and then, not on every event.
      if (now - this.listExhaustedAt < this.host.options.emptyListRecheckMs) return undefined;
      const campaign = this.job.campaign();
      this.buffer = await this.host.store.contacts.nextDialable(campaign.contactListId, now, campaign.maxAttempts, BATCH, [...this.inHand]);
      if (this.buffer.length === 0) {
        this.listExhaustedAt = now;
        await this.noteWaiting(campaign, now);
        await this.job.listEmpty();
        return undefined;
      }
      if (this.waitingForDue) this.host.log.info({ jobId: this.job.id, campaign: campaign.name }, 'contacts due again: the job dials');
      this.waitingForDue = false;
    }
    return this.buffer.shift();
  }

  /** Nothing due: the supervisor's log says until when (the floor status says it too), once. */
  private async noteWaiting(campaign: CampaignRecord, now: number): Promise<void> {
    if (this.waitingForDue) return;
    const due = await this.host.store.contacts.nextDueAt(campaign.contactListId, campaign.maxAttempts);
    if (due === null || due <= now) return;
    this.waitingForDue = true;
    this.host.log.info({ jobId: this.job.id, campaign: campaign.name, nextDueAt: new Date(due).toISOString() }, 'no contact is due: the job waits for calling windows or retry times');
  }

  private async choosePhone(contact: ContactRecord, now: number): Promise<PhoneChoice> {
    const { store, options } = this.host;
    const campaign = this.job.campaign();
    let reopensAt = Infinity;
    let dncNumber: string | null = null;
    const perNumber = campaign.maxAttemptsPerNumber;
    for (const phone of contact.phones) {
      if (await store.dnc.isListed(campaign.dncListIds, phone.number)) {
        dncNumber = phone.number;
        continue;
      }
      // The store is asked only once the contact has had as many attempts as one number may.
      if (perNumber > 0 && contact.attempts >= perNumber && (await store.attempts.countForNumber(contact.id, phone.number)) >= perNumber) continue;
      const hours = hoursFor(campaign.callingWindow, phone);
      if (isWithinHours(now, phone.timezone, hours, options.windowMarginSeconds)) return { kind: 'dial', phone };
      reopensAt = Math.min(reopensAt, nextOpening(now, phone.timezone, hours));
    }
    if (reopensAt < Infinity) return { kind: 'later', at: reopensAt };
    if (dncNumber === null) return { kind: 'exhausted' };
    return { kind: 'dnc', number: dncNumber };
  }

  private async recordRestricted(contact: ContactRecord, number: string, now: number): Promise<void> {
    const store = this.host.store;
    const campaign = this.job.campaign();
    const attempt = await store.attempts.insert({ jobId: this.job.id, campaignId: campaign.id, contactId: contact.id, number, kind: this.job.kindOfDial(), dialedAt: now });
    await store.attempts.update(attempt.id, { endedAt: now, result: 'Restricted_DNC' });
    await store.contacts.recordOutcome(contact.id, outcomeOfResult(campaign, 'Restricted_DNC', contact.attempts + 1, now));
  }
}
