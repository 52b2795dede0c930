import { Observable, type Subscriber } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { Outcome } from '../src/client/invoke.js';
import { InternalServerException } from '../src/model/errors.js';
import type { Grant, GrantSource } from '../src/session/grant-source.js';
import { Grants, type GrantPurpose, type GrantsOwner } from '../src/session/grants.js';
import type { SessionOptions } from '../src/session/options.js';
import { ConnectionTokenTimeoutError, SessionClosedError } from '../src/session/session-errors.js';
import type { ConnectionEvent } from '../src/session/session-state.js';
import { fixedRandom, grantOf, optionsOf, virtualClock } from './part-harness.js';

// ---- helpers --------------------------------------------------------------------------------------------------

/**
 * A grant source that shares one call between the callers in flight, as the real one does, and answers when the
 * test says so. `calls` counts the CreateParticipantConnection calls it would have made.
 */
class StubSource {
  calls = 0;
  #flight: Subscriber<Grant>[] = [];

  get waiting(): number {
    return this.#flight.length;
  }

  grant$(): Observable<Grant> {
    return new Observable<Grant>((subscriber) => {
      if (this.#flight.length === 0) this.calls++;
      this.#flight.push(subscriber);
      return () => void (this.#flight = this.#flight.filter((s) => s !== subscriber));
    });
  }

  answer(grant: Grant): void {
    const flight = this.#flight;
    this.#flight = [];
    for (const s of flight) {
      s.next(grant);
      s.complete();
    }
  }

  fail(error: unknown): void {
    const flight = this.#flight;
    this.#flight = [];
    for (const s of flight) s.error(error);
  }
}

/** An owner that records what it is told; grant failures are retried unless `retry` says otherwise. */
class StubOwner implements GrantsOwner {
  readonly events: ConnectionEvent[] = [];
  /** Every grant it was told of. */
  readonly grants: Grant[] = [];
  readonly failures: unknown[] = [];
  retry = true;
  emit(event: ConnectionEvent): void {
    this.events.push(event);
  }
  granted(grant: Grant): void {
    this.grants.push(grant);
  }
  grantFailed(error: unknown): boolean {
    this.failures.push(error);
    return this.retry;
  }
  status(): string {
    return 'reconnecting';
  }
  requested(): GrantPurpose[] {
    return this.events.flatMap((e) => (e.type === 'grant-requested' ? [e.purpose] : []));
  }
}

/** What one caller of `fetch` or `token` heard. */
function listener<T>() {
  const heard = { values: [] as T[], errors: [] as unknown[] };
  const outcome: Outcome<T> = { value: (v) => void heard.values.push(v), error: (e) => void heard.errors.push(e) };
  return { heard, outcome };
}

const SECOND = 1_000;
const MIN = 60_000;

function setup(overrides: Partial<SessionOptions> = {}) {
  const time = virtualClock();
  const source = new StubSource();
  const owner = new StubOwner();
  const options = optionsOf({
    tokenRefreshLeadMs: MIN,
    tokenWaitMs: 30 * SECOND,
    grant: { connectWindowMs: 100 * SECOND, safetyMarginMs: 15 * SECOND, minIntervalMs: SECOND },
    reconnect: { baseDelayMs: SECOND, maxDelayMs: 30 * SECOND },
    ...overrides,
  });
  const grants = new Grants(source as unknown as GrantSource, time.clock, options, fixedRandom(0.5), owner);
  time.drive(grants);
  let n = 0;
  /** A grant received now whose token lives `tokenLifetime` (and, unless told, a spare usable for 85 s). */
  const grantNow = (tokenLifetime: number, extra: Partial<Grant> = {}): Grant => {
    const now = time.now();
    n++;
    return grantOf({ receivedAt: now, tokenExpiry: now + tokenLifetime, openBy: now + 85 * SECOND, connectionToken: `token-${n}`, url: `wss://gateway.invalid/${n}`, ...extra });
  };
  /** Connects: a grant fetched for 'connect', answered at once with a token living `tokenLifetime`. */
  const connect = (tokenLifetime: number): Grant => {
    const grant = grantNow(tokenLifetime);
    grants.fetch('connect', listener<Grant>().outcome);
    source.answer(grant);
    return grant;
  };
  return { time, source, owner, grants, grantNow, connect };
}

// ---- tests ----------------------------------------------------------------------------------------------------

describe('Grants.fetch', () => {
  it('reports the request with its purpose, and the grant to the owner and the caller', () => {
    const { grants, source, owner, grantNow } = setup();
    const { heard, outcome } = listener<Grant>();
    grants.fetch('rotate', outcome);
    expect(owner.requested()).toEqual(['rotate']);
    expect(source.calls).toBe(1);
    const grant = grantNow(10 * MIN);
    source.answer(grant);
    expect(heard.values).toEqual([grant]);
    expect(owner.grants).toEqual([grant]);
    expect(grants.latest).toBe(grant);
  });

  it('a failed request reaches the caller; the latest grant stays', () => {
    const { grants, source, connect } = setup();
    const first = connect(10 * MIN);
    const { heard, outcome } = listener<Grant>();
    grants.fetch('connect', outcome);
    const error = new InternalServerException({ message: 'x' });
    source.fail(error);
    expect(heard.errors).toEqual([error]);
    expect(grants.latest).toBe(first);
  });

  it('what it returns stops the wait: the caller hears nothing', () => {
    const { grants, source, grantNow } = setup();
    const { heard, outcome } = listener<Grant>();
    const cancel = grants.fetch('connect', outcome);
    cancel();
    expect(source.waiting).toBe(0);
    source.answer(grantNow(MIN));
    expect(heard.values).toEqual([]);
  });

  it('the connect grant is not a spare: its URL is in use', () => {
    const { grants, connect } = setup();
    connect(10 * MIN);
    expect(grants.takeSpare()).toBeUndefined();
  });
});

describe('Grants: the token refresh, paced by the granted lifetime', () => {
  it('refreshes tokenRefreshLeadMs before Expiry: a 10 min token at 9 min, not a moment before', () => {
    const { time, source, owner, connect } = setup();
    connect(10 * MIN);
    expect(time.wakeups).toContain(9 * MIN);
    time.advanceTo(9 * MIN - 1);
    expect(source.calls).toBe(1);
    time.advanceTo(9 * MIN);
    expect(source.calls).toBe(2);
    expect(owner.requested()).toEqual(['connect', 'refresh-token']);
  });

  // The session wakes every part when any one is due: a tick is not a sign that this part's time has come.
  it('refreshes nothing when ticked before the refresh is due', () => {
    const { time, source, grants, connect } = setup();
    connect(10 * MIN);
    time.advanceTo(5 * MIN);
    grants.tick(time.now());
    time.advanceTo(9 * MIN - 1);
    grants.tick(time.now());
    expect(source.calls).toBe(1);
    expect(grants.due).toBe(9 * MIN);
  });

  it('the lead is at most half the lifetime: a 60 s token is refreshed after 30 s, a 100 s one after 50 s', () => {
    for (const [lifetime, at] of [
      [60 * SECOND, 30 * SECOND],
      [100 * SECOND, 50 * SECOND],
      [130 * SECOND, 70 * SECOND],
    ] as const) {
      const { time, source, grants } = setup();
      time.advanceTo(1_000);
      connectAt(grants, source, grantOf({ receivedAt: 1_000, tokenExpiry: 1_000 + lifetime }));
      time.advanceTo(1_000 + at - 1);
      expect(source.calls, `${lifetime}`).toBe(1);
      time.advanceTo(1_000 + at);
      expect(source.calls, `${lifetime}`).toBe(2);
    }
  });

  it('a token living exactly two floors (2 s) is refreshed after half its life; one just shorter after the doubled floor', () => {
    const exact = setup();
    exact.connect(2 * SECOND);
    exact.time.advanceTo(999);
    expect(exact.source.calls).toBe(1);
    exact.time.advanceTo(1_000);
    expect(exact.source.calls).toBe(2);

    const shorter = setup();
    shorter.connect(2 * SECOND - 1);
    shorter.time.advanceTo(1_999);
    expect(shorter.source.calls).toBe(1);
    shorter.time.advanceTo(2_000);
    expect(shorter.source.calls).toBe(2);
  });

  it('short-lived tokens in a row double the floor, up to reconnect.maxDelayMs: 2, 4, 8, 16, 30, 30 s apart', () => {
    const { time, source, grantNow, connect } = setup();
    connect(1_500);
    expect(refreshTimes(time, source, 120 * SECOND, () => grantNow(1_500))).toEqual([2_000, 6_000, 14_000, 30_000, 60_000, 90_000, 120_000]);
  });

  it('already-expired tokens are refreshed a few times a minute, not in a loop', () => {
    const { time, source, grantNow, connect } = setup();
    connect(-5 * SECOND);
    expect(refreshTimes(time, source, 120 * SECOND, () => grantNow(-5 * SECOND))).toEqual([2_000, 6_000, 14_000, 30_000, 60_000, 90_000, 120_000]);
  });

  it('4-second tokens are refreshed every 2 s (half their life), not on a doubling floor', () => {
    const { time, source, grantNow, connect } = setup();
    connect(4 * SECOND);
    expect(refreshTimes(time, source, 10 * SECOND, () => grantNow(4 * SECOND))).toEqual([2_000, 4_000, 6_000, 8_000, 10_000]);
  });

  it('a long-lived token resets the doubling', () => {
    const { time, source, grantNow, connect } = setup();
    connect(1_000); // short: refresh after 2 s
    time.advanceTo(2_000);
    source.answer(grantNow(1_000)); // short again: after 4 s
    time.advanceTo(6_000);
    source.answer(grantNow(10 * MIN)); // long: at 9 min
    time.advanceTo(6_000 + 9 * MIN);
    expect(source.calls).toBe(4);
    source.answer(grantNow(1_000)); // short after a long one: 2 s again
    time.advanceTo(6_000 + 9 * MIN + 1_999);
    expect(source.calls).toBe(4);
    time.advanceTo(6_000 + 9 * MIN + 2_000);
    expect(source.calls).toBe(5);
  });

  it('a refresh reports token-refreshed and schedules the next one from the new grant', () => {
    const { time, source, owner, grantNow, connect } = setup();
    connect(10 * MIN);
    time.advanceTo(9 * MIN);
    const fresh = grantNow(10 * MIN);
    source.answer(fresh);
    expect(owner.events.filter((e) => e.type === 'token-refreshed')).toEqual([{ type: 'token-refreshed', tokenExpiry: fresh.tokenExpiry }]);
    expect(owner.grants).toHaveLength(2);
    time.advanceTo(18 * MIN - 1);
    expect(source.calls).toBe(2);
    time.advanceTo(18 * MIN);
    expect(source.calls).toBe(3);
  });

  it('a grant fetched for another purpose moves the refresh to its own due time', () => {
    const { time, source, grants, grantNow, connect } = setup();
    connect(10 * MIN);
    time.advanceTo(2 * MIN);
    grants.fetch('rotate', listener<Grant>().outcome);
    source.answer(grantNow(10 * MIN));
    time.advanceTo(9 * MIN);
    expect(source.calls).toBe(2);
    time.advanceTo(11 * MIN);
    expect(source.calls).toBe(3);
  });
});

describe('Grants: the spare grant a refresh leaves', () => {
  it('is taken once while inside its connect window (openBy included)', () => {
    const { time, source, grants, grantNow, connect } = setup();
    connect(10 * MIN);
    time.advanceTo(9 * MIN);
    const fresh = grantNow(10 * MIN, { openBy: 9 * MIN + 85 * SECOND });
    source.answer(fresh);
    time.advanceTo(9 * MIN + 85 * SECOND);
    expect(grants.takeSpare()).toBe(fresh);
    expect(grants.takeSpare()).toBeUndefined();
  });

  it('is not given out after openBy', () => {
    const { time, source, grants, grantNow, connect } = setup();
    connect(10 * MIN);
    time.advanceTo(9 * MIN);
    source.answer(grantNow(10 * MIN, { openBy: 9 * MIN + 85 * SECOND }));
    time.advanceTo(9 * MIN + 85 * SECOND + 1);
    expect(grants.takeSpare()).toBeUndefined();
  });
});

describe('Grants: a refresh sharing its call with a connect', () => {
  it('leaves no spare: the grant it brought is the one the connect opened', () => {
    for (const refreshFirst of [true, false]) {
      const { time, source, grants, grantNow, connect } = setup();
      connect(10 * MIN);
      const joined = listener<Grant>();
      // Either the refresh falls due (at 9 min) and a reconnect joins its call, or the other way round.
      if (!refreshFirst) {
        time.advanceTo(9 * MIN - 1);
        grants.fetch('connect', joined.outcome);
      }
      time.advanceTo(9 * MIN);
      if (refreshFirst) grants.fetch('connect', joined.outcome);
      expect(source.calls).toBe(2);
      source.answer(grantNow(10 * MIN));
      expect(joined.heard.values).toHaveLength(1);
      expect(grants.takeSpare()).toBeUndefined();
    }
  });
});

describe('Grants: a grant source that answers at once', () => {
  it('a call made with an expired token gets the token its refresh brings, not a time-out', () => {
    const { time, owner, grantNow } = setup();
    const options = optionsOf({ tokenRefreshLeadMs: MIN, tokenWaitMs: 30 * SECOND, grant: { connectWindowMs: 100 * SECOND, safetyMarginMs: 15 * SECOND, minIntervalMs: SECOND } });
    let next: Grant | undefined;
    const instant = {
      grant$: () =>
        new Observable<Grant>((subscriber) => {
          subscriber.next(next as Grant);
          subscriber.complete();
        }),
    };
    const grants = new Grants(instant as unknown as GrantSource, time.clock, options, fixedRandom(0.5), owner);
    time.drive(grants);
    next = grantNow(10 * SECOND);
    grants.fetch('connect', listener<Grant>().outcome);
    time.advanceTo(20 * SECOND); // expired (its refresh came due at 5 s and answered at once: set it up again)
    next = grantNow(-SECOND);
    time.advanceTo(25 * SECOND);
    next = grantNow(10 * MIN);
    const call = listener<string>();
    grants.token(call.outcome);
    time.advanceTo(60 * SECOND);
    expect(call.heard.errors).toEqual([]);
    expect(call.heard.values).toEqual([next.connectionToken]);
  });
});

describe('Grants: a failed refresh', () => {
  it('is reported to the owner and retried after a backoff (exact under a fixed random), growing', () => {
    const { time, source, owner, connect } = setup();
    connect(10 * MIN);
    time.advanceTo(9 * MIN);
    const error = new InternalServerException({ message: 'x' });
    source.fail(error);
    expect(owner.failures).toEqual([error]);
    // random 0.5 × 1 s, then × 2 s.
    time.advanceTo(9 * MIN + 499);
    expect(source.calls).toBe(2);
    time.advanceTo(9 * MIN + 500);
    expect(source.calls).toBe(3);
    source.fail(error);
    time.advanceTo(9 * MIN + 500 + 999);
    expect(source.calls).toBe(3);
    time.advanceTo(9 * MIN + 500 + 1_000);
    expect(source.calls).toBe(4);
  });

  it('is not retried when the owner says the failure is final', () => {
    const { time, source, owner, connect } = setup();
    owner.retry = false;
    connect(10 * MIN);
    time.advanceTo(9 * MIN);
    source.fail(new Error('refused'));
    time.advanceTo(60 * MIN);
    expect(source.calls).toBe(2);
  });

  it('lets calls waiting for it use the token in hand while that is still good', () => {
    const { time, source, grants, connect } = setup();
    const first = connect(10 * MIN);
    time.advanceTo(9 * MIN);
    const { heard, outcome } = listener<string>();
    grants.token(outcome);
    expect(heard.values).toEqual([]);
    source.fail(new InternalServerException({ message: 'x' }));
    expect(heard.values).toEqual([first.connectionToken]);
  });
});

describe('Grants.token: a usable ConnectionToken for a call', () => {
  it('at once when there is one and no refresh is under way; nothing waits', () => {
    const { grants, connect } = setup();
    const grant = connect(10 * MIN);
    const { heard, outcome } = listener<string>();
    grants.token(outcome);
    expect(heard.values).toEqual([grant.connectionToken]);
    expect(grants.due).toBe(9 * MIN); // only the refresh
  });

  it('before any grant: waits for the first one', () => {
    const { grants, source, grantNow, time } = setup();
    const { heard, outcome } = listener<string>();
    grants.token(outcome);
    expect(grants.due).toBe(30 * SECOND);
    time.advanceTo(10 * SECOND);
    grants.fetch('connect', listener<Grant>().outcome);
    source.answer(grantNow(10 * MIN, { connectionToken: 'first' }));
    expect(heard.values).toEqual(['first']);
    expect(heard.errors).toEqual([]);
  });

  it('gives up after tokenWaitMs exactly, with a ConnectionTokenTimeoutError naming the wait and the status', () => {
    const { grants, time } = setup();
    time.advanceTo(1_000);
    const { heard, outcome } = listener<string>();
    grants.token(outcome);
    expect(time.wakeups).toContain(31_000);
    time.advanceTo(30_999);
    expect(heard.errors).toEqual([]);
    time.advanceTo(31_000);
    expect(heard.errors).toHaveLength(1);
    const error = heard.errors[0] as ConnectionTokenTimeoutError;
    expect(error).toBeInstanceOf(ConnectionTokenTimeoutError);
    expect(error.waitedMs).toBe(30_000);
    expect(error.status).toBe('reconnecting');
    expect(grants.due).toBeUndefined();
  });

  it('each call waits its own tokenWaitMs', () => {
    const { grants, time } = setup();
    const a = listener<string>();
    const b = listener<string>();
    grants.token(a.outcome);
    time.advanceTo(10_000);
    grants.token(b.outcome);
    time.advanceTo(30_000);
    expect([a.heard.errors.length, b.heard.errors.length]).toEqual([1, 0]);
    time.advanceTo(40_000);
    expect([a.heard.errors.length, b.heard.errors.length]).toEqual([1, 1]);
  });

  it('what it returns stops the wait: no token, no timeout', () => {
    const { grants, source, grantNow, time } = setup();
    const { heard, outcome } = listener<string>();
    const stop = grants.token(outcome);
    stop();
    grants.fetch('connect', listener<Grant>().outcome);
    source.answer(grantNow(10 * MIN));
    time.advanceTo(60_000);
    expect(heard).toEqual({ values: [], errors: [] });
  });

  it('while a refresh is in flight: waits for the new token rather than use the old one', () => {
    const { time, source, grants, grantNow, connect } = setup();
    connect(10 * MIN);
    time.advanceTo(9 * MIN);
    const { heard, outcome } = listener<string>();
    grants.token(outcome);
    expect(heard.values).toEqual([]);
    source.answer(grantNow(10 * MIN, { connectionToken: 'refreshed' }));
    expect(heard.values).toEqual(['refreshed']);
    expect(source.calls).toBe(2);
  });

  it('an expired token is refreshed now, not at its due time, and the call gets the new one', () => {
    const { time, source, owner, grants, grantNow } = setup();
    // A 10 min token whose refresh failed for good: at 10 min it has expired.
    grants.fetch('connect', listener<Grant>().outcome);
    source.answer(grantNow(10 * MIN));
    owner.retry = false;
    time.advanceTo(9 * MIN);
    source.fail(new Error('refused'));
    time.advanceTo(10 * MIN);
    const { heard, outcome } = listener<string>();
    grants.token(outcome);
    expect(source.calls).toBe(3);
    expect(owner.requested().at(-1)).toBe('refresh-token');
    source.answer(grantNow(10 * MIN, { connectionToken: 'new' }));
    expect(heard.values).toEqual(['new']);
  });

  it('a token is usable until just before its Expiry, not at it', () => {
    const { time, source, grants, grantNow } = setup({ tokenRefreshLeadMs: 0 });
    grants.fetch('connect', listener<Grant>().outcome);
    source.answer(grantNow(10 * MIN, { connectionToken: 'old' }));
    // Lead 0: the refresh is due at the Expiry itself; a call just before it is served at once.
    time.advanceTo(10 * MIN - 1);
    const before = listener<string>();
    grants.token(before.outcome);
    expect(before.heard.values).toEqual(['old']);
    expect(source.calls).toBe(1);
  });

  it('a token granted with no lifetime at all (Expiry = the grant) is used as it is', () => {
    const { grants, source, connect } = setup();
    connect(0);
    const { heard, outcome } = listener<string>();
    grants.token(outcome);
    expect(heard.values).toHaveLength(1);
    expect(source.calls).toBe(1);
  });

  it('a refresh that fails once the token has expired hands out no expired token: calls wait for the retry', () => {
    const { time, source, grants, grantNow, connect } = setup({ tokenRefreshLeadMs: 0 });
    connect(10 * MIN);
    time.advanceTo(10 * MIN); // lead 0: the refresh goes out at the Expiry itself
    expect(source.calls).toBe(2);
    const { heard, outcome } = listener<string>();
    grants.token(outcome);
    source.fail(new InternalServerException({ message: 'x' }));
    expect(heard.values).toEqual([]);
    time.advanceTo(10 * MIN + 500);
    source.answer(grantNow(10 * MIN, { connectionToken: 'after-retry' }));
    expect(heard.values).toEqual(['after-retry']);
  });

  it('a token granted already expired is used as it is (there is no better one to wait for)', () => {
    const { grants, source, connect } = setup();
    connect(-1_000);
    const { heard, outcome } = listener<string>();
    grants.token(outcome);
    expect(heard.values).toHaveLength(1);
    expect(source.calls).toBe(1);
  });

  it('an expired token while its refresh waits out a backoff: the refresh is made at once', () => {
    const { time, source, grants, grantNow, connect } = setup({ reconnect: { baseDelayMs: MIN, maxDelayMs: 10 * MIN } });
    connect(10 * MIN);
    time.advanceTo(9 * MIN);
    source.fail(new InternalServerException({ message: 'x' }));
    // Retried at 9:30, failed again: the next try would be at 10:30, after the Expiry.
    time.advanceTo(9 * MIN + 30 * SECOND);
    expect(source.calls).toBe(3);
    source.fail(new InternalServerException({ message: 'x' }));
    time.advanceTo(10 * MIN);
    expect(source.calls).toBe(3);
    const { heard, outcome } = listener<string>();
    grants.token(outcome);
    expect(source.calls).toBe(4);
    source.answer(grantNow(10 * MIN, { connectionToken: 'late' }));
    expect(heard.values).toEqual(['late']);
    time.advanceTo(10 * MIN + 30 * SECOND);
    expect(source.calls).toBe(4);
  });

  it('due is the earliest of the refresh and the waits', () => {
    const { time, grants, connect, source } = setup();
    connect(10 * MIN);
    time.advanceTo(9 * MIN);
    expect(grants.due).toBeUndefined(); // the refresh is in flight
    grants.token(listener<string>().outcome);
    expect(grants.due).toBe(9 * MIN + 30 * SECOND);
    source.fail(new InternalServerException({ message: 'x' }));
    // The waiter got the old token; the retry is due in 500 ms.
    expect(grants.due).toBe(9 * MIN + 500);
  });
});

describe('Grants.due', () => {
  it('with calls waiting behind a refresh that waits out a backoff: the earliest of them', () => {
    const { time, source, grants, owner } = setup({ tokenRefreshLeadMs: 0, reconnect: { baseDelayMs: 2 * MIN, maxDelayMs: 10 * MIN } });
    grants.fetch('connect', listener<Grant>().outcome);
    source.answer(grantOf({ receivedAt: 0, tokenExpiry: 10 * MIN }));
    time.advanceTo(10 * MIN);
    grants.token(listener<string>().outcome); // waits until 10:30
    time.advanceTo(10 * MIN + 5 * SECOND);
    grants.token(listener<string>().outcome); // waits until 10:35
    source.fail(new InternalServerException({ message: 'x' })); // retried in 1 min, at 11:05
    expect(owner.failures).toHaveLength(1);
    expect(grants.due).toBe(10 * MIN + 30 * SECOND);
    time.advanceTo(10 * MIN + 30 * SECOND);
    expect(grants.due).toBe(10 * MIN + 35 * SECOND);
    time.advanceTo(10 * MIN + 35 * SECOND);
    expect(grants.due).toBe(11 * MIN + 5 * SECOND);
  });

  it('with a refresh waiting out a backoff sooner than the calls waiting: the refresh', () => {
    const { time, source, grants } = setup({ tokenRefreshLeadMs: 0 });
    grants.fetch('connect', listener<Grant>().outcome);
    source.answer(grantOf({ receivedAt: 0, tokenExpiry: 10 * MIN }));
    time.advanceTo(10 * MIN);
    grants.token(listener<string>().outcome);
    source.fail(new InternalServerException({ message: 'x' }));
    expect(grants.due).toBe(10 * MIN + 500);
  });
});

describe('Grants.stop', () => {
  it('every waiting call hears the error, and nothing is refreshed any more', () => {
    const { time, source, grants } = setup();
    const a = listener<string>();
    const b = listener<string>();
    grants.token(a.outcome);
    grants.token(b.outcome);
    const error = new SessionClosedError('closed');
    grants.stop(error);
    expect(a.heard.errors).toEqual([error]);
    expect(b.heard.errors).toEqual([error]);
    time.advanceTo(60_000);
    expect(a.heard.errors).toHaveLength(1);
    expect(grants.due).toBeUndefined();
    expect(source.calls).toBe(0);
  });

  it('cancels a refresh due later, and leaves one in flight', () => {
    const due = setup();
    due.connect(10 * MIN);
    due.grants.stop(new SessionClosedError('closed'));
    due.time.advanceTo(20 * MIN);
    expect(due.source.calls).toBe(1);

    const inFlight = setup();
    inFlight.connect(10 * MIN);
    inFlight.time.advanceTo(9 * MIN);
    expect(inFlight.source.waiting).toBe(1);
    inFlight.grants.stop(new SessionClosedError('closed'));
    expect(inFlight.source.waiting).toBe(0);
  });
});

describe('Grants: one call shared by a refresh and a connect', () => {
  it('the grant is accepted once, and the refresh scheduled once from it', () => {
    const { time, source, owner, grants, grantNow, connect } = setup();
    connect(10 * MIN);
    time.advanceTo(9 * MIN);
    const connecting = listener<Grant>();
    grants.fetch('connect', connecting.outcome);
    expect(source.calls).toBe(2); // the refresh's call, shared
    const shared = grantNow(10 * MIN);
    source.answer(shared);
    expect(connecting.heard.values).toEqual([shared]);
    expect(owner.grants.filter((g) => g === shared)).toHaveLength(1);
    expect(owner.events.filter((e) => e.type === 'token-refreshed')).toHaveLength(1);
    time.advanceTo(18 * MIN);
    expect(source.calls).toBe(3);
  });
});

// ---- more helpers ---------------------------------------------------------------------------------------------

/** Connects with a given grant. */
function connectAt(grants: Grants, source: StubSource, grant: Grant): void {
  grants.fetch('connect', listener<Grant>().outcome);
  source.answer(grant);
}

/** Runs time to `until` in steps of 100 ms, answering each refresh at once with `next()`; returns when each went out. */
function refreshTimes(time: ReturnType<typeof virtualClock>, source: StubSource, until: number, next: () => Grant): number[] {
  const times: number[] = [];
  for (let t = time.now(); t <= until; t += 100) {
    const before = source.calls;
    time.advanceTo(t);
    if (source.calls === before) continue;
    times.push(t);
    source.answer(next());
  }
  return times;
}
