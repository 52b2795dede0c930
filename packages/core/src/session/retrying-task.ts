import type { Outcome } from '../client/invoke.js';
import type { PartClock } from './alarm.js';
import { exponentialBackoff, type BackoffOptions } from './backoff.js';


/** Where a task is: nothing to do, one attempt in flight, or a wait before the next one. */
export type TaskState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'running'; readonly cancel: () => void }
  | { readonly kind: 'waiting'; readonly at: number };

/** What a task does and hears. */
export interface TaskWork<T> {
  /** Starts one attempt and returns what cancels it. Throwing is a failed attempt. */
  attempt(outcome: Outcome<T>): () => void;
  succeeded(value: T): void;
  /**
   * An attempt failed (`attempt` counts the failures in a row, this one included). Return true to try again
   * after a backoff; false stops the task (it is then idle, and the owner decides what comes next).
   */
  failed(error: unknown, attempt: number): boolean;
  /** The next attempt is due at `at`, `delayMs` from now. */
  scheduled?(attempt: number, delayMs: number, at: number): void;
}

const IDLE: TaskState = { kind: 'idle' };
const noop = () => undefined;

/**
 * The one retry loop of the lifecycle (connecting, rotating, refreshing the token, filling a gap): at most one
 * attempt in flight, a full-jitter exponential backoff between failures, and cancel. It keeps no timer: while it
 * waits, {@link RetryingTask.due} says when, and the owner's alarm calls {@link RetryingTask.tick}.
 */
export class RetryingTask<T> {
  #state: TaskState = IDLE;
  /** Failures in a row since the last success (or {@link RetryingTask.reset}). */
  #failures = 0;

  readonly #clock: PartClock;
  readonly #backoff: BackoffOptions;
  readonly #work: TaskWork<T>;
  readonly #resetOnSuccess: boolean;

  constructor(
    clock: PartClock,
    backoff: BackoffOptions,
    private readonly random: () => number,
    work: TaskWork<T>,
    /** Whether a success forgets past failures (a connection forgets them only once it has stayed up a while). */
    resetOnSuccess = true,
  ) {
    this.#clock = clock;
    this.#backoff = backoff;
    this.#work = work;
    this.#resetOnSuccess = resetOnSuccess;
  }

  get state(): TaskState {
    return this.#state;
  }

  get failures(): number {
    return this.#failures;
  }

  /** When the next attempt is due (undefined unless waiting). */
  get due(): number | undefined {
    return this.#state.kind === 'waiting' ? this.#state.at : undefined;
  }

  /** Starts an attempt now, unless one is in flight (a wait is cut short). */
  run(): void {
    if (this.#state.kind === 'running') return;
    // This attempt's state object: a report that finds another in its place (cancelled, or a newer attempt) is late.
    const attempt: { kind: 'running'; cancel: () => void } = { kind: 'running', cancel: noop };
    let settled = false;
    this.#state = attempt;
    const outcome: Outcome<T> = {
      value: (value) => {
        if (settled || this.#state !== attempt) return;
        settled = true;
        this.#state = IDLE;
        if (this.#resetOnSuccess) this.#failures = 0;
        this.#work.succeeded(value);
      },
      error: (error) => {
        if (settled || this.#state !== attempt) return;
        settled = true;
        this.#fail(error);
      },
    };
    try {
      const cancel = this.#work.attempt(outcome);
      if (this.#state === attempt) attempt.cancel = cancel;
      // Cancelled while it was starting (the owner stopped in a callback): it is stopped now.
      else if (!settled) cancel();
    } catch (error) {
      outcome.error(error);
    }
  }

  /** Makes the next attempt due at `at`, in place of any wait; nothing while one is in flight. */
  runAt(at: number): void {
    if (this.#state.kind === 'running') return;
    this.#state = { kind: 'waiting', at };
    this.#clock.at(at);
  }

  /** Runs the attempt that has come due. */
  tick(now: number): void {
    const state = this.#state;
    if (state.kind === 'waiting' && state.at <= now) this.run();
  }

  /** Stops: the attempt in flight is cancelled and a wait forgotten. The failure count stays. */
  cancel(): void {
    const state = this.#state;
    this.#state = IDLE;
    if (state.kind === 'running') state.cancel();
  }

  /** Forgets past failures: the next backoff starts from the base again. */
  reset(): void {
    this.#failures = 0;
  }

  /**
   * Counts a failure of work done outside an attempt (a connection lost after it was made) and retries as after a
   * failed attempt; nothing while an attempt is in flight.
   */
  fail(error: unknown): void {
    if (this.#state.kind === 'running') return;
    this.#fail(error);
  }

  #fail(error: unknown): void {
    this.#state = IDLE;
    this.#failures++;
    if (!this.#work.failed(error, this.#failures)) return;
    // The owner may have started or scheduled the task itself while hearing of the failure.
    if (this.#state.kind !== 'idle') return;
    const delayMs = exponentialBackoff(this.#failures - 1, this.#backoff, this.random);
    const at = this.#clock.now() + delayMs;
    this.#state = { kind: 'waiting', at };
    this.#clock.at(at);
    this.#work.scheduled?.(this.#failures, delayMs, at);
  }
}
