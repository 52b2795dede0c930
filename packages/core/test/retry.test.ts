import { describe, expect, it } from 'vitest';
import {
  AccessDeniedException,
  InternalServerException,
  MalformedResponseError,
  NetworkError,
  ParticipantServiceException,
  RETRY_DEFAULTS,
  SocketLostError,
  ThrottlingException,
  ValidationException,
  createServiceException,
  isRetryable,
  isThrottling,
} from '@connect-participant/core';
import { withRetry } from '../src/client/with-retry.js';
import { TRANSCRIPT, settle, virtualClient, type Answer } from './client-harness.js';

describe('which failures are retried', () => {
  it.each<[string, Answer, boolean]>([
    ['400 ValidationException', 400, false],
    ['402 ServiceQuotaExceededException', 402, false],
    ['403 AccessDeniedException', 403, false],
    ['404 ResourceNotFoundException', 404, false],
    ['409 ConflictException', 409, false],
    ['418, an unmodeled 4xx', 418, false],
    ['429 ThrottlingException', 429, true],
    ['429 without an error type', { status: 429, body: '' }, true],
    ['500 InternalServerException', 500, true],
    ['501', 501, true],
    ['502', 502, true],
    ['503', 503, true],
    ['504', 504, true],
    ['a network failure', 'network', true],
    ['a 200 whose body is not JSON', { status: 200, body: '{"Transcript":' }, true],
  ])('%s: retried %s', async (_, failure, retried) => {
    const { client, scheduler, sent } = virtualClient([failure, 200], { maxAttempts: 2 });
    const { value, error } = await settle(scheduler, client.getTranscript(TRANSCRIPT));
    expect(sent).toHaveLength(retried ? 2 : 1);
    if (retried) expect(value).toEqual({ $metadata: expect.objectContaining({ httpStatusCode: 200, attempts: 2 }) });
    else expect(error).toBeInstanceOf(ParticipantServiceException);
  });

  it('isRetryable: network failures (not aborted), throttling, server faults, unreadable responses', () => {
    const status = (httpStatusCode: number, name = 'SomethingNew') => createServiceException(name, { message: 'x', $metadata: { httpStatusCode } });
    expect(isRetryable(new NetworkError({ message: 'x' }))).toBe(true);
    expect(isRetryable(new NetworkError({ message: 'x', aborted: true }))).toBe(false);
    expect(isRetryable(new ThrottlingException({ message: 'x' }))).toBe(true);
    expect(isRetryable(new InternalServerException({ message: 'x' }))).toBe(true);
    expect(isRetryable(new MalformedResponseError({ message: 'x' }))).toBe(true);
    expect(isRetryable(new SocketLostError('closed', 1006, 'gone'))).toBe(true);
    for (const code of [429, 500, 501, 503, 599]) expect(isRetryable(status(code)), String(code)).toBe(true);
    for (const code of [400, 401, 404, 409, 418, 499]) expect(isRetryable(status(code)), String(code)).toBe(false);
    expect(isRetryable(new AccessDeniedException({ message: 'x' }))).toBe(false);
    expect(isRetryable(new ValidationException({ message: 'x', $metadata: { httpStatusCode: 503 } }))).toBe(false);
    for (const other of [new Error('x'), new TypeError('fetch failed'), 'x', undefined, null, { $retryable: { throttling: false } }]) {
      expect(isRetryable(other)).toBe(false);
    }
  });

  it('isThrottling: only what says so', () => {
    expect(isThrottling(new ThrottlingException({ message: 'x' }))).toBe(true);
    expect(isThrottling(createServiceException('X', { message: 'x', $metadata: { httpStatusCode: 429 } }))).toBe(true);
    expect(isThrottling(new InternalServerException({ message: 'x' }))).toBe(false);
    expect(isThrottling(new NetworkError({ message: 'x' }))).toBe(false);
    expect(isThrottling(new NetworkError({ message: 'x', aborted: true }))).toBe(false);
    expect(isThrottling({ $retryable: { throttling: 'yes' } })).toBe(false);
    for (const other of [undefined, null, new Error('x'), 7]) expect(isThrottling(other)).toBe(false);
  });
});

describe('backoff between attempts (full jitter, virtual time)', () => {
  it('has the defaults of the AWS SDKs', () => {
    expect(RETRY_DEFAULTS).toEqual({ maxAttempts: 3, baseDelayMs: 100, throttlingBaseDelayMs: 500, maxDelayMs: 20_000 });
  });

  it('grows: attempt n waits a share of 100 ms × 2^(n-1)', async () => {
    const { client, scheduler, times } = virtualClient([503, 503, 503, 503, 503, 503], { maxAttempts: 6 });
    const { error } = await settle(scheduler, client.getTranscript(TRANSCRIPT));
    // random() = 0.5: waits of 50, 100, 200, 400, 800 ms.
    expect(times()).toEqual([0, 50, 150, 350, 750, 1550]);
    expect((error as ParticipantServiceException).$metadata).toEqual({ httpStatusCode: 503, requestId: 'req-6', attempts: 6, totalRetryDelay: 1550 });
  });

  it('takes the jitter from the transport’s random source', async () => {
    const high = virtualClient([503, 503, 503, 200], { maxAttempts: 4, random: 0.999 });
    await settle(high.scheduler, high.client.getTranscript(TRANSCRIPT));
    expect(high.times()).toEqual([0, 99, 298, 697]);
    const none = virtualClient([503, 503, 200], { random: 0 });
    await settle(none.scheduler, none.client.getTranscript(TRANSCRIPT));
    expect(none.times()).toEqual([0, 0, 0]);
  });

  it('grows from 500 ms after throttling, each wait from the base of its own failure', async () => {
    const throttled = virtualClient([429, 429, 429, 429], { maxAttempts: 4 });
    const { error } = await settle(throttled.scheduler, throttled.client.getTranscript(TRANSCRIPT));
    expect(error).toBeInstanceOf(ThrottlingException);
    expect(throttled.times()).toEqual([0, 250, 750, 1750]);
    const mixed = virtualClient([429, 503, 'network', 200], { maxAttempts: 4 });
    await settle(mixed.scheduler, mixed.client.getTranscript(TRANSCRIPT));
    expect(mixed.times()).toEqual([0, 250, 350, 550]);
  });

  it('caps each wait at maxDelayMs (20 s by default)', async () => {
    const capped = virtualClient([503, 503, 503, 503, 503], { maxAttempts: 5, retry: { maxDelayMs: 300 } });
    await settle(capped.scheduler, capped.client.getTranscript(TRANSCRIPT));
    expect(capped.times()).toEqual([0, 50, 150, 300, 450]);
    const long = virtualClient(Array<Answer>(12).fill(503), { maxAttempts: 12, random: 0.999 });
    await settle(long.scheduler, long.client.getTranscript(TRANSCRIPT));
    const waits = long.times().slice(1).map((t, i) => t - (long.times()[i] ?? 0));
    expect(waits).toEqual([99, 199, 399, 799, 1598, 3196, 6393, 12787, 19980, 19980, 19980]);
  });

  it('takes the retry options given, and the defaults for those left undefined', async () => {
    // An undefined member, as a JavaScript caller (or a spread of optional settings) may pass it.
    const retry = { baseDelayMs: undefined as unknown as number, throttlingBaseDelayMs: 1000 };
    const { client, scheduler, times } = virtualClient([503, 429, 200], { retry });
    await settle(scheduler, client.getTranscript(TRANSCRIPT));
    expect(times()).toEqual([0, 50, 1050]);
  });

  it('stops at maxAttempts, and does not retry what retrying cannot fix', async () => {
    const three = virtualClient([500, 500, 500, 500]);
    const { error } = await settle(three.scheduler, three.client.getTranscript(TRANSCRIPT));
    expect(three.sent).toHaveLength(3);
    expect((error as ParticipantServiceException).$metadata).toMatchObject({ attempts: 3, totalRetryDelay: 150 });
    const fatal = virtualClient([503, 403, 200]);
    const denied = await settle(fatal.scheduler, fatal.client.getTranscript(TRANSCRIPT));
    expect(denied.error).toBeInstanceOf(AccessDeniedException);
    expect(fatal.sent).toHaveLength(2);
    expect((denied.error as AccessDeniedException).$metadata).toEqual({ httpStatusCode: 403, requestId: 'req-2', attempts: 2, totalRetryDelay: 50 });
  });
});

describe('what the final error says', () => {
  it('a network failure, after its retries', async () => {
    const { client, scheduler } = virtualClient(['network', 'network', 'network']);
    const { error } = await settle(scheduler, client.getTranscript(TRANSCRIPT));
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).$metadata).toEqual({ attempts: 3, totalRetryDelay: 150 });
    expect((error as NetworkError).aborted).toBe(false);
  });

  it('a request refused before any I/O: one attempt, no wait', async () => {
    const { client, scheduler, sent } = virtualClient([]);
    const { error } = await settle(scheduler, client.sendMessage({ ConnectionToken: 'c', ContentType: 'text/plain', Content: '' }));
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as ValidationException).$metadata).toEqual({ attempts: 1, totalRetryDelay: 0 });
    expect(sent).toHaveLength(0);
  });

  it('leaves an error that is not an object as it is', () => {
    const seen: unknown[] = [];
    for (const failure of ['boom', undefined, 42]) {
      withRetry<never>((outcome) => {
        outcome.error(failure);
        return () => undefined;
      }, RETRY_DEFAULTS, () => 0.5, { now: () => 0, schedule: () => ({ unsubscribe: () => undefined }) } as never, { value: () => undefined, error: (e) => seen.push(e) });
    }
    expect(seen).toEqual(['boom', undefined, 42]);
  });
});

describe('cancelling a call', () => {
  it('cancels the request in flight, and sends no other', async () => {
    const { client, scheduler, sent } = virtualClient(['pending'], { requestTimeoutMs: 0 });
    const subscription = client.call$('GetTranscript', TRANSCRIPT).subscribe({ error: () => undefined });
    expect(sent).toHaveLength(1);
    subscription.unsubscribe();
    scheduler.flush();
    expect(sent.map((r) => r.cancelled)).toEqual([1]);
  });

  it('cancels the wait before a retry: no further request', async () => {
    const { client, scheduler, sent } = virtualClient([503, 200]);
    const subscription = client.call$('GetTranscript', TRANSCRIPT).subscribe({ error: () => undefined });
    scheduler.schedule(() => subscription.unsubscribe(), 10);
    scheduler.flush();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.cancelled).toBe(0);
  });

  it('cancels a retry in flight, not the attempt that already failed', async () => {
    const { client, scheduler, sent } = virtualClient([503, 'pending'], { requestTimeoutMs: 0 });
    const subscription = client.call$('GetTranscript', TRANSCRIPT).subscribe({ error: () => undefined });
    scheduler.schedule(() => subscription.unsubscribe(), 100);
    scheduler.flush();
    expect(sent.map((r) => [r.at, r.cancelled])).toEqual([
      [0, 0],
      [50, 1],
    ]);
  });

  it('an AbortSignal during the wait: rejects as aborted, and sends no further request', async () => {
    const { client, scheduler, sent } = virtualClient([503, 200]);
    const listeners: (() => void)[] = [];
    const signal = {
      aborted: false,
      addEventListener: (_: 'abort', listener: () => void) => listeners.push(listener),
      removeEventListener: () => undefined,
    };
    const call = client.getTranscript(TRANSCRIPT, { signal });
    scheduler.schedule(() => {
      signal.aborted = true;
      for (const l of listeners) l();
    }, 10);
    const { error } = await settle(scheduler, call);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).aborted).toBe(true);
    expect((error as NetworkError).message).toBe('GetTranscript was aborted');
    expect(sent).toHaveLength(1);
  });
});

describe('the time limit of each attempt', () => {
  it('aborts a request unanswered after requestTimeoutMs, and retries it', async () => {
    const { client, scheduler, sent } = virtualClient(['pending', 'pending'], { maxAttempts: 2, requestTimeoutMs: 1000 });
    const { error } = await settle(scheduler, client.getTranscript(TRANSCRIPT));
    expect(sent.map((r) => [r.at, r.cancelled])).toEqual([
      [0, 1],
      [1050, 1],
    ]);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError & { timeoutMs: number }).name).toBe('TimeoutError');
    expect((error as NetworkError & { timeoutMs: number }).timeoutMs).toBe(1000);
    expect((error as NetworkError).message).toBe('GetTranscript got no response within 1000 ms; the request was aborted');
    expect((error as NetworkError).$metadata).toEqual({ attempts: 2, totalRetryDelay: 50 });
    expect(scheduler.now()).toBe(2050);
  });

  it('waits 10 s by default, and forever with 0', async () => {
    const limited = virtualClient(['pending'], { maxAttempts: 1 });
    const { error } = await settle(limited.scheduler, limited.client.getTranscript(TRANSCRIPT));
    expect((error as { timeoutMs?: number }).timeoutMs).toBe(10_000);
    expect(limited.scheduler.now()).toBe(10_000);
    const unlimited = virtualClient(['pending'], { maxAttempts: 1, requestTimeoutMs: 0 });
    let settled = false;
    void unlimited.client.getTranscript(TRANSCRIPT).finally(() => (settled = true));
    unlimited.scheduler.flush();
    await Promise.resolve();
    expect(settled).toBe(false);
    expect(unlimited.sent[0]?.call.cancellable).toBe(false);
  });

  it('sets no timer for a request answered before send returns', () => {
    const { client, scheduler } = virtualClient([200]);
    void client.getTranscript(TRANSCRIPT);
    expect(scheduler.actions).toHaveLength(0);
  });
});
