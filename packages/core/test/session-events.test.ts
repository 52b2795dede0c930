import type { Observable } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { AccessDeniedException, InternalServerException, ValidationException } from '../src/model/errors.js';
import type { Item } from '../src/model/shapes.js';
import type { Delivery } from '../src/session/delivery.js';
import type { Grant } from '../src/session/grant-source.js';
import type { Grants } from '../src/session/grants.js';
import type { Reconnect } from '../src/session/reconnect.js';
import { RetryLimitReachedError } from '../src/session/session-errors.js';
import { SessionEvents } from '../src/session/session-events.js';
import type { ConnectionEvent, SessionState } from '../src/session/session-state.js';
import { SocketLostError } from '../src/session/socket-lost-error.js';
import { grantOf } from './part-harness.js';

/**
 * The session's events alone: the parts it reports to are stubs that record what they are told, and the test
 * reports as the parts would.
 */
class Events extends SessionEvents {
  readonly told: string[] = [];
  connects = 0;
  /** The grants part as the events read it: only its latest grant. */
  readonly #grants: { latest: Grant | undefined } = { latest: undefined };
  readonly grants = this.#grants as unknown as Grants;
  readonly reconnect = { lost: (e: Error) => this.told.push(`reconnect.lost ${e.message}`) } as unknown as Reconnect;
  readonly delivery = {
    item: (i: Item) => this.told.push(`delivery.item ${i.Id}`),
    lost: () => this.told.push('delivery.lost'),
    handoverLost: () => this.told.push('delivery.handoverLost'),
  } as unknown as Delivery;

  set latest(grant: Grant) {
    this.#grants.latest = grant;
  }

  protected connected(): void {
    this.connects++;
  }

  item(item: Item): void {
    this.emitItem(item);
  }

  end(): void {
    this.finish({ status: 'closed' });
  }
}

const states = (events: Events) => {
  const seen: SessionState[] = [];
  events.state$.subscribe((s) => seen.push(s));
  return seen;
};
const connectionEvents = (events: Events) => {
  const seen: ConnectionEvent[] = [];
  events.connection$.subscribe((e) => seen.push(e));
  return seen;
};
const item = (id: string): Item => ({ Id: id, Type: 'MESSAGE', Content: id, AbsoluteTime: '2024-01-01T00:00:00.000Z' });
const denied = () => new AccessDeniedException({ message: 'denied', $metadata: { httpStatusCode: 403 } });
const serverFault = () => new InternalServerException({ message: 'boom', $metadata: { httpStatusCode: 500 } });

/** Connects `events` as the primary socket does: opened, then subscribed. */
const connect = (events: Events) => {
  events.socketEvent({ type: 'opened' }, false);
  events.socketEvent({ type: 'subscribed' }, false);
};

describe('SessionEvents: streams', () => {
  it('gives items and connection events only to those listening when they happen (no replay)', () => {
    const events = new Events();
    const early: string[] = [];
    events.messages$.subscribe((i) => early.push(i.Id!));
    const earlyEvents = connectionEvents(events);
    events.item(item('m1'));
    events.socketEvent({ type: 'heartbeat-missed' }, false);
    const late: string[] = [];
    events.messages$.subscribe((i) => late.push(i.Id!));
    const lateEvents = connectionEvents(events);
    expect(early).toEqual(['m1']);
    expect(earlyEvents).toEqual([{ type: 'heartbeat-missed' }]);
    expect(late).toEqual([]);
    expect(lateEvents).toEqual([]);
  });

  it('costs nothing and breaks nothing when nobody ever asked for items or events', () => {
    const events = new Events();
    expect(() => {
      events.item(item('m1'));
      connect(events);
      events.handoverLost(new SocketLostError('heartbeat-timeout'));
    }).not.toThrow();
    expect(events.state).toEqual({ status: 'connected' });
  });

  it('gives the latest credentials and socket URL to a late subscriber, whether asked for before or after the first grant', () => {
    const before = new Events();
    const credentials$ = before.credentials$;
    const websocket$ = before.websocket$;
    before.granted(grantOf());
    const credentials: unknown[] = [];
    const sockets: unknown[] = [];
    credentials$.subscribe((c) => credentials.push(c));
    websocket$.subscribe((w) => sockets.push(w));
    expect(credentials).toEqual([{ ConnectionToken: 'connection-token-1', Expiry: '1970-01-01T01:00:00.000Z' }]);
    expect(sockets).toEqual([{ Url: grantOf().url, ConnectionExpiry: '1970-01-01T00:01:40.000Z' }]);

    const after = new Events();
    after.latest = grantOf();
    after.granted(grantOf());
    const c$ = after.credentials$;
    const w$ = after.websocket$;
    const second = grantOf({ connectionToken: 'connection-token-2', url: 'wss://gateway.invalid/2' });
    after.latest = second;
    after.granted(second);
    const lateCredentials: unknown[] = [];
    const lateSockets: unknown[] = [];
    c$.subscribe((c) => lateCredentials.push(c));
    w$.subscribe((w) => lateSockets.push(w));
    expect(lateCredentials).toEqual([{ ConnectionToken: 'connection-token-2', Expiry: '1970-01-01T01:00:00.000Z' }]);
    expect(lateSockets).toEqual([{ Url: 'wss://gateway.invalid/2', ConnectionExpiry: '1970-01-01T00:01:40.000Z' }]);
  });

  it('completes every stream at the end, and a stream first asked for after it at once (with its latest value)', () => {
    const events = new Events();
    let messagesDone = false;
    events.messages$.subscribe({ complete: () => (messagesDone = true) });
    events.latest = grantOf();
    events.end();
    expect(messagesDone).toBe(true);
    const streams: Observable<unknown>[] = [events.connection$, events.messages$, events.credentials$, events.websocket$];
    for (const stream of streams) {
      let done = false;
      stream.subscribe({ complete: () => (done = true) });
      expect(done).toBe(true);
    }
    const credentials: unknown[] = [];
    events.credentials$.subscribe((c) => credentials.push(c));
    expect(credentials).toEqual([{ ConnectionToken: 'connection-token-1', Expiry: '1970-01-01T01:00:00.000Z' }]);
  });
});

describe('SessionEvents: socket events and state', () => {
  it('reports the socket opened and subscribed with whether it was a rotation, other socket events as they came', () => {
    const events = new Events();
    const seen = connectionEvents(events);
    connect(events);
    events.socketEvent({ type: 'opened' }, true);
    events.socketEvent({ type: 'subscribed' }, true);
    events.socketEvent({ type: 'gateway-error', message: 'Internal server error' }, true);
    expect(seen).toEqual([
      { type: 'opened', rotation: false },
      { type: 'subscribed', rotation: false },
      { type: 'opened', rotation: true },
      { type: 'subscribed', rotation: true },
      { type: 'gateway-error', message: 'Internal server error' },
    ]);
  });

  it('is connected when the primary socket is subscribed, not when it opened nor when a rotation’s socket is', () => {
    const events = new Events();
    const seen = states(events);
    events.socketEvent({ type: 'opened' }, false);
    expect(events.connects).toBe(0);
    expect(events.status()).toBe('connecting');
    events.socketEvent({ type: 'subscribed' }, true);
    expect(events.connects).toBe(0);
    expect(events.status()).toBe('connecting');
    events.socketEvent({ type: 'subscribed' }, false);
    expect(events.connects).toBe(1);
    expect(events.status()).toBe('connected');
    events.socketEvent({ type: 'subscribed' }, false);
    expect(seen).toEqual([{ status: 'connecting', attempt: 0 }, { status: 'connected' }]);
  });

  it('passes a lost connection to delivery and reconnecting, and a lost handover to delivery with a report', () => {
    const events = new Events();
    const seen = connectionEvents(events);
    const lost = new SocketLostError('heartbeat-timeout');
    events.disconnected(lost);
    expect(events.told).toEqual(['delivery.lost', `reconnect.lost ${lost.message}`]);
    events.told.length = 0;
    events.handoverLost(lost);
    expect(events.told).toEqual(['delivery.handoverLost']);
    expect(seen).toEqual([{ type: 'lost', error: lost }]);
  });

  it('passes socket items to delivery', () => {
    const events = new Events();
    events.socketItem(item('m7'));
    expect(events.told).toEqual(['delivery.item m7']);
  });
});

describe('SessionEvents: (re)connecting progress', () => {
  it('shows a scheduled attempt with its time and last error, then the attempt under way without the time', () => {
    const events = new Events();
    const seen = states(events);
    const events$ = connectionEvents(events);
    const error = new SocketLostError('open-failed', undefined, 'ECONNREFUSED');
    events.attemptStarted(0);
    expect(seen).toHaveLength(1);
    events.retryScheduled(1, 1_000, 5_000, error);
    events.attemptStarted(1);
    events.attemptStarted(1);
    expect(seen).toEqual([
      { status: 'connecting', attempt: 0 },
      { status: 'connecting', attempt: 1, lastError: error, nextAttemptAt: 5_000 },
      { status: 'connecting', attempt: 1, lastError: error },
    ]);
    expect(events$).toEqual([{ type: 'reconnect-scheduled', attempt: 1, delayMs: 1_000 }]);
  });

  it('reconnects (not connects) once it has been connected, waiting for the network with or without a last error', () => {
    const events = new Events();
    connect(events);
    const seen = states(events);
    const error = new SocketLostError('heartbeat-timeout');
    events.waitingForNetwork(1, error);
    events.attemptStarted(1);
    events.waitingForNetwork(2, undefined);
    events.attemptStarted(2);
    expect(seen).toEqual([
      { status: 'connected' },
      { status: 'reconnecting', attempt: 1, lastError: error, waitingForNetwork: true },
      { status: 'reconnecting', attempt: 1, lastError: error },
      { status: 'reconnecting', attempt: 2, waitingForNetwork: true },
      { status: 'reconnecting', attempt: 2 },
    ]);
  });

  it('does not report an attempt as starting while connected', () => {
    const events = new Events();
    connect(events);
    const seen = states(events);
    events.attemptStarted(3);
    expect(seen).toEqual([{ status: 'connected' }]);
  });

  it('counts a lost socket as a retryable attempt failure, reported as lost', () => {
    const events = new Events();
    const seen = connectionEvents(events);
    const lost = new SocketLostError('closed', 1006);
    expect(events.attemptFailed(lost)).toBe(true);
    expect(seen).toEqual([{ type: 'lost', error: lost }]);
    expect(events.status()).toBe('connecting');
  });

  it('retries a grant that failed with a server fault, and fails on a refusal, reporting both', () => {
    const events = new Events();
    const seen = connectionEvents(events);
    const fault = serverFault();
    const refusal = new ValidationException({ message: 'bad token' });
    expect(events.grantFailed(fault)).toBe(true);
    expect(events.status()).toBe('connecting');
    expect(events.attemptFailed(refusal)).toBe(false);
    expect(events.state).toEqual({ status: 'failed', error: refusal });
    expect(seen).toEqual([
      { type: 'grant-failed', error: fault },
      { type: 'grant-failed', error: refusal },
    ]);
  });

  it('fails on a 403 before it ever connected (a bad token), ends on one after (the chat ended)', () => {
    const first = new Events();
    const e = denied();
    expect(first.grantFailed(e)).toBe(false);
    expect(first.state).toEqual({ status: 'failed', error: e });

    const later = new Events();
    connect(later);
    expect(later.grantFailed(denied())).toBe(false);
    expect(later.state).toEqual({ status: 'ended', reason: 'access-denied' });
  });

  it('ends on a gap fill’s 403, and only reports a fill failure it may retry', () => {
    const events = new Events();
    connect(events);
    const seen = connectionEvents(events);
    const fault = serverFault();
    expect(events.fillFailed(fault)).toBe('retry');
    expect(events.state).toEqual({ status: 'connected' });
    expect(events.fillFailed(new ValidationException({ message: 'bad' }))).toBe('failed');
    expect(events.state).toEqual({ status: 'connected' });
    const e = denied();
    expect(events.fillFailed(e)).toBe('ended');
    expect(events.state).toEqual({ status: 'ended', reason: 'access-denied' });
    expect(seen.slice(0, 3).map((x) => x.type)).toEqual(['gap-fill-failed', 'gap-fill-failed', 'gap-fill-failed']);
  });

  it('fails with the give-up error, and changes no more after the end', () => {
    const events = new Events();
    const seen = states(events);
    const gaveUp = new RetryLimitReachedError(3, 10_000, serverFault());
    events.gaveUp(gaveUp);
    events.retryScheduled(4, 1_000, 20_000, new Error('late'));
    events.socketEvent({ type: 'subscribed' }, false);
    events.end();
    expect(seen).toEqual([{ status: 'connecting', attempt: 0 }, { status: 'failed', error: gaveUp }]);
    expect(events.status()).toBe('failed');
    expect(events.over).toBe(true);
  });
});
