import { Observable, type Subscribable } from 'rxjs';

/**
 * Whether the network is up, as an app can tell it:
 * - an observable (or any subscribable) of booleans;
 * - a listener registration, `(set) => unsubscribe`: called once with a `set(online)` to call on each change
 *   (React Native: `(set) => NetInfo.addEventListener((s) => set(s.isConnected !== false))`; the shape of
 *   TanStack Query's `onlineManager.setEventListener` too);
 * - a check, `() => boolean | Promise<boolean>`, called every {@link NETWORK_POLL_MS}
 *   (`() => NetInfo.fetch().then((s) => s.isConnected !== false)`).
 *
 * A function is told apart by what it returns when first called with `set`: a function (the unsubscribe) or
 * nothing makes it a registration; a boolean or a promise makes it a check.
 */
export type NetworkSignal = Subscribable<boolean> | NetworkListenerRegistration | (() => boolean | Promise<boolean>);

/** Registers `set` to be called with each change of the network's state; returns what unregisters it. */
export type NetworkListenerRegistration = (set: (online: boolean) => void) => (() => void) | void;

/** How often a check is polled (default 2 s). */
export const NETWORK_POLL_MS = 2_000;

/** A function signal: a registration (pushes changes) or a check (polled); a check that fails counts as online. */
const fromFunction = (signal: NetworkListenerRegistration | (() => boolean | Promise<boolean>), pollMs: number) =>
  new Observable<boolean>((subscriber) => {
    let stopped = false;
    const report = (answer: unknown) =>
      void Promise.resolve(answer)
        .then(Boolean, () => true)
        .then((online) => {
          if (!stopped) subscriber.next(online);
        });
    const set = (online: boolean) => {
      if (!stopped) subscriber.next(Boolean(online));
    };
    let first: unknown;
    try {
      first = (signal as NetworkListenerRegistration)(set);
    } catch (error) {
      first = Promise.reject(error);
    }
    if (first === undefined || typeof first === 'function') {
      return () => {
        stopped = true;
        if (typeof first === 'function') (first as () => void)();
      };
    }
    report(first);
    const check = () => {
      try {
        report((signal as () => boolean | Promise<boolean>)());
      } catch (error) {
        report(Promise.reject(error));
      }
    };
    const timer = setInterval(check, pollMs);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  });

/** Turns a signal of any form into an observable of distinct booleans. */
export function networkStatus$(signal: NetworkSignal, pollMs = NETWORK_POLL_MS): Observable<boolean> {
  const source =
    typeof signal === 'function'
      ? fromFunction(signal, pollMs)
      : new Observable<boolean>((subscriber) => {
          const subscription = signal.subscribe(subscriber);
          return () => subscription.unsubscribe();
        });
  // Distinct values only, written out rather than an operator to keep browser bundles lean.
  return new Observable<boolean>((subscriber) => {
    let last: boolean | undefined;
    const subscription = source.subscribe({
      next: (online) => online !== last && subscriber.next((last = online)),
      error: (e: unknown) => subscriber.error(e),
      complete: () => subscriber.complete(),
    });
    return () => subscription.unsubscribe();
  });
}
