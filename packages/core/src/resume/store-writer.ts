import type { SchedulerLike } from 'rxjs';
import { MAX_DELAY_MS } from '../session/alarm.js';
import type { ResumeStore } from './resume-store.js';

/**
 * A store's read or write did not answer within the time allowed (the session's `requestTimeoutMs`). A read is
 * then given up (the session starts from what the app passed); a write is still waited for, reported once, as the
 * writes after it must not overtake it.
 */
export class StoreTimeoutError extends Error {
  override readonly name = 'StoreTimeoutError';
  constructor(
    readonly operation: 'read' | 'write',
    readonly timeoutMs: number,
  ) {
    super(`the resume store's ${operation} did not answer within ${timeoutMs} ms`);
  }
}

type Pending = { readonly kind: 'set'; readonly value: unknown } | { readonly kind: 'delete' };

const isThenable = (v: unknown): v is PromiseLike<unknown> => typeof (v as PromiseLike<unknown> | undefined)?.then === 'function';

/**
 * One key of a store, read once and written often: writes are made one at a time, and those asked for while one is
 * in flight collapse into the latest, so a slow store (a file) sees the last state and never an older one after a
 * newer. A store that throws or rejects is reported and the session carries on: what it holds is then stale.
 */
export class StoreWriter {
  #pending: Pending | undefined;
  #busy = false;

  constructor(
    readonly store: ResumeStore,
    readonly key: string,
    readonly failed: (error: unknown) => void,
    /** Where a store that does not answer is timed out (none: waited for). */
    readonly timer?: { readonly scheduler: SchedulerLike; readonly timeoutMs: number },
  ) {}

  /** Reports a store call that has not answered after the time allowed; returns what stops the watch. */
  #watch(operation: 'read' | 'write', late: () => void): () => void {
    const timer = this.timer;
    // No limit, or one longer than a platform timer takes (which would fire at once): waited for.
    if (!timer || !(timer.timeoutMs > 0 && timer.timeoutMs <= MAX_DELAY_MS)) return () => undefined;
    const action = timer.scheduler.schedule(() => {
      this.failed(new StoreTimeoutError(operation, timer.timeoutMs));
      late();
    }, timer.timeoutMs);
    return () => action.unsubscribe();
  }

  /**
   * Reads the value (at once when the store answers at once). A read that fails, or does not answer in the time
   * allowed, is reported and reads as nothing, with `ok` false.
   */
  read(done: (value: unknown, ok: boolean) => void): void {
    let value: unknown;
    try {
      value = this.store.get(this.key);
    } catch (error) {
      this.failed(error);
      return done(undefined, false);
    }
    if (!isThenable(value)) return done(value, true);
    let answered = false;
    const answer = (v: unknown, ok: boolean) => {
      if (answered) return;
      answered = true;
      stop();
      done(v, ok);
    };
    // A read that never answers would keep the session from ever starting: past the time allowed it reads as nothing.
    const stop = this.#watch('read', () => answer(undefined, false));
    value.then(
      (v) => answer(v, true),
      (error: unknown) => {
        if (!answered) this.failed(error);
        answer(undefined, false);
      },
    );
  }

  write(value: unknown): void {
    this.#pending = { kind: 'set', value };
    this.#flush();
  }

  delete(): void {
    this.#pending = { kind: 'delete' };
    this.#flush();
  }

  #flush(): void {
    while (!this.#busy && this.#pending) {
      const next = this.#pending;
      this.#pending = undefined;
      let result: unknown;
      try {
        result = next.kind === 'set' ? this.store.set(this.key, next.value) : this.store.delete(this.key);
      } catch (error) {
        this.failed(error);
        continue;
      }
      if (!isThenable(result)) continue;
      this.#busy = true;
      const stop = this.#watch('write', () => undefined);
      const done = () => {
        stop();
        this.#busy = false;
        this.#flush();
      };
      result.then(done, (error: unknown) => {
        this.failed(error);
        done();
      });
    }
  }
}
