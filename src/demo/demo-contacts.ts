/**
 * The demo's contacts: people in every time zone of the demo world, with plausible names, numbers,
 * addresses and account fields, deterministic for the seed of the `DemoRandom` given.
 */
import type { ContactAddress, ContactPhone, NewContact } from '../store/records.ts';
import { SLOT_BLOCK, usAreaCodesIn, type AbroadCountry, type DemoSlot, type NumberPool } from './demo-world.ts';
import type { DemoRandom } from './demo-random.ts';

export type ListKey = 'preview' | 'predictive';

const FEMALE_NAMES = [
  'Mary', 'Patricia', 'Jennifer', 'Linda', 'Elizabeth', 'Barbara', 'Susan', 'Jessica', 'Sarah', 'Karen',
  'Nancy', 'Lisa', 'Margaret', 'Sandra', 'Ashley', 'Emily', 'Michelle', 'Amanda', 'Melissa', 'Laura',
  'Rebecca', 'Maria', 'Angela', 'Rachel', 'Olivia', 'Sofia', 'Grace', 'Hannah', 'Chloe', 'Naomi',
];
const MALE_NAMES = [
  'James', 'Robert', 'John', 'Michael', 'David', 'William', 'Richard', 'Joseph', 'Thomas', 'Charles',
  'Christopher', 'Daniel', 'Matthew', 'Anthony', 'Mark', 'Steven', 'Paul', 'Andrew', 'Joshua', 'Kevin',
  'Brian', 'George', 'Edward', 'Jason', 'Ryan', 'Jacob', 'Luis', 'Carlos', 'Ethan', 'Samuel',
];
const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez',
  'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin',
  'Lee', 'Perez', 'Thompson', 'White', 'Harris', 'Sanchez', 'Clark', 'Ramirez', 'Lewis', 'Robinson',
  'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Torres', 'Nguyen', 'Hill', 'Flores',
  'Green', 'Adams', 'Nelson', 'Baker', 'Hall', 'Rivera', 'Campbell', 'Mitchell', 'Carter', "O'Brien",
];
const STREET_NAMES = [
  'Main', 'Oak', 'Pine', 'Maple', 'Cedar', 'Elm', 'Washington', 'Lake', 'Hill', 'Park', 'Sunset',
  'Lincoln', 'Jefferson', 'Highland', 'Forest', 'River', 'Church', 'Walnut', 'Spring', 'Meadow',
];
const STREET_SUFFIXES = ['St', 'Ave', 'Blvd', 'Rd', 'Ln', 'Dr', 'Ct', 'Way', 'Pl'];
// Reserved for documentation (RFC 2606): demo e-mails never reach anyone.
const EMAIL_DOMAINS = ['example.com', 'example.net', 'example.org'];
const PRODUCTS = ['Gold Card', 'Platinum Card', 'Home Internet', 'Mobile Plan', 'Auto Insurance', 'Home Insurance'];
const SEGMENTS = ['Retail', 'Premier', 'Small Business', 'Student'];

/** The contact's id in its list (P000001, Q000001): clients and tests rely on it. */
export function userContactId(list: ListKey, index: number): string {
  return `${list === 'preview' ? 'P' : 'Q'}${String(index).padStart(6, '0')}`;
}

/** A shuffled copy (Fisher–Yates). */
function shuffled<T>(rng: DemoRandom, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

interface Person {
  firstName: string;
  lastName: string;
  female: boolean;
  phones: ContactPhone[];
  address: ContactAddress;
}

/**
 * The contacts of a list, in blocks of SLOT_BLOCK's places (each block shuffled): every block has
 * contacts in every time zone, so at any hour some of the first contacts the dialer reads are inside
 * their calling window.
 */
export function makeContacts(rng: DemoRandom, list: ListKey, count: number, pool: NumberPool, now: number): NewContact[] {
  const contacts: NewContact[] = [];
  let block: DemoSlot[] = [];
  for (let i = 1; i <= count; i++) {
    if (block.length === 0) block = shuffled(rng, SLOT_BLOCK);
    const slot = block.pop()!;
    const person = slot.kind === 'us' ? usPerson(rng, slot.timeZone, pool) : abroadPerson(rng, slot.country, pool);
    const { firstName, lastName, female } = person;
    const title = rng.chance(0.05) ? 'Dr' : female ? rng.pick(['Ms', 'Mrs']) : 'Mr';
    const emailUser = `${firstName}.${lastName}`.toLowerCase().replace(/[^a-z.]/g, '');
    contacts.push({
      userContactId: userContactId(list, i),
      title,
      firstName,
      lastName,
      phones: person.phones,
      emails: [`${emailUser}${rng.int(1, 99)}@${rng.pick(EMAIL_DOMAINS)}`],
      address: person.address,
      customFields: {
        'Account Number': `${rng.int(1, 9)}${rng.digits(9)}`,
        Balance: (rng.int(0, 500_000) / 100).toFixed(2),
        Product: rng.pick(PRODUCTS),
        Segment: rng.pick(SEGMENTS),
      },
      priority: rng.chance(0.05) ? 5 : 0,
      state: 'ready',
      nextAttemptAt: now,
    });
  }
  return contacts;
}

/** A US first and last name (for the demo's agents too). */
export function usName(rng: DemoRandom): { firstName: string; lastName: string; female: boolean } {
  const female = rng.chance(0.5);
  const firstName = rng.pick(female ? FEMALE_NAMES : MALE_NAMES);
  const lastName = rng.pick(LAST_NAMES);
  return { firstName, lastName, female };
}

/** A US contact in `timeZone`: one or two numbers of its area codes (so both in the same zone), the address in the first one's city. */
function usPerson(rng: DemoRandom, timeZone: string, pool: NumberPool): Person {
  const { firstName, lastName, female } = usName(rng);
  const areas = usAreaCodesIn(timeZone);
  const area = rng.pick(areas);
  const usPhone = (a: typeof area): ContactPhone => ({ number: pool.takeUs(a), countryCode: '1', timezone: a.timeZone, state: a.state, wireless: rng.chance(0.4) });
  const phones = [usPhone(area)];
  if (rng.chance(0.4)) phones.push(usPhone(rng.pick(areas)));
  return {
    firstName, lastName, female, phones,
    // The address is in the area of the first phone, as it would be for a landline.
    address: {
      line1: `${rng.int(1, 9999)} ${rng.pick(STREET_NAMES)} ${rng.pick(STREET_SUFFIXES)}`,
      line2: `${area.city}, ${area.state}`,
      line3: '', line4: '', line5: '',
      country: 'US',
      zipCode: String(rng.int(1001, 99950)).padStart(5, '0'),
    },
  };
}

/** A contact abroad: a city of the country, one or two of its numbers (mobiles or the city's landlines). */
function abroadPerson(rng: DemoRandom, country: AbroadCountry, pool: NumberPool): Person {
  const female = rng.chance(0.5);
  const firstName = rng.pick(female ? country.names.female : country.names.male);
  const lastName = rng.pick(country.names.last);
  const city = rng.pick(country.cities);
  const phone = (): ContactPhone => {
    const mobileFirst = country.mobile !== null && rng.chance(country.mobileShare);
    const sources = country.mobile === null ? [city.landline] : mobileFirst ? [country.mobile, city.landline] : [city.landline, country.mobile];
    const { number, wireless } = pool.take(sources);
    return { number, countryCode: country.callingCode, timezone: country.timeZone, state: '', wireless };
  };
  const phones = [phone()];
  if (rng.chance(0.4)) phones.push(phone());
  return { firstName, lastName, female, phones, address: country.address(rng, city) };
}
