import { describe, expect, it } from 'vitest';
import {
  AccessDeniedException,
  SessionClosedError,
  ValidationException,
  createParticipantSession,
  type ConnectionEvent,
} from '@connect-participant/core';
import { FakeParticipantService } from '@connect-participant/core/testing';
import { TestScheduler } from 'rxjs/testing';
import { ids, inVirtualTime } from './session-harness.js';

const MIN = 60_000;
const of = <T extends ConnectionEvent['type']>(events: ConnectionEvent[], type: T) =>
  events.filter((e): e is Extract<ConnectionEvent, { type: T }> => e.type === type);

describe('connecting', () => {
  it('gets the websocket and the ConnectionToken with one CreateParticipantConnection, then subscribes', () => {
    inVirtualTime((h) => {
      const credentials: string[] = [];
      const sockets: string[] = [];
      h.session.credentials$.subscribe((c) => credentials.push(c.ConnectionToken));
      h.session.websocket$.subscribe((w) => sockets.push(w.Url));
      h.advance(1000);
      // Then the chat's history, read once the socket is subscribed.
      expect(h.service.calls).toEqual(['CreateParticipantConnection', 'GetTranscript']);
      expect(h.statuses).toEqual(['connecting', 'connected']);
      expect(h.events.map((e) => e.type).slice(0, 5)).toEqual(['grant-requested', 'granted', 'opened', 'subscribed', 'rotation-scheduled']);
      expect(credentials).toHaveLength(1);
      expect(sockets).toHaveLength(1);
      expect(h.service.subscribedSockets).toBe(1);
    });
  });

  it('shares one call between concurrent needs for a grant (single flight)', () => {
    inVirtualTime(
      (h) => {
        h.advance(1000);
        // Token refresh and rotation fall due at the same moment: one call serves both.
        h.advanceTo(4 * MIN + 1000);
        expect(h.service.calls.filter((c) => c === 'CreateParticipantConnection')).toHaveLength(2);
        expect(of(h.events, 'grant-requested').map((e) => e.purpose)).toEqual(['connect', 'refresh-token', 'rotate']);
        expect(h.count('rotated')).toBe(1);
      },
      { service: { connectionLifetimeMs: 5 * MIN, connectionExpiry: 'socket-lifetime', tokenLifetimeMs: 5 * MIN }, session: { rotation: { minIntervalMs: MIN } } },
    );
  });

  it('uses a spare grant while it is fresh, and replaces one too old to open', () => {
    for (const [dropAfterMs, newGrants] of [
      [10_000, 0],
      [100_000, 1],
    ] as const) {
      inVirtualTime(
        (h) => {
          h.advanceTo(4 * MIN + 2_000); // the token refresh has left a spare grant
          expect(h.count('token-refreshed')).toBe(1);
          const before = of(h.events, 'grant-requested').length;
          h.advance(dropAfterMs);
          h.service.dropSockets();
          h.advance(40_000);
          expect(h.statuses.at(-1)).toBe('connected');
          expect(of(h.events, 'grant-requested').length - before).toBe(newGrants);
        },
        { service: { tokenLifetimeMs: 5 * MIN } },
      );
    }
  });

  it('abandons a socket stuck in CONNECTING after the connect timeout and tries again', () => {
    inVirtualTime((h) => {
      h.service.connectsStalled = true;
      h.advance(9_900);
      expect(h.count('lost')).toBe(0);
      h.advance(200);
      expect(of(h.events, 'lost')[0]?.error.message).toBe('socket given up: connect-timeout');
      expect(h.service.sockets.size).toBe(0);
      h.service.connectsStalled = false;
      h.advance(5_000);
      expect(h.statuses).toEqual(['connecting', 'connected']);
    });
  });

  it('sends the subscribe again when unanswered, and gives the socket up after three', () => {
    inVirtualTime((h) => {
      h.service.subscribesIgnored = true;
      h.advance(2_900);
      expect(h.count('lost')).toBe(0);
      h.advance(200);
      expect(of(h.events, 'lost')[0]?.error.message).toBe('socket given up: subscribe-timeout');
      h.service.subscribesIgnored = false;
      h.advance(5_000);
      expect(h.statuses.at(-1)).toBe('connected');
    });
  });

  it('retries a failure ack, and gives the socket up after five', () => {
    inVirtualTime((h) => {
      h.service.refuseSubscribes = true;
      h.advance(2_000);
      expect(h.count('lost')).toBe(0);
      h.advance(1_000);
      expect(of(h.events, 'lost')[0]?.error.message).toBe('socket given up: subscribe-failed');
      h.service.refuseSubscribes = false;
      h.advance(5_000);
      expect(h.statuses.at(-1)).toBe('connected');
    });
  });

  it('validates options before any I/O', () => {
    const scheduler = new TestScheduler(() => undefined);
    const service = new FakeParticipantService({ scheduler });
    expect(() => createParticipantSession(service.transport(), { participantToken: '', endpoint: 'http://x' })).toThrow(ValidationException);
    expect(() => createParticipantSession(service.transport(), { participantToken: 't' } as never)).toThrow('region or endpoint is required');
    expect(() => createParticipantSession(service.transport(), { participantToken: 't', region: 'mars' })).toThrow(ValidationException);
    expect(() => createParticipantSession(service.transport(), { participantToken: 't', endpoint: 'ftp://x' })).toThrow(ValidationException);
    expect(() =>
      createParticipantSession(service.transport(), { participantToken: 't', endpoint: 'http://x', heartbeat: { intervalMs: -1 } }),
    ).toThrow('heartbeat.intervalMs');
    expect(service.calls).toEqual([]);
  });
});

describe('heartbeat', () => {
  it('no heartbeat reply within the tolerance: the socket is terminated and the session reconnects', () => {
    inVirtualTime((h) => {
      h.advance(1000);
      h.service.heartbeatsStalled = true;
      h.advance(21_000);
      expect(h.count('heartbeat-missed')).toBe(1);
      expect(h.statuses.slice(0, 3)).toEqual(['connecting', 'connected', 'reconnecting']);
      expect(of(h.events, 'lost')[0]?.error.message).toBe('socket given up: heartbeat-timeout');
      h.service.heartbeatsStalled = false;
      h.advance(30_000);
      expect(h.statuses.at(-1)).toBe('connected');
      expect(h.service.sockets.size).toBe(1);
    });
  });

  it('ping failures surface as lifecycle events without a reconnect', () => {
    inVirtualTime((h) => {
      h.advance(1000);
      h.service.pingsFailing = true;
      h.advance(30_000);
      expect(of(h.events, 'ping-failed').length).toBeGreaterThanOrEqual(3);
      expect(of(h.events, 'ping-failed')[0]?.statusCode).toBe(500);
      expect(h.statuses).toEqual(['connecting', 'connected']);
    });
  });
});

describe('rotation before ConnectionExpiry', () => {
  it('makes before it breaks: a new socket subscribed before the old closes, no item lost or repeated', () => {
    inVirtualTime(
      (h) => {
        for (let t = 1_000; t < 40 * MIN; t += 997) h.at(t, () => h.service.publish());
        h.advanceTo(40 * MIN);
        expect(h.count('rotated')).toBe(4); // at 9, 18, 27 and 36 min
        expect(h.count('lost')).toBe(0);
        expect(h.statuses).toEqual(['connecting', 'connected']);
        const published = h.service.items.filter((i) => i.AbsoluteTime && Date.parse(i.AbsoluteTime) >= 0);
        expect(ids(h.items)).toEqual(ids(published).slice(0, h.items.length));
        expect(h.items.length).toBeGreaterThanOrEqual(published.length - 1);
        // The history read at the start, and no gap fill: nothing was missed.
        expect(h.service.calls.filter((c) => c === 'GetTranscript')).toHaveLength(1);
      },
      { service: { connectionLifetimeMs: 10 * MIN, connectionExpiry: 'socket-lifetime' } },
    );
  });

  it('delivers once what both sockets of a rotation deliver, also many items of one instant', () => {
    inVirtualTime(
      (h) => {
        let overlaps = 0;
        h.session.connection$.subscribe((e) => {
          if (e.type !== 'rotated') return;
          // The old socket is still subscribed until its last heartbeat's reply: both get these.
          expect(h.service.subscribedSockets).toBe(2);
          overlaps++;
          for (let i = 0; i < 40; i++) h.service.publish();
        });
        h.advanceTo(25 * MIN);
        expect(overlaps).toBe(2);
        expect(ids(h.items)).toEqual(ids(h.service.items));
        expect(h.items).toHaveLength(80);
      },
      { service: { connectionLifetimeMs: 10 * MIN, connectionExpiry: 'socket-lifetime' } },
    );
  });

  it('rotates after the maximum socket lifetime when the expiry is further away', () => {
    inVirtualTime(
      (h) => {
        h.advanceTo(59 * MIN + 2_000);
        expect(h.count('rotated')).toBe(1);
      },
      { service: { connectionLifetimeMs: 24 * 60 * MIN, connectionExpiry: 'socket-lifetime' } },
    );
  });
});

describe('ConnectionToken refresh', () => {
  it('refreshes before Expiry; calls made meanwhile wait for the new token', async () => {
    let sent: Promise<unknown> | undefined;
    const h = inVirtualTime(
      (h) => {
        h.advance(1000);
        // The moment the refresh is in flight, a call is made: it waits for the new token.
        h.session.connection$.subscribe((e) => {
          if (e.type === 'grant-requested' && e.purpose === 'refresh-token') {
            expect(h.count('token-refreshed')).toBe(0);
            sent = h.session.sendMessage({ ContentType: 'text/plain', Content: 'during refresh' });
          }
        });
        h.advanceTo(4 * MIN - 1000);
        expect(sent).toBeUndefined();
        h.advance(2000);
        expect(h.count('token-refreshed')).toBe(1);
        expect(h.service.calls.slice(-2)).toEqual(['CreateParticipantConnection', 'SendMessage']);
      },
      { service: { tokenLifetimeMs: 5 * MIN } },
    );
    await expect(sent).resolves.toMatchObject({ Id: expect.any(String) });
    expect(h.service.items.at(-1)?.Content).toBe('during refresh');
  });
});

describe('reconnecting', () => {
  it('backs off exponentially with full jitter up to the cap, and resets only after a stable connection', () => {
    inVirtualTime(
      (h) => {
        h.advance(1000);
        h.service.failNext('CreateParticipantConnection', 8, 503);
        h.service.dropSockets();
        h.advance(3 * MIN);
        const delays = of(h.events, 'reconnect-scheduled');
        expect(delays.map((d) => d.attempt)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
        delays.forEach((d, n) => expect(d.delayMs).toBeLessThanOrEqual(Math.min(30_000, 1000 * 2 ** n)));
        expect(h.statuses.at(-1)).toBe('connected');
        // A drop right after reconnecting (flapping) keeps counting up...
        h.service.failNext('CreateParticipantConnection', 8, 503);
        h.service.dropSockets();
        for (let i = 0; i < 600 && h.service.subscribedSockets === 0; i++) h.advance(100);
        h.service.dropSockets();
        h.advance(100);
        expect(of(h.events, 'reconnect-scheduled').at(-1)?.attempt).toBe(10);
        h.advance(40_000);
        // ...but after the minimum uptime the counter starts again.
        h.advance(10_000);
        h.service.dropSockets();
        h.advance(1_000);
        expect(of(h.events, 'reconnect-scheduled').at(-1)?.attempt).toBe(1);
      },
      { service: {} },
    );
  });

  it('fills the gap from GetTranscript, all pages, before newer live items', () => {
    inVirtualTime((h) => {
      h.advance(1000);
      h.service.publish('before');
      h.advance(1000);
      h.service.killSockets();
      h.advance(1);
      // The socket is dead but not yet known to be: 250 items go missing over two and a half pages.
      for (let i = 0; i < 250; i++) h.at(h.scheduler.now() + i * 10, () => h.service.publish());
      h.advance(30_000);
      expect(h.count('heartbeat-missed')).toBe(1);
      h.at(h.scheduler.now() + 100, () => h.service.publish('live after'));
      h.advance(60_000);
      expect(h.service.calls.filter((c) => c === 'GetTranscript').length).toBeGreaterThanOrEqual(3);
      expect(ids(h.items)).toEqual(ids(h.service.items));
      expect(new Set(ids(h.items)).size).toBe(h.items.length);
      expect(of(h.events, 'gap-filled')[0]?.count).toBeGreaterThanOrEqual(250);
    });
  });

  it('does not burn attempts while offline, and reconnects at once when back online', () => {
    inVirtualTime((h) => {
      h.advance(1000);
      h.service.online$.next(false);
      h.service.dropSockets();
      h.advance(10 * MIN);
      expect(h.service.calls.filter((c) => c === 'CreateParticipantConnection')).toHaveLength(1);
      expect(h.count('waiting-for-network')).toBe(1);
      h.service.online$.next(true);
      h.advance(100);
      expect(h.service.calls.filter((c) => c === 'CreateParticipantConnection')).toHaveLength(2);
      expect(h.statuses.at(-1)).toBe('connected');
    });
  });

  it('starting offline, asks once, then waits for the network without burning attempts', () => {
    inVirtualTime((h) => {
      // The grant is asked for before the signals are read; offline, that request fails.
      h.service.online$.next(false);
      h.service.failNext('CreateParticipantConnection', 1, 503);
      h.advance(10 * MIN);
      expect(h.count('grant-failed')).toBe(1);
      expect(h.count('waiting-for-network')).toBe(1);
      expect(h.count('reconnect-scheduled')).toBe(0);
      h.service.online$.next(true);
      h.advance(100);
      expect(h.statuses).toEqual(['connecting', 'connected']);
    });
  });

  it('retries at once when the app becomes visible again', () => {
    inVirtualTime(
      (h) => {
        h.advance(1000);
        h.service.failNext('CreateParticipantConnection', 5, 500);
        h.service.dropSockets();
        h.advance(20_000);
        const before = h.service.calls.length;
        h.service.visible$.next(false);
        h.service.visible$.next(true);
        h.advance(1);
        expect(h.service.calls.length).toBe(before + 1);
      },
      { session: { reconnect: { baseDelayMs: 60_000, maxDelayMs: 60_000 } } },
    );
  });

  it('corrects expiry times for clock skew (service clock 10 min ahead or behind)', () => {
    for (const skewMs of [10 * MIN, -10 * MIN]) {
      inVirtualTime(
        (h) => {
          for (let t = 1_000; t < 25 * MIN; t += 1_013) h.at(t, () => h.service.publish());
          h.advanceTo(25 * MIN);
          // The Date header has whole seconds: the estimate is within one second.
          expect(Math.abs((of(h.events, 'granted')[0]?.skewMs ?? 0) - skewMs)).toBeLessThan(1000);
          expect(h.count('rotated')).toBe(2);
          expect(h.count('lost')).toBe(0);
          expect(ids(h.items)).toEqual(ids(h.service.items).slice(0, h.items.length));
        },
        { service: { skewMs, connectionLifetimeMs: 10 * MIN, connectionExpiry: 'socket-lifetime' } },
      );
    }
  });
});

describe('clock skew and missed items', () => {
  // The first subscription's time bounds what a gap fill reads back to; taken on the local clock instead of the
  // service's, a service clock behind ours would make the items missed in an outage look older than it and be lost.
  it.each([-10 * MIN, 10 * MIN])('delivers the items missed while the socket was down, the service clock off by %i ms', (skewMs) => {
    inVirtualTime(
      (h) => {
        h.advanceTo(2_000);
        expect(h.session.state.status).toBe('connected');
        h.service.publish('before');
        h.advance(100);
        h.service.dropSockets();
        h.service.publish('missed 1');
        h.service.publish('missed 2');
        h.advance(60_000);
        expect(h.session.state.status).toBe('connected');
        expect(h.items.map((i) => i.Content)).toEqual(['before', 'missed 1', 'missed 2']);
      },
      { service: { skewMs }, session: { start: 'now' } },
    );
  });
});

describe('items', () => {
  it('messages$ has every item, typing included; transcript$ keeps the conversation ordered without typing', () => {
    inVirtualTime((h) => {
      const transcripts: (string | undefined)[][] = [];
      h.session.transcript$.subscribe((t) => transcripts.push(t.map((i) => i.Id)));
      h.advance(1000);
      h.service.publish('one');
      h.service.typing();
      h.service.publish('two');
      h.advance(1000);
      expect(h.items.map((i) => i.Content ?? i.ContentType)).toEqual(['one', 'application/vnd.amazonaws.connect.event.typing', 'two']);
      expect(transcripts.at(-1)).toEqual(['item-000001', 'item-000002']);
    });
  });
});

describe('how a session ends', () => {
  it('a chat-ended item ends the session and completes every observable', () => {
    const h = inVirtualTime((h) => {
      h.advance(1000);
      h.service.endChat();
      h.advance(1000);
      expect(h.statuses).toEqual(['connecting', 'connected', 'ended']);
      expect(h.session.state).toEqual({ status: 'ended', reason: 'chat-ended' });
      expect(h.completed).toEqual({ messages: true, state: true });
      expect(h.service.sockets.size).toBe(0);
    });
    expect(h.scheduler.actions.length).toBe(0);
  });

  it('403 on a new grant after a loss means the chat ended', () => {
    inVirtualTime((h) => {
      h.advance(1000);
      h.service.ended = true;
      h.service.dropSockets();
      h.advance(5_000);
      expect(h.session.state).toEqual({ status: 'ended', reason: 'access-denied' });
    });
  });

  it('403 at the first connect is failed, with the AccessDeniedException', () => {
    inVirtualTime((h) => {
      h.service.failNext('CreateParticipantConnection', 1, 403);
      h.advance(1000);
      const state = h.session.state;
      expect(state.status).toBe('failed');
      if (state.status === 'failed') expect(state.error).toBeInstanceOf(AccessDeniedException);
    });
  });

  it('400 is failed; 429 and 5xx are retried', () => {
    inVirtualTime((h) => {
      h.service.failNext('CreateParticipantConnection', 1, 429);
      h.service.failNext('CreateParticipantConnection', 1, 500);
      h.advance(10_000);
      expect(h.statuses).toEqual(['connecting', 'connected']);
    });
    inVirtualTime((h) => {
      h.service.failNext('CreateParticipantConnection', 1, 400);
      h.advance(1000);
      expect(h.statuses).toEqual(['connecting', 'failed']);
    });
  });

  it('close() is idempotent and leaves no socket, timer or subscription behind', async () => {
    let calls: Promise<unknown>[] = [];
    const h = inVirtualTime((h) => {
      h.advance(1000);
      const first = h.session.close();
      const second = h.session.close();
      calls = [first, second, h.session.sendMessage({ ContentType: 'text/plain', Content: 'x' })];
      expect(h.statuses).toEqual(['connecting', 'connected', 'closed']);
      expect(h.completed).toEqual({ messages: true, state: true });
      expect(h.service.sockets.size).toBe(0);
    });
    expect(h.scheduler.actions.length).toBe(0);
    await expect(calls[0]).resolves.toBeUndefined();
    await expect(calls[1]).resolves.toBeUndefined();
    await expect(calls[2]).rejects.toBeInstanceOf(SessionClosedError);
    let late: string | undefined;
    h.session.state$.subscribe((s) => (late = s.status));
    expect(late).toBe('closed');
  });

  it('state$ replays the current state, never repeats a state, and never says connected twice in a row', () => {
    inVirtualTime((h) => {
      h.advance(1000);
      for (let i = 0; i < 5; i++) {
        h.service.failNext('CreateParticipantConnection', 2, 503);
        h.service.dropSockets();
        h.advance(40_000);
      }
      expect(h.states.length).toBeGreaterThan(h.statuses.length);
      for (let i = 1; i < h.states.length; i++) {
        expect(h.states[i]).not.toEqual(h.states[i - 1]);
        if (h.states[i]?.status === 'connected') expect(h.states[i - 1]?.status).not.toBe('connected');
      }
      const replayed: string[] = [];
      h.session.state$.subscribe((s) => replayed.push(s.status)).unsubscribe();
      expect(replayed).toEqual(['connected']);
    });
  });
});
