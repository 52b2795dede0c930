import { ValidationException } from '../model/errors.js';
import type { RetryOptions } from '../client/retry-policy.js';
import {
  SESSION_DEFAULTS,
  type GapFillOptions,
  type GrantOptions,
  type HeartbeatOptions,
  type OutboxOptions,
  type ReconnectOptions,
  type ResumeOptions,
  type ResolvedSessionOptions,
  type RotationOptions,
  type SessionOptions,
  type StartFrom,
  type SubscribeOptions,
} from './options.js';

const invalid = (field: string, message: string, constraint: 'required' | 'format' | 'minLength' | 'maxLength' = 'format') =>
  new ValidationException({ message: `${field}: ${message}`, field, constraint });

/** The options a session knows, so that a misplaced one (`WebSocket` outside `transport`) is refused, not ignored. */
const KNOWN = new Set<string>([
  ...Object.keys(SESSION_DEFAULTS),
  'participantToken',
  'connectParticipant',
  'contactId',
  'start',
  'scheduler',
  'logger',
  'region',
  'endpoint',
  'transport',
  'resume',
]);

/** Limits that may be left unbounded (`Infinity`): the app's give-up policy. */
const MAY_BE_INFINITE = new Set(['reconnect.maxAttempts', 'reconnect.giveUpAfterMs']);

/** The defaults with the given values over them; the defaults themselves (shared by every session) when none. */
const merge = <T extends object>(defaults: T, values: Partial<T> | undefined): T =>
  values === undefined || values === null
    ? defaults
    : { ...defaults, ...(Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>) };

function checkResume(resume: ResumeOptions | undefined): ResumeOptions | undefined {
  if (resume === undefined) return undefined;
  const store = (resume as Partial<ResumeOptions> | null)?.store;
  if (typeof store !== 'object' || store === null || !(['get', 'set', 'delete'] as const).every((m) => typeof store[m] === 'function')) {
    throw invalid('resume.store', 'must be a store with get, set and delete (webStorageStore(), fileStore(path), memoryStore())', 'required');
  }
  if (resume.key !== undefined && (typeof resume.key !== 'string' || resume.key.length < 1)) throw invalid('resume.key', 'must be a non-empty string');
  if (resume.saveToken !== undefined && typeof resume.saveToken !== 'boolean') throw invalid('resume.saveToken', 'must be a boolean');
  return resume;
}

function checkStart(start: unknown): StartFrom {
  if (start === undefined) return 'beginning';
  if (start === 'beginning' || start === 'now') return start;
  const after = typeof start === 'object' && start !== null ? (start as { after?: unknown }).after : undefined;
  if (typeof after === 'object' && after !== null) {
    const { Id, AbsoluteTime } = after as { Id?: unknown; AbsoluteTime?: unknown };
    if ((Id === undefined || typeof Id === 'string') && (AbsoluteTime === undefined || typeof AbsoluteTime === 'string') && (Id ?? AbsoluteTime) !== undefined) {
      return start as StartFrom;
    }
  }
  throw invalid('start', "must be 'beginning', 'now' or { after: { Id, AbsoluteTime } }");
}

/** Merges session options over the defaults and checks them, before any I/O. */
export function resolveSessionOptions(options: SessionOptions): ResolvedSessionOptions {
  if (typeof options !== 'object' || options === null) throw invalid('options', 'must be an object');
  for (const key of Object.keys(options)) {
    if (!KNOWN.has(key)) throw invalid(key, 'is not a session option (transport options go under `transport`)');
  }
  const resume = checkResume(options.resume);
  // With a store to resume from, the token may be the one it holds: the session reads it before it starts.
  const token = options.participantToken ?? (resume ? '' : undefined);
  if (typeof token !== 'string') throw invalid('participantToken', 'is required', 'required');
  // Limits.tokenLength, written as literals so that the limits table stays out of browser bundles.
  if ((token.length < 1 && options.participantToken !== undefined) || token.length > 1000) {
    throw invalid('participantToken', 'length must be between 1 and 1000', token.length < 1 ? 'minLength' : 'maxLength');
  }
  const { contactId } = options;
  if (contactId !== undefined && (typeof contactId !== 'string' || contactId.length < 1 || contactId.length > 256)) {
    throw invalid('contactId', 'must be a string of 1 to 256 characters');
  }
  const d = SESSION_DEFAULTS;
  const resolved: ResolvedSessionOptions = {
    participantToken: token,
    connectParticipant: options.connectParticipant === true,
    contactId,
    start: checkStart(options.start),
    heartbeat: merge<HeartbeatOptions>(d.heartbeat, options.heartbeat),
    reconnect: merge<ReconnectOptions>(d.reconnect, options.reconnect),
    subscribe: merge<SubscribeOptions>(d.subscribe, options.subscribe),
    grant: merge<GrantOptions>(d.grant, options.grant),
    rotation: merge<RotationOptions>(d.rotation, options.rotation),
    gapFill: merge<GapFillOptions>(d.gapFill, options.gapFill),
    tokenRefreshLeadMs: options.tokenRefreshLeadMs ?? d.tokenRefreshLeadMs,
    connectTimeoutMs: options.connectTimeoutMs ?? d.connectTimeoutMs,
    maxFrameBytes: options.maxFrameBytes ?? d.maxFrameBytes,
    requestTimeoutMs: options.requestTimeoutMs ?? d.requestTimeoutMs,
    tokenWaitMs: options.tokenWaitMs ?? d.tokenWaitMs,
    disconnectTimeoutMs: options.disconnectTimeoutMs ?? d.disconnectTimeoutMs,
    retry: merge<RetryOptions>(d.retry, options.retry),
    outbox: merge<OutboxOptions>(d.outbox, options.outbox),
    resume,
  };
  // Every duration and count must be a non-negative number (finite, but for the give-up limits).
  const check = (value: unknown, path: string): void => {
    if (path === 'start' || path === 'contactId' || path === 'participantToken' || path === 'resume') return;
    if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) check(v, path ? `${path}.${k}` : k);
    } else if (typeof value === 'number') {
      if (!(value >= 0) || (value === Infinity && !MAY_BE_INFINITE.has(path))) throw invalid(path, 'must be a non-negative number');
    } else if (typeof value !== 'boolean') {
      throw invalid(path, 'must be a non-negative number');
    }
  };
  check(resolved, '');
  if (resolved.heartbeat.intervalMs <= 0) throw invalid('heartbeat.intervalMs', 'must be positive');
  if (!Number.isInteger(resolved.retry.maxAttempts) || resolved.retry.maxAttempts < 1) throw invalid('retry.maxAttempts', 'must be a whole number of at least 1');
  if (resolved.gapFill.maxPages < 1) throw invalid('gapFill.maxPages', 'must be at least 1');
  if (!Number.isInteger(resolved.outbox.maxLength) || resolved.outbox.maxLength < 1) throw invalid('outbox.maxLength', 'must be a whole number of at least 1');
  return resolved;
}
