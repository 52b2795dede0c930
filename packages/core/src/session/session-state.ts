import type { FrameDecodeError } from '../codec/frame/frames.js';

/** The session's status: one tagged union, documented. */
export type SessionStatus = 'connecting' | 'connected' | 'reconnecting' | 'ended' | 'failed' | 'closed';

/**
 * - `connecting`: the first connection is being made.
 * - `connected`: a socket is open and subscribed.
 * - `reconnecting`: the connection was lost; an attempt is scheduled or under way (see `connection$`).
 * - `ended`: the chat ended (a chat-ended item, or 403 when reconnecting). Terminal.
 * - `failed`: a failure that retrying cannot fix (a bad ParticipantToken, a 400). Terminal; carries the error.
 * - `closed`: `close()` was called. Terminal.
 */
export type SessionState =
  | { readonly status: 'connecting' }
  | { readonly status: 'connected' }
  | { readonly status: 'reconnecting' }
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
  | { readonly type: 'history-failed'; readonly error: Error }
  | { readonly type: 'token-refreshed'; readonly tokenExpiry: number };
