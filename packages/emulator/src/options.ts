import { Limits, ServiceTimings } from '@connect-participant/core';
import {
  resolveAttachmentScan,
  resolveDisconnectFlow,
  resolveIdleTimers,
  resolveMessageProcessing,
  type AttachmentScanOptions,
  type DisconnectFlowOptions,
  type IdleTimerOptions,
  type MessageProcessingOptions,
} from './behaviour-options.js';
import { checkScenario, type Scenario } from './scenario/scenario.js';

export {
  ATTACHMENT_VERDICTS,
  MESSAGE_PROCESSING_OUTCOMES,
  resolveAttachmentScan,
  resolveDisconnectFlow,
  resolveIdleTimers,
  resolveMessageProcessing,
  type AttachmentScanOptions,
  type AttachmentVerdict,
  type DisconnectFlowOptions,
  type IdleTimerOptions,
  type MessageProcessingOptions,
  type MessageProcessingOutcome,
} from './behaviour-options.js';

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
  /**
   * How long after a chat ends its participants may still read its transcript with GetTranscript (default 24 h,
   * the ConnectionToken's lifetime: the model documents reading an ended chat's transcript; 0 refuses at once).
   * Every other call of an ended chat gets 403.
   */
  readonly endedChatReadableMs?: number;
  /**
   * Open websockets one participant may hold at once (default 2: the official library's primary and secondary
   * while it rotates; the service's number is undocumented, protocol.md §4.7). A further upgrade is refused with
   * HTTP 429 until one closes. 0 removes the limit.
   */
  readonly maxSocketsPerParticipant?: number;
  /**
   * Expose the `Date` response header to browsers through CORS (`Access-Control-Expose-Headers`). Default false:
   * whether the service exposes it is unknown, so browser clients are tested without a clock-skew estimate.
   */
  readonly exposeDateHeader?: boolean;
  /** Largest request line plus headers accepted (default 16 KiB); beyond it 431, or 414 when the URL alone is. */
  readonly maxHeaderBytes?: number;
  /** A client must send its request headers within this time, or gets 408 (default 10 s). */
  readonly headersTimeoutMs?: number;
  /** A client must send its whole request within this time, or gets 408 (default 30 s). */
  readonly requestTimeoutMs?: number;
  /** Close code sent when a socket reaches the end of its lifetime (`websocketLifetimeMs`; default 1001, going away). */
  readonly expiryCloseCode?: number;
  /**
   * Message processing of customer messages ({@link MessageProcessingOptions}), or false (default: the service
   * processes messages only where a flow turns it on). A contact can override it (`startChatContact`).
   */
  readonly messageProcessing?: MessageProcessingOptions | false;
  /**
   * Attachment scanning ({@link AttachmentScanOptions}), or false (default: attachments are APPROVED at once, as
   * on an instance without scanning). A contact can override it (`startChatContact`).
   */
  readonly attachmentScan?: AttachmentScanOptions | false;
  /**
   * The disconnect flow run when a customer calls DisconnectParticipant ({@link DisconnectFlowOptions}), or false
   * (default: the chat ends at once). A contact can override it (`startChatContact`).
   */
  readonly disconnectFlow?: DisconnectFlowOptions | false;
  /** Customer idle timers ({@link IdleTimerOptions}), or false (default). A contact can override it. */
  readonly idleTimers?: IdleTimerOptions | false;
  /**
   * A secret the control API (and the console's calls) then require in the `x-emulator-control-token` header
   * (default none: anyone who can reach the emulator can drive it, which is why it binds to 127.0.0.1).
   */
  readonly controlToken?: string;
  /**
   * Where warnings go, such as the one printed when the emulator listens beyond loopback (default
   * `console.warn`).
   */
  readonly warn?: (line: string) => void;
  /**
   * A scenario that scripts the other side of every contact ({@link Scenario}): greeting, keyword replies,
   * streamed bot replies, typing, idle timers, transfer, end after a time. Checked before anything listens.
   */
  readonly scenario?: Scenario;
  /** Called with one line per notable event (requests, sockets, faults); tokens are never passed to it. */
  readonly log?: (line: string) => void;
}

export type ResolvedOptions = Required<Omit<EmulatorOptions, 'throttle' | 'log' | 'controlToken' | 'warn' | 'scenario' | 'messageProcessing' | 'attachmentScan' | 'disconnectFlow' | 'idleTimers'>> & {
  readonly idleTimers: Required<IdleTimerOptions> | false;
  readonly disconnectFlow: Required<DisconnectFlowOptions> | false;
  readonly throttle: ThrottleOptions | false;
  readonly messageProcessing: Required<MessageProcessingOptions> | false;
  readonly attachmentScan: Required<AttachmentScanOptions> | false;
  readonly log: ((line: string) => void) | undefined;
  readonly controlToken: string | undefined;
  readonly scenario: Scenario | undefined;
  readonly warn: (line: string) => void;
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
  endedChatReadableMs: 86_400_000,
  maxSocketsPerParticipant: 2,
  exposeDateHeader: false,
  maxHeaderBytes: 16_384,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  messageProcessing: false,
  attachmentScan: false,
  disconnectFlow: false,
  idleTimers: false,
} as const satisfies Omit<ResolvedOptions, 'log' | 'controlToken' | 'warn' | 'scenario'>;

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
  'maxHeaderBytes',
  'endedChatReadableMs',
  'maxSocketsPerParticipant',
  'headersTimeoutMs',
  'requestTimeoutMs',
] as const;

/** Merges options over the defaults, refusing values that make no sense before anything listens. */
export function resolveOptions(options: EmulatorOptions = {}): ResolvedOptions {
  const resolved: ResolvedOptions = {
    ...DEFAULT_OPTIONS,
    ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)),
    log: options.log,
    controlToken: options.controlToken,
    scenario: options.scenario === undefined ? undefined : checkScenario(options.scenario),
    warn: options.warn ?? ((line: string) => console.warn(line)),
  } as ResolvedOptions;
  if (resolved.controlToken !== undefined && (typeof resolved.controlToken !== 'string' || resolved.controlToken.length < 8)) {
    throw new RangeError('emulator option controlToken must be a string of at least 8 characters');
  }
  for (const key of DURATIONS) {
    const value = resolved[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new RangeError(`emulator option ${key} must be a non-negative number, got ${String(value)}`);
    }
  }
  if (!(resolved.headersTimeoutMs > 0 && resolved.requestTimeoutMs >= resolved.headersTimeoutMs && resolved.maxHeaderBytes > 0)) {
    throw new RangeError('emulator options need headersTimeoutMs > 0, requestTimeoutMs >= headersTimeoutMs and maxHeaderBytes > 0');
  }
  if (!Number.isInteger(resolved.port) || resolved.port < 0 || resolved.port > 65_535) {
    throw new RangeError(`emulator option port must be an integer from 0 to 65535, got ${String(resolved.port)}`);
  }
  if (!CONNECTION_EXPIRY_MEANINGS.includes(resolved.connectionExpiry)) {
    throw new RangeError(
      `emulator option connectionExpiry must be ${CONNECTION_EXPIRY_MEANINGS.map((m) => `'${m}'`).join(' or ')}, got ${String(resolved.connectionExpiry)}`,
    );
  }
  (resolved as { messageProcessing: ResolvedOptions['messageProcessing'] }).messageProcessing = resolveMessageProcessing(
    options.messageProcessing,
  );
  (resolved as { attachmentScan: ResolvedOptions['attachmentScan'] }).attachmentScan = resolveAttachmentScan(options.attachmentScan);
  (resolved as { disconnectFlow: ResolvedOptions['disconnectFlow'] }).disconnectFlow = resolveDisconnectFlow(
    options.disconnectFlow ?? resolved.scenario?.disconnectFlow,
  );
  (resolved as { idleTimers: ResolvedOptions['idleTimers'] }).idleTimers = resolveIdleTimers(options.idleTimers ?? resolved.scenario?.idleTimers);
  if (resolved.throttle !== false && !(resolved.throttle.ratePerSecond > 0 && resolved.throttle.burst >= 1)) {
    throw new RangeError('emulator option throttle needs ratePerSecond > 0 and burst >= 1, or false');
  }
  return resolved;
}
