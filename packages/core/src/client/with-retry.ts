import type { SchedulerLike } from 'rxjs';
import type { ResponseMetadata } from '../model/errors.js';
import { exponentialBackoff } from '../session/backoff.js';
import type { Outcome } from './invoke.js';
import { isRetryable, isThrottling, type RetryOptions } from './retry-policy.js';

/**
 * Starts one attempt and returns what cancels it. It may throw (a request that fails validation): that is its
 * error. The outcome's callbacks must not throw.
 */
export type Attempt<T> = (outcome: Outcome<T>) => () => void;

/**
 * Runs `attempt` until it succeeds, fails with what retrying cannot fix, or `maxAttempts` is reached, waiting a
 * full-jitter backoff between attempts (from a longer base after throttling). The final error carries `attempts`
 * and `totalRetryDelay` in its `$metadata`, as a success does (when it bears one), as the AWS SDKs do. Returns what cancels the attempt or the wait in
 * progress (harmless once the outcome is known). A plain loop over the scheduler, with callbacks: browser bundles
 * carry no retry operator, and a call pays for no observables.
 */
export function withRetry<T>(attempt: Attempt<T>, options: RetryOptions, random: () => number, scheduler: SchedulerLike, outcome: Outcome<T>): () => void {
  let attempts = 0;
  let totalRetryDelay = 0;
  let cancel: (() => void) | undefined;
  const error = (e: unknown) => {
    if (attempts < options.maxAttempts && isRetryable(e)) {
      const base = isThrottling(e) ? options.throttlingBaseDelayMs : options.baseDelayMs;
      const wait = exponentialBackoff(attempts - 1, { baseDelayMs: base, maxDelayMs: options.maxDelayMs }, random);
      totalRetryDelay += wait;
      const timer = scheduler.schedule(run, wait);
      cancel = () => timer.unsubscribe();
      return;
    }
    stamp(e);
    outcome.error(e);
  };
  // Successes and final failures alike say how many attempts they took, as the AWS SDKs' `$metadata` does.
  const stamp = (result: unknown) => {
    if (result && typeof result === 'object' && '$metadata' in result) {
      const bearer = result as { $metadata: ResponseMetadata };
      bearer.$metadata = { ...bearer.$metadata, attempts, totalRetryDelay };
    }
  };
  const callbacks: Outcome<T> = {
    value: (value) => {
      stamp(value);
      outcome.value(value);
    },
    error,
  };
  function run() {
    attempts++;
    cancel = undefined;
    try {
      const stop = attempt(callbacks);
      // An attempt that failed before returning has left the wait for the next attempt in its place.
      cancel ??= stop;
    } catch (e) {
      error(e);
    }
  }
  run();
  return () => cancel?.();
}
