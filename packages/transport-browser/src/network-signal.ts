import { Observable, type Subscribable } from 'rxjs';

/**
 * Whether the network is up, as an app can tell it: an observable (or any subscribable) of booleans, or a check
 * called periodically that returns a boolean or a promise of one (React Native's NetInfo.fetch, for example).
 */
export type NetworkSignal = Subscribable<boolean> | (() => boolean | Promise<boolean>);

/** How often a function signal is polled (default 2 s). */
export const NETWORK_POLL_MS = 2_000;

/** Turns a signal of any form into an observable of distinct booleans; a check that fails counts as online. */
export function networkStatus$(signal: NetworkSignal, pollMs = NETWORK_POLL_MS): Observable<boolean> {
  const source =
    typeof signal === 'function'
      ? new Observable<boolean>((subscriber) => {
          let stopped = false;
          const check = () =>
            void Promise.resolve()
              .then(signal)
              .then(Boolean, () => true)
              .then((online) => {
                if (!stopped) subscriber.next(online);
              });
          check();
          const timer = setInterval(check, pollMs);
          return () => {
            stopped = true;
            clearInterval(timer);
          };
        })
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
