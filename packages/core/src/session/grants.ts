import type { Outcome } from '../client/invoke.js';
import type { GrantSource, Grant } from './grant-source.js';
import type { ResolvedSessionOptions } from './options.js';
import type { PartClock } from './alarm.js';
import { RetryingTask, type TaskWork } from './retrying-task.js';
import { ConnectionTokenTimeoutError } from './session-errors.js';
import type { ConnectionEvent } from './session-state.js';

/** Why a grant is asked for (reported on `connection$`). */
export type GrantPurpose = 'connect' | 'rotate' | 'refresh-token';

/** What the grants part tells its owner, and asks of it. */
export interface GrantsOwner {
  /** Reports on `connection$`. */
  emit(event: ConnectionEvent): void;
  /** A new grant arrived (the latest now). */
  granted(grant: Grant): void;
  /** A grant request failed: reported, and true when it may be retried (else the owner ends the session). */
  grantFailed(error: unknown): boolean;
  /** The session's status, for the error a call gets when its wait for a token runs out. */
  status(): string;
}

/** A call waiting for a usable ConnectionToken, until its deadline. */
interface Waiter {
  readonly outcome: Outcome<string>;
  readonly until: number;
}

type Options = Pick<ResolvedSessionOptions, 'grant' | 'reconnect' | 'tokenRefreshLeadMs' | 'tokenWaitMs'>;

/**
 * The grants of a session: the latest one (whose ConnectionToken calls use), a spare one (a token refresh's unused
 * websocket URL, good for a socket while it is inside its connect window), the token refresh, and the calls
 * waiting for a usable token, each for at most `tokenWaitMs`.
 *
 * The refresh is paced by the lifetime actually granted: `tokenRefreshLeadMs` before Expiry, but never more than
 * half the lifetime before it, and never sooner than a floor after the grant that doubles with every grant in a
 * row whose token lives less than two floors (up to `reconnect.maxDelayMs`). So a service that grants 4-second or
 * already-expired tokens gets a refresh every 2 s, or a few a minute, not thousands.
 */
export class Grants implements TaskWork<Grant> {
  #latest: Grant | undefined;
  #spare: Grant | undefined;
  /** The last grant fetched to open a socket with. */
  #opened: Grant | undefined;
  #waiters: readonly Waiter[] = NO_WAITERS;
  /** Grants in a row whose token lived less than two floors. */
  #shortLived = 0;
  /** When the latest grant's token is to be refreshed (undefined: a refresh is under way, or nothing to refresh). */
  #dueAt: number | undefined;
  /** The refresh: made when it falls due, dropped when it succeeds, so that a session at rest holds no task. */
  #refresh: RetryingTask<Grant> | undefined;
  readonly #random: () => number;

  readonly #source: GrantSource;
  readonly #clock: PartClock;
  readonly #options: Options;
  readonly #owner: GrantsOwner;

  constructor(
    source: GrantSource,
    clock: PartClock,
    options: Options,
    random: () => number,
    owner: GrantsOwner,
  ) {
    this.#source = source;
    this.#clock = clock;
    this.#options = options;
    this.#owner = owner;
    this.#random = random;
  }

  // ---- the token refresh (TaskWork): a part's own methods, no closures (a process holds thousands of sessions)

  /** @internal */
  attempt(outcome: Outcome<Grant>): () => void {
    return this.fetch('refresh-token', outcome);
  }

  /** @internal */
  succeeded(grant: Grant): void {
    this.#spare = grant;
    this.#owner.emit({ type: 'token-refreshed', tokenExpiry: grant.tokenExpiry });
    this.#settled(grant);
  }

  /** @internal */
  failed(error: unknown): boolean {
    const retry = this.#owner.grantFailed(error);
    // The token in hand may still be good: calls waiting for the refresh use it rather than time out.
    this.#serve();
    return retry;
  }

  /** The newest grant. */
  get latest(): Grant | undefined {
    return this.#latest;
  }

  /** The earliest time this part needs a tick. */
  get due(): number | undefined {
    let due = this.#refresh?.due ?? this.#dueAt;
    for (const w of this.#waiters) if (due === undefined || w.until < due) due = w.until;
    return due;
  }

  /** A grant: CreateParticipantConnection (shared with any call in flight). Returns what cancels the wait for it. */
  fetch(purpose: GrantPurpose, outcome: Outcome<Grant>): () => void {
    this.#owner.emit({ type: 'grant-requested', purpose });
    const subscription = this.#source.grant$().subscribe({
      next: (grant) => {
        // A grant that a socket opens is nobody's spare, even when a token refresh shared its call.
        if (purpose !== 'refresh-token') this.#opened = grant;
        this.#accept(grant);
        outcome.value(grant);
      },
      error: (error: unknown) => outcome.error(error),
    });
    return () => subscription.unsubscribe();
  }

  /** An unused grant still inside its connect window, if one is at hand (it is then used up). */
  takeSpare(): Grant | undefined {
    const spare = this.#spare;
    this.#spare = undefined;
    return spare && spare !== this.#opened && this.#clock.now() <= spare.openBy ? spare : undefined;
  }

  /**
   * A usable ConnectionToken for a call: at once when there is one and no refresh is under way, else the next one
   * granted, or a {@link ConnectionTokenTimeoutError} after `tokenWaitMs`. Returns what stops waiting.
   */
  token(outcome: Outcome<string>): () => void {
    const latest = this.#latest;
    const refreshing = this.#refreshing();
    if (latest && !refreshing && this.#usable(latest)) {
      outcome.value(latest.connectionToken);
      return noop;
    }
    const until = this.#clock.now() + this.#options.tokenWaitMs;
    const waiter: Waiter = { outcome, until };
    this.#waiters = [...this.#waiters, waiter];
    this.#clock.at(until);
    // A token that has expired is refreshed now rather than at its (past) due time (after the call is in the
    // queue: a grant source may answer at once).
    if (latest && !refreshing) this.#refreshNow();
    return () => this.#drop(waiter);
  }

  /** Handles what has come due: the refresh, and waits that ran out. */
  tick(now: number): void {
    if (this.#dueAt !== undefined && this.#dueAt <= now) this.#refreshNow();
    else this.#refresh?.tick(now);
    for (const w of this.#waiters) {
      if (w.until > now) continue;
      this.#drop(w);
      w.outcome.error(new ConnectionTokenTimeoutError(this.#options.tokenWaitMs, this.#owner.status()));
    }
  }

  /** The session is over: no refresh, and every waiting call hears `error`. */
  stop(error: Error): void {
    this.#refresh?.cancel();
    this.#dueAt = undefined;
    const waiters = this.#waiters;
    this.#waiters = NO_WAITERS;
    for (const w of waiters) w.outcome.error(error);
  }

  #accept(grant: Grant): void {
    if (this.#latest === grant) return;
    this.#latest = grant;
    this.#dueAt = this.#refreshDueAt(grant);
    this.#owner.granted(grant);
    // A refresh in flight shares this grant's call: it settles next, and the rest happens then.
    if (!this.#refreshing()) this.#settled(grant);
  }

  /** The next refresh is scheduled from the newest grant, and waiting calls get its token. */
  #settled(grant: Grant): void {
    if (grant !== this.#latest) return;
    // A refresh still retrying after failures is not needed any more: this grant's token is new.
    this.#refresh?.cancel();
    this.#refresh = undefined;
    if (this.#dueAt !== undefined) this.#clock.at(this.#dueAt);
    this.#serve();
  }

  #serve(): void {
    const latest = this.#latest;
    if (this.#waiters.length === 0 || !latest || this.#refreshing() || !this.#usable(latest)) return;
    const waiters = this.#waiters;
    this.#waiters = NO_WAITERS;
    for (const w of waiters) w.outcome.value(latest.connectionToken);
  }

  #refreshing(): boolean {
    return this.#refresh?.state.kind === 'running';
  }

  #refreshNow(): void {
    this.#dueAt = undefined;
    (this.#refresh ??= new RetryingTask<Grant>(this.#clock, this.#options.reconnect, this.#random, this)).run();
  }

  #refreshDueAt(grant: Grant): number {
    const lifetime = grant.tokenExpiry - grant.receivedAt;
    const { minIntervalMs } = this.#options.grant;
    this.#shortLived = lifetime < 2 * minIntervalMs ? this.#shortLived + 1 : 0;
    const floor = Math.min(this.#options.reconnect.maxDelayMs, minIntervalMs * 2 ** Math.min(this.#shortLived, 20));
    const lead = Math.min(this.#options.tokenRefreshLeadMs, lifetime / 2);
    return grant.receivedAt + Math.max(lifetime - lead, floor);
  }

  /** Unexpired, or granted already expired (the service's answer then: there is no better token to wait for). */
  #usable(grant: Grant): boolean {
    return this.#clock.now() < grant.tokenExpiry || grant.tokenExpiry <= grant.receivedAt;
  }

  #drop(waiter: Waiter): void {
    this.#waiters = this.#waiters.filter((w) => w !== waiter);
  }
}

const noop = () => undefined;
/** Shared by every session with no call waiting (most of them, most of the time). */
const NO_WAITERS: readonly Waiter[] = [];
