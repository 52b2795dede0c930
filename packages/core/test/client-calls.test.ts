import { lastValueFrom, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import {
  AccessDeniedException,
  NetworkError,
  ParticipantClient,
  ValidationException,
  invokeOnce,
  type AbortSignalLike,
  type HttpCallbacks,
  type HttpPort,
  type OperationName,
} from '@connect-participant/core';
import { TRANSCRIPT, settle, virtualClient } from './client-harness.js';

const TOKEN = 'tok_3Zx9SECRETq7Lw';
const SESSION_ID = '0123456789abcdef0123456789abcdef0123';

describe('ParticipantClient: one method per operation', () => {
  const cases: [keyof ParticipantClient, OperationName, Record<string, unknown>, string, string][] = [
    ['createParticipantConnection', 'CreateParticipantConnection', { ParticipantToken: 'p' }, 'POST', '/participant/connection'],
    ['sendMessage', 'SendMessage', { ConnectionToken: 'c', ContentType: 'text/plain', Content: 'x' }, 'POST', '/participant/message'],
    ['sendEvent', 'SendEvent', { ConnectionToken: 'c', ContentType: 'application/vnd.amazonaws.connect.event.typing' }, 'POST', '/participant/event'],
    ['getTranscript', 'GetTranscript', { ConnectionToken: 'c' }, 'POST', '/participant/transcript'],
    ['disconnectParticipant', 'DisconnectParticipant', { ConnectionToken: 'c' }, 'POST', '/participant/disconnect'],
    ['startAttachmentUpload', 'StartAttachmentUpload', { ConnectionToken: 'c', ContentType: 'image/png', AttachmentSizeInBytes: 1, AttachmentName: 'a.png' }, 'POST', '/participant/start-attachment-upload'],
    ['completeAttachmentUpload', 'CompleteAttachmentUpload', { ConnectionToken: 'c', AttachmentIds: ['a'] }, 'POST', '/participant/complete-attachment-upload'],
    ['getAttachment', 'GetAttachment', { ConnectionToken: 'c', AttachmentId: 'a' }, 'POST', '/participant/attachment'],
    ['describeView', 'DescribeView', { ConnectionToken: 'c', ViewToken: 'v' }, 'GET', '/participant/views/v'],
    ['getAuthenticationUrl', 'GetAuthenticationUrl', { ConnectionToken: 'c', SessionId: SESSION_ID, RedirectUri: 'r' }, 'POST', '/participant/authentication-url'],
    ['cancelParticipantAuthentication', 'CancelParticipantAuthentication', { ConnectionToken: 'c', SessionId: SESSION_ID }, 'POST', '/participant/cancel-authentication'],
  ];

  it.each(cases)('%s sends %s', async (method, _operation, input, httpMethod, path) => {
    const { client, scheduler, sent } = virtualClient([{ status: 200, body: '{"Id":"i"}' }]);
    const call = (client[method] as (input: unknown) => Promise<unknown>).call(client, input);
    const { value } = await settle(scheduler, call);
    expect(sent.map((r) => [r.call.method, r.call.url])).toEqual([[httpMethod, `https://fake.invalid${path}`]]);
    // Every success bears its response's metadata, as the AWS SDKs' outputs do.
    const $metadata = { httpStatusCode: 200, requestId: 'req-1', attempts: 1, totalRetryDelay: 0 };
    expect(value).toEqual(_operation === 'SendMessage' || _operation === 'SendEvent' ? { Id: 'i', $metadata } : expect.objectContaining({ $metadata }));
  });

  it('covers all eleven', () => {
    expect(new Set(cases.map(([, op]) => op)).size).toBe(11);
  });

  it('generates one ClientToken per call, kept across its retries, and keeps one given', async () => {
    const { client, scheduler, sent } = virtualClient([503, 200, 200]);
    await settle(scheduler, client.sendMessage({ ConnectionToken: 'c', ContentType: 'text/plain', Content: 'x' }));
    await settle(scheduler, client.sendMessage({ ConnectionToken: 'c', ContentType: 'text/plain', Content: 'x', ClientToken: 'mine' }));
    expect(sent.map((r) => (JSON.parse(r.call.body as string) as { ClientToken?: string }).ClientToken)).toEqual([
      'client-token-1',
      'client-token-1',
      'mine',
    ]);
  });

  it('call$ emits the output once and completes, or errors with the typed exception', async () => {
    const { client, scheduler } = virtualClient([{ status: 200, body: '{"Id":"i"}' }, 403]);
    const emitted: unknown[] = [];
    let completed = false;
    client.call$('SendMessage', { ConnectionToken: 'c', ContentType: 'text/plain', Content: 'x' }).subscribe({
      next: (v) => emitted.push(v),
      complete: () => (completed = true),
    });
    scheduler.flush();
    expect(emitted).toEqual([{ Id: 'i', $metadata: expect.objectContaining({ attempts: 1 }) }]);
    expect(completed).toBe(true);
    const denied = lastValueFrom(client.call$('GetTranscript', TRANSCRIPT));
    scheduler.flush();
    await expect(denied).rejects.toBeInstanceOf(AccessDeniedException);
  });

  it('call$ refused before any I/O errors at once, and unsubscribing it afterwards is harmless', () => {
    const { client } = virtualClient([]);
    const errors: unknown[] = [];
    const subscribe = () => client.call$('SendMessage', { ConnectionToken: 'c', ContentType: 'text/plain', Content: '' }).subscribe({ error: (e) => errors.push(e) });
    expect(() => subscribe().unsubscribe()).not.toThrow();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(ValidationException);
  });

  it('refuses a request that is not an object with a ValidationException, before any I/O', async () => {
    const { client, scheduler, sent } = virtualClient([]);
    const { error } = await settle(scheduler, client.sendMessage(null as never));
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as ValidationException).message).toBe('SendMessageRequest: must be an object, got null');
    expect(sent).toHaveLength(0);
  });

  it('removes the token from what the service’s error echoes', async () => {
    const { client, scheduler } = virtualClient([{ status: 403, body: JSON.stringify({ message: `token ${TOKEN} expired` }) }]);
    const { error } = await settle(scheduler, client.getTranscript({ ConnectionToken: TOKEN }));
    expect(error).toBeInstanceOf(AccessDeniedException);
    expect((error as AccessDeniedException).message).toBe('token [REDACTED] expired');
    const grant = virtualClient([{ status: 403, body: JSON.stringify({ message: `participant token ${TOKEN}` }) }]);
    const refused = await settle(grant.scheduler, grant.client.createParticipantConnection({ ParticipantToken: TOKEN }));
    expect((refused.error as AccessDeniedException).message).toBe('participant token [REDACTED]');
  });

  it('refuses options it cannot use', () => {
    const transport = { http: { send: () => () => undefined }, generateClientToken: () => 'x', random: () => 0.5 };
    for (const maxAttempts of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => new ParticipantClient(transport, { endpoint: 'http://x', maxAttempts })).toThrow(
        new RangeError('maxAttempts must be a whole number of at least 1'),
      );
    }
    for (const requestTimeoutMs of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => new ParticipantClient(transport, { endpoint: 'http://x', requestTimeoutMs })).toThrow(
        new RangeError('requestTimeoutMs must be a non-negative number of milliseconds'),
      );
    }
    expect(() => new ParticipantClient(transport, { region: 'nowhere' })).toThrow(ValidationException);
    expect(new ParticipantClient(transport, { region: 'us-west-2', maxAttempts: 1, requestTimeoutMs: 0 })).toBeInstanceOf(ParticipantClient);
  });

  it('waits on rxjs’s asyncScheduler when given no scheduler', async () => {
    let sends = 0;
    const http: HttpPort = {
      send(_call, callbacks) {
        sends++;
        callbacks.response(sends === 1 ? { status: 503, headers: {}, body: '' } : { status: 200, headers: {}, body: '{"Id":"i"}' });
        return () => undefined;
      },
    };
    // random() = 0: the retry waits 0 ms, on a real timer.
    const client = new ParticipantClient({ http, generateClientToken: () => 'x', random: () => 0 }, { endpoint: 'http://127.0.0.1:1' });
    await expect(client.sendMessage({ ConnectionToken: 'c', ContentType: 'text/plain', Content: 'x' })).resolves.toEqual({ Id: 'i', $metadata: expect.objectContaining({ httpStatusCode: 200 }) });
    expect(sends).toBe(2);
  });
});

describe('a failed request: NetworkError', () => {
  const failing = (cause: unknown) => {
    const scheduler = new TestScheduler(() => undefined);
    const http: HttpPort = {
      send(_call, callbacks) {
        callbacks.error(cause);
        return () => undefined;
      },
    };
    const client = new ParticipantClient({ http, generateClientToken: () => 'x', random: () => 0.5 }, { endpoint: 'http://x', maxAttempts: 1, scheduler });
    return settle(scheduler, client.getTranscript({ ConnectionToken: TOKEN })).then(({ error }) => {
      expect(error).toBeInstanceOf(NetworkError);
      return error as NetworkError;
    });
  };

  it('says what failed, from the platform’s error, a string or nothing readable', async () => {
    expect((await failing(new TypeError('fetch failed'))).message).toBe('GetTranscript failed before a response arrived (TypeError: fetch failed)');
    expect((await failing('ECONNRESET')).message).toBe('GetTranscript failed before a response arrived (ECONNRESET)');
    expect((await failing({ code: 'ECONNREFUSED' })).message).toBe('GetTranscript failed before a response arrived (unknown error)');
    expect((await failing(null)).message).toBe('GetTranscript failed before a response arrived (unknown error)');
    expect((await failing(42)).message).toBe('GetTranscript failed before a response arrived (unknown error)');
    expect((await failing(new Error('reset', { cause: null }))).cause).toBeInstanceOf(Error);
  });

  it('is retryable, not aborted, and keeps the platform’s error as its cause', async () => {
    const cause = Object.assign(new TypeError('fetch failed'), { code: 'ECONNREFUSED' });
    const e = await failing(cause);
    expect(e.aborted).toBe(false);
    expect(e.$retryable).toEqual({ throttling: false });
    expect(e.$fault).toBe('client');
    expect(e.cause).toBe(cause);
  });

  it('never shows the token, in its message or its cause', async () => {
    const e = await failing(new TypeError(`request to https://x/?token=${TOKEN} failed`, { cause: new Error(`reset by peer for ${TOKEN}`) }));
    expect(e.message).toBe('GetTranscript failed before a response arrived (TypeError: request to https://x/?token=[REDACTED] failed)');
    expect(JSON.stringify(e.cause)).not.toContain(TOKEN);
    expect(String((e.cause as { message?: string }).message)).not.toContain(TOKEN);
    const deep = await failing(new TypeError('fetch failed', { cause: new Error(`connect ECONNREFUSED ${TOKEN}`) }));
    expect(deep.message).toBe('GetTranscript failed before a response arrived (TypeError: fetch failed)');
    expect(deep.cause).not.toBeInstanceOf(Error);
    expect(JSON.stringify(deep.cause)).not.toContain(TOKEN);
  });
});

describe('the cause of a NetworkError, when the platform’s error names the token', () => {
  const failing = (cause: unknown) => {
    const scheduler = new TestScheduler(() => undefined);
    const http: HttpPort = {
      send(_call, callbacks) {
        callbacks.error(cause);
        return () => undefined;
      },
    };
    const client = new ParticipantClient({ http, generateClientToken: () => 'x', random: () => 0.5 }, { endpoint: 'http://x', maxAttempts: 1, scheduler });
    return settle(scheduler, client.getTranscript({ ConnectionToken: TOKEN })).then(({ error }) => (error as NetworkError).cause);
  };

  it('is a copy with its name, its code and a redacted message', async () => {
    const cause = Object.assign(new TypeError(`fetch ${TOKEN} failed`), { code: 'ECONNREFUSED' });
    expect(await failing(cause)).toStrictEqual({ name: 'TypeError', message: 'TypeError: fetch [REDACTED] failed', code: 'ECONNREFUSED' });
    expect(await failing(`socket ${TOKEN} reset`)).toStrictEqual({ name: 'Error', message: 'socket [REDACTED] reset' });
    expect(await failing({ name: 7, message: TOKEN })).toStrictEqual({ name: 'Error', message: 'unknown error' });
  });

  it('looks for the token in the request the platform echoes and in causes five deep', async () => {
    expect(await failing(Object.assign(new TypeError('Invalid URL'), { input: `http://x/${TOKEN}` }))).toStrictEqual({
      name: 'TypeError',
      message: 'TypeError: Invalid URL',
    });
    let deep: Error = new Error(`the token: ${TOKEN}`);
    for (let i = 0; i < 5; i++) deep = new Error(`level ${4 - i}`, { cause: deep });
    expect(await failing(deep)).toStrictEqual({ name: 'Error', message: 'Error: level 0' });
  });

  it('keeps an error without the token as it is, and stops at a cause that is its own cause', async () => {
    const cyclic = new Error('loop') as Error & { cause?: unknown };
    cyclic.cause = cyclic;
    expect(await failing(cyclic)).toBe(cyclic);
    const plain = new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:1') });
    expect(await failing(plain)).toBe(plain);
  });
});

describe('calls with an AbortSignal', () => {
  const signalOf = () => {
    const added: { listener: () => void; options: unknown }[] = [];
    const removed: (() => void)[] = [];
    const signal: AbortSignalLike & { abort(): void; aborted: boolean } = {
      aborted: false,
      addEventListener: (type, listener, options) => {
        expect(type).toBe('abort');
        added.push({ listener, options });
      },
      removeEventListener: (type, listener) => {
        expect(type).toBe('abort');
        removed.push(listener);
      },
      abort() {
        this.aborted = true;
        for (const { listener } of added) listener();
      },
    };
    return { signal, added, removed };
  };

  it('an aborted signal: rejects at once, sending nothing', async () => {
    const { client, scheduler, sent } = virtualClient([]);
    const { signal, added } = signalOf();
    signal.aborted = true;
    const { error } = await settle(scheduler, client.getTranscript(TRANSCRIPT, { signal }));
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).aborted).toBe(true);
    expect((error as NetworkError).$retryable).toBeUndefined();
    expect((error as NetworkError).message).toBe('GetTranscript was aborted');
    expect(sent).toHaveLength(0);
    expect(added).toHaveLength(0);
  });

  it('aborting cancels the request in flight', async () => {
    const { client, scheduler, sent } = virtualClient(['pending'], { requestTimeoutMs: 0 });
    const { signal, added } = signalOf();
    const call = client.getTranscript(TRANSCRIPT, { signal });
    expect(added.map((a) => a.options)).toEqual([{ once: true }]);
    signal.abort();
    const { error } = await settle(scheduler, call);
    expect((error as NetworkError).aborted).toBe(true);
    expect(sent.map((r) => r.cancelled)).toEqual([1]);
  });

  it('removes its listener once the call settles, either way', async () => {
    for (const answer of [200, 403] as const) {
      const { client, scheduler } = virtualClient([answer]);
      const { signal, added, removed } = signalOf();
      const outcome = await settle(scheduler, client.getTranscript(TRANSCRIPT, { signal }));
      if (answer === 403) expect(outcome.error).toBeInstanceOf(AccessDeniedException);
      else expect(outcome.value).toEqual({ $metadata: expect.objectContaining({ attempts: 1 }) });
      expect(removed).toHaveLength(1);
      // Answered before send returned: nothing to listen for afterwards.
      expect(added).toHaveLength(0);
    }
    const { client, scheduler } = virtualClient([503, 200]);
    const { signal, added, removed } = signalOf();
    await settle(scheduler, client.getTranscript(TRANSCRIPT, { signal }));
    expect(added).toHaveLength(1);
    expect(removed).toEqual([added[0]?.listener]);
  });
});

describe('invokeOnce: one attempt as an observable', () => {
  const port = (respond: (callbacks: HttpCallbacks) => void) => {
    let cancels = 0;
    const http: HttpPort = {
      send(_call, callbacks) {
        respond(callbacks);
        return () => cancels++;
      },
    };
    return { context: { http, endpoint: 'http://x' }, cancels: () => cancels };
  };

  it('emits the decoded response once and completes', async () => {
    const { context } = port((c) => c.response({ status: 200, headers: { date: 'Fri, 08 Nov 2019 02:41:28 GMT' }, body: '{"Id":"i"}' }));
    const emitted = await lastValueFrom(invokeOnce(context, 'SendMessage', { ConnectionToken: 'c', ContentType: 'text/plain', Content: 'x' }).pipe(toArray()));
    expect(emitted).toEqual([{ output: { Id: 'i' }, $metadata: { httpStatusCode: 200 }, serverTime: Date.UTC(2019, 10, 8, 2, 41, 28) }]);
  });

  it('errors with the typed exception, a NetworkError, or a ValidationException on subscribe', async () => {
    const denied = port((c) => c.response({ status: 403, headers: { 'x-amzn-errortype': 'AccessDeniedException' }, body: '{}' }));
    await expect(lastValueFrom(invokeOnce(denied.context, 'GetTranscript', TRANSCRIPT))).rejects.toBeInstanceOf(AccessDeniedException);
    const down = port((c) => c.error(new TypeError('fetch failed')));
    await expect(lastValueFrom(invokeOnce(down.context, 'GetTranscript', TRANSCRIPT))).rejects.toBeInstanceOf(NetworkError);
    const unused = port(() => undefined);
    await expect(lastValueFrom(invokeOnce(unused.context, 'GetTranscript', { ConnectionToken: '' }))).rejects.toBeInstanceOf(ValidationException);
  });

  it('sends its request as cancellable, with no time limit of its own', () => {
    const seen: (boolean | undefined)[] = [];
    const http: HttpPort = {
      send(call, callbacks) {
        seen.push(call.cancellable);
        callbacks.response({ status: 200, headers: {}, body: '{}' });
        return () => undefined;
      },
    };
    invokeOnce({ http, endpoint: 'http://x' }, 'GetTranscript', TRANSCRIPT).subscribe();
    expect(seen).toEqual([true]);
  });

  it('cancels the request when unsubscribed', () => {
    const pending = port(() => undefined);
    const subscription = invokeOnce(pending.context, 'GetTranscript', TRANSCRIPT).subscribe();
    expect(pending.cancels()).toBe(0);
    subscription.unsubscribe();
    expect(pending.cancels()).toBe(1);
  });
});
