import { Observable, type Subscriber } from 'rxjs';

/**
 * A minimal multicast source for the session's streams: `next` to every subscriber, optionally replaying the
 * latest value to new ones (also after completion, so a late subscriber to `state$` still sees the terminal
 * state), and `complete` once. rxjs's Subject does this and more; it alone was a sixth of a chat page's bundle,
 * which is why the session uses this instead.
 */
export class Hub<T> {
  readonly #observers = new Set<Subscriber<T>>();
  /** A snapshot of the observers, rebuilt only when they change, so that `next` allocates nothing. */
  #snapshot: Subscriber<T>[] = [];
  #done = false;
  #latest: { value: T } | undefined;
  readonly #replay: boolean;

  /** With an initial value, the hub replays the latest value to each new subscriber. */
  constructor(...initial: [] | [T]) {
    this.#replay = initial.length > 0;
    if (initial.length > 0) this.#latest = { value: initial[0] as T };
  }

  /** The latest value of a replaying hub. */
  get value(): T {
    return (this.#latest as { value: T }).value;
  }

  next(value: T): void {
    if (this.#done) return;
    if (this.#replay) this.#latest = { value };
    for (const o of this.#snapshot) o.next(value);
  }

  complete(): void {
    if (this.#done) return;
    this.#done = true;
    for (const o of this.#snapshot) o.complete();
    this.#observers.clear();
    this.#snapshot = [];
  }

  readonly observable: Observable<T> = new Observable<T>((subscriber) => {
    if (this.#latest) subscriber.next(this.#latest.value);
    if (this.#done) return subscriber.complete();
    this.#observers.add(subscriber);
    this.#snapshot = [...this.#observers];
    return () => {
      if (this.#observers.delete(subscriber)) this.#snapshot = [...this.#observers];
    };
  });
}
