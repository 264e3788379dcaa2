/**
 * Phone numbers of imported files: parsed and validated by libphonenumber (its full metadata), written
 * as E.164, with the time zone derived where the file gives none.
 *
 * libphonenumber spends tens of microseconds on a number, too slow for a million-row file. Its verdict
 * depends on the calling code, the length and the digits its patterns look at; for a calling code
 * whose every pattern ends in at least four free digits (`…\d{4}`, checked here once per calling
 * code against the metadata itself), numbers that differ only in their last four digits get the same
 * verdict. So the verdict is kept per (prefix, length) and reused: libphonenumber still decides every
 * number, a file of a million numbers just asks it a few thousand times. Numbers of other calling
 * codes, and anything not plainly digits, are parsed one by one.
 */
import { Metadata, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { usTimeZoneOfNumber } from '../demo/us-area-codes.ts';

export type PhoneResult =
  | { ok: true; number: string; countryCode: string; region: string; timezone: string | undefined }
  | { ok: false; message: string };

interface Verdict {
  valid: boolean;
  callingCode: string;
  region: string;
  /** Digits of the canonical input before the national number. */
  drop: number;
}

/** Free trailing digits a pattern must leave for numbers to share a verdict by prefix. */
const FREE_DIGITS = 4;
const MEMO_LIMIT = 200_000;
const NUMBER_TYPES = ['FIXED_LINE', 'MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'];
const SEPARATORS = /[\s\-().\/\u00a0]/g;
const CANONICAL = /^\+?\d{7,17}$/;

/**
 * The run-time numbering plan of libphonenumber's metadata (its typings list only part of it). The
 * compressed metadata has 0 where a plan has no value: read every value through textOf.
 */
interface Plan {
  nationalNumberPattern(): unknown;
  leadingDigits(): unknown;
  nationalPrefixForParsing(): unknown;
  nationalPrefixTransformRule(): unknown;
  type(name: string): { pattern(): unknown } | undefined;
}

const textOf = (value: unknown): string => (typeof value === 'string' ? value : '');

/** What decides a number of one country of a calling code (in libphonenumber's order). */
interface CountryFacts {
  region: string;
  /** The most digits its leadingDigits look at; null when it has none (its patterns pick it). */
  leadingDigitsLength: number | null;
  /** The free trailing digits of its patterns (the least of them). */
  freeDigits: number;
}

export class PhoneNormalizer {
  private readonly metadata = new Metadata();
  private readonly memo = new Map<string, Verdict>();
  private readonly facts = new Map<string, CountryFacts[]>();
  private readonly regionFacts: { prefixLength: number; transforms: boolean };
  /** Numbers parsed by libphonenumber (the rest came from the memo): for tests and the bench. */
  parsed = 0;

  constructor(private readonly defaultRegion: CountryCode) {
    this.metadata.selectNumberingPlan(defaultRegion);
    const plan = this.plan();
    this.regionFacts = {
      prefixLength: maxLength(textOf(plan.nationalPrefixForParsing())),
      transforms: textOf(plan.nationalPrefixTransformRule()) !== '',
    };
  }

  /** The E.164 form of `raw`, or why it is not a valid number. Numbers without `+` are read in the default region. */
  normalize(raw: string): PhoneResult {
    const text = raw.trim();
    if (text === '') return { ok: false, message: 'the number is empty' };
    const canonical = text.replace(SEPARATORS, '');
    if (!CANONICAL.test(canonical)) return this.parseFully(text, undefined);
    const international = canonical.charCodeAt(0) === 43;
    const digits = international ? canonical.slice(1) : canonical;
    const key = `${international ? '+' : ''}${digits.slice(0, digits.length - FREE_DIGITS)}/${digits.length}`;
    const known = this.memo.get(key);
    if (known) return this.fromVerdict(known, digits, text);
    return this.parseFully(text, { key, digits, international });
  }

  private fromVerdict(v: Verdict, digits: string, text: string): PhoneResult {
    if (!v.valid) return { ok: false, message: invalidMessage(text, this.defaultRegion) };
    const number = `+${v.callingCode}${digits.slice(v.drop)}`;
    return { ok: true, number, countryCode: v.callingCode, region: v.region, timezone: timeZoneOfNumber(number, v.region) };
  }

  private parseFully(text: string, memo: { key: string; digits: string; international: boolean } | undefined): PhoneResult {
    this.parsed++;
    const phone = parsePhoneNumberFromString(text, { defaultCountry: this.defaultRegion, extract: false });
    if (!phone) return { ok: false, message: invalidMessage(text, this.defaultRegion) };
    const valid = phone.isValid();
    const callingCode = String(phone.countryCallingCode);
    const region = phone.country ?? '';
    if (memo && this.mayRemember(memo, callingCode, phone.nationalNumber, region)) {
      if (this.memo.size >= MEMO_LIMIT) this.memo.clear();
      this.memo.set(memo.key, { valid, callingCode, region, drop: memo.digits.length - phone.nationalNumber.length });
    }
    if (!valid) return { ok: false, message: invalidMessage(text, this.defaultRegion) };
    return { ok: true, number: phone.number, countryCode: callingCode, region, timezone: timeZoneOfNumber(phone.number, region) };
  }

  /**
   * Whether every number sharing this one's prefix and length gets its verdict: libphonenumber picks
   * the country of a shared calling code by each country's leading digits or, without them, by its
   * patterns, in order; then checks the number against that country's patterns. Each of those steps
   * must look only at digits before the last FREE_DIGITS.
   */
  private mayRemember(memo: { digits: string; international: boolean }, callingCode: string, nationalNumber: string, region: string): boolean {
    if (!memo.digits.endsWith(nationalNumber)) return false;
    const drop = memo.digits.length - nationalNumber.length;
    if (memo.international && drop !== callingCode.length) return false;
    // The national prefix is read from the start of the digits: it must stay clear of the free ones.
    if (!memo.international && (this.regionFacts.transforms || this.regionFacts.prefixLength > memo.digits.length - FREE_DIGITS)) return false;
    const countries = this.callingCodeFacts(callingCode);
    if (countries.length === 0) return false;
    const decidedAt = countries.findIndex((c) => c.region === region);
    const consulted = decidedAt < 0 ? countries : countries.slice(0, decidedAt + 1);
    for (const c of consulted) {
      if (c.leadingDigitsLength === null ? c.freeDigits < FREE_DIGITS : c.leadingDigitsLength > nationalNumber.length - FREE_DIGITS) return false;
    }
    // An invalid number is judged by the calling code's main country.
    const judge = decidedAt < 0 ? countries[0] : countries[decidedAt];
    return judge !== undefined && judge.freeDigits >= FREE_DIGITS;
  }

  private callingCodeFacts(callingCode: string): CountryFacts[] {
    const cached = this.facts.get(callingCode);
    if (cached) return cached;
    const regions = (this.metadata as unknown as { countryCallingCodes(): Record<string, string[]> }).countryCallingCodes()[callingCode] ?? [];
    const facts: CountryFacts[] = [];
    // Non-geographic codes (region 001) are left to libphonenumber number by number.
    if (!regions.includes('001')) {
      for (const region of regions) {
        this.metadata.selectNumberingPlan(region as CountryCode);
        const plan = this.plan();
        const patterns = [plan.nationalNumberPattern(), ...NUMBER_TYPES.map((t) => plan.type(t)?.pattern())].map(textOf).filter((p) => p !== '');
        const leading = textOf(plan.leadingDigits());
        facts.push({
          region,
          leadingDigitsLength: leading === '' ? null : maxLength(leading),
          freeDigits: Math.min(...patterns.map(freeTrailingDigits)),
        });
      }
      this.metadata.selectNumberingPlan(this.defaultRegion);
    }
    this.facts.set(callingCode, facts);
    return facts;
  }

  private plan(): Plan {
    return this.metadata.numberingPlan as unknown as Plan;
  }
}

function invalidMessage(text: string, region: string): string {
  return text.startsWith('+')
    ? `${text} is not a valid phone number`
    : `${text} is not a valid phone number (numbers without a +country code are read as ${region})`;
}

// ── what a pattern of the metadata looks at ─────────────────────────────────

/** The pattern's alternatives at the top level. */
function alternatives(pattern: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inClass = false;
  let start = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) {
      out.push(pattern.slice(start, i));
      start = i + 1;
    }
  }
  out.push(pattern.slice(start));
  return out;
}

/** How many digits at the end of any match the pattern leaves free (`…\d{6}` → 6); 0 when unsure. */
export function freeTrailingDigits(pattern: string): number {
  let least = Infinity;
  for (const alt of alternatives(pattern)) {
    least = Math.min(least, freeTail(alt));
    if (least === 0) return 0;
  }
  return least === Infinity ? 0 : least;
}

function freeTail(alt: string): number {
  let rest = alt;
  let free = 0;
  for (;;) {
    const m = /\\d(?:\{(\d+)(?:,\d*)?\})?$/.exec(rest);
    if (!m || isEscaped(rest, m.index)) break;
    free += m[1] === undefined ? 1 : Number(m[1]);
    rest = rest.slice(0, m.index);
  }
  if (free > 0) return free;
  // A trailing group without a quantifier: what its own alternatives leave free.
  if (rest.endsWith(')') && !isEscaped(rest, rest.length - 1)) {
    const open = matchingOpen(rest, rest.length - 1);
    if (open < 0) return 0;
    const inner = rest.slice(open + 1, rest.length - 1).replace(/^\?:/, '');
    return freeTrailingDigits(inner);
  }
  return 0;
}

function isEscaped(text: string, index: number): boolean {
  let slashes = 0;
  for (let i = index - 1; i >= 0 && text[i] === '\\'; i--) slashes++;
  return slashes % 2 === 1;
}

function matchingOpen(text: string, close: number): number {
  let depth = 0;
  for (let i = close; i >= 0; i--) {
    if (isEscaped(text, i)) continue;
    if (text[i] === ')') depth++;
    else if (text[i] === '(') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** The most characters the pattern can match (Infinity for unbounded repeats). */
export function maxLength(pattern: string): number {
  let best = 0;
  for (const alt of alternatives(pattern)) best = Math.max(best, sequenceLength(alt));
  return best;
}

function sequenceLength(seq: string): number {
  let total = 0;
  let i = 0;
  while (i < seq.length) {
    let unit: number;
    const c = seq[i];
    if (c === '\\') {
      unit = 1;
      i += 2;
    } else if (c === '[') {
      const end = seq.indexOf(']', i + 1);
      if (end < 0) return Infinity;
      unit = 1;
      i = end + 1;
    } else if (c === '(') {
      let depth = 0;
      let j = i;
      for (; j < seq.length; j++) {
        if (seq[j] === '\\') {
          j++;
          continue;
        }
        if (seq[j] === '(') depth++;
        else if (seq[j] === ')' && --depth === 0) break;
      }
      unit = maxLength(seq.slice(i + 1, j).replace(/^\?:/, ''));
      i = j + 1;
    } else {
      unit = 1;
      i++;
    }
    const q = /^(?:\{(\d+)(?:,(\d*))?\}|([?*+]))/.exec(seq.slice(i));
    if (q) {
      i += q[0].length;
      if (q[3] === '?') unit *= 1;
      else if (q[3] !== undefined) unit = Infinity;
      else if (q[2] === undefined) unit *= Number(q[1]);
      else unit = q[2] === '' ? Infinity : unit * Number(q[2]);
    }
    total += unit;
  }
  return total;
}

// ── time zones ──────────────────────────────────────────────────────────────

/** Canadian area codes that lie in one time zone. */
const CANADA_AREA_CODES: Record<string, string> = {
  '204': 'America/Winnipeg', '226': 'America/Toronto', '236': 'America/Vancouver', '250': 'America/Vancouver',
  '289': 'America/Toronto', '306': 'America/Regina', '343': 'America/Toronto', '403': 'America/Edmonton',
  '416': 'America/Toronto', '418': 'America/Toronto', '438': 'America/Toronto', '450': 'America/Toronto',
  '506': 'America/Moncton', '514': 'America/Toronto', '519': 'America/Toronto', '581': 'America/Toronto',
  '587': 'America/Edmonton', '604': 'America/Vancouver', '613': 'America/Toronto', '647': 'America/Toronto',
  '705': 'America/Toronto', '709': 'America/St_Johns', '778': 'America/Vancouver', '780': 'America/Edmonton',
  '819': 'America/Toronto', '825': 'America/Edmonton', '873': 'America/Toronto', '902': 'America/Halifax',
  '905': 'America/Toronto',
};

/** Countries (and NANP members other than the US and Canada) with one time zone. */
const ONE_ZONE: Record<string, string> = {
  GB: 'Europe/London', IE: 'Europe/Dublin', FR: 'Europe/Paris', DE: 'Europe/Berlin', IT: 'Europe/Rome', NL: 'Europe/Amsterdam',
  BE: 'Europe/Brussels', LU: 'Europe/Luxembourg', CH: 'Europe/Zurich', AT: 'Europe/Vienna', PL: 'Europe/Warsaw',
  CZ: 'Europe/Prague', SK: 'Europe/Bratislava', HU: 'Europe/Budapest', SE: 'Europe/Stockholm', NO: 'Europe/Oslo',
  DK: 'Europe/Copenhagen', FI: 'Europe/Helsinki', GR: 'Europe/Athens', RO: 'Europe/Bucharest', BG: 'Europe/Sofia',
  HR: 'Europe/Zagreb', SI: 'Europe/Ljubljana', IS: 'Atlantic/Reykjavik', MT: 'Europe/Malta', CY: 'Asia/Nicosia',
  IN: 'Asia/Kolkata', PK: 'Asia/Karachi', BD: 'Asia/Dhaka', LK: 'Asia/Colombo', JP: 'Asia/Tokyo', KR: 'Asia/Seoul',
  CN: 'Asia/Shanghai', HK: 'Asia/Hong_Kong', TW: 'Asia/Taipei', SG: 'Asia/Singapore', MY: 'Asia/Kuala_Lumpur',
  PH: 'Asia/Manila', TH: 'Asia/Bangkok', VN: 'Asia/Ho_Chi_Minh', AE: 'Asia/Dubai', SA: 'Asia/Riyadh', QA: 'Asia/Qatar',
  KW: 'Asia/Kuwait', BH: 'Asia/Bahrain', OM: 'Asia/Muscat', IL: 'Asia/Jerusalem', JO: 'Asia/Amman', EG: 'Africa/Cairo',
  ZA: 'Africa/Johannesburg', NG: 'Africa/Lagos', KE: 'Africa/Nairobi', GH: 'Africa/Accra', MA: 'Africa/Casablanca',
  NZ: 'Pacific/Auckland', PR: 'America/Puerto_Rico', JM: 'America/Jamaica', DO: 'America/Santo_Domingo',
  TT: 'America/Port_of_Spain', BS: 'America/Nassau', BB: 'America/Barbados', BM: 'Atlantic/Bermuda',
  GU: 'Pacific/Guam', VI: 'America/St_Thomas', CO: 'America/Bogota', PE: 'America/Lima', VE: 'America/Caracas',
  UY: 'America/Montevideo', CR: 'America/Costa_Rica', PA: 'America/Panama', GT: 'America/Guatemala', SV: 'America/El_Salvador',
};

/** The IANA zone of an E.164 number, when its area code or country tells it. */
export function timeZoneOfNumber(e164: string, region: string): string | undefined {
  if (region === 'US') return usTimeZoneOfNumber(e164);
  if (region === 'CA') return CANADA_AREA_CODES[e164.slice(2, 5)];
  return ONE_ZONE[region];
}
