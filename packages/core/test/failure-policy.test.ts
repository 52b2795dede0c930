import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AccessDeniedException,
  ConflictException,
  InternalServerException,
  MalformedResponseError,
  NetworkError,
  ParticipantServiceException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ThrottlingException,
  TimeoutError,
  ValidationException,
  createServiceException,
} from '../src/model/errors.js';
import { exponentialBackoff } from '../src/session/backoff.js';
import { classifyFailure } from '../src/session/failure-policy.js';
import { ConnectionTokenTimeoutError } from '../src/session/session-errors.js';
import { SocketLostError, type SocketLossKind } from '../src/session/socket-lost-error.js';

/** A service error as the response decoder makes it from a status and the service's error type. */
const decoded = (httpStatusCode: number, name = 'SomethingNew') => createServiceException(name, { message: 'x', $metadata: { httpStatusCode } });

/** A service error with a status and no retryable trait of its own: the status alone decides. */
const bare = (httpStatusCode: number | undefined, name = 'SomethingNew') =>
  new ParticipantServiceException({
    name,
    message: 'x',
    $fault: httpStatusCode !== undefined && httpStatusCode >= 500 ? 'server' : 'client',
    ...(httpStatusCode === undefined ? {} : { $metadata: { httpStatusCode } }),
  });

const both = [false, true] as const;

describe('classifyFailure: what is retried', () => {
  it.each<SocketLossKind>(['closed', 'open-failed', 'connect-timeout', 'heartbeat-timeout', 'subscribe-failed', 'subscribe-timeout'])(
    'a lost socket (%s) is retried, connected before or not',
    (kind) => {
      for (const everConnected of both) expect(classifyFailure(new SocketLostError(kind, 1006, 'gone'), everConnected)).toBe('retry');
    },
  );

  it('a NetworkError is retried, and so is a request timeout (a NetworkError too)', () => {
    for (const everConnected of both) {
      expect(classifyFailure(new NetworkError({ message: 'fetch failed' }), everConnected)).toBe('retry');
      expect(classifyFailure(new TimeoutError({ message: 'slow', timeoutMs: 10 }), everConnected)).toBe('retry');
    }
  });

  it('a NetworkError the caller aborted is fatal', () => {
    for (const everConnected of both) expect(classifyFailure(new NetworkError({ message: 'aborted', aborted: true }), everConnected)).toBe('failed');
  });

  it('every 5xx is retried: 500 to 599, with or without a retryable trait (501, 505 and 599 have none)', () => {
    for (let status = 500; status <= 599; status++) {
      for (const everConnected of both) {
        expect(classifyFailure(decoded(status), everConnected), `${status} decoded`).toBe('retry');
        expect(classifyFailure(bare(status), everConnected), `${status} bare`).toBe('retry');
      }
    }
    expect(decoded(501).$retryable).toBeUndefined(); // so it is the status that decides
    expect(classifyFailure(new InternalServerException({ message: 'x' }), false)).toBe('retry');
  });

  it('429 is retried, as ThrottlingException or by its status alone', () => {
    expect(classifyFailure(new ThrottlingException({ message: 'x' }), false)).toBe('retry');
    expect(classifyFailure(decoded(429), false)).toBe('retry');
    expect(classifyFailure(bare(429), false)).toBe('retry');
    expect(classifyFailure(bare(428), false)).toBe('failed');
    expect(classifyFailure(bare(430), false)).toBe('failed');
  });

  it('an unreadable response (MalformedResponseError) is retried, whatever its status', () => {
    expect(classifyFailure(new MalformedResponseError({ message: 'not JSON' }), false)).toBe('retry');
    expect(classifyFailure(new MalformedResponseError({ message: 'x', $metadata: { httpStatusCode: 200 } }), true)).toBe('retry');
    expect(classifyFailure(bare(undefined, 'MalformedResponseError'), false)).toBe('retry');
    expect(classifyFailure(bare(200, 'MalformedResponseError'), false)).toBe('retry');
  });

  it('any service error that says it is retryable is retried, whatever its status', () => {
    const retryable = new ParticipantServiceException({ name: 'Odd', message: 'x', $fault: 'client', $retryable: { throttling: false }, $metadata: { httpStatusCode: 418 } });
    expect(classifyFailure(retryable, false)).toBe('retry');
  });
});

describe('classifyFailure: what is fatal', () => {
  it('400 ValidationException is fatal, even with a 5xx status or after having connected', () => {
    for (const everConnected of both) {
      expect(classifyFailure(new ValidationException({ message: 'x' }), everConnected)).toBe('failed');
      expect(classifyFailure(new ValidationException({ message: 'x', $metadata: { httpStatusCode: 503 } }), everConnected)).toBe('failed');
      expect(classifyFailure(decoded(400, 'ValidationException'), everConnected)).toBe('failed');
    }
  });

  it("403 AccessDeniedException is 'ended' only after having connected, 'failed' before", () => {
    expect(classifyFailure(new AccessDeniedException({ message: 'x' }), true)).toBe('ended');
    expect(classifyFailure(new AccessDeniedException({ message: 'x' }), false)).toBe('failed');
    expect(classifyFailure(decoded(403, 'AccessDeniedException'), true)).toBe('ended');
    expect(classifyFailure(decoded(403, 'AccessDeniedException'), false)).toBe('failed');
  });

  it('a 403 that is not an AccessDeniedException never ends the chat', () => {
    expect(classifyFailure(decoded(403), true)).toBe('failed');
  });

  it('404 and the other 4xx are fatal, connected before or not', () => {
    for (const everConnected of both) {
      expect(classifyFailure(new ResourceNotFoundException({ message: 'x' }), everConnected)).toBe('failed');
      expect(classifyFailure(decoded(404, 'ResourceNotFoundException'), everConnected)).toBe('failed');
      expect(classifyFailure(new ServiceQuotaExceededException({ message: 'x' }), everConnected)).toBe('failed');
      expect(classifyFailure(new ConflictException({ message: 'x' }), everConnected)).toBe('failed');
      for (const status of [400, 401, 404, 409, 418, 499]) expect(classifyFailure(decoded(status), everConnected), String(status)).toBe('failed');
    }
  });

  it('a service error without a status or a retryable trait is fatal', () => {
    expect(classifyFailure(bare(undefined), false)).toBe('failed');
    expect(classifyFailure(bare(499), false)).toBe('failed');
  });

  it('anything else is fatal: plain errors, retryable-looking objects, non-errors', () => {
    for (const other of [new Error('x'), new TypeError('fetch failed'), 'x', undefined, null, 42, { $retryable: { throttling: false } }, { name: 'MalformedResponseError' }]) {
      for (const everConnected of both) expect(classifyFailure(other, everConnected)).toBe('failed');
    }
    // A session-side error, even one a caller may retry, is not a lifecycle failure to retry.
    expect(classifyFailure(new ConnectionTokenTimeoutError(30_000, 'connecting'), true)).toBe('failed');
  });
});

describe('exponentialBackoff: full jitter', () => {
  const options = { baseDelayMs: 1_000, maxDelayMs: 30_000 };

  it('waits exactly random × min(maxDelayMs, baseDelayMs × 2^attempt), rounded down', () => {
    const half = () => 0.5;
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((n) => exponentialBackoff(n, options, half))).toEqual([500, 1_000, 2_000, 4_000, 8_000, 15_000, 15_000, 15_000]);
    expect(exponentialBackoff(0, options, () => 0.9999)).toBe(999);
    expect(exponentialBackoff(3, options, () => 0.123)).toBe(984);
    expect(exponentialBackoff(10, options, () => 0.999_999)).toBe(29_999);
  });

  it('a random of 0 waits nothing; the ceiling itself is never reached', () => {
    expect(exponentialBackoff(0, options, () => 0)).toBe(0);
    expect(exponentialBackoff(5, options, () => 0)).toBe(0);
    expect(exponentialBackoff(5, options, () => 1 - Number.EPSILON)).toBe(29_999);
  });

  it('a random source outside [0, 1) counts as a half share (1, negative, NaN, infinite)', () => {
    for (const bad of [1, 1.5, -0.1, Number.NaN, Number.POSITIVE_INFINITY]) expect(exponentialBackoff(2, options, () => bad), String(bad)).toBe(2_000);
  });

  it('asks the random source once per delay', () => {
    let calls = 0;
    exponentialBackoff(3, options, () => (calls++, 0.3));
    expect(calls).toBe(1);
  });

  it('caps the exponent at 30, so a huge attempt count neither overflows nor passes the cap', () => {
    const unbounded = { baseDelayMs: 1, maxDelayMs: Number.POSITIVE_INFINITY };
    expect(exponentialBackoff(30, unbounded, () => 0.5)).toBe(2 ** 29);
    expect(exponentialBackoff(31, unbounded, () => 0.5)).toBe(2 ** 29);
    expect(exponentialBackoff(10_000, unbounded, () => 0.5)).toBe(2 ** 29);
    expect(exponentialBackoff(10_000, options, () => 0.5)).toBe(15_000);
  });

  it('property: the delay is a whole number in [0, ceiling), or 0 when the ceiling is 0', () => {
    fc.assert(
      fc.property(fc.nat(60), fc.nat(100_000), fc.nat(1_000_000), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (attempt, base, max, r) => {
        const ceiling = Math.min(max, base * 2 ** attempt);
        const delay = exponentialBackoff(attempt, { baseDelayMs: base, maxDelayMs: max }, () => r);
        expect(Number.isInteger(delay)).toBe(true);
        expect(delay).toBeGreaterThanOrEqual(0);
        if (ceiling > 0) expect(delay).toBeLessThan(ceiling);
        else expect(delay).toBe(0);
      }),
    );
  });

  it('property: for one random share, the delay never shrinks as attempts grow, and never passes maxDelayMs', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 1, max: 1_000_000 }), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (base, max, r) => {
        const delays = Array.from({ length: 40 }, (_, attempt) => exponentialBackoff(attempt, { baseDelayMs: base, maxDelayMs: max }, () => r));
        return delays.every((delay, i) => delay <= max && (i === 0 || delay >= (delays[i - 1] as number)));
      }),
    );
  });
});
