import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import {
  AccessDeniedException,
  InternalServerException,
  NetworkError,
  ParticipantClient,
  ThrottlingException,
  ValidationException,
  type AbortSignalLike,
  type HttpCall,
  type HttpPort,
} from '@connect-participant/core';
import { lastValueFrom } from 'rxjs';
import { FakeParticipantService } from '@connect-participant/core/testing';

/** Runs `body` in virtual time; promises settle after the scheduler has run. */
async function virtual<T>(body: (ctx: { service: FakeParticipantService; client: (maxAttempts?: number) => ParticipantClient; scheduler: TestScheduler }) => T): Promise<Awaited<T>> {
  const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
  let out: T | undefined;
  scheduler.run(() => {
    const service = new FakeParticipantService({ scheduler });
    const client = (maxAttempts?: number) =>
      new ParticipantClient(service.transport(), { endpoint: 'https://fake.invalid', scheduler, ...(maxAttempts ? { maxAttempts } : {}) });
    out = body({ service, client, scheduler });
  });
  return await (out as T);
}

const token = async (service: FakeParticipantService, client: ParticipantClient, scheduler: TestScheduler) => {
  const p = client.createParticipantConnection({ ParticipantToken: service.participantToken, Type: ['CONNECTION_CREDENTIALS'] });
  scheduler.flush();
  return (await p).ConnectionCredentials?.ConnectionToken as string;
};

describe('ParticipantClient', () => {
  it('retries throttling and server faults with one ClientToken across attempts', async () => {
    const { sent, requests } = await virtual(({ service, client, scheduler }) => {
      service.failNext('SendMessage', 1, 429);
      service.failNext('SendMessage', 1, 500);
      const c = client();
      const p = token(service, c, scheduler).then((ConnectionToken) => {
        const sent = c.sendMessage({ ConnectionToken, ContentType: 'text/plain', Content: 'hi' });
        scheduler.flush();
        return sent;
      });
      return p.then((sent) => ({ sent, requests: service.requests.filter((r) => r.operation === 'SendMessage') }));
    });
    expect(sent.Id).toMatch(/^item-/);
    expect(requests).toHaveLength(3);
    const tokens = new Set(requests.map((r) => r.body['ClientToken']));
    expect(tokens.size).toBe(1);
    expect([...tokens][0]).toMatch(/^client-token-/);
  });

  it('gives up after maxAttempts with the last error, its attempts in $metadata', async () => {
    const error = await virtual(async ({ service, client, scheduler }) => {
      service.failNext('CreateParticipantConnection', 5, 503);
      const p = client(2).createParticipantConnection({ ParticipantToken: service.participantToken, Type: ['WEBSOCKET'] }).catch((e: unknown) => e);
      scheduler.flush();
      return p;
    });
    expect(error).toBeInstanceOf(InternalServerException);
    expect((error as InternalServerException).$metadata).toMatchObject({ httpStatusCode: 503, attempts: 2 });
  });

  it('does not retry what retrying cannot fix', async () => {
    const { error, calls } = await virtual(async ({ service, client, scheduler }) => {
      const p = client().createParticipantConnection({ ParticipantToken: 'not-the-token' }).catch((e: unknown) => e);
      scheduler.flush();
      return { error: await p, calls: service.calls.length };
    });
    expect(error).toBeInstanceOf(AccessDeniedException);
    expect(calls).toBe(1);
  });

  it('maxAttempts 1 turns retries off', async () => {
    const error = await virtual(async ({ service, client, scheduler }) => {
      service.failNext('*', 1, 429);
      const p = client(1).createParticipantConnection({ ParticipantToken: service.participantToken }).catch((e: unknown) => e);
      scheduler.flush();
      return p;
    });
    expect(error).toBeInstanceOf(ThrottlingException);
  });

  it('rejects bad input with a ValidationException before any I/O', async () => {
    const { error, calls } = await virtual(async ({ service, client }) => {
      const error = await client().sendMessage({ ConnectionToken: 't', ContentType: 'text/plain', Content: '' }).catch((e: unknown) => e);
      return { error, calls: service.calls.length };
    });
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as ValidationException).field).toBe('Content');
    expect(calls).toBe(0);
  });

  it('aborts through an AbortSignal', async () => {
    const error = await virtual(async ({ service, client }) => {
      const listeners: (() => void)[] = [];
      const signal: AbortSignalLike & { fire(): void } = {
        aborted: false,
        addEventListener: (_t, l) => listeners.push(l),
        removeEventListener: () => undefined,
        fire() {
          (this as { aborted: boolean }).aborted = true;
          for (const l of listeners) l();
        },
      };
      const p = client().createParticipantConnection({ ParticipantToken: service.participantToken }, { signal }).catch((e: unknown) => e);
      signal.fire();
      return p;
    });
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).aborted).toBe(true);
  });

  it('retries an attempt that failed before its send returned, and cancels nothing twice', async () => {
    const scheduler = new TestScheduler(() => undefined);
    const seen: HttpCall[] = [];
    let cancels = 0;
    const statuses = [503, 200];
    const http: HttpPort = {
      send(call, callbacks) {
        seen.push(call);
        const status = statuses.shift() ?? 200;
        callbacks.response({ status, headers: {}, body: status === 200 ? '{"ConnectionCredentials":{"ConnectionToken":"c","Expiry":"2019-11-08T02:41:28.172Z"}}' : '{}' });
        return () => cancels++;
      },
    };
    const client = new ParticipantClient({ http, generateClientToken: () => 'x', random: () => 0.5 }, { endpoint: 'https://fake.invalid', scheduler });
    const p = client.createParticipantConnection({ ParticipantToken: 'p', Type: ['CONNECTION_CREDENTIALS'] });
    scheduler.flush();
    expect((await p).ConnectionCredentials?.ConnectionToken).toBe('c');
    expect(seen).toHaveLength(2);
    expect(seen.map((c) => c.url)).toEqual(['https://fake.invalid/participant/connection', 'https://fake.invalid/participant/connection']);
    expect(cancels).toBe(0);
  });

  it('sends a promise call without a signal or time limit as not cancellable, any other as cancellable', async () => {
    const seen: (boolean | undefined)[] = [];
    const http: HttpPort = {
      send(call, callbacks) {
        seen.push(call.cancellable);
        callbacks.response({ status: 200, headers: {}, body: '{}' });
        return () => undefined;
      },
    };
    const transport = { http, generateClientToken: () => 'x', random: () => 0.5 };
    const client = new ParticipantClient(transport, { endpoint: 'https://fake.invalid', requestTimeoutMs: 0 });
    const signal: AbortSignalLike = { aborted: false, addEventListener: () => undefined, removeEventListener: () => undefined };
    await client.getAuthenticationUrl({ ConnectionToken: 'c', SessionId: '0'.repeat(36), RedirectUri: 'https://x.invalid/' });
    await client.getAuthenticationUrl({ ConnectionToken: 'c', SessionId: '0'.repeat(36), RedirectUri: 'https://x.invalid/' }, { signal });
    await lastValueFrom(client.call$('GetAuthenticationUrl', { ConnectionToken: 'c', SessionId: '0'.repeat(36), RedirectUri: 'https://x.invalid/' }));
    // With a time limit (the default), the request must be abortable when it runs out.
    await new ParticipantClient(transport, { endpoint: 'https://fake.invalid' }).getAuthenticationUrl({ ConnectionToken: 'c', SessionId: '0'.repeat(36), RedirectUri: 'https://x.invalid/' });
    expect(seen).toEqual([false, true, true, true]);
  });

  it('leaves no abort listener behind on a call refused before any I/O', async () => {
    const added: unknown[] = [];
    const signal: AbortSignalLike = { aborted: false, addEventListener: (_t, l) => added.push(l), removeEventListener: () => undefined };
    const scheduler = new TestScheduler(() => undefined);
    const service = new FakeParticipantService({ scheduler });
    const error = await new ParticipantClient(service.transport(), { endpoint: 'https://fake.invalid', scheduler })
      .sendMessage({ ConnectionToken: 't', ContentType: 'text/plain', Content: '' }, { signal })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationException);
    expect(added).toEqual([]);
  });

  it('refuses a nonsense maxAttempts and a missing endpoint', () => {
    const scheduler = new TestScheduler(() => undefined);
    const service = new FakeParticipantService({ scheduler });
    expect(() => new ParticipantClient(service.transport(), { endpoint: 'http://x', maxAttempts: 0 })).toThrow(RangeError);
    expect(() => new ParticipantClient(service.transport(), {})).toThrow(ValidationException);
  });
});
