import type { Observable, Unsubscribable } from 'rxjs';

/** What `useSyncExternalStore` reads: a subscribe function and the current value. */
export interface ObservableStore<T> {
  readonly subscribe: (onChange: () => void) => () => void;
  readonly getSnapshot: () => T;
}

/**
 * An observable's latest value as a store for `useSyncExternalStore`. One subscription to the source, made when the
 * first component subscribes and ended when the last one leaves; each value the source emits becomes the snapshot
 * (the session's streams emit a new object per change, so its identity tells React that something changed).
 *
 * Before anyone has subscribed, the first `getSnapshot` peeks: it subscribes and unsubscribes at once, which gives
 * the value a replaying source holds (`state$`, `conversation$`, `participants$` replay their latest), so that the
 * first render shows the session as it is rather than an empty view followed at once by the real one. The snapshot
 * is kept between calls, as React requires (a new value per call would render forever).
 */
export function observableStore<T>(source: Observable<T>, initial: T): ObservableStore<T> {
  let value = initial;
  let peeked = false;
  let subscription: Unsubscribable | undefined;
  const listeners = new Set<() => void>();
  const update = (next: T) => {
    value = next;
    for (const listener of listeners) listener();
  };
  return {
    subscribe(onChange) {
      listeners.add(onChange);
      // An error keeps the last value: the session's streams never error, and a view should not throw in render.
      subscription ??= source.subscribe({ next: update, error: () => undefined });
      return () => {
        listeners.delete(onChange);
        if (listeners.size > 0) return;
        subscription?.unsubscribe();
        subscription = undefined;
      };
    },
    getSnapshot() {
      if (subscription === undefined && !peeked) {
        peeked = true;
        source.subscribe({ next: (v) => (value = v), error: () => undefined }).unsubscribe();
      }
      return value;
    },
  };
}

/** A store that always holds one value: what the hooks read while there is no session (server rendering, or before the owning effect ran). */
export function constantStore<T>(value: T): ObservableStore<T> {
  return { subscribe: () => () => undefined, getSnapshot: () => value };
}
