import { err, ok, type Result } from '../model/result.js';

/**
 * A timestamp that could not be read. Returned as a value by {@link parseTimestamp}, never thrown. The message
 * describes the input without repeating it: timestamps come from the wire, and what arrives there is not ours to log.
 */
export class TimestampParseError extends Error {
  override readonly name = 'TimestampParseError';
  constructor(kind: string) {
    super(`not an ISO-8601 timestamp such as 2019-11-08T02:41:28.172Z (got ${kind})`);
  }
}

const describeInput = (input: unknown): string =>
  typeof input === 'string' ? `a string of length ${input.length}` : input === null ? 'null' : `a ${typeof input}`;

// yyyy-MM-ddTHH:mm:ss, optional fraction, then Z or an offset (+HH:MM, +HHMM or +HH).
const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;
const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

// Days since 1970-01-01 of a proleptic Gregorian date. Date.UTC maps years 0–99 to 19xx, so the date is taken 400
// years later (a whole Gregorian cycle: exactly 146,097 days) and moved back. Date.UTC reads no clock.
const daysFromCivil = (year: number, month: number, day: number): number => Date.UTC(year + 400, month - 1, day) / 86_400_000 - 146_097;

/**
 * Parses a timestamp as the service sends it (`2019-11-08T02:41:28.172Z`, also without the fraction or with an
 * offset such as `+02:00`) to epoch milliseconds. Fractions beyond milliseconds are truncated.
 */
export function parseTimestamp(input: unknown): Result<number, TimestampParseError> {
  if (typeof input !== 'string') return err(new TimestampParseError(describeInput(input)));
  const m = ISO_8601.exec(input);
  if (!m) return err(new TimestampParseError(describeInput(input)));
  const [, ys, mos, ds, hs, mis, ss, frac, zulu, sign, ohs, oms] = m;
  const year = Number(ys);
  const month = Number(mos);
  const day = Number(ds);
  const hour = Number(hs);
  const minute = Number(mis);
  const second = Number(ss);
  const offsetHours = Number(ohs ?? 0);
  const offsetMinutes = Number(oms ?? 0);
  const monthDays = month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1];
  if (
    monthDays === undefined ||
    day < 1 ||
    day > monthDays ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    offsetHours > 23 ||
    offsetMinutes > 59
  ) {
    return err(new TimestampParseError(describeInput(input)));
  }
  const millis = frac === undefined ? 0 : Number(frac.padEnd(3, '0').slice(0, 3));
  const offset = zulu !== undefined || sign === undefined ? 0 : (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
  const epoch =
    ((daysFromCivil(year, month, day) * 24 + hour) * 60 + minute - offset) * 60_000 + second * 1000 + millis;
  return ok(epoch);
}

/** Formats epoch milliseconds the way the service does: `yyyy-MM-ddTHH:mm:ss.SSSZ`. */
export function formatTimestamp(epochMs: number): string {
  if (!Number.isFinite(epochMs)) throw new RangeError(`cannot format a non-finite time: ${epochMs}`);
  return new Date(epochMs).toISOString();
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/**
 * Parses an HTTP `Date` header to epoch milliseconds, for clock-skew correction; undefined when unreadable.
 * Only IMF-fixdate is read, the one form RFC 9110 lets a server send: `Sun, 06 Nov 1994 08:49:37 GMT`. Its fields
 * have fixed places, so the separators are checked by place (the day name, redundant, is not) and the digits by
 * the ISO reading: a regular expression here was the slowest step of the first response a page reads, as the
 * engine compiles one on its first use.
 */
export function parseHttpDate(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  const month = MONTHS.indexOf(v.slice(8, 11).toLowerCase()) + 1;
  if (v.length !== 29 || month === 0 || v.slice(3, 5) + v[7] + v[11] + v[16] + v[19] + v[22] + v.slice(25) !== ',    :: GMT') return undefined;
  const iso = `${v.slice(12, 16)}-${String(month).padStart(2, '0')}-${v.slice(5, 7)}T${v.slice(17, 19)}:${v.slice(20, 22)}:${v.slice(23, 25)}Z`;
  const parsed = parseTimestamp(iso);
  return parsed.ok ? parsed.value : undefined;
}

/** The epoch milliseconds of a timestamp as {@link parseTimestamp} reads it, or `fallback` when it cannot be read. */
export function timeOr<F>(text: string | undefined, fallback: F): number | F {
  const t = parseTimestamp(text);
  return t.ok ? t.value : fallback;
}
