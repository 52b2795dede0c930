import { TestScheduler } from 'rxjs/testing';
import { Alarm, type PartClock } from '../src/session/alarm.js';
import type { Grant } from '../src/session/grant-source.js';
import type { ResolvedSessionOptions, SessionOptions } from '../src/session/options.js';
import { resolveSessionOptions } from '../src/session/resolve-options.js';
import { runVirtualTimeTo } from './session-harness.js';

/**
 * Helpers of the tests that run one part of the session alone (grants, sockets, reconnect, delivery): virtual
 * time with the session's own {@link Alarm} waking the part, as the session's coordinator does.
 */

/** What the alarm wakes: a part of the session. */
export interface Part {
  tick(now: number): void;
  readonly due: number | undefined;
}

export interface VirtualClock {
  readonly scheduler: TestScheduler;
  /** The clock the part is given: the alarm's, with every wake-up it asks for recorded. */
  readonly clock: PartClock;
  /** Every time the part asked to be woken at, in order. */
  readonly wakeups: number[];
  /** Which part the alarm wakes (it calls its `tick`, then asks for its `due`, as the coordinator does). */
  drive(part: Part): void;
  now(): number;
  /** Runs virtual time up to `ms` (absolute). */
  advanceTo(ms: number): void;
  /** Runs `ms` more of virtual time. */
  advance(ms: number): void;
}

export function virtualClock(): VirtualClock {
  const scheduler = new TestScheduler(() => undefined);
  let part: Part | undefined;
  const wakeups: number[] = [];
  const alarm = new Alarm(scheduler, {
    wake: () => {
      part?.tick(scheduler.now());
      return part?.due;
    },
  });
  const clock: PartClock = {
    now: () => scheduler.now(),
    at: (time) => {
      wakeups.push(time);
      alarm.at(time);
    },
  };
  const advanceTo = (ms: number) => runVirtualTimeTo(scheduler, ms);
  return {
    scheduler,
    clock,
    wakeups,
    drive: (p) => void (part = p),
    now: () => scheduler.now(),
    advanceTo,
    advance: (ms) => advanceTo(scheduler.now() + ms),
  };
}

/** A grant as the grant source makes them (local times), valid for a connect at time 0 unless told otherwise. */
export function grantOf(overrides: Partial<Grant> = {}): Grant {
  return {
    url: 'wss://gateway.invalid/connect?X-Amz-Security-Token=secret-1',
    receivedAt: 0,
    openBy: 85_000,
    connectionExpiry: 100_000,
    connectionToken: 'connection-token-1',
    tokenExpiry: 3_600_000,
    skewMs: 0,
    connectionExpiryText: '1970-01-01T00:01:40.000Z',
    tokenExpiryText: '1970-01-01T01:00:00.000Z',
    ...overrides,
  };
}

/** The session's options, resolved over the defaults as a session resolves them. */
export function optionsOf(overrides: Partial<SessionOptions> = {}): ResolvedSessionOptions {
  return resolveSessionOptions({ participantToken: 'participant-token', ...overrides });
}

/** A random source that always answers `value`. */
export const fixedRandom = (value: number) => () => value;
