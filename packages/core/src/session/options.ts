import type { SchedulerLike } from 'rxjs';
import type { EndpointOptions } from '../client/endpoint.js';
import { RETRY_DEFAULTS, type RetryOptions } from '../client/retry-policy.js';

/** Options of a participant session. Durations end in `Ms`; every group merges over {@link SESSION_DEFAULTS}. */
export interface SessionOptions extends EndpointOptions {
  /** The participant's token from StartChatContact (or CreateParticipant). */
  readonly participantToken: string;
  /** Send `ConnectParticipant: true` with each CreateParticipantConnection (agents, message streaming). */
  readonly connectParticipant?: boolean;
  /** Where time comes from (default: the transport's scheduler; tests pass a TestScheduler). */
  readonly scheduler?: SchedulerLike;
  readonly heartbeat?: Partial<HeartbeatOptions>;
  readonly reconnect?: Partial<ReconnectOptions>;
  readonly subscribe?: Partial<SubscribeOptions>;
  readonly grant?: Partial<GrantOptions>;
  readonly rotation?: Partial<RotationOptions>;
  /** Refresh the ConnectionToken this long before its Expiry (default 60 s). */
  readonly tokenRefreshLeadMs?: number;
  /** A socket still connecting after this long is abandoned (default 10 s). */
  readonly connectTimeoutMs?: number;
  /** Frames larger than this many bytes are refused unparsed (default 256 KiB). */
  readonly maxFrameBytes?: number;
  /** Retries of the session's calls (sendMessage …): throttling, server faults and network errors (3 attempts). */
  readonly retry?: Partial<RetryOptions>;
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
  /** A grant is used only until this long before its window closes; later it is replaced (default 15 s). */
  readonly safetyMarginMs: number;
}

export interface RotationOptions {
  /** Rotate the socket this long before its ConnectionExpiry (default 60 s). */
  readonly leadMs: number;
  /** ...or after it has been open this long, whichever comes first (default 59 min). */
  readonly maxSocketLifetimeMs: number;
}

export const SESSION_DEFAULTS = {
  heartbeat: { intervalMs: 10_000, timeoutMs: 10_000, ping: true },
  reconnect: { baseDelayMs: 1_000, maxDelayMs: 30_000, minUptimeMs: 5_000 },
  subscribe: { ackTimeoutMs: 1_000, maxUnanswered: 3, failureRetryMs: 500, maxFailures: 5 },
  grant: { connectWindowMs: 100_000 /* ServiceTimings.connectWindowMs */, safetyMarginMs: 15_000 },
  rotation: { leadMs: 60_000, maxSocketLifetimeMs: 3_540_000 },
  tokenRefreshLeadMs: 60_000,
  connectTimeoutMs: 10_000,
  maxFrameBytes: 262_144,
  retry: RETRY_DEFAULTS,
} as const;

export interface ResolvedSessionOptions {
  readonly participantToken: string;
  readonly connectParticipant: boolean;
  readonly heartbeat: HeartbeatOptions;
  readonly reconnect: ReconnectOptions;
  readonly subscribe: SubscribeOptions;
  readonly grant: GrantOptions;
  readonly rotation: RotationOptions;
  readonly tokenRefreshLeadMs: number;
  readonly connectTimeoutMs: number;
  readonly maxFrameBytes: number;
  readonly retry: RetryOptions;
}
