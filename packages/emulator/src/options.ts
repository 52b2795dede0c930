import { Limits, ServiceTimings } from '@connect-participant/core';

/** Per-token request rate limit: a token bucket refilled at `ratePerSecond`, holding at most `burst`. */
export interface ThrottleOptions {
  readonly ratePerSecond: number;
  readonly burst: number;
}

/**
 * What a websocket grant's `ConnectionExpiry` means. The sources leave it open (protocol.md §6.1), so the emulator
 * plays either reading:
 * - `'connect-deadline'`: the URL's connect deadline, grant + `connectWindowMs` (about 100 s), as the service's
 *   documentation reads. An opened socket lives on for its own lifetime, `websocketLifetimeMs` from its opening.
 * - `'socket-lifetime'`: the socket's end, grant + `websocketLifetimeMs`; the socket is closed then.
 *
 * Under either, a URL not opened within `connectWindowMs` of its grant is refused.
 */
export type ConnectionExpiryMeaning = 'connect-deadline' | 'socket-lifetime';

export const CONNECTION_EXPIRY_MEANINGS: readonly ConnectionExpiryMeaning[] = ['connect-deadline', 'socket-lifetime'];

/** How the emulator behaves. Every duration defaults to the real service's. */
export interface EmulatorOptions {
  /** Port to listen on; 0 picks a free one (default 0). */
  readonly port?: number;
  /** Interface to bind (default 127.0.0.1). */
  readonly host?: string;
  /**
   * A granted websocket URL must be opened within this window (default 100 s). Under
   * `connectionExpiry: 'connect-deadline'` the grant's `ConnectionExpiry` is the end of this window.
   */
  readonly connectWindowMs?: number;
  /**
   * How long a websocket lives before the emulator closes it with `expiryCloseCode` (default 60 min, the lifetime
   * the official chat library's 59 min rotation suggests). Counted from the socket's opening under
   * `connectionExpiry: 'connect-deadline'`; from its grant, and reported as `ConnectionExpiry`, under
   * `'socket-lifetime'`.
   */
  readonly websocketLifetimeMs?: number;
  /**
   * What `Websocket.ConnectionExpiry` means ({@link ConnectionExpiryMeaning}): `'connect-deadline'` (default: the
   * documented reading, and the one hardest on clients: one that rotates 60 s before `ConnectionExpiry` would open a
   * new socket every 40 s or so) or `'socket-lifetime'`. A contact can override it
   * (`startChatContact({ connectionExpiry })`).
   */
  readonly connectionExpiry?: ConnectionExpiryMeaning;
  /** A ConnectionToken's `Expiry` after its grant (default 24 h). */
  readonly connectionTokenLifetimeMs?: number;
  /** A socket that sends no frame for this long is closed, as API Gateway's idle timeout does (default 10 min). */
  readonly idleTimeoutMs?: number;
  /**
   * After StartChatContact, CreateParticipantConnection must be called within this time or the chat ends
   * (default 5 min; 0 turns it off).
   */
  readonly firstConnectionDeadlineMs?: number;
  /** GetAuthenticationUrl is callable this long after `authentication.initiated` (default 60 s). */
  readonly authenticationWindowMs?: number;
  /** Per-token rate limit of the participant API, or false for none (default 20/s, burst 40). */
  readonly throttle?: ThrottleOptions | false;
  /** SendMessage content limit for every content type (default 16,384), and per-type overrides. */
  readonly maxMessageLength?: number;
  readonly maxMessageLengthByContentType?: Readonly<Record<string, number>>;
  /** Largest attachment accepted (default 20 MiB). */
  readonly maxAttachmentBytes?: number;
  /** Attachments per contact before ServiceQuotaExceededException (default 100). */
  readonly maxAttachmentsPerContact?: number;
  /** Largest request body accepted on the participant API (default 256 KiB). */
  readonly maxRequestBytes?: number;
  /** Largest websocket frame accepted from a client (default 128 KiB, API Gateway's message limit). */
  readonly maxFrameBytes?: number;
  /** Close code sent when a socket reaches the end of its lifetime (`websocketLifetimeMs`; default 1001, going away). */
  readonly expiryCloseCode?: number;
  /** Called with one line per notable event (requests, sockets, faults); tokens are never passed to it. */
  readonly log?: (line: string) => void;
}

export type ResolvedOptions = Required<Omit<EmulatorOptions, 'throttle' | 'log'>> & {
  readonly throttle: ThrottleOptions | false;
  readonly log: ((line: string) => void) | undefined;
};

export const DEFAULT_OPTIONS = {
  port: 0,
  host: '127.0.0.1',
  connectWindowMs: ServiceTimings.connectWindowMs,
  websocketLifetimeMs: 3_600_000,
  connectionExpiry: 'connect-deadline',
  connectionTokenLifetimeMs: ServiceTimings.connectionTokenLifetimeMs,
  idleTimeoutMs: 600_000,
  firstConnectionDeadlineMs: ServiceTimings.firstConnectionDeadlineMs,
  authenticationWindowMs: 60_000,
  throttle: { ratePerSecond: 20, burst: 40 },
  maxMessageLength: Limits.chatContentLength.max,
  maxMessageLengthByContentType: {},
  maxAttachmentBytes: Limits.attachmentSizeInBytes.max,
  maxAttachmentsPerContact: 100,
  maxRequestBytes: 262_144,
  maxFrameBytes: 131_072,
  expiryCloseCode: 1001,
} as const satisfies Omit<ResolvedOptions, 'log'>;

const DURATIONS = [
  'connectWindowMs',
  'websocketLifetimeMs',
  'connectionTokenLifetimeMs',
  'idleTimeoutMs',
  'firstConnectionDeadlineMs',
  'authenticationWindowMs',
  'maxMessageLength',
  'maxAttachmentBytes',
  'maxAttachmentsPerContact',
  'maxRequestBytes',
  'maxFrameBytes',
] as const;

/** Merges options over the defaults, refusing values that make no sense before anything listens. */
export function resolveOptions(options: EmulatorOptions = {}): ResolvedOptions {
  const resolved: ResolvedOptions = {
    ...DEFAULT_OPTIONS,
    ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
    log: options.log,
  } as ResolvedOptions;
  for (const key of DURATIONS) {
    const value = resolved[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new RangeError(`emulator option ${key} must be a non-negative number, got ${String(value)}`);
    }
  }
  if (!Number.isInteger(resolved.port) || resolved.port < 0 || resolved.port > 65_535) {
    throw new RangeError(`emulator option port must be an integer from 0 to 65535, got ${String(resolved.port)}`);
  }
  if (!CONNECTION_EXPIRY_MEANINGS.includes(resolved.connectionExpiry)) {
    throw new RangeError(
      `emulator option connectionExpiry must be ${CONNECTION_EXPIRY_MEANINGS.map((m) => `'${m}'`).join(' or ')}, got ${String(resolved.connectionExpiry)}`,
    );
  }
  if (resolved.throttle !== false && !(resolved.throttle.ratePerSecond > 0 && resolved.throttle.burst >= 1)) {
    throw new RangeError('emulator option throttle needs ratePerSecond > 0 and burst >= 1, or false');
  }
  return resolved;
}
