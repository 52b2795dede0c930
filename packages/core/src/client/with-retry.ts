import { Observable, type SchedulerLike, type Subscription } from 'rxjs';
import type { ResponseMetadata } from '../model/errors.js';
import { exponentialBackoff } from '../session/backoff.js';
import { isRetryable, isThrottling, type RetryOptions } from './retry-policy.js';

/**
 * Runs `attempt` until it succeeds, fails with what retrying cannot fix, or `maxAttempts` is reached, waiting a
 * full-jitter backoff between attempts (from a longer base after throttling). The final error carries `attempts`
 * and `totalRetryDelay` in its `$metadata`, as the AWS SDKs do. Written as a plain loop over the scheduler, so
 * browser bundles carry no retry operator.
 */
export function withRetry<T>(attempt: () => Observable<T>, options: RetryOptions, random: () => number, scheduler: SchedulerLike): Observable<T> {
  return new Observable<T>((subscriber) => {
    let attempts = 0;
    let totalRetryDelay = 0;
    let current: Subscription | undefined;
    const run = () => {
      attempts++;
      current = attempt().subscribe({
        next: (v) => subscriber.next(v),
        complete: () => subscriber.complete(),
        error: (error: unknown) => {
          if (attempts < options.maxAttempts && isRetryable(error)) {
            const base = isThrottling(error) ? options.throttlingBaseDelayMs : options.baseDelayMs;
            const wait = exponentialBackoff(attempts - 1, { baseDelayMs: base, maxDelayMs: options.maxDelayMs }, random);
            totalRetryDelay += wait;
            current = scheduler.schedule(run, wait);
            return;
          }
          if (error && typeof error === 'object' && '$metadata' in error) {
            const e = error as { $metadata: ResponseMetadata };
            e.$metadata = { ...e.$metadata, attempts, totalRetryDelay };
          }
          subscriber.error(error);
        },
      });
    };
    run();
    return () => current?.unsubscribe();
  });
}
