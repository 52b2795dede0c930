import { describe, expect, it } from 'vitest';
import { formatTimestamp, parseHttpDate, parseTimestamp, TimestampParseError } from '@connect-participant/core';

const value = (input: unknown) => {
  const r = parseTimestamp(input);
  if (!r.ok) throw r.error;
  return r.value;
};

describe('parseTimestamp', () => {
  it('reads the service format of protocol.md §1.1', () => {
    expect(value('2019-11-08T02:41:28.172Z')).toBe(Date.UTC(2019, 10, 8, 2, 41, 28, 172));
    expect(value('2025-05-23T06:01:24.287Z')).toBe(Date.UTC(2025, 4, 23, 6, 1, 24, 287));
  });

  it('reads variants without millis, with offsets and with long fractions', () => {
    expect(value('2019-11-08T02:41:28Z')).toBe(Date.UTC(2019, 10, 8, 2, 41, 28));
    expect(value('2019-11-08T04:41:28.172+02:00')).toBe(Date.UTC(2019, 10, 8, 2, 41, 28, 172));
    expect(value('2019-11-07T21:11:28.172-0530')).toBe(Date.UTC(2019, 10, 8, 2, 41, 28, 172));
    expect(value('2019-11-08T03:41:28+01')).toBe(Date.UTC(2019, 10, 8, 2, 41, 28));
    expect(value('2019-11-08T02:41:28.1729999Z')).toBe(Date.UTC(2019, 10, 8, 2, 41, 28, 172));
    expect(value('2019-11-08T02:41:28.5Z')).toBe(Date.UTC(2019, 10, 8, 2, 41, 28, 500));
  });

  it('handles leap days and years that Date.UTC would remap', () => {
    expect(value('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
    expect(value('0001-01-01T00:00:00Z')).toBe(-62_135_596_800_000);
    expect(value('1970-01-01T00:00:00.000Z')).toBe(0);
  });

  it.each([
    '',
    'yesterday',
    '2019-11-08',
    '2019-11-08 02:41:28Z',
    '2019-13-08T02:41:28Z',
    '2019-02-29T02:41:28Z',
    '2019-11-31T02:41:28Z',
    '2019-11-08T24:00:00Z',
    '2019-11-08T02:60:28Z',
    '2019-11-08T02:41:60Z',
    '2019-11-08T02:41:28.Z',
    '2019-11-08T02:41:28+25:00',
    '2019-11-08T02:41:28',
    ' 2019-11-08T02:41:28Z',
  ])('refuses %j with a typed error value', (input) => {
    const r = parseTimestamp(input);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toBeInstanceOf(TimestampParseError);
      expect(r.error.message).toContain(`a string of length ${input.length}`);
    }
  });

  it('refuses non-strings', () => {
    for (const input of [undefined, null, 0, {}, []]) expect(parseTimestamp(input).ok).toBe(false);
  });
});

describe('formatTimestamp', () => {
  it('writes the service format and round-trips', () => {
    expect(formatTimestamp(1_573_180_888_172)).toBe('2019-11-08T02:41:28.172Z');
    expect(value(formatTimestamp(1_573_180_888_000))).toBe(1_573_180_888_000);
  });

  it('refuses a non-finite time', () => {
    expect(() => formatTimestamp(Number.NaN)).toThrow(RangeError);
  });
});

describe('parseHttpDate', () => {
  it('reads IMF-fixdate', () => {
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT')).toBe(Date.UTC(1994, 10, 6, 8, 49, 37));
    expect(parseHttpDate('Fri, 08 Nov 2019 02:41:28 GMT')).toBe(Date.UTC(2019, 10, 8, 2, 41, 28));
    expect(parseHttpDate('Tue, 29 Feb 2000 23:59:59 GMT')).toBe(Date.UTC(2000, 1, 29, 23, 59, 59));
    expect(parseHttpDate('Thu, 01 Jan 1970 00:00:00 GMT')).toBe(0);
  });

  it.each([
    'Mon, 29 Feb 1900 00:00:00 GMT',
    'Sun, 06 Nov 1994 24:00:00 GMT',
    'Sun, 06 Nov 1994 08:60:00 GMT',
    'Sun, 06 Nov 1994 08:49:60 GMT',
    'Sun, 00 Nov 1994 08:49:37 GMT',
    'Sun, 06 Nov 19a4 08:49:37 GMT',
    'Sun, 06 Nov 1994 08:49:+7 GMT',
    'Sun, 06 Nov 1994 08:49: 7 GMT',
  ])('refuses %s (a field out of range or not all digits)', (value) => {
    expect(parseHttpDate(value)).toBeUndefined();
  });

  it('gives undefined for anything else', () => {
    expect(parseHttpDate(undefined)).toBeUndefined();
    expect(parseHttpDate('Sunday, 06-Nov-94 08:49:37 GMT')).toBeUndefined();
    expect(parseHttpDate('Sun, 06 Foo 1994 08:49:37 GMT')).toBeUndefined();
    expect(parseHttpDate('Sun, 31 Feb 1994 08:49:37 GMT')).toBeUndefined();
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 UTC')).toBeUndefined();
    expect(parseHttpDate('Sun, 06 Nov 1994 08-49:37 GMT')).toBeUndefined();
    expect(parseHttpDate('Sun, 0x Nov 1994 08:49:37 GMT')).toBeUndefined();
    expect(parseHttpDate('Sun, 06 Nov 1994 08:49:37 GMT ')).toBe(Date.UTC(1994, 10, 6, 8, 49, 37));
  });
});
