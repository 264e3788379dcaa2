import type { NewContact } from '../../src/store/records.ts';
import type { Store } from '../../src/store/store.ts';

/**
 * Keeps a benchmark's contact list ahead of its dialing: every contact is dialed once, on a New York
 * number (+1 212 …) that is always inside the calling window the benchmarks use.
 */
export class ContactSupply {
  private inserted = 0;
  private lastDials = 0;
  private lastAt: number | null = null;

  constructor(private readonly store: Store, private readonly listId: number, private readonly now: () => number, private readonly lastName = 'Bench') {}

  /** Keeps ten minutes of dialing at the pace since the last call ahead, and never less than 3,000 contacts. */
  async keepAhead(dials: number): Promise<void> {
    const now = this.now();
    const rate = this.lastAt !== null && now > this.lastAt ? (dials - this.lastDials) / (now - this.lastAt) : 0;
    this.lastDials = dials;
    this.lastAt = now;
    await this.ensure(dials, Math.max(3000, Math.ceil(rate * 600_000 * 1.5)));
  }

  /** Keeps at least `needed` undialed contacts in the list, `dialed` being how many were dialed so far. */
  async ensure(dialed: number, needed: number): Promise<void> {
    const missing = needed - (this.inserted - dialed);
    if (missing <= 0) return;
    const count = Math.max(missing, 1000);
    const contacts: NewContact[] = [];
    const now = this.now();
    for (let i = 0; i < count; i++) {
      const n = this.inserted + i;
      contacts.push({
        userContactId: `B${n}`, title: '', firstName: 'Pat', lastName: `${this.lastName}${n}`,
        phones: [{ number: `+1212${String(2000000 + n).padStart(7, '0')}`, countryCode: '1', timezone: 'America/New_York', state: 'NY', wireless: false }],
        emails: [], address: { line1: '', line2: '', line3: '', line4: '', line5: '', country: 'US', zipCode: '10001' },
        customFields: {}, priority: 0, state: 'ready', nextAttemptAt: now,
      });
    }
    await this.store.contacts.insertMany(this.listId, contacts);
    this.inserted += count;
  }
}
