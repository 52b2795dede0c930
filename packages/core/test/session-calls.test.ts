import { describe, expect, it } from 'vitest';
import {
  createParticipantSession,
  sendAttachment,
  SessionClosedError,
  type HttpCall,
  type HttpCallbacks,
  type ParticipantTransport,
} from '@connect-participant/core';
import { FakeParticipantService } from '@connect-participant/core/testing';
import { TestScheduler } from 'rxjs/testing';
import { inVirtualTime, inVirtualTimeAsync } from './session-harness.js';

const SESSION_ID = '0123456789abcdef0123456789abcdef0123';

/** A request the service extension answered: the operations the fake service leaves out, and attachment uploads. */
interface Seen {
  readonly method: string;
  readonly path: string;
  readonly token: string | undefined;
  readonly body: unknown;
}

/**
 * The fake service's transport, with the rest of the service's operations answered here (200 with `answers[path]`)
 * and attachment PUTs to `https://upload.invalid` taken: every such request recorded in `seen`.
 */
function withOtherOperations(seen: Seen[], answers: Record<string, unknown>) {
  return (transport: ParticipantTransport): ParticipantTransport => ({
    ...transport,
    http: {
      send: (call: HttpCall, callbacks: HttpCallbacks) => {
        const url = new URL(call.url);
        const path = url.pathname;
        const answer = call.method === 'PUT' ? '' : answers[path];
        if (answer === undefined) return transport.http.send(call, callbacks);
        seen.push({
          method: call.method,
          path,
          token: call.headers['x-amz-bearer'],
          body: call.method === 'PUT' ? call.body : typeof call.body === 'string' && call.body ? JSON.parse(call.body) : undefined,
        });
        callbacks.response({ status: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(answer) });
        return () => undefined;
      },
    },
  });
}

describe('the session’s calls', () => {
  it('sends each named call with the current ConnectionToken and resolves with its output', async () => {
    const seen: Seen[] = [];
    const answers = {
      '/participant/attachment': { Url: 'https://files.invalid/a', UrlExpiry: '2024-01-01T00:00:00.000Z', AttachmentSizeInBytes: 3 },
      '/participant/views/view-token': { View: { Id: 'view-1', Name: 'form' } },
      '/participant/authentication-url': { AuthenticationUrl: 'https://auth.invalid/login' },
      '/participant/cancel-authentication': {},
    };
    const outputs: Record<string, unknown> = {};
    await inVirtualTimeAsync(
      async (h) => {
        await h.run(1_000);
        expect(h.session.state.status).toBe('connected');
        const s = h.session;
        const calls = {
          sendEvent: s.sendEvent({ ContentType: 'application/vnd.amazonaws.connect.event.typing' }),
          getTranscript: s.getTranscript(),
          getAttachment: s.getAttachment({ AttachmentId: 'att-1' }),
          describeView: s.describeView({ ViewToken: 'view-token' }),
          getAuthenticationUrl: s.getAuthenticationUrl({ SessionId: SESSION_ID, RedirectUri: 'https://app.invalid/back' }),
          cancelParticipantAuthentication: s.cancelParticipantAuthentication({ SessionId: SESSION_ID }),
        };
        for (const [name, promise] of Object.entries(calls)) void promise.then((o) => (outputs[name] = o));
        await h.run(1_000);
        expect(h.service.requests.filter((r) => r.operation === 'SendEvent')).toHaveLength(1);
        expect(h.service.requests.find((r) => r.operation === 'SendEvent')?.body).toMatchObject({ ContentType: 'application/vnd.amazonaws.connect.event.typing' });
      },
      { transport: withOtherOperations(seen, answers) },
    );
    expect(seen.map((r) => [r.method, r.path, r.token])).toEqual([
      ['POST', '/participant/attachment', 'connection-token-1'],
      ['GET', '/participant/views/view-token', 'connection-token-1'],
      ['POST', '/participant/authentication-url', 'connection-token-1'],
      ['POST', '/participant/cancel-authentication', 'connection-token-1'],
    ]);
    expect(seen[0]!.body).toEqual({ AttachmentId: 'att-1' });
    expect(seen[2]!.body).toEqual({ SessionId: SESSION_ID, RedirectUri: 'https://app.invalid/back' });
    expect(outputs['getAttachment']).toMatchObject(answers['/participant/attachment']);
    expect(outputs['describeView']).toMatchObject(answers['/participant/views/view-token']);
    expect(outputs['getAuthenticationUrl']).toMatchObject(answers['/participant/authentication-url']);
    expect(outputs['cancelParticipantAuthentication']).toBeDefined();
    expect(outputs['sendEvent']).toMatchObject({ Id: expect.any(String) });
    expect(outputs['getTranscript']).toMatchObject({ Transcript: expect.any(Array) });
  });

  it('sends an attachment through the session: the upload goes over the session’s own transport', async () => {
    const seen: Seen[] = [];
    const answers = {
      '/participant/start-attachment-upload': {
        AttachmentId: 'att-9',
        UploadMetadata: { Url: 'https://upload.invalid/att-9', UrlExpiry: '2024-01-01T00:00:00.000Z', HeadersToInclude: { 'x-amz-meta-a': '1' } },
      },
      '/participant/complete-attachment-upload': {},
    };
    let result: unknown;
    const bytes = new Uint8Array([1, 2, 3]);
    await inVirtualTimeAsync(
      async (h) => {
        await h.run(1_000);
        void sendAttachment(h.session, bytes, { name: 'notes.txt', contentType: 'text/plain' }).then((r) => (result = r));
        await h.run(1_000);
      },
      { transport: withOtherOperations(seen, answers) },
    );
    expect(seen.map((r) => [r.method, r.path, r.token])).toEqual([
      ['POST', '/participant/start-attachment-upload', 'connection-token-1'],
      ['PUT', '/att-9', undefined],
      ['POST', '/participant/complete-attachment-upload', 'connection-token-1'],
    ]);
    expect(seen[0]!.body).toMatchObject({ ContentType: 'text/plain', AttachmentSizeInBytes: 3, AttachmentName: 'notes.txt' });
    expect(seen[1]!.body).toBe(bytes);
    expect(seen[2]!.body).toMatchObject({ AttachmentIds: ['att-9'] });
    expect(result).toEqual({ AttachmentId: 'att-9' });
  });

  it('gives the current ConnectionToken, waiting for the first one; refuses once the session is over', async () => {
    let token: unknown;
    let refusal: unknown;
    await inVirtualTimeAsync(async (h) => {
      void h.session.connectionToken().then((t) => (token = t));
      await h.run(1_000);
      expect(token).toBe('connection-token-1');
      await h.session.close();
      await h.session.connectionToken().catch((e: unknown) => (refusal = e));
    });
    expect(refusal).toBeInstanceOf(SessionClosedError);
    expect((refusal as SessionClosedError).status).toBe('closed');
  });

  it('refuses a call once the session is over, naming its status, sending nothing', async () => {
    let refusal: unknown;
    const h = await inVirtualTimeAsync(async (h) => {
      await h.run(1_000);
      await h.session.close();
      await h.session.sendEvent({ ContentType: 'application/vnd.amazonaws.connect.event.typing' }).catch((e: unknown) => (refusal = e));
    });
    expect(refusal).toBeInstanceOf(SessionClosedError);
    expect(h.service.calls).not.toContain('SendEvent');
  });

  it('rejects a call with the platform’s error when no ClientToken can be made, sending nothing', async () => {
    const failure = new Error('crypto.randomUUID is not available');
    let rejected: unknown;
    const h = await inVirtualTimeAsync(
      async (h) => {
        await h.run(1_000);
        expect(h.session.state.status).toBe('connected');
        void h.session.sendEvent({ ContentType: 'application/vnd.amazonaws.connect.event.typing' }).catch((e: unknown) => (rejected = e));
        const errors: unknown[] = [];
        expect(() => h.session.call$('SendEvent', { ContentType: 'application/vnd.amazonaws.connect.event.typing' }).subscribe({ error: (e: unknown) => errors.push(e) })).not.toThrow();
        expect(errors).toEqual([failure]);
        await h.run(1_000);
      },
      {
        transport: (t) => ({
          ...t,
          generateClientToken: () => {
            throw failure;
          },
        }),
      },
    );
    expect(rejected).toBe(failure);
    expect(h.service.calls).not.toContain('SendEvent');
  });

  it('sends nothing for a call unsubscribed while it waited for the first ConnectionToken', () => {
    const h = inVirtualTime((h) => {
      const subscription = h.session.call$('SendEvent', { ContentType: 'application/vnd.amazonaws.connect.event.typing' }).subscribe();
      subscription.unsubscribe();
      h.advanceTo(5_000);
      expect(h.session.state.status).toBe('connected');
    });
    expect(h.service.calls).not.toContain('SendEvent');
  });

  it('retries no more a call unsubscribed between its attempts', () => {
    const h = inVirtualTime(
      (h) => {
        h.advanceTo(1_000);
        h.service.failNext('SendEvent', 1, 500);
        const subscription = h.session.call$('SendEvent', { ContentType: 'application/vnd.amazonaws.connect.event.typing' }).subscribe({ error: () => undefined });
        h.advance(100); // the fault answered (5 ms latency), the retry not yet due (a second or more)
        expect(h.service.calls.filter((c) => c === 'SendEvent')).toHaveLength(1);
        subscription.unsubscribe();
        h.advance(60_000);
      },
      { session: { retry: { baseDelayMs: 20_000, maxDelayMs: 20_000 } } },
    );
    expect(h.service.calls.filter((c) => c === 'SendEvent')).toHaveLength(1);
  });

  it('retries a call that failed with a server fault, under the same ClientToken', () => {
    const h = inVirtualTime((h) => {
      h.advanceTo(1_000);
      h.service.failNext('SendEvent', 1, 500);
      h.session.call$('SendEvent', { ContentType: 'application/vnd.amazonaws.connect.event.typing' }).subscribe();
      h.advance(30_000);
    });
    const sends = h.service.requests.filter((r) => r.operation === 'SendEvent');
    expect(sends).toHaveLength(2);
    expect(sends[0]!.body['ClientToken']).toBeDefined();
    expect(sends[1]!.body['ClientToken']).toBe(sends[0]!.body['ClientToken']);
  });
});

describe('missed items after a loss', () => {
  it('reads the transcript for them only once a socket is subscribed again', () => {
    const h = inVirtualTime(
      (h) => {
        h.advanceTo(1_000);
        const before = h.service.calls.length;
        h.service.dropSockets();
        h.service.publish('missed');
        h.advance(120_000);
        expect(h.session.state.status).toBe('connected');
        const after = h.service.calls.slice(before);
        expect(after.indexOf('CreateParticipantConnection')).toBeGreaterThanOrEqual(0);
        expect(after.indexOf('GetTranscript')).toBeGreaterThan(after.indexOf('CreateParticipantConnection'));
        expect(h.items.map((i) => i.Content)).toEqual(['missed']);
      },
      { session: { start: 'now', reconnect: { baseDelayMs: 30_000, maxDelayMs: 30_000 } } },
    );
    expect(h.statuses).toEqual(['connecting', 'connected', 'reconnecting', 'connected', 'closed']);
  });
});

describe('disconnect()', () => {
  it('closes the session and rejects with the error when DisconnectParticipant fails', async () => {
    let rejected: unknown;
    const h = await inVirtualTimeAsync(async (h) => {
      await h.run(1_000);
      h.service.failNext('DisconnectParticipant', 1, 400);
      void h.session.disconnect().catch((e: unknown) => (rejected = e));
      await h.run(1_000);
      expect(h.session.state.status).toBe('closed');
    });
    expect(rejected).toMatchObject({ name: 'ValidationException' });
    expect(h.statuses.at(-1)).toBe('closed');
  });

  it('resolves at once, sending nothing, when the session is already over', async () => {
    const h = await inVirtualTimeAsync(async (h) => {
      await h.run(1_000);
      await h.session.close();
      await h.session.disconnect();
    });
    expect(h.service.calls).not.toContain('DisconnectParticipant');
  });
});

describe('createParticipantSession: starting', () => {
  it('starts on the transport’s scheduler, after the caller’s synchronous code, when the options give none', async () => {
    const scheduler = new TestScheduler(() => undefined);
    const service = new FakeParticipantService({ scheduler });
    const session = createParticipantSession(service.transport(), { participantToken: service.participantToken, endpoint: 'https://participant.fake.invalid' });
    expect(service.calls).toEqual([]);
    await Promise.resolve();
    expect(service.calls).toEqual(['CreateParticipantConnection']);
    scheduler.maxFrames = 1_000;
    scheduler.flush();
    expect(session.state.status).toBe('connected');
    await session.close();
  });

  it('sends nothing and listens to nothing when closed before it started', async () => {
    const scheduler = new TestScheduler(() => undefined);
    const service = new FakeParticipantService({ scheduler });
    const session = createParticipantSession(service.transport(), { participantToken: service.participantToken, endpoint: 'https://participant.fake.invalid' });
    await session.close();
    await Promise.resolve();
    scheduler.maxFrames = 10_000;
    scheduler.flush();
    expect(service.calls).toEqual([]);
    expect(service.online$.observed).toBe(false);
    expect(service.visible$.observed).toBe(false);
    expect(session.state.status).toBe('closed');
  });

  it('fails at once when the platform cannot send a request, leaving no listener on its signals', () => {
    const failure = new TypeError('fetch is not a function');
    const h = inVirtualTime(
      (h) => {
        h.advanceTo(1);
        expect(h.session.state).toMatchObject({ status: 'failed' });
        expect(h.service.online$.observed).toBe(false);
        expect(h.service.visible$.observed).toBe(false);
      },
      {
        transport: (t) => ({
          ...t,
          http: {
            send: () => {
              throw failure;
            },
          },
        }),
      },
    );
    expect(h.statuses).toEqual(['connecting', 'failed']);
  });

  it('stops listening to the network and visibility signals when it ends', () => {
    const h = inVirtualTime((h) => {
      h.advanceTo(1_000);
      expect(h.service.online$.observed).toBe(true);
      expect(h.service.visible$.observed).toBe(true);
    });
    expect(h.service.online$.observed).toBe(false);
    expect(h.service.visible$.observed).toBe(false);
  });

  it('connects on a platform that signals neither the network nor visibility', () => {
    const h = inVirtualTime(
      (h) => {
        h.advanceTo(1_000);
      },
      { transport: ({ online$: _o, visible$: _v, ...rest }) => rest },
    );
    expect(h.statuses).toEqual(['connecting', 'connected', 'closed']);
  });

  it('does not retry at once when the app becomes hidden, only when it becomes visible', () => {
    const h = inVirtualTime(
      (h) => {
        h.advanceTo(1_000);
        h.service.failNext('CreateParticipantConnection', 10, 500);
        h.service.dropSockets();
        h.advance(100);
        const before = h.service.calls.filter((c) => c === 'CreateParticipantConnection').length;
        h.service.visible$.next(false);
        h.advance(1);
        expect(h.service.calls.filter((c) => c === 'CreateParticipantConnection')).toHaveLength(before);
        h.service.visible$.next(true);
        h.advance(1);
        expect(h.service.calls.filter((c) => c === 'CreateParticipantConnection')).toHaveLength(before + 1);
      },
      { session: { reconnect: { baseDelayMs: 60_000, maxDelayMs: 60_000 } } },
    );
    expect(h.statuses).toContain('reconnecting');
  });
});
