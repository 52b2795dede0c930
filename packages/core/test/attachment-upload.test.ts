import { Subject, type Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { HttpResponse } from '../src/codec/http/http-message.js';
import { ValidationException } from '../src/model/errors.js';
import type { HttpCall, HttpCallbacks, HttpPort } from '../src/ports.js';
import {
  checkAttachment,
  sendAttachment,
  sendAttachment$,
  type AttachmentData,
  type AttachmentProgress,
  type AttachmentSession,
} from '../src/session/attachment-upload.js';

// ---- helpers --------------------------------------------------------------------------------------------------

/** One call the upload made through the session: its operation, input, and the subject the test answers with. */
interface Call {
  readonly operation: string;
  readonly input: unknown;
  readonly reply: Subject<unknown>;
}

/** One PUT the upload sent, answered by the test through its callbacks. */
interface Put {
  readonly call: HttpCall;
  readonly callbacks: HttpCallbacks;
  cancelled: number;
}

/**
 * A session as an upload sees it: its calls and PUTs are recorded and left pending for the test to answer. A class
 * whose `call$` reads `this`, as a real session's method does.
 */
class StubSession implements AttachmentSession {
  readonly calls: Call[] = [];
  readonly puts: Put[] = [];
  readonly http: HttpPort = {
    send: (call, callbacks) => {
      const put: Put = { call, callbacks, cancelled: 0 };
      this.puts.push(put);
      return () => void put.cancelled++;
    },
  };

  call$<T>(operation: string, input: unknown): Observable<T> {
    const reply = new Subject<unknown>();
    this.calls.push({ operation, input, reply });
    return reply as Subject<T>;
  }

  /** Answers the last call with `output`, as a single-value call does. */
  answer(output: unknown): void {
    const reply = this.calls.at(-1)!.reply;
    reply.next(output);
    reply.complete();
  }
}

const response = (status: number): HttpResponse => ({ status, headers: {}, body: '' });

const STARTED = {
  AttachmentId: 'att-1',
  UploadMetadata: { Url: 'https://upload.invalid/att-1?sig=1', UrlExpiry: '2024-01-01T00:00:00Z', HeadersToInclude: { 'x-amz-meta-a': '1', 'Content-Type': 'image/png' } },
};

/** A Blob as the platform gives one (only what an upload reads: size and type, and a File's name). */
const file = (size: number, name: string | undefined, type: string): AttachmentData =>
  name === undefined ? { size, type } : { size, type, name };

interface Run {
  readonly progress: AttachmentProgress[];
  error: unknown;
  completed: boolean;
  unsubscribe(): void;
}

function run(session: StubSession, data: AttachmentData, options?: Parameters<typeof sendAttachment$>[2]): Run {
  const r: Run = { progress: [], error: undefined, completed: false, unsubscribe: () => undefined };
  const sub = sendAttachment$(session, data, options).subscribe({
    next: (p) => r.progress.push(p),
    error: (e) => (r.error = e),
    complete: () => (r.completed = true),
  });
  r.unsubscribe = () => sub.unsubscribe();
  return r;
}

/** Catches what `f` throws (undefined when it returns). */
const thrown = (f: () => unknown): unknown => {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
};

// ---- checks before any I/O ------------------------------------------------------------------------------------

describe('checkAttachment', () => {
  it('takes the size of bytes from their length and of a Blob from its size, the name and type from the options first', () => {
    expect(checkAttachment(new Uint8Array(3), { name: 'a.bin', contentType: 'application/octet-stream' })).toEqual({
      name: 'a.bin',
      contentType: 'application/octet-stream',
      size: 3,
    });
    expect(checkAttachment(file(1234, 'photo.png', 'image/png'), {})).toEqual({ name: 'photo.png', contentType: 'image/png', size: 1234 });
    expect(checkAttachment(file(5, 'photo.png', 'image/png'), { name: 'renamed.jpg', contentType: 'image/jpeg' })).toEqual({
      name: 'renamed.jpg',
      contentType: 'image/jpeg',
      size: 5,
    });
  });

  it('accepts any size of at least one byte and any extension: the quota and the allowed types are the instance’s to answer', () => {
    expect(checkAttachment(file(1, 'a', 't'), {}).size).toBe(1);
    expect(checkAttachment(file(50 * 1024 * 1024, 'big.exe', 'application/x-msdownload'), {})).toEqual({
      name: 'big.exe',
      contentType: 'application/x-msdownload',
      size: 50 * 1024 * 1024,
    });
  });

  it('refuses an empty attachment with a typed error naming the data', () => {
    for (const data of [new Uint8Array(0), file(0, 'a.txt', 'text/plain'), file(Number.NaN, 'a.txt', 'text/plain')]) {
      const e = thrown(() => checkAttachment(data, { name: 'a.txt', contentType: 'text/plain' }));
      expect(e).toBeInstanceOf(ValidationException);
      expect(e).toMatchObject({ field: 'data', constraint: 'min', message: 'sendAttachment data: the attachment is empty' });
    }
  });

  it('requires a name of 1 to 256 characters: bytes have none unless the options give one', () => {
    const missing = thrown(() => checkAttachment(new Uint8Array(1), { contentType: 'text/plain' }));
    expect(missing).toBeInstanceOf(ValidationException);
    expect(missing).toMatchObject({ field: 'name', constraint: 'required', message: 'sendAttachment name: a file name of 1 to 256 characters is required' });
    expect(thrown(() => checkAttachment(file(1, '', 'text/plain'), {}))).toMatchObject({ field: 'name', constraint: 'required' });
    expect(checkAttachment(file(1, 'x'.repeat(256), 'text/plain'), {}).name).toHaveLength(256);
    const long = thrown(() => checkAttachment(file(1, 'x'.repeat(257), 'text/plain'), {}));
    expect(long).toBeInstanceOf(ValidationException);
    expect(long).toMatchObject({ field: 'name', constraint: 'maxLength' });
  });

  it('requires a MIME type of 1 to 255 characters: bytes have none unless the options give one', () => {
    const missing = thrown(() => checkAttachment(new Uint8Array(1), { name: 'a' }));
    expect(missing).toBeInstanceOf(ValidationException);
    expect(missing).toMatchObject({ field: 'contentType', constraint: 'required', message: 'sendAttachment contentType: a MIME type is required' });
    expect(thrown(() => checkAttachment(file(1, 'a', ''), {}))).toMatchObject({ field: 'contentType', constraint: 'required' });
    expect(checkAttachment(file(1, 'a', 't'.repeat(255)), {}).contentType).toHaveLength(255);
    const long = thrown(() => checkAttachment(file(1, 'a', 't'.repeat(256)), {}));
    expect(long).toBeInstanceOf(ValidationException);
    expect(long).toMatchObject({ field: 'contentType', constraint: 'maxLength' });
  });
});

// ---- the upload ------------------------------------------------------------------------------------------------

describe('sendAttachment$', () => {
  it('starts the upload, PUTs the data with the returned headers, completes it and reports each phase once, in order', () => {
    const session = new StubSession();
    const data = file(1234, 'photo.png', 'image/png');
    const r = run(session, data);

    expect(r.progress).toEqual([{ phase: 'starting' }]);
    expect(session.calls.map((c) => [c.operation, c.input])).toEqual([
      ['StartAttachmentUpload', { ContentType: 'image/png', AttachmentSizeInBytes: 1234, AttachmentName: 'photo.png' }],
    ]);
    session.answer(STARTED);

    expect(r.progress.at(-1)).toEqual({ phase: 'uploading', loaded: 0, total: 1234 });
    expect(session.puts).toHaveLength(1);
    expect(session.puts[0]!.call).toEqual({ url: STARTED.UploadMetadata.Url, method: 'PUT', headers: STARTED.UploadMetadata.HeadersToInclude, body: data });
    expect(session.puts[0]!.call.body).toBe(data);
    expect(session.calls).toHaveLength(1);

    session.puts[0]!.callbacks.response(response(200));
    expect(session.calls.map((c) => [c.operation, c.input])).toEqual([
      ['StartAttachmentUpload', expect.anything()],
      ['CompleteAttachmentUpload', { AttachmentIds: ['att-1'] }],
    ]);
    expect(r.completed).toBe(false);
    session.answer({});

    expect(r.progress).toEqual([
      { phase: 'starting' },
      { phase: 'uploading', loaded: 0, total: 1234 },
      { phase: 'uploading', loaded: 1234, total: 1234 },
      { phase: 'completing' },
      { phase: 'done', AttachmentId: 'att-1' },
    ]);
    expect(r.completed).toBe(true);
    expect(r.error).toBeUndefined();
  });

  it('sends bytes under the name and type the options give, their length as the size', () => {
    const session = new StubSession();
    const bytes = new Uint8Array([1, 2, 3, 4, 5]);
    run(session, bytes, { name: 'notes.txt', contentType: 'text/plain' });
    expect(session.calls[0]!.input).toEqual({ ContentType: 'text/plain', AttachmentSizeInBytes: 5, AttachmentName: 'notes.txt' });
    session.answer(STARTED);
    expect(session.puts[0]!.call.body).toBe(bytes);
  });

  it('PUTs with no headers when the service returns none', () => {
    const session = new StubSession();
    run(session, file(3, 'a.txt', 'text/plain'));
    session.answer({ AttachmentId: 'att-2', UploadMetadata: { Url: 'https://upload.invalid/att-2' } });
    expect(session.puts[0]!.call.headers).toEqual({});
  });

  it('checks the attachment when subscribed, failing with a typed error before any call', () => {
    const session = new StubSession();
    expect(() => sendAttachment$(session, new Uint8Array(0), { name: 'a', contentType: 'b' })).not.toThrow();
    expect(session.calls).toHaveLength(0);
    const r = run(session, new Uint8Array(0), { name: 'a', contentType: 'b' });
    expect(r.error).toBeInstanceOf(ValidationException);
    expect(r.progress).toEqual([]);
    expect(session.calls).toHaveLength(0);
  });

  it.each([
    ['no AttachmentId', { UploadMetadata: STARTED.UploadMetadata }],
    ['no upload metadata', { AttachmentId: 'att-1' }],
    ['no URL', { AttachmentId: 'att-1', UploadMetadata: { HeadersToInclude: {} } }],
    ['an empty URL', { AttachmentId: 'att-1', UploadMetadata: { Url: '' } }],
  ])('fails with a typed error, uploading nothing, when StartAttachmentUpload returns %s', (_, started) => {
    const session = new StubSession();
    const r = run(session, file(3, 'a.txt', 'text/plain'));
    session.answer(started);
    expect(r.error).toBeInstanceOf(ValidationException);
    expect((r.error as Error).message).toBe('StartAttachmentUpload returned no upload URL');
    expect(session.puts).toHaveLength(0);
    expect(r.progress).toEqual([{ phase: 'starting' }]);
  });

  it.each([199, 300, 403, 500])('fails with the HTTP status, never completing the upload, when the PUT is refused with %i', (status) => {
    const session = new StubSession();
    const r = run(session, file(3, 'a.txt', 'text/plain'));
    session.answer(STARTED);
    session.puts[0]!.callbacks.response(response(status));
    expect(r.error).toBeInstanceOf(ValidationException);
    expect((r.error as Error).message).toBe(`the attachment upload was refused with HTTP ${status}`);
    expect(session.calls.map((c) => c.operation)).toEqual(['StartAttachmentUpload']);
    expect(r.progress.map((p) => p.phase)).toEqual(['starting', 'uploading']);
  });

  it.each([200, 204, 299])('takes any 2xx answer to the PUT (%i) as uploaded', (status) => {
    const session = new StubSession();
    const r = run(session, file(3, 'a.txt', 'text/plain'));
    session.answer(STARTED);
    session.puts[0]!.callbacks.response(response(status));
    expect(r.error).toBeUndefined();
    expect(r.progress.at(-1)).toEqual({ phase: 'completing' });
  });

  it('passes on the failure of each step as it came', () => {
    const startFailure = new Error('start failed');
    let session = new StubSession();
    let r = run(session, file(3, 'a.txt', 'text/plain'));
    session.calls[0]!.reply.error(startFailure);
    expect(r.error).toBe(startFailure);
    expect(session.puts).toHaveLength(0);

    const network = new Error('ECONNRESET');
    session = new StubSession();
    r = run(session, file(3, 'a.txt', 'text/plain'));
    session.answer(STARTED);
    session.puts[0]!.callbacks.error(network);
    expect(r.error).toBe(network);
    expect(session.calls).toHaveLength(1);

    const completeFailure = new Error('complete failed');
    session = new StubSession();
    r = run(session, file(3, 'a.txt', 'text/plain'));
    session.answer(STARTED);
    session.puts[0]!.callbacks.response(response(200));
    session.calls[1]!.reply.error(completeFailure);
    expect(r.error).toBe(completeFailure);
    expect(r.progress.map((p) => p.phase)).not.toContain('done');
  });

  it('cancels whichever step is running when unsubscribed', () => {
    let session = new StubSession();
    let r = run(session, file(3, 'a.txt', 'text/plain'));
    expect(session.calls[0]!.reply.observed).toBe(true);
    r.unsubscribe();
    expect(session.calls[0]!.reply.observed).toBe(false);

    session = new StubSession();
    r = run(session, file(3, 'a.txt', 'text/plain'));
    session.answer(STARTED);
    expect(session.puts[0]!.cancelled).toBe(0);
    r.unsubscribe();
    expect(session.puts[0]!.cancelled).toBe(1);

    session = new StubSession();
    r = run(session, file(3, 'a.txt', 'text/plain'));
    session.answer(STARTED);
    session.puts[0]!.callbacks.response(response(200));
    expect(session.calls[1]!.reply.observed).toBe(true);
    r.unsubscribe();
    expect(session.calls[1]!.reply.observed).toBe(false);
    expect(session.puts[0]!.cancelled).toBe(0);
  });
});

describe('sendAttachment', () => {
  it('resolves with the attachment’s Id alone once the upload is complete', async () => {
    const session = new StubSession();
    const done = sendAttachment(session, file(3, 'a.txt', 'text/plain'));
    session.answer(STARTED);
    session.puts[0]!.callbacks.response(response(201));
    session.answer({});
    await expect(done).resolves.toStrictEqual({ AttachmentId: 'att-1' });
  });

  it('rejects with the typed error of a bad attachment, having called nothing', async () => {
    const session = new StubSession();
    await expect(sendAttachment(session, new Uint8Array(2))).rejects.toMatchObject({ name: 'ValidationException', field: 'name' });
    expect(session.calls).toHaveLength(0);
  });
});
