import { Observable, type Observer, type Subscription } from 'rxjs';

interface Flight<T> {
  readonly observers: Set<Observer<T>>;
  subscription: Subscription | undefined;
}

/**
 * Shares one run of a source among everyone who asks while it is in flight: the first caller starts it, later
 * callers join, the last one to leave cancels it, and the next caller after it settles starts anew. (What
 * `share()` does, written out so that a browser bundle carries no operator machinery.) Each value is passed through
 * `project` first; a throw there is the flight's error.
 */
export function singleFlight<S, T>(start: () => Observable<S>, project: (value: S) => T): () => Observable<T> {
  let flight: Flight<T> | undefined;
  return () =>
    new Observable<T>((subscriber) => {
      let joined = flight;
      if (!joined) {
        const current: Flight<T> = { observers: new Set([subscriber]), subscription: undefined };
        flight = joined = current;
        const settle = (notify: (o: Observer<T>) => void) => {
          if (flight === current) flight = undefined;
          for (const o of [...current.observers]) notify(o);
        };
        current.subscription = start().subscribe({
          next: (v) => {
            let value: T;
            try {
              value = project(v);
            } catch (e) {
              return settle((o) => o.error(e));
            }
            for (const o of [...current.observers]) o.next(value);
          },
          error: (e: unknown) => settle((o) => o.error(e)),
          complete: () => settle((o) => o.complete()),
        });
      } else {
        joined.observers.add(subscriber);
      }
      const mine = joined;
      return () => {
        mine.observers.delete(subscriber);
        if (mine.observers.size === 0) {
          mine.subscription?.unsubscribe();
          if (flight === mine) flight = undefined;
        }
      };
    });
}
