import type { Outcome } from '../client/invoke.js';
import type { PartClock } from './alarm.js';
import type { Grants } from './grants.js';
import type { ReconnectOptions } from './options.js';
import { RetryingTask, type TaskWork } from './retrying-task.js';
import { RetryLimitReachedError } from './session-errors.js';
import type { Sockets } from './sockets.js';

/** What reconnecting tells its owner. */
export interface ReconnectOwner {
  /** An attempt starts (`failures` so far in this outage). */
  attemptStarted(failures: number): void;
  /** An attempt failed: reported, and true when it may be retried (else the owner ends the session). */
  attemptFailed(error: unknown): boolean;
  /** The next attempt is due at `at`. */
  retryScheduled(attempt: number, delayMs: number, at: number, lastError: Error): void;
  /** Offline: no attempt until the network is back. */
  waitingForNetwork(attempt: number, lastError: Error | undefined): void;
  /** The give-up policy was met. */
  gaveUp(error: RetryLimitReachedError): void;
}

/**
 * Where the connection is: up (with the time from which it counts as stable), or in an outage since a time (trying,
 * or waiting for the network).
 */
type Link =
  | { readonly kind: 'up'; readonly stableAt: number | undefined }
  | { readonly kind: 'out'; readonly since: number; readonly offline: boolean };

/** Up long enough: shared by every session at rest. */
const STABLE: Link = { kind: 'up', stableAt: undefined };

/**
 * Connecting and reconnecting: one attempt (a spare or new grant, then a socket until it is subscribed) at a time,
 * full-jitter exponential backoff between failures, no attempt while offline and one at once when the network is
 * back or the app visible again (no attempt burnt), and the attempt counter reset only once a connection stayed up
 * `minUptimeMs` (anti-flap). Gives up, when the app asks it to, after `maxAttempts` failures in a row or an outage
 * of `giveUpAfterMs`.
 */
export class Reconnect implements TaskWork<void> {
  #link: Link;
  #online = true;
  #lastError: Error | undefined;
  /** The attempts: made when connecting starts, dropped once the connection is stable (a session at rest holds none). */
  #task: RetryingTask<void> | undefined;
  readonly #random: () => number;

  readonly #grants: Grants;
  readonly #sockets: Sockets;
  readonly #clock: PartClock;
  readonly #options: ReconnectOptions;
  readonly #owner: ReconnectOwner;

  constructor(
    grants: Grants,
    sockets: Sockets,
    clock: PartClock,
    options: ReconnectOptions,
    random: () => number,
    owner: ReconnectOwner,
  ) {
    this.#grants = grants;
    this.#sockets = sockets;
    this.#clock = clock;
    this.#options = options;
    this.#owner = owner;
    this.#link = { kind: 'out', since: clock.now(), offline: false };
    this.#random = random;
  }

  get due(): number | undefined {
    const link = this.#link;
    return link.kind === 'up' ? link.stableAt : this.#task?.due;
  }

  /** Failed attempts in a row (since the connection last stayed up long enough). */
  get failures(): number {
    return this.#task?.failures ?? 0;
  }

  start(): void {
    this.#attempts().run();
  }

  tick(now: number): void {
    const link = this.#link;
    if (link.kind === 'up') {
      if (link.stableAt !== undefined && link.stableAt <= now) {
        // Connected long enough: the next loss starts the backoff afresh.
        this.#task = undefined;
        this.#link = STABLE;
      }
      return;
    }
    this.#task?.tick(now);
  }

  /** The primary socket, subscribed before, is gone. */
  lost(error: Error): void {
    this.#link = { kind: 'out', since: this.#clock.now(), offline: false };
    this.#attempts().fail(error);
  }

  /** The network signal. */
  online(online: boolean): void {
    this.#online = online;
    const link = this.#link;
    if (link.kind !== 'out') return;
    if (online && link.offline) {
      this.#link = { ...link, offline: false };
      return this.#attempts().run();
    }
    // A wait for the next attempt is pointless offline: the network's return starts it.
    if (!online && this.#task?.state.kind === 'waiting') this.#offline(link);
  }

  /** The app came to the foreground: a pending attempt is made now. */
  visible(): void {
    if (this.#link.kind === 'out' && this.#task?.state.kind === 'waiting') this.#task.run();
  }

  stop(): void {
    this.#task?.cancel();
  }

  #attempts(): RetryingTask<void> {
    return (this.#task ??= new RetryingTask<void>(this.#clock, this.#options, this.#random, this, false));
  }

  #offline(link: Extract<Link, { kind: 'out' }>): void {
    this.#task?.cancel();
    this.#link = { ...link, offline: true };
    this.#owner.waitingForNetwork(this.failures, this.#lastError);
  }

  // ---- one attempt (TaskWork) -----------------------------------------------------------------------------

  /** @internal A grant (spare, or a new call), then a socket until it is subscribed. */
  attempt(outcome: Outcome<void>): () => void {
    this.#owner.attemptStarted(this.failures);
    const spare = this.#grants.takeSpare();
    if (spare) return this.#sockets.connect(spare, outcome);
    let cancelSocket: (() => void) | undefined;
    const cancelGrant = this.#grants.fetch('connect', {
      value: (grant) => (cancelSocket = this.#sockets.connect(grant, outcome)),
      error: outcome.error,
    });
    return () => {
      cancelGrant();
      cancelSocket?.();
    };
  }

  /** @internal */
  succeeded(): void {
    this.#lastError = undefined;
    this.#link = { kind: 'up', stableAt: this.#clock.now() + this.#options.minUptimeMs };
    this.#clock.at(this.#clock.now() + this.#options.minUptimeMs);
  }

  /** @internal */
  failed(error: unknown, attempt: number): boolean {
    const link = this.#link;
    if (link.kind !== 'out' || !this.#owner.attemptFailed(error)) return false;
    this.#lastError = error instanceof Error ? error : new Error(String(error));
    const elapsed = this.#clock.now() - link.since;
    if (attempt >= this.#options.maxAttempts || elapsed >= this.#options.giveUpAfterMs) {
      this.#owner.gaveUp(new RetryLimitReachedError(attempt, elapsed, error));
      return false;
    }
    if (!this.#online) {
      this.#offline(link);
      return false;
    }
    return true;
  }

  /** @internal */
  scheduled(attempt: number, delayMs: number, at: number): void {
    this.#owner.retryScheduled(attempt, delayMs, at, this.#lastError as Error);
  }
}
