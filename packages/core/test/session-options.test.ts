import { describe, expect, it } from 'vitest';
import { ValidationException } from '@connect-participant/core';
import { inVirtualTime } from './session-harness.js';

describe('session options', () => {
  it('refuses an unknown top-level option with a typed error naming it, before any I/O (`WebSocket` beside `transport`)', () => {
    let calls = -1;
    const error = (() => {
      try {
        inVirtualTime((h) => (calls = h.service.calls.length), { session: { WebSocket: class {} } as never });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as ValidationException).field).toBe('WebSocket');
    expect((error as Error).message).toContain('transport');
    expect(calls).toBe(-1);
  });
});
