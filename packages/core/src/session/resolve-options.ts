import { ValidationException } from '../model/errors.js';
import type { RetryOptions } from '../client/retry-policy.js';
import {
  SESSION_DEFAULTS,
  type GrantOptions,
  type HeartbeatOptions,
  type ReconnectOptions,
  type ResolvedSessionOptions,
  type RotationOptions,
  type SessionOptions,
  type SubscribeOptions,
} from './options.js';

const invalid = (field: string, message: string, constraint: 'required' | 'format' | 'minLength' | 'maxLength' = 'format') =>
  new ValidationException({ message: `${field}: ${message}`, field, constraint });

/** The defaults with the given values over them; the defaults themselves (shared by every session) when none. */
const merge = <T extends object>(defaults: T, values: Partial<T> | undefined): T =>
  values === undefined || values === null
    ? defaults
    : { ...defaults, ...(Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<T>) };

/** Merges session options over the defaults and checks them, before any I/O. */
export function resolveSessionOptions(options: SessionOptions): ResolvedSessionOptions {
  if (typeof options !== 'object' || options === null) throw invalid('options', 'must be an object');
  const token = options.participantToken;
  if (typeof token !== 'string') throw invalid('participantToken', 'is required', 'required');
  // Limits.tokenLength, written as literals so that the limits table stays out of browser bundles.
  if (token.length < 1 || token.length > 1000) {
    throw invalid('participantToken', 'length must be between 1 and 1000', token.length < 1 ? 'minLength' : 'maxLength');
  }
  const d = SESSION_DEFAULTS;
  const resolved: ResolvedSessionOptions = {
    participantToken: token,
    connectParticipant: options.connectParticipant === true,
    heartbeat: merge<HeartbeatOptions>(d.heartbeat, options.heartbeat),
    reconnect: merge<ReconnectOptions>(d.reconnect, options.reconnect),
    subscribe: merge<SubscribeOptions>(d.subscribe, options.subscribe),
    grant: merge<GrantOptions>(d.grant, options.grant),
    rotation: merge<RotationOptions>(d.rotation, options.rotation),
    tokenRefreshLeadMs: options.tokenRefreshLeadMs ?? d.tokenRefreshLeadMs,
    connectTimeoutMs: options.connectTimeoutMs ?? d.connectTimeoutMs,
    maxFrameBytes: options.maxFrameBytes ?? d.maxFrameBytes,
    retry: merge<RetryOptions>(d.retry, options.retry),
  };
  // Every duration and count must be a non-negative number; the heartbeat interval must be positive.
  const check = (value: unknown, path: string): void => {
    if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) check(v, path ? `${path}.${k}` : k);
    } else if (typeof value === 'number' ? !(value >= 0) || value === Infinity : typeof value !== 'boolean' && typeof value !== 'string') {
      throw invalid(path, 'must be a non-negative number');
    }
  };
  check(resolved, '');
  if (resolved.heartbeat.intervalMs <= 0) throw invalid('heartbeat.intervalMs', 'must be positive');
  if (!Number.isInteger(resolved.retry.maxAttempts) || resolved.retry.maxAttempts < 1) throw invalid('retry.maxAttempts', 'must be a whole number of at least 1');
  return resolved;
}
