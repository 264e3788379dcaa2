/**
 * Where the demo contacts live: mostly in the US (by area code, see us-area-codes.ts), the rest in the
 * UK, India, Japan and Australia, so that whatever the hour some of them are inside their 08:00–21:00
 * local calling window. Numbers come first from the ranges the regulators set aside for fiction (UK:
 * Ofcom's drama numbers; Australia: ACMA's), otherwise (India, Japan, or a list too large for the
 * fiction ranges) in the country's real formats. Every number is one the importer's validation
 * (libphonenumber) accepts: Ofcom's mobile drama range 07700 900xxx is not used for that reason.
 */
import type { ContactAddress } from '../store/records.ts';
import type { DemoRandom } from './demo-random.ts';
import { US_AREA_CODES, type UsAreaCode } from './us-area-codes.ts';

/** Numbers `prefix` followed by `free` digits, or the numbers of `list`. */
export type FictionRange = { prefix: string; free: number } | { list: readonly string[] };

export interface NumberSource {
  /** Ranges reserved for fiction: used first, while they have numbers left. */
  fiction: readonly FictionRange[];
  /** A number in the country's real format, when the fiction ranges are used up or there are none. */
  plausible: ((rng: DemoRandom) => string) | null;
  wireless: boolean;
}

export interface AbroadCity {
  name: string;
  /** State, prefecture or none, as the address writes it. */
  region: string;
  landline: NumberSource;
  postcode: (rng: DemoRandom) => string;
  /** Districts for addresses that name one (Japan). */
  districts?: readonly string[];
}

export interface AbroadCountry {
  /** ISO 3166 alpha-2, as the address gives it. */
  country: 'GB' | 'IN' | 'JP' | 'AU';
  /** Country calling code. */
  callingCode: string;
  timeZone: string;
  cities: readonly AbroadCity[];
  mobile: NumberSource | null;
  /** Share of numbers that are mobiles (where there are mobiles). */
  mobileShare: number;
  names: { female: readonly string[]; male: readonly string[]; last: readonly string[] };
  address: (rng: DemoRandom, city: AbroadCity) => ContactAddress;
}

const digits = (rng: DemoRandom, n: number): string => rng.digits(n);
const blankLines = { line3: '', line4: '', line5: '' } as const;

// Letters UK postcodes use in their inward part.
const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ'.split('');

function ukPostcode(areas: readonly string[], maxDistrict: number): (rng: DemoRandom) => string {
  return (rng) => `${rng.pick(areas)}${rng.int(1, maxDistrict)} ${rng.int(0, 9)}${rng.pick(INWARD_LETTERS)}${rng.pick(INWARD_LETTERS)}`;
}

/** A UK city: Ofcom's drama range for it (`+44` area, `496 0xxx` or the like), then real-format numbers. */
function ukCity(name: string, fictionPrefix: string, plausible: (rng: DemoRandom) => string, postcode: (rng: DemoRandom) => string): AbroadCity {
  return {
    name, region: '', postcode,
    landline: { fiction: [{ prefix: fictionPrefix, free: 3 }], plausible, wireless: false },
  };
}

const ukGeographic = (area: string) => (rng: DemoRandom): string => `+44${area}${rng.pick(['2', '4'])}${digits(rng, 6)}`;

const BRITISH_FEMALE = ['Olivia', 'Amelia', 'Isla', 'Emily', 'Sophie', 'Charlotte', 'Grace', 'Lucy', 'Hannah', 'Jessica', 'Chloe', 'Ella', 'Ruby', 'Mia', 'Evie', 'Sarah', 'Emma', 'Claire'];
const BRITISH_MALE = ['Oliver', 'George', 'Harry', 'Jack', 'Charlie', 'Thomas', 'James', 'William', 'Alfie', 'Henry', 'Oscar', 'Noah', 'Leo', 'Daniel', 'Samuel', 'Joseph', 'Liam', 'Lucas'];
const BRITISH_LAST = [
  'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Robinson', 'Wright', 'Thompson',
  'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Wood', 'Jackson', 'Clarke', 'Campbell', 'Murphy', 'Kelly', 'MacDonald',
];

const GB: AbroadCountry = {
  country: 'GB',
  callingCode: '44',
  timeZone: 'Europe/London',
  // Ofcom's numbers for drama purposes: 1,000 per city.
  cities: [
    ukCity('London', '+442079460', (rng) => `+4420${rng.pick(['7', '8'])}${digits(rng, 7)}`, ukPostcode(['E', 'N', 'NW', 'SE', 'SW', 'W'], 20)),
    ukCity('Manchester', '+441614960', ukGeographic('161'), ukPostcode(['M'], 40)),
    ukCity('Birmingham', '+441214960', ukGeographic('121'), ukPostcode(['B'], 45)),
    ukCity('Leeds', '+441134960', ukGeographic('113'), ukPostcode(['LS'], 29)),
    ukCity('Bristol', '+441174960', ukGeographic('117'), ukPostcode(['BS'], 16)),
    ukCity('Edinburgh', '+441314960', ukGeographic('131'), ukPostcode(['EH'], 17)),
    ukCity('Glasgow', '+441414960', ukGeographic('141'), ukPostcode(['G'], 46)),
    ukCity('Liverpool', '+441514960', ukGeographic('151'), ukPostcode(['L'], 38)),
  ],
  // Ofcom's mobile drama range (07700 900xxx) is not a valid number to libphonenumber, so to the importer.
  mobile: null,
  mobileShare: 0,
  names: { female: BRITISH_FEMALE, male: BRITISH_MALE, last: BRITISH_LAST },
  address: (rng, city) => ({
    line1: `${rng.int(1, 250)} ${rng.pick(['High', 'Church', 'Station', 'Victoria', 'Park', 'Mill', 'Queen', 'King', 'Albert', 'Manor'])} ${rng.pick(['Road', 'Street', 'Lane', 'Avenue', 'Close', 'Drive', 'Grove'])}`,
    line2: city.name, ...blankLines, country: 'GB', zipCode: city.postcode(rng),
  }),
};

function indianCity(name: string, region: string, std: string, pin: string): AbroadCity {
  return {
    name, region,
    landline: { fiction: [], plausible: (rng) => `+91${std}2${digits(rng, 9 - std.length)}`, wireless: false },
    postcode: (rng) => `${pin}${digits(rng, 3)}`,
  };
}

const INDIAN_MOBILE_PREFIXES = ['98', '99', '97', '96', '95', '94', '93', '91', '90', '88', '87', '86', '85', '84', '83', '82', '81', '80', '79', '78', '77', '76', '75', '74', '73', '72', '70', '63', '62'];

const IN: AbroadCountry = {
  country: 'IN',
  callingCode: '91',
  timeZone: 'Asia/Kolkata',
  cities: [
    indianCity('Mumbai', 'MH', '22', '400'), indianCity('New Delhi', 'DL', '11', '110'),
    indianCity('Bengaluru', 'KA', '80', '560'), indianCity('Chennai', 'TN', '44', '600'),
    indianCity('Kolkata', 'WB', '33', '700'), indianCity('Hyderabad', 'TG', '40', '500'),
    indianCity('Pune', 'MH', '20', '411'), indianCity('Ahmedabad', 'GJ', '79', '380'),
  ],
  // India has no numbers set aside for fiction.
  mobile: { fiction: [], plausible: (rng) => `+91${rng.pick(INDIAN_MOBILE_PREFIXES)}${digits(rng, 8)}`, wireless: true },
  mobileShare: 0.8,
  names: {
    female: ['Priya', 'Ananya', 'Diya', 'Kavya', 'Isha', 'Aditi', 'Meera', 'Pooja', 'Neha', 'Sneha', 'Riya', 'Lakshmi', 'Divya', 'Anjali'],
    male: ['Aarav', 'Vivaan', 'Aditya', 'Arjun', 'Rohan', 'Rahul', 'Vikram', 'Sanjay', 'Karthik', 'Amit', 'Rajesh', 'Suresh', 'Nikhil', 'Arun'],
    last: ['Sharma', 'Patel', 'Singh', 'Kumar', 'Gupta', 'Reddy', 'Iyer', 'Nair', 'Rao', 'Das', 'Mehta', 'Joshi', 'Banerjee', 'Menon', 'Chopra', 'Pillai'],
  },
  address: (rng, city) => ({
    line1: `${rng.int(1, 999)} ${rng.pick(['MG', 'Station', 'Park', 'Lake', 'Temple', 'Nehru', 'Gandhi', 'Church', 'Hill', 'Market'])} Road`,
    line2: `${city.name}, ${city.region}`, ...blankLines, country: 'IN', zipCode: city.postcode(rng),
  }),
};

function japaneseCity(name: string, region: string, landline: (rng: DemoRandom) => string, postalPrefixes: readonly string[], districts: readonly string[]): AbroadCity {
  return {
    name, region, districts,
    landline: { fiction: [], plausible: landline, wireless: false },
    postcode: (rng) => `${rng.pick(postalPrefixes)}${digits(rng, 1)}-${digits(rng, 4)}`,
  };
}

const JP: AbroadCountry = {
  country: 'JP',
  callingCode: '81',
  timeZone: 'Asia/Tokyo',
  cities: [
    japaneseCity('Tokyo', 'Tokyo', (rng) => `+813${rng.pick(['3', '5', '6'])}${digits(rng, 7)}`, ['10', '15', '16', '17'], ['Shibuya', 'Shinjuku', 'Setagaya', 'Meguro', 'Minato', 'Nerima']),
    japaneseCity('Osaka', 'Osaka', (rng) => `+816${rng.pick(['4', '6', '7'])}${digits(rng, 7)}`, ['53', '54', '55'], ['Kita', 'Chuo', 'Tennoji', 'Yodogawa']),
    japaneseCity('Yokohama', 'Kanagawa', (rng) => `+8145${rng.int(2, 9)}${digits(rng, 6)}`, ['22', '23', '24'], ['Naka', 'Kohoku', 'Aoba']),
    japaneseCity('Nagoya', 'Aichi', (rng) => `+8152${rng.int(2, 9)}${digits(rng, 6)}`, ['45', '46'], ['Naka', 'Chikusa', 'Showa']),
    japaneseCity('Fukuoka', 'Fukuoka', (rng) => `+8192${rng.int(2, 9)}${digits(rng, 6)}`, ['81'], ['Hakata', 'Chuo', 'Sawara']),
    japaneseCity('Kyoto', 'Kyoto', (rng) => `+8175${rng.int(2, 9)}${digits(rng, 6)}`, ['60', '61'], ['Sakyo', 'Nakagyo', 'Fushimi']),
  ],
  // Japan has no numbers set aside for fiction.
  mobile: { fiction: [], plausible: (rng) => `+81${rng.pick(['90', '80', '70'])}${rng.int(1, 9)}${digits(rng, 7)}`, wireless: true },
  mobileShare: 0.5,
  names: {
    female: ['Yui', 'Hina', 'Aoi', 'Sakura', 'Yuna', 'Mei', 'Haruka', 'Yuki', 'Emi', 'Naoko', 'Akiko', 'Mai'],
    male: ['Haruto', 'Sota', 'Yuto', 'Ren', 'Hiroshi', 'Takeshi', 'Kenji', 'Daiki', 'Shota', 'Kaito', 'Taro', 'Kenta'],
    last: ['Sato', 'Suzuki', 'Takahashi', 'Tanaka', 'Watanabe', 'Ito', 'Yamamoto', 'Nakamura', 'Kobayashi', 'Kato', 'Yoshida', 'Yamada'],
  },
  address: (rng, city) => ({
    line1: `${rng.int(1, 5)}-${rng.int(1, 30)}-${rng.int(1, 20)} ${rng.pick(city.districts ?? [city.name])}`,
    line2: city.region === city.name ? city.name : `${city.name}, ${city.region}`, ...blankLines, country: 'JP', zipCode: city.postcode(rng),
  }),
};

/** ACMA's mobile numbers for creative works. */
const AU_FICTION_MOBILES = [
  '006', '156', '157', '158', '159', '110', '313', '737', '1266', '1491', '1804', '2549', '2665', '2983', '3770',
  '3087', '4118', '4632', '5254', '5789', '6398', '6801', '7426', '7644', '8957', '8148', '8888', '9212', '9760', '9455',
].map((tail) => (tail.length === 3 ? `+61491570${tail}` : `+6149157${tail}`));

/** ACMA's landline numbers for creative works in the 02 area (New South Wales and the ACT). */
const AU_FICTION_LANDLINES: FictionRange[] = [{ prefix: '+6125550', free: 4 }, { prefix: '+6127010', free: 4 }];

function australianCity(name: string, region: string, plausible: (rng: DemoRandom) => string, postcodes: readonly [number, number]): AbroadCity {
  return {
    name, region,
    landline: { fiction: AU_FICTION_LANDLINES, plausible, wireless: false },
    postcode: (rng) => String(rng.int(postcodes[0], postcodes[1])),
  };
}

const AU: AbroadCountry = {
  country: 'AU',
  callingCode: '61',
  timeZone: 'Australia/Sydney',
  cities: [
    australianCity('Sydney', 'NSW', (rng) => `+612${rng.pick(['8', '9'])}${digits(rng, 7)}`, [2000, 2050]),
    australianCity('Parramatta', 'NSW', (rng) => `+612${rng.pick(['8', '9'])}${digits(rng, 7)}`, [2150, 2151]),
    australianCity('Newcastle', 'NSW', (rng) => `+61249${digits(rng, 6)}`, [2300, 2305]),
    australianCity('Wollongong', 'NSW', (rng) => `+61242${digits(rng, 6)}`, [2500, 2502]),
    australianCity('Canberra', 'ACT', (rng) => `+6126${rng.pick(['1', '2'])}${digits(rng, 6)}`, [2600, 2617]),
  ],
  mobile: { fiction: [{ list: AU_FICTION_MOBILES }], plausible: (rng) => `+614${rng.pick(['0', '1', '2', '3'])}${digits(rng, 7)}`, wireless: true },
  mobileShare: 0.4,
  names: { female: BRITISH_FEMALE, male: BRITISH_MALE, last: BRITISH_LAST },
  address: (rng, city) => ({
    line1: `${rng.int(1, 400)} ${rng.pick(['George', 'King', 'Church', 'Victoria', 'Beach', 'Ocean', 'Bridge', 'Hunter', 'Crown'])} ${rng.pick(['St', 'Rd', 'Ave', 'Pde', 'Cres', 'Dr'])}`,
    line2: `${city.name} ${city.region}`, ...blankLines, country: 'AU', zipCode: city.postcode(rng),
  }),
};

export const ABROAD: Readonly<Record<AbroadCountry['country'], AbroadCountry>> = { GB, IN, JP, AU };

/** Where one contact lives: a US time zone (its area codes) or a country abroad. */
export type DemoSlot = { kind: 'us'; timeZone: string } | { kind: 'abroad'; country: AbroadCountry };

const us = (timeZone: string, times: number): DemoSlot[] => Array.from({ length: times }, () => ({ kind: 'us', timeZone }) as const);
const abroad = (country: AbroadCountry, times: number): DemoSlot[] => Array.from({ length: times }, () => ({ kind: 'abroad', country }) as const);

/**
 * One block of contacts in list order: 15 of 24 in the US (each of its time zones), 9 abroad. The
 * blocks are shuffled one by one, so every 24 contacts of a list cover every zone and at any hour some
 * of the first contacts the dialer reads are inside their calling window.
 */
export const SLOT_BLOCK: readonly DemoSlot[] = [
  ...us('America/New_York', 4), ...us('America/Chicago', 3), ...us('America/Denver', 1), ...us('America/Phoenix', 1),
  ...us('America/Los_Angeles', 2), ...us('America/Anchorage', 1), ...us('Pacific/Honolulu', 1), ...us('Pacific/Guam', 1),
  ...us('Pacific/Saipan', 1),
  ...abroad(GB, 3), ...abroad(IN, 2), ...abroad(JP, 2), ...abroad(AU, 2),
];

/** Every time zone of the demo contacts. */
export const DEMO_TIME_ZONES: readonly string[] = [...new Set(SLOT_BLOCK.map((s) => (s.kind === 'us' ? s.timeZone : s.country.timeZone)))];

const US_BY_ZONE = new Map<string, UsAreaCode[]>();
for (const area of US_AREA_CODES) {
  const list = US_BY_ZONE.get(area.timeZone) ?? [];
  list.push(area);
  US_BY_ZONE.set(area.timeZone, list);
}

/** The area codes of a US time zone. */
export function usAreaCodesIn(timeZone: string): readonly UsAreaCode[] {
  const list = US_BY_ZONE.get(timeZone);
  if (!list) throw new Error(`no US area code in ${timeZone}`);
  return list;
}

function capacity(range: FictionRange): number {
  return 'list' in range ? range.list.length : 10 ** range.free;
}

function draw(rng: DemoRandom, range: FictionRange): string {
  return 'list' in range ? rng.pick(range.list) : `${range.prefix}${rng.digits(range.free)}`;
}

const ALL_FICTION: readonly FictionRange[] = [...new Set(Object.values(ABROAD).flatMap((c) => [
  ...(c.mobile?.fiction ?? []), ...c.cities.flatMap((city) => city.landline.fiction),
]))];

function inFiction(number: string): boolean {
  return ALL_FICTION.some((r) => ('list' in r ? r.list.includes(number) : number.length === r.prefix.length + r.free && number.startsWith(r.prefix)));
}

/**
 * Hands out unique numbers: from the fiction ranges of the sources asked for while they have numbers
 * left, then real-format ones (never inside a fiction range, so the ranges' counts stay exact).
 */
export class NumberPool {
  private readonly used = new Set<string>();
  private readonly issued = new Map<FictionRange, number>();

  constructor(private readonly rng: DemoRandom) {}

  /** A new number from the first source that has one: fiction of any source first, then the sources' own formats. */
  take(sources: readonly NumberSource[]): { number: string; wireless: boolean } {
    for (const source of sources) {
      const open = source.fiction.filter((r) => (this.issued.get(r) ?? 0) < capacity(r));
      if (open.length === 0) continue;
      const range = this.rng.pick(open);
      for (;;) {
        const number = draw(this.rng, range);
        if (this.used.has(number)) continue;
        this.used.add(number);
        this.issued.set(range, (this.issued.get(range) ?? 0) + 1);
        return { number, wireless: source.wireless };
      }
    }
    for (const source of sources) {
      if (!source.plausible) continue;
      for (let tries = 0; tries < 1000; tries++) {
        const number = source.plausible(this.rng);
        if (this.used.has(number) || inFiction(number)) continue;
        this.used.add(number);
        return { number, wireless: source.wireless };
      }
    }
    throw new Error('no demo number left for these sources');
  }

  /** A new US number `+1AAANXXXXXX` of the area code. */
  takeUs(area: UsAreaCode): string {
    for (;;) {
      const exchange = area.exchanges ? this.rng.pick(area.exchanges) : `${this.rng.int(2, 9)}${this.rng.digits(2)}`;
      // N11 exchanges are service codes and 555 is set aside for directory and fictional use.
      if (exchange.endsWith('11') || exchange === '555') continue;
      const number = `+1${area.areaCode}${exchange}${this.rng.digits(4)}`;
      if (this.used.has(number)) continue;
      this.used.add(number);
      return number;
    }
  }
}
