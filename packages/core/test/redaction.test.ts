import { describe, expect, it } from 'vitest';
import { REDACTED, redact } from '@connect-participant/core';

const LONG = 'QVFJREFIaGVmN3ZBcXl3'; // a real token's alphabet, 20 characters

describe('redact', () => {
  it('replaces a token of a real length wherever it is, even inside other text', () => {
    expect(redact(`bearer ${LONG}, again:${LONG}${LONG}x`, [LONG])).toBe(`bearer ${REDACTED}, again:${REDACTED}${REDACTED}x`);
  });

  it('replaces a short token only where it stands alone, so unrelated words are left as they are', () => {
    expect(redact('fetch failed', ['fe'])).toBe('fetch failed');
    expect(redact('token fe is expired', ['fe'])).toBe(`token ${REDACTED} is expired`);
    expect(redact('"ConnectionToken":"fe"', ['fe'])).toBe(`"ConnectionToken":"${REDACTED}"`);
    expect(redact('fe', ['fe'])).toBe(REDACTED);
    expect(redact('fe fe coffee', ['fe'])).toBe(`${REDACTED} ${REDACTED} coffee`);
    // In a URL's query, between `=` and `&`: `=` belongs to base64, so only a separator such as `&`, a quote or a
    // space frees it on both sides.
    expect(redact("wss://h/?a=1&fe&b=2", ['fe'])).toBe(`wss://h/?a=1&${REDACTED}&b=2`);
  });

  it('ignores absent and empty secrets, and leaves text without them untouched', () => {
    expect(redact('nothing here', [undefined, '', LONG])).toBe('nothing here');
  });

  it('applies every secret in turn', () => {
    expect(redact(`${LONG} and ab`, [LONG, 'ab'])).toBe(`${REDACTED} and ${REDACTED}`);
  });
});
