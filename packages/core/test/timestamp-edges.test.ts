import { describe, expect, it } from 'vitest';
import { TimestampParseError, formatTimestamp, parseHttpDate, parseTimestamp } from '@connect-participant/core';

const value = (input: string): number => {
  const r = parseTimestamp(input);
  if (!r.ok) throw new Error(`${input}: ${r.error.message}`);
  return r.value;
};

describe('parseTimestamp at the edges of each field', () => {
  it('reads the last valid value of each field', () => {
    expect(value('2019-12-31T23:59:59.999Z')).toBe(Date.UTC(2019, 11, 31, 23, 59, 59, 999));
    expect(value('2019-11-30T00:00:00Z')).toBe(Date.UTC(2019, 10, 30));
    expect(value('2019-04-30T00:00:00Z')).toBe(Date.UTC(2019, 3, 30));
    expect(value('2019-02-28T00:00:00Z')).toBe(Date.UTC(2019, 1, 28));
    expect(value('2000-02-29T00:00:00Z')).toBe(Date.UTC(2000, 1, 29)); // divisible by 400: leap
    expect(value('2019-01-01T00:00:00+23:59')).toBe(Date.UTC(2018, 11, 31, 0, 1));
    expect(value('2019-01-01T00:00:00-00:59')).toBe(Date.UTC(2019, 0, 1, 0, 59));
  });

  it.each([
    ['month 00', '2019-00-10T00:00:00Z'],
    ['day 00', '2019-01-00T00:00:00Z'],
    ['April 31', '2019-04-31T00:00:00Z'],
    ['Feb 29 of a year divisible by 100 but not 400', '2100-02-29T00:00:00Z'],
    ['Feb 29 of a common year', '2023-02-29T00:00:00Z'],
    ['Feb 30 of a leap year', '2024-02-30T00:00:00Z'],
    ['an offset of 24 hours', '2019-01-01T00:00:00+24:00'],
    ['an offset minute of 60', '2019-01-01T00:00:00+00:60'],
  ])('refuses %s', (_, input) => {
    expect(parseTimestamp(input).ok).toBe(false);
  });

  it('reads the separators and designators in either case, and each offset form', () => {
    const at = Date.UTC(2019, 10, 8, 2, 41, 28, 172);
    expect(value('2019-11-08t02:41:28.172z')).toBe(at);
    expect(value('2019-11-08T02:41:28.172+00:00')).toBe(at);
    expect(value('2019-11-08T02:41:28.172-00:00')).toBe(at);
    expect(value('2019-11-08T08:11:28.172+05:30')).toBe(at);
    expect(value('2019-11-08T08:11:28.172+0530')).toBe(at);
    expect(value('2019-11-07T20:41:28.172-06')).toBe(at);
  });

  it('reads fractions of 1 to 9 digits, truncated to milliseconds', () => {
    expect(value('1970-01-01T00:00:00.1Z')).toBe(100);
    expect(value('1970-01-01T00:00:00.01Z')).toBe(10);
    expect(value('1970-01-01T00:00:00.001Z')).toBe(1);
    expect(value('1970-01-01T00:00:00.0019Z')).toBe(1);
    expect(value('1970-01-01T00:00:00.999999999Z')).toBe(999);
    expect(parseTimestamp('1970-01-01T00:00:00.9999999999Z').ok).toBe(false);
  });

  it('reads times before 1970 and years that Date.UTC would move to the 1900s', () => {
    expect(value('1969-12-31T23:59:59.999Z')).toBe(-1);
    expect(new Date(value('0099-12-31T23:59:59Z')).toISOString()).toBe('0099-12-31T23:59:59.000Z');
    expect(value('0000-03-01T00:00:00Z')).toBe(-62_162_035_200_000);
  });

  it.each([
    ['a 5-digit year', '20190-11-08T02:41:28Z'],
    ['a 2-digit month', '2019-1-08T02:41:28Z'],
    ['a 1-digit hour', '2019-11-08T2:41:28Z'],
    ['text after the zone', '2019-11-08T02:41:28Zx'],
    ['text before the date', 'x2019-11-08T02:41:28Z'],
    ['both Z and an offset', '2019-11-08T02:41:28Z+01:00'],
    ['a 1-digit offset', '2019-11-08T02:41:28+1'],
    ['a 3-digit offset', '2019-11-08T02:41:28+010'],
    ['an offset with seconds', '2019-11-08T02:41:28+01:00:00'],
    ['a comma for the fraction', '2019-11-08T02:41:28,172Z'],
    ['digits that are not ASCII', '２019-11-08T02:41:28Z'],
    ['a space for the T', '2019-11-08 02:41:28Z'],
    ['a slash for a dash', '2019/11-08T02:41:28Z'],
    ['a dot for a colon', '2019-11-08T02.41:28Z'],
  ])('refuses %s', (_, input) => {
    expect(parseTimestamp(input).ok).toBe(false);
  });

  it('reads only strings, not objects that turn into one', () => {
    const lookalike = { toString: () => '2019-11-08T02:41:28.172Z' };
    expect(parseTimestamp(lookalike).ok).toBe(false);
    expect(parseTimestamp(['2019-11-08T02:41:28.172Z']).ok).toBe(false);
  });

  it('describes what it was given without repeating it', () => {
    const message = (input: unknown) => {
      const r = parseTimestamp(input);
      if (r.ok) throw new Error('expected a refusal');
      expect(r.error).toBeInstanceOf(TimestampParseError);
      expect(r.error.name).toBe('TimestampParseError');
      return r.error.message;
    };
    expect(message('secret-token')).toBe('not an ISO-8601 timestamp such as 2019-11-08T02:41:28.172Z (got a string of length 12)');
    expect(message(null)).toBe('not an ISO-8601 timestamp such as 2019-11-08T02:41:28.172Z (got null)');
    expect(message(undefined)).toBe('not an ISO-8601 timestamp such as 2019-11-08T02:41:28.172Z (got a undefined)');
    expect(message(1_573_180_888_172)).toBe('not an ISO-8601 timestamp such as 2019-11-08T02:41:28.172Z (got a number)');
    expect(message({})).toBe('not an ISO-8601 timestamp such as 2019-11-08T02:41:28.172Z (got a object)');
  });
});

describe('formatTimestamp', () => {
  it('writes milliseconds always, and refuses infinities too', () => {
    expect(formatTimestamp(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(formatTimestamp(-1)).toBe('1969-12-31T23:59:59.999Z');
    expect(() => formatTimestamp(Number.POSITIVE_INFINITY)).toThrow(new RangeError('cannot format a non-finite time: Infinity'));
    expect(() => formatTimestamp(Number.NaN)).toThrow(new RangeError('cannot format a non-finite time: NaN'));
  });
});

describe('parseHttpDate: the Date header behind clock-skew correction', () => {
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

  it.each(MONTHS.map((name, index) => [name, index] as const))('reads the month %s', (name, index) => {
    expect(parseHttpDate(`Mon, 15 ${name} 2024 12:34:56 GMT`)).toBe(Date.UTC(2024, index, 15, 12, 34, 56));
  });

  it('reads the month in any case, the day name unread, around surrounding whitespace', () => {
    const at = Date.UTC(1994, 10, 6, 8, 49, 37);
    expect(parseHttpDate('Sun, 06 NOV 1994 08:49:37 GMT')).toBe(at);
    expect(parseHttpDate('Sun, 06 nov 1994 08:49:37 GMT')).toBe(at);
    expect(parseHttpDate('Xyz, 06 Nov 1994 08:49:37 GMT')).toBe(at);
    expect(parseHttpDate('\t Sun, 06 Nov 1994 08:49:37 GMT\r\n')).toBe(at);
  });

  it.each([
    ['an empty header', ''],
    ['whitespace only', '   '],
    ['one character short', 'Sun, 06 Nov 1994 08:49:37 GM'],
    ['one character long', 'Sun, 06 Nov 1994 08:49:37 GMTx'],
    ['no comma after the day name', 'Sun; 06 Nov 1994 08:49:37 GMT'],
    ['no space after the comma', 'Sun,x06 Nov 1994 08:49:37 GMT'],
    ['no space before the month', 'Sun, 06xNov 1994 08:49:37 GMT'],
    ['no space before the year', 'Sun, 06 Novx1994 08:49:37 GMT'],
    ['no space before the time', 'Sun, 06 Nov 1994x08:49:37 GMT'],
    ['a dot between hours and minutes', 'Sun, 06 Nov 1994 08.49:37 GMT'],
    ['a dot between minutes and seconds', 'Sun, 06 Nov 1994 08:49.37 GMT'],
    ['no space before the zone', 'Sun, 06 Nov 1994 08:49:37xGMT'],
    ['another zone', 'Sun, 06 Nov 1994 08:49:37 CET'],
    ['the zone in lower case', 'Sun, 06 Nov 1994 08:49:37 gmt'],
    ['an ISO timestamp', '1994-11-06T08:49:37.000Z     '],
    ['asctime', 'Sun Nov  6 08:49:37 1994      '],
    ['a month name that is not one', 'Sun, 06 Now 1994 08:49:37 GMT'],
  ])('gives undefined, never NaN, for %s', (_, header) => {
    expect(parseHttpDate(header)).toBeUndefined();
  });
});
