import type { ResumeStore } from './resume-store.js';

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
  ) {}

  /** Reads the value (at once when the store answers at once); a failed read reads as nothing, reported. */
  read(done: (value: unknown) => void): void {
    let value: unknown;
    try {
      value = this.store.get(this.key);
    } catch (error) {
      this.failed(error);
      return done(undefined);
    }
    if (!isThenable(value)) return done(value);
    value.then(done, (error: unknown) => {
      this.failed(error);
      done(undefined);
    });
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
      const done = () => {
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
