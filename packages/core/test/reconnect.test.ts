import { describe, expect, it } from 'vitest';
import type { Outcome } from '../src/client/invoke.js';
import { InternalServerException } from '../src/model/errors.js';
import type { Grant } from '../src/session/grant-source.js';
import type { GrantPurpose, Grants } from '../src/session/grants.js';
import type { ReconnectOptions } from '../src/session/options.js';
import { Reconnect, type ReconnectOwner } from '../src/session/reconnect.js';
import { RetryLimitReachedError } from '../src/session/session-errors.js';
import { SocketLostError } from '../src/session/socket-lost-error.js';
import type { Sockets } from '../src/session/sockets.js';
import { fixedRandom, grantOf, virtualClock } from './part-harness.js';

// ---- helpers --------------------------------------------------------------------------------------------------

/** Grant requests and spares, answered by the test. */
class StubGrants {
  readonly spares: Grant[] = [];
  readonly fetches: { purpose: GrantPurpose; outcome: Outcome<Grant>; cancelled: number; settled: boolean }[] = [];
  takeSpare(): Grant | undefined {
    return this.spares.shift();
  }
  fetch(purpose: GrantPurpose, outcome: Outcome<Grant>): () => void {
    const f = {
      purpose,
      outcome: { value: (g: Grant) => ((f.settled = true), outcome.value(g)), error: (e: unknown) => ((f.settled = true), outcome.error(e)) },
      cancelled: 0,
      settled: false,
    };
    this.fetches.push(f);
    return () => void f.cancelled++;
  }
  /** The grant request waiting for an answer, if any. */
  get pending() {
    return this.fetches.find((f) => !f.settled && f.cancelled === 0);
  }
  get last() {
    return this.fetches.at(-1) as StubGrants['fetches'][number];
  }
}

/** Socket connects, answered by the test. */
class StubSockets {
  readonly connects: { grant: Grant; outcome: Outcome<void>; cancelled: number }[] = [];
  connect(grant: Grant, outcome: Outcome<void>): () => void {
    const c = { grant, outcome, cancelled: 0 };
    this.connects.push(c);
    return () => void c.cancelled++;
  }
  get last() {
    return this.connects.at(-1) as StubSockets['connects'][number];
  }
}

class StubOwner implements ReconnectOwner {
  readonly log: string[] = [];
  readonly scheduled: { attempt: number; delayMs: number; at: number; lastError: Error }[] = [];
  readonly offline: { attempt: number; lastError: Error | undefined }[] = [];
  readonly gaveUpWith: RetryLimitReachedError[] = [];
  readonly failures: unknown[] = [];
  retry = true;
  attemptStarted(failures: number): void {
    this.log.push(`attempt after ${failures}`);
  }
  attemptFailed(error: unknown): boolean {
    this.failures.push(error);
    return this.retry;
  }
  retryScheduled(attempt: number, delayMs: number, at: number, lastError: Error): void {
    this.scheduled.push({ attempt, delayMs, at, lastError });
  }
  waitingForNetwork(attempt: number, lastError: Error | undefined): void {
    this.offline.push({ attempt, lastError });
  }
  gaveUp(error: RetryLimitReachedError): void {
    this.gaveUpWith.push(error);
  }
}

const SECOND = 1_000;
const lost = () => new SocketLostError('closed', 1006, '');

function setup(overrides: Partial<ReconnectOptions> = {}) {
  const time = virtualClock();
  const grants = new StubGrants();
  const sockets = new StubSockets();
  const owner = new StubOwner();
  const options: ReconnectOptions = {
    baseDelayMs: SECOND,
    maxDelayMs: 30 * SECOND,
    minUptimeMs: 5 * SECOND,
    maxAttempts: Number.POSITIVE_INFINITY,
    giveUpAfterMs: Number.POSITIVE_INFINITY,
    ...overrides,
  };
  const reconnect = new Reconnect(grants as unknown as Grants, sockets as unknown as Sockets, time.clock, options, fixedRandom(0.5), owner);
  time.drive(reconnect);
  /** The attempt in flight gets its grant, then its socket fails with `error` (or subscribes, when undefined). */
  const settle = (error?: unknown) => {
    if (sockets.connects.length < grants.fetches.length) grants.last.outcome.value(grantOf());
    if (error === undefined) sockets.last.outcome.value();
    else sockets.last.outcome.error(error);
  };
  /** Fails every grant request as it comes, until `until` (in steps of 100 ms); returns when each was made. */
  const failEach = (until: number, error: () => unknown = lost) => {
    const at: number[] = [];
    for (let t = time.now(); t <= until; t += 100) {
      time.advanceTo(t);
      const pending = grants.pending;
      if (!pending) continue;
      at.push(t);
      pending.outcome.error(error());
    }
    return at;
  };
  return { time, grants, sockets, owner, reconnect, settle, failEach };
}

// ---- tests ----------------------------------------------------------------------------------------------------

describe('Reconnect: one attempt', () => {
  it('asks for a grant (connect), then opens the socket with it; subscribed is connected', () => {
    const { reconnect, grants, sockets, owner, time } = setup();
    reconnect.start();
    expect(owner.log).toEqual(['attempt after 0']);
    expect(grants.fetches.map((f) => f.purpose)).toEqual(['connect']);
    const grant = grantOf({ url: 'wss://gateway.invalid/x' });
    grants.last.outcome.value(grant);
    expect(sockets.connects.map((c) => c.grant)).toEqual([grant]);
    sockets.last.outcome.value();
    expect(reconnect.due).toBe(5 * SECOND); // anti-flap: stable after minUptimeMs
    expect(time.wakeups).toContain(5 * SECOND);
    expect(owner.failures).toEqual([]);
  });

  it('uses a spare grant when there is one: no grant request', () => {
    const { reconnect, grants, sockets } = setup();
    const spare = grantOf({ url: 'wss://gateway.invalid/spare' });
    grants.spares.push(spare);
    reconnect.start();
    expect(grants.fetches).toHaveLength(0);
    expect(sockets.last.grant).toBe(spare);
  });

  it('start while an attempt is in flight starts no second one', () => {
    const { reconnect, grants } = setup();
    reconnect.start();
    reconnect.start();
    expect(grants.fetches).toHaveLength(1);
  });

  it('stop cancels the attempt in flight: its grant wait, and its socket', () => {
    const waitingForGrant = setup();
    waitingForGrant.reconnect.start();
    waitingForGrant.reconnect.stop();
    expect(waitingForGrant.grants.last.cancelled).toBe(1);

    const opening = setup();
    opening.reconnect.start();
    opening.grants.last.outcome.value(grantOf());
    opening.reconnect.stop();
    expect(opening.grants.last.cancelled).toBe(1);
    expect(opening.sockets.last.cancelled).toBe(1);
  });

  it('stop cancels a scheduled attempt', () => {
    const { reconnect, grants, time } = setup();
    reconnect.start();
    grants.last.outcome.error(lost());
    reconnect.stop();
    time.advanceTo(60 * SECOND);
    expect(grants.fetches).toHaveLength(1);
    expect(reconnect.due).toBeUndefined();
  });
});

describe('Reconnect: at rest', () => {
  it('before start: nothing due, no failures, and ticks, signals and stop do nothing', () => {
    const { reconnect, grants, owner, time } = setup();
    expect(reconnect.due).toBeUndefined();
    expect(reconnect.failures).toBe(0);
    reconnect.tick(time.now());
    reconnect.online(false);
    reconnect.visible();
    reconnect.stop();
    expect(grants.fetches).toEqual([]);
    expect(owner.offline).toEqual([]);
  });

  it('once stable: nothing due, and a stop (the app closing a connected session) is harmless', () => {
    const { reconnect, settle, time, grants } = setup();
    reconnect.start();
    settle();
    time.advanceTo(5 * SECOND);
    expect(reconnect.due).toBeUndefined();
    reconnect.tick(6 * SECOND);
    reconnect.visible();
    reconnect.online(false);
    reconnect.stop();
    expect(reconnect.failures).toBe(0);
    expect(grants.fetches).toHaveLength(1);
  });

  it('a loss once stable starts afresh: attempt 1, from the base backoff', () => {
    const { reconnect, settle, time, owner } = setup();
    reconnect.start();
    settle();
    time.advanceTo(5 * SECOND);
    reconnect.lost(lost());
    expect(owner.scheduled).toEqual([expect.objectContaining({ attempt: 1, delayMs: 500, at: 5_500 })]);
  });
});

describe('Reconnect: backoff between failed attempts', () => {
  it('a failure is reported, then retried after a full-jitter delay, exact under a fixed random', () => {
    const { reconnect, grants, owner, time } = setup();
    time.advanceTo(1_000);
    reconnect.start();
    const error = new InternalServerException({ message: 'x' });
    grants.last.outcome.error(error);
    expect(owner.failures).toEqual([error]);
    expect(owner.scheduled).toEqual([{ attempt: 1, delayMs: 500, at: 1_500, lastError: error }]);
    expect(reconnect.due).toBe(1_500);
    time.advanceTo(1_499);
    expect(grants.fetches).toHaveLength(1);
    time.advanceTo(1_500);
    expect(grants.fetches).toHaveLength(2);
    expect(owner.log).toEqual(['attempt after 0', 'attempt after 1']);
  });

  it('the delays grow and are capped: 0.5, 1, 2, 4, 8, 15, 15 s (base 1 s, cap 30 s, random 0.5)', () => {
    const { reconnect, owner, failEach } = setup();
    reconnect.start();
    failEach(100 * SECOND);
    expect(owner.scheduled.slice(0, 7).map((s) => s.delayMs)).toEqual([500, 1_000, 2_000, 4_000, 8_000, 15_000, 15_000]);
    expect(owner.scheduled.map((s) => s.attempt).slice(0, 3)).toEqual([1, 2, 3]);
  });

  it('a socket that fails after its grant counts like any failure', () => {
    const { reconnect, owner, settle } = setup();
    reconnect.start();
    settle(lost());
    expect(owner.scheduled).toHaveLength(1);
    expect(reconnect.failures).toBe(1);
  });

  it('a failure the owner will not retry stops: nothing scheduled', () => {
    const { reconnect, owner, grants, time } = setup();
    owner.retry = false;
    reconnect.start();
    grants.last.outcome.error(new Error('refused'));
    expect(owner.scheduled).toEqual([]);
    time.advanceTo(60 * SECOND);
    expect(grants.fetches).toHaveLength(1);
  });

  it('a failure that is not an Error is reported as one', () => {
    const { reconnect, owner, grants } = setup();
    reconnect.start();
    grants.last.outcome.error('plain text');
    expect(owner.scheduled[0]?.lastError).toBeInstanceOf(Error);
    expect(owner.scheduled[0]?.lastError.message).toBe('plain text');
  });
});

describe('Reconnect: anti-flap', () => {
  it('a connection lost before minUptimeMs keeps counting: the next delay continues to grow', () => {
    const { reconnect, owner, settle, time } = setup();
    reconnect.start();
    settle(lost()); // failure 1: 500 ms
    time.advanceTo(500);
    settle(); // up at 500
    time.advanceTo(500 + 5 * SECOND - 1);
    reconnect.lost(lost()); // failure 2: 1 s
    expect(owner.scheduled.map((s) => s.delayMs)).toEqual([500, 1_000]);
    expect(reconnect.failures).toBe(2);
  });

  it('ticks while up for other deadlines (heartbeats) do not make the connection stable early', () => {
    const { reconnect, owner, settle, time } = setup();
    reconnect.start();
    settle(lost());
    time.advanceTo(500);
    settle(); // up at 500: stable at 5,500
    for (const t of [1_000, 3_000, 5_499]) {
      time.advanceTo(t);
      reconnect.tick(t); // the coordinator ticks every part whenever the alarm rings for any of them
    }
    reconnect.lost(lost());
    expect(owner.scheduled.map((s) => s.delayMs)).toEqual([500, 1_000]);
  });

  it('a connection up for minUptimeMs forgets the failures: the next delay starts from the base', () => {
    const { reconnect, owner, settle, time } = setup();
    reconnect.start();
    settle(lost());
    time.advanceTo(500);
    settle();
    time.advanceTo(500 + 5 * SECOND);
    expect(reconnect.failures).toBe(0);
    expect(reconnect.due).toBeUndefined();
    reconnect.lost(lost());
    expect(owner.scheduled.map((s) => s.delayMs)).toEqual([500, 500]);
  });

  it('a loss after a stable connection reports the loss and schedules a retry', () => {
    const { reconnect, owner, settle, time } = setup();
    reconnect.start();
    settle();
    time.advanceTo(20 * SECOND);
    const error = lost();
    reconnect.lost(error);
    expect(owner.failures).toEqual([error]);
    expect(owner.scheduled).toEqual([{ attempt: 1, delayMs: 500, at: 20_500, lastError: error }]);
  });
});

describe('Reconnect: giving up', () => {
  it('after exactly maxAttempts failed attempts in a row, with the count, the time and the last error', () => {
    const { reconnect, owner, grants, failEach } = setup({ maxAttempts: 3 });
    reconnect.start();
    failEach(60 * SECOND);
    expect(grants.fetches).toHaveLength(3);
    expect(owner.scheduled).toHaveLength(2);
    expect(owner.gaveUpWith).toHaveLength(1);
    const error = owner.gaveUpWith[0] as RetryLimitReachedError;
    expect(error).toBeInstanceOf(RetryLimitReachedError);
    expect(error.attempts).toBe(3);
    expect(error.elapsedMs).toBe(1_500);
    expect(error.cause).toBeInstanceOf(SocketLostError);
  });

  it('maxAttempts 1: the first failure gives up', () => {
    const { reconnect, owner, grants } = setup({ maxAttempts: 1 });
    reconnect.start();
    grants.last.outcome.error(lost());
    expect(owner.gaveUpWith).toHaveLength(1);
    expect(owner.scheduled).toEqual([]);
  });

  it('when an outage has lasted giveUpAfterMs, at the first failure from then on', () => {
    const { reconnect, owner, failEach } = setup({ giveUpAfterMs: 3_500 });
    reconnect.start();
    // Attempts at 0, 0.5, 1.5, 3.5 s: the fourth fails 3.5 s into the outage.
    expect(failEach(60 * SECOND)).toEqual([0, 500, 1_500, 3_500]);
    expect(owner.gaveUpWith[0]?.elapsedMs).toBe(3_500);
  });

  it('the outage counts from the loss, not from the first connect', () => {
    const { reconnect, owner, settle, time, failEach } = setup({ giveUpAfterMs: 2_000 });
    reconnect.start();
    settle();
    time.advanceTo(60 * SECOND);
    reconnect.lost(lost());
    // Retries at 60.5, 61.5 (1.5 s into the outage) and 63.5 s (3.5 s): that one gives up.
    expect(failEach(70 * SECOND)).toEqual([60_500, 61_500, 63_500]);
    expect(owner.gaveUpWith).toHaveLength(1);
    expect(owner.gaveUpWith[0]?.elapsedMs).toBe(3_500);
  });

  it('not while the owner will not retry (the owner ends the session itself)', () => {
    const { reconnect, owner, grants } = setup({ maxAttempts: 1 });
    owner.retry = false;
    reconnect.start();
    grants.last.outcome.error(new Error('refused'));
    expect(owner.gaveUpWith).toEqual([]);
  });
});

describe('Reconnect: offline', () => {
  it('going offline while waiting cancels the wait; the network back makes an attempt at once, none burnt', () => {
    const { reconnect, owner, grants, time } = setup();
    reconnect.start();
    const error = lost();
    grants.last.outcome.error(error);
    reconnect.online(false);
    expect(owner.offline).toEqual([{ attempt: 1, lastError: error }]);
    expect(reconnect.due).toBeUndefined();
    time.advanceTo(60 * SECOND);
    expect(grants.fetches).toHaveLength(1);
    reconnect.online(true);
    expect(grants.fetches).toHaveLength(2);
    expect(reconnect.failures).toBe(1);
    expect(owner.log.at(-1)).toBe('attempt after 1');
  });

  it('an attempt that fails while offline waits for the network, with no retry scheduled', () => {
    const { reconnect, owner, grants, time } = setup();
    reconnect.start();
    reconnect.online(false);
    expect(owner.offline).toEqual([]); // the attempt in flight goes on
    grants.last.outcome.error(lost());
    expect(owner.offline).toHaveLength(1);
    expect(owner.scheduled).toEqual([]);
    time.advanceTo(60 * SECOND);
    expect(grants.fetches).toHaveLength(1);
    reconnect.online(true);
    expect(grants.fetches).toHaveLength(2);
  });

  it('a loss while offline waits for the network at once', () => {
    const { reconnect, owner, settle, grants } = setup();
    reconnect.start();
    settle();
    reconnect.online(false);
    expect(owner.offline).toEqual([]);
    reconnect.lost(lost());
    expect(owner.offline).toHaveLength(1);
    expect(owner.scheduled).toEqual([]);
    reconnect.online(true);
    expect(grants.fetches).toHaveLength(2);
  });

  it('online while not waiting for the network changes nothing', () => {
    const { reconnect, grants } = setup();
    reconnect.start();
    grants.last.outcome.error(lost());
    reconnect.online(true);
    reconnect.online(true);
    expect(grants.fetches).toHaveLength(1);
    expect(reconnect.due).toBe(500);
  });

  it('an online signal after a loss while online does not cut the backoff short', () => {
    const { reconnect, grants, settle, time } = setup();
    reconnect.start();
    settle();
    time.advanceTo(10 * SECOND);
    reconnect.lost(lost());
    reconnect.online(true);
    expect(grants.fetches).toHaveLength(1);
    expect(reconnect.due).toBe(10_500);
  });

  it('once the network is back, a repeated online signal does not cut the next backoff short', () => {
    const { reconnect, grants } = setup();
    reconnect.start();
    grants.last.outcome.error(lost());
    reconnect.online(false);
    reconnect.online(true);
    expect(grants.fetches).toHaveLength(2);
    grants.last.outcome.error(lost());
    reconnect.online(true);
    expect(grants.fetches).toHaveLength(2);
    expect(reconnect.due).toBe(1_000);
  });

  it('offline while connected changes nothing until a loss', () => {
    const { reconnect, owner, settle } = setup();
    reconnect.start();
    settle();
    reconnect.online(false);
    expect(owner.offline).toEqual([]);
    expect(reconnect.due).toBe(5 * SECOND);
  });

  it('the give-up policy counts offline time too', () => {
    const { reconnect, owner, grants, time } = setup({ giveUpAfterMs: 10 * SECOND });
    reconnect.start();
    grants.last.outcome.error(lost());
    reconnect.online(false);
    time.advanceTo(20 * SECOND);
    reconnect.online(true);
    grants.last.outcome.error(lost());
    expect(owner.gaveUpWith).toHaveLength(1);
    expect(owner.gaveUpWith[0]?.elapsedMs).toBe(20 * SECOND);
  });
});

describe('Reconnect.visible', () => {
  it('makes a pending attempt now', () => {
    const { reconnect, grants, time } = setup();
    reconnect.start();
    grants.last.outcome.error(lost());
    time.advanceTo(100);
    reconnect.visible();
    expect(grants.fetches).toHaveLength(2);
    time.advanceTo(500);
    expect(grants.fetches).toHaveLength(2);
  });

  it('does nothing while an attempt is in flight, or while connected', () => {
    const { reconnect, grants, settle } = setup();
    reconnect.start();
    reconnect.visible();
    expect(grants.fetches).toHaveLength(1);
    settle();
    reconnect.visible();
    expect(grants.fetches).toHaveLength(1);
  });

  it('does nothing while waiting for the network', () => {
    const { reconnect, grants } = setup();
    reconnect.start();
    grants.last.outcome.error(lost());
    reconnect.online(false);
    reconnect.visible();
    expect(grants.fetches).toHaveLength(1);
  });
});
