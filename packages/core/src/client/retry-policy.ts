import { classifyFailure } from '../session/failure-policy.js';
import type { ParticipantServiceException } from '../model/errors.js';

/** How one-shot calls are retried. */
export interface RetryOptions {
  /** Attempts in all, the first included (default 3, as the AWS SDKs; 1 turns retries off). */
  readonly maxAttempts: number;
  /** Full-jitter backoff base for server faults and network errors (default 100 ms). */
  readonly baseDelayMs: number;
  /** Base when the service throttled (default 500 ms). */
  readonly throttlingBaseDelayMs: number;
  /** Cap of any one wait (default 20 s). */
  readonly maxDelayMs: number;
}

export const RETRY_DEFAULTS: RetryOptions = { maxAttempts: 3, baseDelayMs: 100, throttlingBaseDelayMs: 500, maxDelayMs: 20_000 };

/** Whether a failed attempt is worth another: the same table the session uses (network, 429, 5xx). */
export const isRetryable = (error: unknown): boolean => classifyFailure(error, false) === 'retry';

/** Whether the failure was throttling, which backs off from a longer base. */
export const isThrottling = (error: unknown): boolean =>
  (error as Partial<ParticipantServiceException> | undefined)?.$retryable?.throttling === true;
