import type { FrameDecodeError } from '../codec/frame/frames.js';

/** The session's status: one tagged union, documented. */
export type SessionStatus = 'connecting' | 'connected' | 'reconnecting' | 'ended' | 'failed' | 'closed';

/**
 * Where (re)connecting stands: failed attempts in a row so far, the last failure, and when the next attempt is due
 * (scheduler time), or that it waits for the network. Absent members: not applicable (an attempt is under way).
 */
export interface RetryProgress {
  readonly attempt: number;
  readonly lastError?: Error;
  readonly nextAttemptAt?: number;
  readonly waitingForNetwork?: true;
}

/**
 * - `connecting`: the first connection is being made; with its {@link RetryProgress}.
 * - `connected`: a socket is open and subscribed.
 * - `reconnecting`: the connection was lost; an attempt is under way, scheduled, or waiting for the network.
 * - `ended`: the chat ended (its chat-ended item, or 403 when reconnecting). Terminal.
 * - `failed`: a failure that retrying cannot fix (a bad ParticipantToken, a 400), or the give-up policy met
 *   (`RetryLimitReachedError`). Terminal; carries the error.
 * - `closed`: `close()` was called. Terminal.
 *
 * `state$` never emits the same state twice in a row, nor `connected` twice in a row; `connecting` and
 * `reconnecting` are emitted again as their progress changes (an attempt fails, is scheduled, starts).
 */
export type SessionState =
  | ({ readonly status: 'connecting' } & RetryProgress)
  | { readonly status: 'connected' }
  | ({ readonly status: 'reconnecting' } & RetryProgress)
  | { readonly status: 'ended'; readonly reason: 'chat-ended' | 'access-denied' }
  | { readonly status: 'failed'; readonly error: Error }
  | { readonly status: 'closed' };

export const isTerminal = (status: SessionStatus): boolean => status === 'ended' || status === 'failed' || status === 'closed';

/** Lifecycle events, for logs and metrics (`connection$`). Times are the scheduler's. */
export type ConnectionEvent =
  | { readonly type: 'grant-requested'; readonly purpose: 'connect' | 'rotate' | 'refresh-token' }
  | { readonly type: 'granted'; readonly connectionExpiry: number; readonly tokenExpiry: number; readonly skewMs: number }
  | { readonly type: 'grant-failed'; readonly error: Error }
  | { readonly type: 'opened'; readonly rotation: boolean }
  | { readonly type: 'subscribed'; readonly rotation: boolean }
  | { readonly type: 'rotation-scheduled'; readonly at: number }
  | { readonly type: 'rotated' }
  | { readonly type: 'heartbeat-missed' }
  | { readonly type: 'ping-failed'; readonly statusCode: number | undefined }
  | { readonly type: 'gateway-error'; readonly message: string }
  | { readonly type: 'frame-error'; readonly error: FrameDecodeError }
  | { readonly type: 'lost'; readonly error: Error }
  | { readonly type: 'reconnect-scheduled'; readonly attempt: number; readonly delayMs: number }
  | { readonly type: 'waiting-for-network' }
  | { readonly type: 'gap-filled'; readonly count: number }
  | { readonly type: 'gap-fill-failed'; readonly error: Error }
  /** The gap could not be (wholly) filled: `failed` reads, `buffer-full` (too many live items held back), `max-pages`. */
  | { readonly type: 'gap-abandoned'; readonly reason: 'failed' | 'buffer-full' | 'max-pages'; readonly error?: Error }
  /** The chat's history was read (`start` other than `'now'`), `count` items of it new. */
  | { readonly type: 'history-read'; readonly count: number }
  | { readonly type: 'history-failed'; readonly error: Error }
  /** A transcript item that was not an object was left out: where, and what was expected there. */
  | { readonly type: 'item-skipped'; readonly path: string; readonly expected: string }
  /**
   * An item was delivered without one of its members, whose value was not of the type the service's model gives
   * it: the item's Id (when readable), the member's path, and what was expected there.
   */
  | { readonly type: 'item-member-dropped'; readonly itemId: string | undefined; readonly path: string; readonly expected: string }
  /** The first item of another contact (delivered all the same; its chat-ended does not end this session). */
  | { readonly type: 'other-contact'; readonly contactId: string }
  | { readonly type: 'rotation-failed'; readonly error: Error }
  | { readonly type: 'token-refreshed'; readonly tokenExpiry: number }
  /** A send failed for good (a fatal answer, or `outbox.maxAgeMs`): the app may retry or discard it. */
  | { readonly type: 'send-failed'; readonly clientToken: string; readonly error: Error }
  /** A send was refused: the outbox held `outbox.maxLength` sends. */
  | { readonly type: 'outbox-full'; readonly maxLength: number }
  /** The resume store failed to read or write (a full quota, a disk error): the session carries on from memory. */
  | { readonly type: 'store-failed'; readonly error: Error };
