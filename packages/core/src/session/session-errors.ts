import type { RetryableTrait } from '../model/errors.js';

/** A call was made on (or outlived) a session that is over. */
export class SessionClosedError extends Error {
  override readonly name = 'SessionClosedError';
  constructor(readonly status: string) {
    super(`the session is ${status}; start a new session to make calls`);
  }
}

/**
 * A call waited `tokenWaitMs` for a usable ConnectionToken (the session was connecting, reconnecting or refreshing
 * it) and none came. Retryable: the same call may succeed once the session is connected again.
 */
export class ConnectionTokenTimeoutError extends Error {
  override readonly name = 'ConnectionTokenTimeoutError';
  readonly $retryable: RetryableTrait = { throttling: false };
  constructor(
    /** How long the call waited, in milliseconds. */
    readonly waitedMs: number,
    /** The session's status when the wait ran out. */
    readonly status: string,
  ) {
    super(`no usable ConnectionToken within ${waitedMs} ms (the session is ${status}); the call was not sent and may be retried`);
  }
}

/**
 * The session gave up (re)connecting: `reconnect.maxAttempts` attempts failed in a row, or an outage lasted
 * `reconnect.giveUpAfterMs`. The last failure is its `cause`.
 */
export class RetryLimitReachedError extends Error {
  override readonly name = 'RetryLimitReachedError';
  constructor(
    readonly attempts: number,
    readonly elapsedMs: number,
    cause: unknown,
  ) {
    super(`gave up connecting after ${attempts} failed attempts over ${Math.round(elapsedMs)} ms`, cause === undefined ? undefined : { cause });
  }
}

/** A send was refused because the outbox holds `outbox.maxLength` sends (retry or discard failed ones). */
export class OutboxFullError extends Error {
  override readonly name = 'OutboxFullError';
  constructor(readonly maxLength: number) {
    super(`the outbox holds ${maxLength} sends, its limit (outbox.maxLength); retry or discard failed ones`);
  }
}

/** A send waited `outbox.maxAgeMs` for a connection (or kept failing) and was given up; it may be retried. */
export class SendExpiredError extends Error {
  override readonly name = 'SendExpiredError';
  constructor(
    readonly maxAgeMs: number,
    /** Attempts made before it was given up. */
    readonly attempts: number,
  ) {
    super(`the send was not made within ${maxAgeMs} ms (outbox.maxAgeMs) after ${attempts} attempts`);
  }
}
