/** Wall-clock times in an IANA zone, as POM's run-once schedule takes them (`StartTime` in a time zone). */

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsOf(at: number, timeZone: string): Record<string, number> {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  const out: Record<string, number> = {};
  for (const p of f.formatToParts(at)) if (p.type !== 'literal') out[p.type] = Number(p.value);
  return out;
}

/** The zone's offset from UTC at `at`, in ms. */
function offsetAt(at: number, timeZone: string): number {
  const p = partsOf(at, timeZone);
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - Math.floor(at / 1000) * 1000;
}

/** `yyyy-MM-ddTHH:mm:ss` in the zone. */
export function formatZoned(at: number, timeZone: string): string {
  const p = partsOf(at, timeZone);
  const two = (n: number | undefined): string => String(n ?? 0).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}:${two(p.second)}`;
}

/**
 * Epoch ms of a time: an ISO time with `Z` or an offset, or a wall-clock `yyyy-MM-dd[T ]HH:mm[:ss]`
 * in `timeZone`. Undefined if it is neither.
 */
export function parseZoned(text: string, timeZone: string): number | undefined {
  if (/(Z|[+-]\d{2}:?\d{2})$/.test(text)) {
    const at = Date.parse(text);
    return Number.isNaN(at) ? undefined : at;
  }
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1).map((v) => Number(v ?? 0)) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  // Two passes settle the offset across a daylight-saving change.
  let at = asUtc - offsetAt(asUtc, timeZone);
  at = asUtc - offsetAt(at, timeZone);
  return at;
}
