/**
 * Real US area codes with their state and IANA time zone. Only area codes that lie wholly in one
 * time zone are listed (no split codes such as Idaho's 208 or the Florida panhandle's 850), so a
 * number's zone follows from its area code alone.
 */

export interface UsAreaCode {
  areaCode: string;
  /** Two-letter state (or DC) code. */
  state: string;
  /** Main city served, for plausible demo addresses. */
  city: string;
  timeZone: string;
  /** The exchanges (`NXX`) numbers of the area code may have, where only some are in service; otherwise any. */
  exchanges?: readonly string[];
}

function zone(timeZone: string, entries: ReadonlyArray<readonly [string, string, string, (readonly string[])?]>): UsAreaCode[] {
  return entries.map(([areaCode, state, city, exchanges]) => ({ areaCode, state, city, timeZone, ...(exchanges ? { exchanges } : {}) }));
}

const range = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

export const US_AREA_CODES: readonly UsAreaCode[] = [
  ...zone('America/New_York', [
    ['201', 'NJ', 'Jersey City'], ['202', 'DC', 'Washington'], ['212', 'NY', 'New York'],
    ['215', 'PA', 'Philadelphia'], ['216', 'OH', 'Cleveland'], ['305', 'FL', 'Miami'],
    ['401', 'RI', 'Providence'], ['404', 'GA', 'Atlanta'], ['407', 'FL', 'Orlando'],
    ['410', 'MD', 'Baltimore'], ['412', 'PA', 'Pittsburgh'], ['508', 'MA', 'Worcester'],
    ['614', 'OH', 'Columbus'], ['617', 'MA', 'Boston'], ['646', 'NY', 'New York'],
    ['703', 'VA', 'Arlington'], ['704', 'NC', 'Charlotte'], ['718', 'NY', 'Brooklyn'],
    ['813', 'FL', 'Tampa'], ['860', 'CT', 'Hartford'], ['919', 'NC', 'Raleigh'],
    ['973', 'NJ', 'Newark'],
  ]),
  ...zone('America/Chicago', [
    ['205', 'AL', 'Birmingham'], ['210', 'TX', 'San Antonio'], ['214', 'TX', 'Dallas'],
    ['312', 'IL', 'Chicago'], ['314', 'MO', 'St. Louis'], ['402', 'NE', 'Omaha'],
    ['405', 'OK', 'Oklahoma City'], ['414', 'WI', 'Milwaukee'], ['501', 'AR', 'Little Rock'],
    ['504', 'LA', 'New Orleans'], ['512', 'TX', 'Austin'], ['601', 'MS', 'Jackson'],
    ['612', 'MN', 'Minneapolis'], ['615', 'TN', 'Nashville'], ['713', 'TX', 'Houston'],
    ['773', 'IL', 'Chicago'], ['816', 'MO', 'Kansas City'], ['901', 'TN', 'Memphis'],
  ]),
  ...zone('America/Denver', [
    ['303', 'CO', 'Denver'], ['307', 'WY', 'Cheyenne'], ['406', 'MT', 'Billings'],
    ['505', 'NM', 'Albuquerque'], ['719', 'CO', 'Colorado Springs'], ['720', 'CO', 'Denver'],
    ['801', 'UT', 'Salt Lake City'],
  ]),
  // Arizona keeps standard time all year; 928 is left out because the Navajo Nation observes DST.
  ...zone('America/Phoenix', [
    ['480', 'AZ', 'Mesa'], ['520', 'AZ', 'Tucson'], ['602', 'AZ', 'Phoenix'], ['623', 'AZ', 'Glendale'],
  ]),
  ...zone('America/Los_Angeles', [
    ['206', 'WA', 'Seattle'], ['213', 'CA', 'Los Angeles'], ['310', 'CA', 'Santa Monica'],
    ['408', 'CA', 'San Jose'], ['415', 'CA', 'San Francisco'], ['425', 'WA', 'Bellevue'],
    ['503', 'OR', 'Portland'], ['619', 'CA', 'San Diego'], ['702', 'NV', 'Las Vegas'],
    ['916', 'CA', 'Sacramento'],
  ]),
  ...zone('America/Anchorage', [['907', 'AK', 'Anchorage']]),
  ...zone('Pacific/Honolulu', [['808', 'HI', 'Honolulu']]),
  // US territories far west, so that some demo contacts are inside their calling window at any hour.
  // Their numbering plans use a few exchanges only (those libphonenumber, and so the importer, accepts).
  ...zone('Pacific/Guam', [['671', 'GU', 'Hagatna', [
    '300', '333', '343', '344', '355', '362', '366', '456', ...range(472, 479), ...range(482, 489), ...range(632, 635),
    '637', '638', '642', ...range(644, 649), '653', '654', '678', '682', '683', ...range(685, 689), '734', '735', '777',
    ...range(787, 789), '969', '971', '972', '977', '979', ...range(987, 989),
  ]]]),
  ...zone('Pacific/Saipan', [['670', 'MP', 'Saipan', [
    ...range(233, 237), '256', ...range(284, 288), '322', '323', '433', '483', '484', '488', '532', '664', '682', '783',
    '785', '788', '789',
  ]]]),
];

const BY_AREA_CODE = new Map(US_AREA_CODES.map((entry) => [entry.areaCode, entry]));

/** The table entry for a `+1AAANXXXXXX` number, if its area code is in the table. */
export function usAreaCodeOfNumber(e164: string): UsAreaCode | undefined {
  const match = /^\+1(\d{3})\d{7}$/.exec(e164);
  return match?.[1] === undefined ? undefined : BY_AREA_CODE.get(match[1]);
}

/** IANA time zone of a `+1AAANXXXXXX` number, if its area code is in the table. */
export function usTimeZoneOfNumber(e164: string): string | undefined {
  return usAreaCodeOfNumber(e164)?.timeZone;
}
