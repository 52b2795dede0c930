import { describe, expect, it } from 'vitest';
import {
  ConnectionTokenTimeoutError,
  InternalServerException,
  MalformedResponseError,
  NetworkError,
  RetryLimitReachedError,
  TimeoutError,
  formatTimestamp,
  type ConnectionEvent,
  type SocketLostError,
} from '@connect-participant/core';
import { ids, inVirtualTime, inVirtualTimeAsync, type Harness } from './session-harness.js';

/**
 * The ten behaviours of issue 14, each against a service that behaves the way a real one can. Every test here
 * failed on the session as it was before it was rebuilt from parts.
 */
const MIN = 60_000;
const grants = (h: Harness) => h.service.calls.filter((c) => c === 'CreateParticipantConnection').length;
const of = <T extends ConnectionEvent['type']>(events: ConnectionEvent[], type: T) =>
  events.filter((e): e is Extract<ConnectionEvent, { type: T }> => e.type === type);

/** Everything the session said (events, states, errors with their causes), as text. */
const everythingSaid = (h: Harness): string => {
  const seen = new WeakSet<object>();
  const text = (value: unknown): string => {
    if (typeof value !== 'object' || value === null) return String(value);
    if (seen.has(value)) return '';
    seen.add(value);
    const own = Object.getOwnPropertyNames(value).map((k) => `${k}=${text((value as Record<string, unknown>)[k])}`);
    return `{${own.join(',')}}`;
  };
  return [...h.events, ...h.states].map(text).join('\n');
};

describe('1. no grant storms: grants are paced by the lifetime actually granted', () => {
  it('a URL expiring 2.5 s and a ConnectionToken 4 s after each grant: a few grants per lifetime', () => {
    for (const connectionExpiry of ['connect-deadline', 'socket-lifetime'] as const) {
      inVirtualTime(
        (h) => {
          h.advanceTo(16_000);
          // 16 s is four token lifetimes: at most three grants each (the old client made about 5,000).
          expect(grants(h)).toBeLessThanOrEqual(12);
          expect(grants(h)).toBeGreaterThanOrEqual(4); // the token is kept fresh all the same
        },
        { service: { connectWindowMs: 2_500, connectionLifetimeMs: 2_500, connectionExpiry, tokenLifetimeMs: 4_000 } },
      );
    }
  });

  it('ConnectionExpiry and Expiry already past when they arrive: still a handful of grants', () => {
    const h = inVirtualTime(
      (h) => {
        h.advanceTo(16_000);
        expect(grants(h)).toBeLessThanOrEqual(6);
        expect(h.statuses).toEqual(['connecting', 'connected']);
      },
      {
        before: (service) =>
          (service.respondWith = (operation, body) => {
            if (operation !== 'CreateParticipantConnection') return body;
            const past = formatTimestamp(service.now() - MIN);
            return { ...body, Websocket: { ...(body['Websocket'] as object), ConnectionExpiry: past }, ConnectionCredentials: { ...(body['ConnectionCredentials'] as object), Expiry: past } };
          }),
      },
    );
    // A token granted already expired is still used: the service is the judge of it.
    expect(h.service.calls).toContain('GetTranscript');
  });
});

describe('2. every HTTP call has a time limit', () => {
  it('a CreateParticipantConnection that never answers is aborted after requestTimeoutMs and tried again', () => {
    inVirtualTime((h) => {
      h.service.hangNext('CreateParticipantConnection', 1);
      h.advanceTo(9_900);
      expect(h.session.state.status).toBe('connecting');
      h.advanceTo(13_000);
      expect(of(h.events, 'grant-failed')[0]?.error).toBeInstanceOf(TimeoutError);
      expect(h.statuses).toEqual(['connecting', 'connected']);
    });
  });

  it('a session call that hangs is aborted and retried, and resolves', async () => {
    let sent: Promise<unknown> | undefined;
    inVirtualTime(
      (h) => {
        h.advance(1_000);
        h.service.hangNext('SendMessage', 1);
        sent = h.session.sendMessage({ ContentType: 'text/plain', Content: 'hello' });
        h.advance(12_000);
        expect(h.service.calls.filter((c) => c === 'SendMessage')).toHaveLength(2);
      },
      { session: { requestTimeoutMs: 5_000 } },
    );
    await expect(sent).resolves.toMatchObject({ Id: expect.any(String) });
  });
});

describe('3. a call never waits forever', () => {
  it('a call made while no token can be had rejects after tokenWaitMs with a retryable error', () => {
    let error: unknown;
    let settledAt: number | undefined;
    inVirtualTime((h) => {
      h.service.failNext('CreateParticipantConnection', 1000, 503);
      h.session.call$('SendMessage', { ContentType: 'text/plain', Content: 'hello' }).subscribe({
        error: (e: unknown) => ((error = e), (settledAt = h.scheduler.now())),
      });
      h.advance(60_000);
    });
    expect(error).toBeInstanceOf(ConnectionTokenTimeoutError);
    expect((error as ConnectionTokenTimeoutError).$retryable).toEqual({ throttling: false });
    expect(settledAt).toBeLessThanOrEqual(31_000);
  });

  it('an exception while preparing a call rejects that call', async () => {
    let sent: Promise<unknown> | undefined;
    inVirtualTime(
      (h) => {
        h.advance(1_000);
        sent = h.session.sendMessage({ ContentType: 'text/plain', Content: 'hello' });
        h.advance(1_000);
        expect(h.session.state.status).toBe('connected');
      },
      {
        transport: (t) => ({
          ...t,
          generateClientToken: () => {
            throw new TypeError('crypto.randomUUID is not a function');
          },
        }),
      },
    );
    await expect(sent).rejects.toThrow('crypto.randomUUID is not a function');
  });
});

describe('4. the state says what is happening', () => {
  it('connecting carries the attempt, the last error and when the next attempt is due', () => {
    inVirtualTime((h) => {
      h.service.failNext('CreateParticipantConnection', 2, 503);
      h.advance(30_000);
      const waiting = h.states.filter((s) => s.status === 'connecting' && s.nextAttemptAt !== undefined);
      expect(waiting.map((s) => s.status === 'connecting' && s.attempt)).toEqual([1, 2]);
      const first = waiting[0];
      if (first?.status !== 'connecting') throw new Error('unreachable');
      expect(first.lastError).toBeInstanceOf(InternalServerException);
      // Due when the backoff said, on the scheduler's clock: after the failure (two 5 ms hops), within the 1 s base.
      expect(first.nextAttemptAt).toBe(10 + of(h.events, 'reconnect-scheduled')[0]!.delayMs);
      expect(h.statuses).toEqual(['connecting', 'connected']);
    });
  });

  it('gives up after reconnect.maxAttempts failures, or an outage of giveUpAfterMs: failed', () => {
    for (const reconnect of [{ maxAttempts: 3 }, { giveUpAfterMs: 20_000 }]) {
      inVirtualTime(
        (h) => {
          let failedAt = 0;
          h.session.state$.subscribe((s) => s.status === 'failed' && (failedAt = h.scheduler.now()));
          h.service.failNext('CreateParticipantConnection', 1000, 503);
          h.advance(10 * MIN);
          const state = h.session.state;
          expect(state.status).toBe('failed');
          if (state.status !== 'failed') return;
          expect(state.error).toBeInstanceOf(RetryLimitReachedError);
          expect((state.error as RetryLimitReachedError).cause).toBeInstanceOf(InternalServerException);
          if (reconnect.maxAttempts) expect(grants(h)).toBe(3);
          // The outage is 20 s old at the first failure after it: with the backoff cap (30 s), within 50 s.
          else expect(failedAt).toBeGreaterThanOrEqual(20_000);
          expect(failedAt).toBeLessThan(50_000);
        },
        { session: { reconnect } },
      );
    }
  });

  it("a network failure keeps the platform's own error as its cause (ENOTFOUND)", () => {
    inVirtualTime(
      (h) => {
        h.advance(500);
        const state = h.states.find((s) => s.status === 'connecting' && s.lastError);
        const error = state?.status === 'connecting' ? state.lastError : undefined;
        expect(error).toBeInstanceOf(NetworkError);
        const cause = (error as NetworkError).cause as Error & { cause?: { code?: string } };
        expect(cause).toBeInstanceOf(TypeError);
        expect(cause.cause?.code).toBe('ENOTFOUND');
      },
      {
        transport: (t) => ({
          ...t,
          http: {
            send: (_call, callbacks) => {
              callbacks.error(Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('getaddrinfo ENOTFOUND x'), { code: 'ENOTFOUND' }) }));
              return () => undefined;
            },
          },
        }),
      },
    );
  });
});

describe('5. a WebSocket constructor that throws is a loss like any other; no credential in anything said', () => {
  it('a throwing constructor is retried, and what it threw is reported without the URL or its query', () => {
    const h = inVirtualTime(
      (h) => {
        h.advance(10_000);
        const lost = of(h.events, 'lost')[0]?.error as SocketLostError;
        expect(lost.kind).toBe('open-failed');
        expect(lost.message).toMatch(/^socket could not be opened \(SyntaxError: Invalid URL: \[REDACTED\]\)$/);
        expect(h.statuses).toEqual(['connecting', 'connected']);
      },
      {
        transport: (t) => {
          let throws = 2;
          return {
            ...t,
            sockets: {
              open: (url, handlers) => {
                if (throws-- > 0) throw new SyntaxError(`Invalid URL: ${url}`);
                return t.sockets.open(url, handlers);
              },
            },
          };
        },
      },
    );
    expect(everythingSaid(h)).not.toMatch(/fake-secret|connection-token-|fake-participant-token|wss:\/\//);
  });

  it('a Websocket.Url that is no URL is a malformed grant, retried, and never repeated in an error', () => {
    const h = inVirtualTime(
      (h) => {
        h.advance(10_000);
        const failed = of(h.events, 'grant-failed')[0]?.error;
        expect(failed).toBeInstanceOf(MalformedResponseError);
        expect(failed?.message).toBe('CreateParticipantConnection: Websocket.Url is not a ws:// or wss:// URL');
        expect(h.statuses).toEqual(['connecting', 'connected']);
      },
      {
        before: (service) => {
          let bad = 1;
          service.respondWith = (operation, body) =>
            operation === 'CreateParticipantConnection' && bad-- > 0
              ? { ...body, Websocket: { ...(body['Websocket'] as object), Url: 'not a url?X-Amz-Security-Token=fake-secret-0' } }
              : body;
        },
      },
    );
    expect(everythingSaid(h)).not.toMatch(/fake-secret|connection-token-|fake-participant-token/);
  });

  it('under every fault, no token and no websocket URL query in any event or state', () => {
    const h = inVirtualTime((h) => {
      h.advance(1_000);
      h.service.dropSockets(4000, 'bye wss://fake.invalid/connect/x?X-Amz-Security-Token=fake-secret-9');
      h.advance(5_000);
      h.service.failNext('*', 3, 403);
      h.service.dropSockets();
      h.advance(5_000);
    });
    expect(everythingSaid(h)).not.toMatch(/fake-secret|connection-token-|fake-participant-token/);
  });
});

describe('6. a gap fill cannot freeze delivery', () => {
  it('a transcript page with one item the decoder rejects: that item is reported, the rest delivered', () => {
    inVirtualTime(
      (h) => {
        h.advance(1_000);
        h.service.killSockets();
        h.advance(100);
        h.service.publish('missed');
        h.advance(30_000);
        expect(h.items.map((i) => i.Content)).toContain('missed');
        expect(of(h.events, 'item-skipped')[0]).toMatchObject({ path: 'Transcript[0]', expected: 'an object' });
      },
      {
        before: (service) =>
          (service.respondWith = (operation, body) =>
            operation === 'GetTranscript' ? { ...body, Transcript: [42, ...(body['Transcript'] as unknown[])] } : body),
      },
    );
  });

  it('a fill that keeps failing gives up after gapFill.maxAttempts, delivers what it held back and reports the gap', () => {
    inVirtualTime((h) => {
      h.advance(1_000);
      h.service.failNext('GetTranscript', 1000, 500);
      h.service.dropSockets();
      h.advance(10_000);
      for (let i = 0; i < 5; i++) h.service.publish(`live ${i}`);
      h.advance(10 * MIN);
      const abandoned = of(h.events, 'gap-abandoned');
      expect(abandoned).toHaveLength(1);
      expect(abandoned[0]?.reason).toBe('failed');
      expect(of(h.events, 'gap-fill-failed')).toHaveLength(5);
      expect(h.items.map((i) => i.Content)).toEqual(['live 0', 'live 1', 'live 2', 'live 3', 'live 4']);
    });
  });

  it('live items held back during a fill are bounded by gapFill.maxBufferedItems', () => {
    inVirtualTime(
      (h) => {
        h.advance(1_000);
        h.service.dropSockets();
        h.advance(5_000);
        h.service.hangNext('GetTranscript', 1);
        h.service.dropSockets();
        h.advance(5_000);
        for (let i = 0; i < 12; i++) h.service.publish(`live ${i}`);
        h.advance(1_000);
        expect(of(h.events, 'gap-abandoned')[0]?.reason).toBe('buffer-full');
        expect(h.items.map((i) => i.Content)).toEqual(Array.from({ length: 12 }, (_, i) => `live ${i}`));
      },
      { session: { gapFill: { maxBufferedItems: 10 } } },
    );
  });
});

describe('7. every item of the chat, from its beginning', () => {
  it('a greeting sent before the socket subscribed and the first send reach messages$, history first', () => {
    inVirtualTime(
      (h) => {
        void h.session.sendMessage({ ContentType: 'text/plain', Content: 'my first words' });
        h.advance(2_000);
        h.service.publish('live');
        h.advance(1_000);
        expect(h.items.map((i) => i.Content)).toEqual(['Welcome! An agent will be with you shortly.', 'my first words', 'live']);
        expect(ids(h.items)).toEqual(ids(h.service.items));
      },
      { before: (service) => void service.publish('Welcome! An agent will be with you shortly.', { ParticipantRole: 'SYSTEM' }) },
    );
  });

  it("start: 'now' begins at the first subscription; a cursor after the item it names", () => {
    inVirtualTime(
      (h) => {
        h.advance(2_000);
        h.service.publish('live');
        h.advance(1_000);
        expect(h.items.map((i) => i.Content)).toEqual(['live']);
      },
      { session: { start: 'now' }, before: (service) => void service.publish('old') },
    );
    inVirtualTime(
      (h) => {
        h.advance(2_000);
        expect(h.items.map((i) => i.Content)).toEqual(['three']);
      },
      {
        session: { start: { after: { Id: 'item-000002', AbsoluteTime: formatTimestamp(0) } } },
        before: (service) => ['one', 'two', 'three'].forEach((c) => service.publish(c)),
      },
    );
  });

  it('transcript$ holds an item published at the very instant of the first subscription', () => {
    inVirtualTime(
      (h) => {
        const transcripts: (string | undefined)[][] = [];
        h.session.transcript$.subscribe((t) => transcripts.push(t.map((i) => i.Content)));
        // Published once the socket is open, before the service has taken its subscription: not on the socket,
        // and (read at the first grant, as the session did before) not in the history either.
        h.session.connection$.subscribe((e) => e.type === 'opened' && h.service.publish('at the instant'));
        h.advance(3_000);
        expect(transcripts.at(-1)).toEqual(['at the instant']);
      },
      { session: { start: 'now' } },
    );
  });
});

describe('8. items and chat.ended of other contacts', () => {
  it("another contact's items are delivered and reported once; its chat.ended does not end this session", () => {
    for (const session of [{ contactId: 'this-contact' }, {}]) {
      inVirtualTime(
        (h) => {
          h.advance(2_000);
          h.service.publish('from elsewhere', { ContactId: 'other-contact', InitialContactId: 'other-contact' });
          h.service.publish(undefined, { ContactId: 'other-contact', InitialContactId: 'other-contact', Type: 'EVENT', ContentType: 'application/vnd.amazonaws.connect.event.chat.ended', Content: undefined });
          h.advance(1_000);
          expect(h.session.state.status).toBe('connected');
          expect(h.items).toHaveLength(2);
          expect(of(h.events, 'other-contact')).toEqual([{ type: 'other-contact', contactId: 'other-contact' }]);
          h.service.publish(undefined, { ContactId: 'this-contact', InitialContactId: 'fake-contact', Type: 'EVENT', ContentType: 'application/vnd.amazonaws.connect.event.chat.ended', Content: undefined });
          h.advance(1_000);
          expect(h.session.state).toEqual({ status: 'ended', reason: 'chat-ended' });
        },
        { session },
      );
    }
  });
});

describe('9. the disconnect flow', () => {
  it('disconnect() delivers what the service sends before chat.ended (a survey), then ends', async () => {
    let resolvedAt: number | undefined;
    const h = await inVirtualTimeAsync(async (h) => {
      await h.run(1_000);
      h.service.disconnectFlowMs = 60_000;
      const done = h.session.disconnect().then(() => (resolvedAt = h.scheduler.now()));
      await h.run(20_000);
      h.service.publish('How did we do? Reply 1 to 5.', { ParticipantRole: 'SYSTEM' });
      await h.run(10_000);
      expect(h.session.state.status).toBe('connected');
      await h.run(40_000);
      expect(h.session.state).toEqual({ status: 'ended', reason: 'chat-ended' });
      await done;
    });
    expect(h.items.map((i) => i.Content)).toContain('How did we do? Reply 1 to 5.');
    expect(resolvedAt).toBeGreaterThanOrEqual(61_000);
  });

  it('without chat.ended, disconnect() closes after disconnectTimeoutMs', async () => {
    await inVirtualTimeAsync(
      async (h) => {
        await h.run(1_000);
        h.service.disconnectFlowMs = 10 * MIN;
        const done = h.session.disconnect();
        await h.run(59_000);
        expect(h.session.state.status).toBe('connected');
        await h.run(2_000);
        expect(h.session.state.status).toBe('closed');
        await done;
      },
      { session: { disconnectTimeoutMs: MIN } },
    );
  });
});

describe('10. what ConnectionExpiry means (protocol.md §6.1)', () => {
  it('a ConnectionExpiry 100 s after the grant is a connect deadline: the socket is rotated on its maximum lifetime', () => {
    inVirtualTime((h) => {
      h.advanceTo(2 * 60 * MIN);
      // One grant to connect and one per 59 min rotation (the old client: one every ~40 s, about 180).
      expect(grants(h)).toBe(3);
      expect(h.count('rotated')).toBe(2);
      expect(h.count('lost')).toBe(0);
      expect(h.service.peakSockets).toBeLessThanOrEqual(2);
    });
  });

  it('a ConnectionExpiry that is a socket lifetime is rotated before it, never more than once per 5 min', () => {
    for (const [lifetime, everyMin] of [
      [5.5 * MIN, 5],
      [30 * MIN, 29],
    ] as const) {
      inVirtualTime(
        (h) => {
          const rotatedAt: number[] = [];
          h.session.connection$.subscribe((e) => e.type === 'rotated' && rotatedAt.push(h.scheduler.now()));
          h.advanceTo(60 * MIN);
          expect(rotatedAt.length).toBeGreaterThanOrEqual(2);
          for (let i = 1; i < rotatedAt.length; i++) expect(rotatedAt[i]! - rotatedAt[i - 1]!).toBeGreaterThanOrEqual(everyMin * MIN);
          expect(h.service.peakSockets).toBeLessThanOrEqual(2);
        },
        { service: { connectionExpiry: 'socket-lifetime', connectionLifetimeMs: lifetime } },
      );
    }
  });

  it('never holds more than two sockets, also when rotations and losses meet', () => {
    for (const [options, rotations] of [
      [{ service: { connectionExpiry: 'socket-lifetime', connectionLifetimeMs: 65_000 } }, 0],
      [{ service: { connectionExpiry: 'socket-lifetime', connectionLifetimeMs: 6 * MIN }, session: { rotation: { minIntervalMs: MIN } } }, 3],
    ] as const) {
      inVirtualTime((h) => {
        h.session.connection$.subscribe((e) => {
          // The moment a rotation's new socket is subscribed, the old one (draining) stops answering.
          if (e.type === 'rotated') h.service.heartbeatsStalled = true;
          if (e.type === 'lost') h.service.heartbeatsStalled = false;
        });
        h.advanceTo(30 * MIN);
        expect(h.count('rotated')).toBeGreaterThanOrEqual(rotations);
        expect(h.service.peakSockets).toBeLessThanOrEqual(2);
      }, options);
    }
  });
});
