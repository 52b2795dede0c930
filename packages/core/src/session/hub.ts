import { Observable, type Subscriber } from 'rxjs';

const NONE: unique symbol = Symbol('none');

/**
 * A minimal multicast source for the session's streams: `next` to every subscriber, optionally replaying the
 * latest value to new ones (also after completion, so a late subscriber to `state$` still sees the terminal
 * state), and `complete` once. rxjs's Subject does this and more; it alone was a sixth of a chat page's bundle,
 * which is why the session uses this instead.
 *
 * A hub is its own observable, and keeps nothing but a value and an observer list that exists only while someone
 * listens: a session holds several, and ten thousand sessions in one process each pay for them.
 */
export class Hub<T> extends Observable<T> {
  /** Replaced, never mutated, on (un)subscribe, so that `next` iterates a stable list and allocates nothing. */
  #observers: readonly Subscriber<T>[] | undefined;
  #done = false;
  #latest: T | typeof NONE;
  readonly #replay: boolean;

  /** A replaying hub gives the latest value (the initial one, if given, until the first `next`) to each new subscriber. */
  constructor(replay: boolean, ...initial: [] | [T]) {
    super();
    this.#replay = replay;
    this.#latest = initial.length > 0 ? (initial[0] as T) : NONE;
  }

  /** The latest value of a replaying hub. */
  get value(): T {
    return this.#latest as T;
  }

  next(value: T): void {
    if (this.#done) return;
    if (this.#replay) this.#latest = value;
    const observers = this.#observers;
    // An index loop: `next` runs per item, often before the JIT has warmed up, where for-of costs an iterator.
    if (observers) for (let i = 0; i < observers.length; i++) (observers[i] as Subscriber<T>).next(value);
  }

  complete(): void {
    if (this.#done) return;
    this.#done = true;
    const observers = this.#observers;
    this.#observers = undefined;
    if (observers) for (const o of observers) o.complete();
  }

  // Observable's subscribe calls `_subscribe` (as rxjs's own Subject does); overriding it spares every hub a closure.
  /** @internal */
  protected _subscribe(subscriber: Subscriber<T>): () => void {
    if (this.#latest !== NONE) subscriber.next(this.#latest);
    if (this.#done) {
      subscriber.complete();
      return () => undefined;
    }
    this.#observers = this.#observers ? [...this.#observers, subscriber] : [subscriber];
    return () => {
      const observers = this.#observers;
      if (!observers) return;
      const rest = observers.filter((o) => o !== subscriber);
      this.#observers = rest.length > 0 ? rest : undefined;
    };
  }
}
