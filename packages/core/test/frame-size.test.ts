import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_FRAME_BYTES, decodeClientFrame, decodeServerFrame } from '@connect-participant/core';

/**
 * The frame size limit is in UTF-8 bytes, as a socket carries them: a frame's UTF-16 length undercounts non-ASCII
 * text by up to three times, so a limit computed on `.length` would let a hostile peer past it.
 */
const utf8 = (text: string): number => new TextEncoder().encode(text).length;

/** A frame of topic `aws/x` whose content is `text`, and its size in UTF-8 bytes. */
const frameOf = (text: string) => {
  const frame = JSON.stringify({ topic: 'aws/x', content: text });
  return { frame, bytes: utf8(frame) };
};

/** Any UTF-16 text: random units (lone surrogates included) mixed with the characters at each width's edges. */
const edges = ['a', '\u007f', '\u0080', '\u07ff', '\u0800', '\ud7ff', '\ud800', '\udbff', '\udc00', '\udfff', '\ue000', '\uffff', '😀'];
const utf16Text = fc
  .array(fc.oneof(fc.constantFrom(...edges), fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c))), { maxLength: 60 })
  .map((units) => units.join(''));

const decoders = [
  ['server', decodeServerFrame],
  ['client', decodeClientFrame],
] as const;

describe.each(decoders)('%s frame size limit', (_, decode) => {
  const reasonAt = (data: string, maxFrameBytes?: number) => {
    const r = decode(data, maxFrameBytes === undefined ? {} : { maxFrameBytes });
    return r.ok ? 'ok' : r.error.reason;
  };

  // Each character at the edge of a UTF-8 width: 1, 2, 3 or 4 bytes.
  it.each([
    ['U+007F, the last 1-byte character', '\u007f', 1],
    ['U+0080, the first 2-byte character', '\u0080', 2],
    ['U+07FF, the last 2-byte character', '\u07ff', 2],
    ['U+0800, the first 3-byte character', '\u0800', 3],
    ['U+D7FF, the last character before the surrogates', '\ud7ff', 3],
    ['U+E000, the first character after them', '\ue000', 3],
    ['U+FFFF', '\uffff', 3],
    ['U+10000, the first surrogate pair', '\ud800\udc00', 4],
    ['U+10FFFF, the last surrogate pair', '\udbff\udfff', 4],
    ['an emoji', '😀', 4],
  ])('%s counts %#', (_, char, width) => {
    expect(utf8(char)).toBe(width);
    // 40 of them: long enough that the UTF-16 length alone cannot decide (40 units, up to 160 bytes).
    const { frame, bytes } = frameOf(char.repeat(40));
    expect(reasonAt(frame, bytes)).toBe('ok');
    expect(reasonAt(frame, bytes - 1)).toBe('too-large');
  });

  it('counts a lone surrogate as the 3 bytes of the U+FFFD it becomes, wherever it stands', () => {
    for (const text of ['\ud800', '\udc00', 'ab\ud83d', '\ud83d!', '\ude00\ud83d', '\ud83dé', '\ud83d\ud83d\ude00']) {
      const frame = `{"topic":"aws/x","content":"${text.repeat(20)}"}`;
      const bytes = utf8(frame);
      expect(reasonAt(frame, bytes), JSON.stringify(text)).toBe('ok');
      expect(reasonAt(frame, bytes - 1), JSON.stringify(text)).toBe('too-large');
    }
  });

  it('refuses exactly the frames over the limit, for any text and limit', () => {
    fc.assert(
      // The size is checked before anything is parsed, so the text itself is the frame (JSON.stringify would
      // escape the lone surrogates).
      fc.property(utf16Text, fc.integer({ min: -3, max: 3 }), (text, delta) => {
        const bytes = utf8(text);
        const limit = Math.max(0, bytes + delta);
        expect(reasonAt(text, limit) === 'too-large').toBe(bytes > limit);
      }),
      { numRuns: 300 },
    );
  });

  it(`defaults to ${DEFAULT_MAX_FRAME_BYTES} bytes (256 KiB), in bytes and not characters`, () => {
    expect(DEFAULT_MAX_FRAME_BYTES).toBe(262_144);
    const fits = '{"topic":"aws/heartbeat","content":"' + 'x'.repeat(DEFAULT_MAX_FRAME_BYTES - 38) + '"}';
    expect(fits).toHaveLength(DEFAULT_MAX_FRAME_BYTES);
    expect(reasonAt(fits)).toBe('ok');
    expect(reasonAt(`${fits} `)).toBe('too-large');
    // 100,000 characters of 3 bytes: well under the limit in UTF-16 units, over it in bytes.
    const wide = frameOf('€'.repeat(100_000));
    expect(wide.frame.length).toBeLessThan(DEFAULT_MAX_FRAME_BYTES);
    expect(reasonAt(wide.frame)).toBe('too-large');
  });

  it('names the limit, and never the data, in the message', () => {
    const r = decode(`{"topic":"aws/heartbeat","content":"${'secret'.repeat(10)}"}`, { maxFrameBytes: 20 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.message).toBe('frame is larger than the limit of 20 bytes');
      expect(r.error.message).not.toContain('secret');
    }
  });
});
