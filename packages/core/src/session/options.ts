import type { SchedulerLike } from 'rxjs';
import type { EndpointOptions } from '../client/endpoint.js';
import { RETRY_DEFAULTS, type RetryOptions } from '../client/retry-policy.js';
import type { ResumeStore } from '../resume/resume-store.js';
import type { Logger } from './session-logger.js';

/**
 * Where `messages$` starts:
 * - `'beginning'` (default): the whole chat, history first (read from the transcript once the socket is
 *   subscribed, so a greeting sent before it is included), then live items;
 * - `'now'`: items from the first subscription on;
 * - `{ after }`: items after this one (a cursor: the last item an earlier session delivered).
 */
export type StartFrom = 'beginning' | 'now' | { readonly after: { readonly Id?: string; readonly AbsoluteTime?: string } };

/** Options of a participant session. Durations end in `Ms`; every group merges over {@link SESSION_DEFAULTS}. */
export interface SessionOptions extends EndpointOptions {
  /**
   * The participant's token from StartChatContact (or CreateParticipant). Required, unless `resume` is given and its
   * store holds one (a reload resuming the chat it kept).
   */
  readonly participantToken?: string;
  /** Send `ConnectParticipant: true` with each CreateParticipantConnection (agents, message streaming). */
  readonly connectParticipant?: boolean;
  /**
   * The chat's ContactId (StartChatContact's). Items of other contacts are still delivered, but a `chat.ended` of
   * another contact does not end the session. Without it, the session knows its chat by the transcript's
   * InitialContactId once it has read it.
   */
  readonly contactId?: string;
  /** Where `messages$` starts (default `'beginning'`). */
  readonly start?: StartFrom;
  /** Where time comes from (default: the transport's scheduler; tests pass a TestScheduler). */
  readonly scheduler?: SchedulerLike;
  /** Where the session logs its lifecycle (the AWS SDK's logger shape; `console` fits), redacted. Default: none. */
  readonly logger?: Logger;
  readonly heartbeat?: Partial<HeartbeatOptions>;
  readonly reconnect?: Partial<ReconnectOptions>;
  readonly subscribe?: Partial<SubscribeOptions>;
  readonly grant?: Partial<GrantOptions>;
  readonly rotation?: Partial<RotationOptions>;
  readonly gapFill?: Partial<GapFillOptions>;
  /** Refresh the ConnectionToken this long before its Expiry, at most half its lifetime (default 60 s). */
  readonly tokenRefreshLeadMs?: number;
  /** A socket still connecting after this long is abandoned (default 10 s). */
  readonly connectTimeoutMs?: number;
  /** Frames larger than this many bytes are refused unparsed (default 256 KiB). */
  readonly maxFrameBytes?: number;
  /** Every HTTP request (grants, calls, transcript pages) is aborted after this long and counts as failed (default 10 s). */
  readonly requestTimeoutMs?: number;
  /**
   * A call made while no usable ConnectionToken is at hand (connecting, reconnecting, refreshing) waits this long
   * for one, then rejects with a retryable {@link ConnectionTokenTimeoutError} (default 30 s).
   */
  readonly tokenWaitMs?: number;
  /** `disconnect()` waits this long for the chat-ended item after DisconnectParticipant (default 5 min). */
  readonly disconnectTimeoutMs?: number;
  /** Retries of the session's calls (sendMessage …): throttling, server faults and network errors (3 attempts). */
  readonly retry?: Partial<RetryOptions>;
  /**
   * Keep what the session needs to resume in a store, and resume from what it holds: after a reload or a restart,
   * `messages$` goes on after the last item delivered (read from the transcript back to it only), and the sends not
   * yet made are sent. See {@link ResumeOptions}.
   */
  readonly resume?: ResumeOptions;
  readonly outbox?: Partial<OutboxOptions>;
}

export interface ResumeOptions {
  /** Where the record is kept: `webStorageStore()` (browsers), `fileStore(path)` (Node), or any {@link ResumeStore}. */
  readonly store: ResumeStore;
  /** The key of the record in the store (default `'connect-participant'`): one per chat an app keeps at once. */
  readonly key?: string;
  /**
   * Keep the ParticipantToken in the store (default true), so that a reload can resume without the app keeping
   * it. Whoever can read the store can join the chat with it until the chat ends: with `false` the app keeps the
   * token itself and passes `participantToken` each time.
   */
  readonly saveToken?: boolean;
}

export interface OutboxOptions {
  /** Sends the outbox holds at most, failed ones included; one more is refused with `OutboxFullError` (default 100). */
  readonly maxLength: number;
  /** A send not made this long after its call fails with `SendExpiredError` (default 1 h, reloads included). */
  readonly maxAgeMs: number;
}

export interface HeartbeatOptions {
  /** Send `aws/heartbeat` (and `aws/ping`) this often (default 10 s). */
  readonly intervalMs: number;
  /** No heartbeat reply this long after sending means the socket is dead (default 10 s: one missed beat). */
  readonly timeoutMs: number;
  /** Send the deep `aws/ping` with each heartbeat (default true). */
  readonly ping: boolean;
}

export interface ReconnectOptions {
  /** Full-jitter exponential backoff: attempt n waits random × min(maxDelayMs, baseDelayMs × 2^n). */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** The attempt counter resets only after a connection stayed up this long (anti-flap, default 5 s). */
  readonly minUptimeMs: number;
  /** Give up (`failed`) after this many failed attempts in a row (default: never). */
  readonly maxAttempts: number;
  /** Give up (`failed`) when an outage has lasted this long, offline time included (default: never). */
  readonly giveUpAfterMs: number;
}

export interface SubscribeOptions {
  /** Wait this long for the subscribe ack before sending it again (default 1 s). */
  readonly ackTimeoutMs: number;
  /** Unanswered subscribes before the socket counts as broken (default 3). */
  readonly maxUnanswered: number;
  /** After a failure ack, subscribe again after this long (default 500 ms). */
  readonly failureRetryMs: number;
  /** Failure acks before the socket counts as broken (default 5). */
  readonly maxFailures: number;
}

export interface GrantOptions {
  /** The service's connect window for a granted URL (default 100 s). */
  readonly connectWindowMs: number;
  /** A spare grant is opened only until this long before its window closes; later it is replaced (default 15 s). */
  readonly safetyMarginMs: number;
  /** At most one CreateParticipantConnection starts per this interval, whatever asks for it (default 1 s). */
  readonly minIntervalMs: number;
}

export interface RotationOptions {
  /** Rotate the socket this long before a ConnectionExpiry that is a socket lifetime (default 60 s). */
  readonly leadMs: number;
  /** ...or after it has been open this long, whichever comes first (default 59 min). */
  readonly maxSocketLifetimeMs: number;
  /** Never rotate a healthy socket sooner than this after it opened (default 5 min). */
  readonly minIntervalMs: number;
  /**
   * A ConnectionExpiry less than this after its grant is the URL's connect deadline, not the socket's lifetime:
   * such a socket is rotated after `maxSocketLifetimeMs` (default 5 min; see protocol.md §6.1).
   */
  readonly minLifetimeMs: number;
}

export interface GapFillOptions {
  /** Failed attempts before a gap fill gives up, delivers what it held back and reports the gap (default 5). */
  readonly maxAttempts: number;
  /** Transcript pages (of 100 items) one fill reads at most; older items are reported as a gap (default 100). */
  readonly maxPages: number;
  /** Live items held back while a fill runs; one more and the fill gives up (default 10,000). */
  readonly maxBufferedItems: number;
}

export const SESSION_DEFAULTS = {
  heartbeat: { intervalMs: 10_000, timeoutMs: 10_000, ping: true },
  reconnect: { baseDelayMs: 1_000, maxDelayMs: 30_000, minUptimeMs: 5_000, maxAttempts: Number.POSITIVE_INFINITY, giveUpAfterMs: Number.POSITIVE_INFINITY },
  subscribe: { ackTimeoutMs: 1_000, maxUnanswered: 3, failureRetryMs: 500, maxFailures: 5 },
  grant: { connectWindowMs: 100_000 /* ServiceTimings.connectWindowMs */, safetyMarginMs: 15_000, minIntervalMs: 1_000 },
  rotation: { leadMs: 60_000, maxSocketLifetimeMs: 3_540_000, minIntervalMs: 300_000, minLifetimeMs: 300_000 },
  gapFill: { maxAttempts: 5, maxPages: 100, maxBufferedItems: 10_000 },
  tokenRefreshLeadMs: 60_000,
  connectTimeoutMs: 10_000,
  maxFrameBytes: 262_144,
  requestTimeoutMs: 10_000,
  tokenWaitMs: 30_000,
  disconnectTimeoutMs: 300_000,
  retry: RETRY_DEFAULTS,
  outbox: { maxLength: 100, maxAgeMs: 3_600_000 },
} as const;

export interface ResolvedSessionOptions {
  readonly participantToken: string;
  readonly connectParticipant: boolean;
  readonly contactId: string | undefined;
  readonly start: StartFrom;
  readonly heartbeat: HeartbeatOptions;
  readonly reconnect: ReconnectOptions;
  readonly subscribe: SubscribeOptions;
  readonly grant: GrantOptions;
  readonly rotation: RotationOptions;
  readonly gapFill: GapFillOptions;
  readonly tokenRefreshLeadMs: number;
  readonly connectTimeoutMs: number;
  readonly maxFrameBytes: number;
  readonly requestTimeoutMs: number;
  readonly tokenWaitMs: number;
  readonly disconnectTimeoutMs: number;
  readonly retry: RetryOptions;
  readonly outbox: OutboxOptions;
  /** With `resume` and no `participantToken`: the empty string until the store's token is read. */
  readonly resume: ResumeOptions | undefined;
}
