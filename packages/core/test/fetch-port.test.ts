import { describe, expect, it } from 'vitest';
import { createFetchPort, type FetchInit, type FetchResponseLike, type HttpResponse } from '@connect-participant/core';

/** A fetch whose answer the test gives, recording what it was handed. */
function controlledFetch() {
  const calls: { url: string; init: FetchInit; answer(res: FetchResponseLike): void; fail(e: unknown): void }[] = [];
  const fetch = (url: string, init: FetchInit) =>
    new Promise<FetchResponseLike>((answer, fail) => {
      calls.push({ url, init, answer, fail });
    });
  return { fetch, calls };
}

const response = (body: Promise<string>, headers: [string, string][] = []): FetchResponseLike => ({
  status: 200,
  headers: { forEach: (cb) => headers.forEach(([k, v]) => cb(v, k)) },
  text: () => body,
});

/** Lets every settled promise run its callbacks. */
const drain = () => new Promise<void>((resolve) => setImmediate(resolve));

class CountingController {
  static made = 0;
  aborted = 0;
  readonly signal = { aborted: false, addEventListener: () => undefined, removeEventListener: () => undefined };
  constructor() {
    CountingController.made++;
  }
  abort() {
    this.aborted++;
  }
}

const call = { url: 'http://127.0.0.1:1/participant/connection', method: 'POST' as const, headers: { 'x-amz-bearer': 't' }, body: '{}' };

describe('createFetchPort', () => {
  it('reports the status, lower-cased headers and body once', async () => {
    const { fetch, calls } = controlledFetch();
    const seen: HttpResponse[] = [];
    createFetchPort(fetch).send(call, { response: (r) => seen.push(r), error: () => seen.push({ status: -1, headers: {}, body: '' }) });
    calls[0]?.answer(response(Promise.resolve('{"a":1}'), [['Date', 'Sun, 06 Nov 1994 08:49:37 GMT']]));
    await drain();
    expect(seen).toEqual([{ status: 200, headers: { date: 'Sun, 06 Nov 1994 08:49:37 GMT' }, body: '{"a":1}' }]);
    expect(calls[0]?.init).toEqual({ method: 'POST', headers: { 'x-amz-bearer': 't' }, body: '{}' });
  });

  it('hands fetch a signal and aborts it when cancelled first, with no callback after', async () => {
    const { fetch, calls } = controlledFetch();
    const outcomes: string[] = [];
    const cancel = createFetchPort(fetch, CountingController).send(call, { response: () => outcomes.push('response'), error: () => outcomes.push('error') });
    expect(calls[0]?.init.signal).toBeDefined();
    cancel();
    calls[0]?.fail(new Error('AbortError'));
    await drain();
    expect(outcomes).toEqual([]);
  });

  it('makes no controller for a call nothing can cancel', () => {
    const { fetch, calls } = controlledFetch();
    CountingController.made = 0;
    createFetchPort(fetch, CountingController).send({ ...call, cancellable: false }, { response: () => undefined, error: () => undefined });
    expect(CountingController.made).toBe(0);
    expect(calls[0]?.init.signal).toBeUndefined();
  });

  it('aborts nothing when a finished call is cancelled', async () => {
    const { fetch, calls } = controlledFetch();
    const made: CountingController[] = [];
    class Remembered extends CountingController {
      constructor() {
        super();
        made.push(this);
      }
    }
    const cancel = createFetchPort(fetch, Remembered).send(call, { response: () => undefined, error: () => undefined });
    calls[0]?.answer(response(Promise.resolve('')));
    await drain();
    cancel();
    expect(made.map((c) => c.aborted)).toEqual([0]);
  });

  it('reports a body that cannot be read, or unreadable headers, as one error', async () => {
    const { fetch, calls } = controlledFetch();
    const port = createFetchPort(fetch);
    const outcomes: unknown[] = [];
    const callbacks = { response: () => outcomes.push('response'), error: (e: unknown) => outcomes.push(e) };
    port.send(call, callbacks);
    port.send(call, callbacks);
    const reset = new Error('socket hang up');
    const broken = new TypeError('headers are gone');
    calls[0]?.answer(response(Promise.reject(reset)));
    calls[1]?.answer({ status: 200, headers: { forEach: () => { throw broken; } }, text: () => Promise.resolve('') });
    await drain();
    expect(outcomes).toEqual([broken, reset]);
  });
});
