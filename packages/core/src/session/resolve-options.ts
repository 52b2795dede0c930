import { Limits } from '../model/limits.js';
import { ValidationException } from '../model/errors.js';
import { SESSION_DEFAULTS, type ResolvedSessionOptions, type SessionOptions } from './options.js';

const invalid = (field: string, message: string) =>
  new ValidationException({ message: `${field}: ${message}`, field, constraint: 'format' });

function durations<T extends object>(group: string, defaults: T, given: Partial<T> | undefined): T {
  const merged = { ...defaults, ...Object.fromEntries(Object.entries(given ?? {}).filter(([, v]) => v !== undefined)) } as T;
  for (const [key, value] of Object.entries(merged)) {
    if (typeof value === 'number' && (!Number.isFinite(value) || value < 0)) {
      throw invalid(`${group}.${key}`, 'must be a non-negative number');
    }
  }
  return merged;
}

/** Merges session options over the defaults and checks them, before any I/O. */
export function resolveSessionOptions(options: SessionOptions): ResolvedSessionOptions {
  if (typeof options !== 'object' || options === null) throw invalid('options', 'must be an object');
  const token = options.participantToken;
  if (typeof token !== 'string') {
    throw new ValidationException({ message: 'participantToken: is required', field: 'participantToken', constraint: 'required' });
  }
  if (token.length < Limits.tokenLength.min || token.length > Limits.tokenLength.max) {
    throw new ValidationException({
      message: `participantToken: length must be between ${Limits.tokenLength.min} and ${Limits.tokenLength.max}`,
      field: 'participantToken',
      constraint: token.length < 1 ? 'minLength' : 'maxLength',
    });
  }
  const heartbeat = durations('heartbeat', SESSION_DEFAULTS.heartbeat as ResolvedSessionOptions['heartbeat'], options.heartbeat);
  if (heartbeat.intervalMs <= 0) throw invalid('heartbeat.intervalMs', 'must be positive');
  return {
    participantToken: token,
    connectParticipant: options.connectParticipant === true,
    heartbeat,
    reconnect: durations('reconnect', SESSION_DEFAULTS.reconnect, options.reconnect),
    subscribe: durations('subscribe', SESSION_DEFAULTS.subscribe, options.subscribe),
    grant: durations('grant', SESSION_DEFAULTS.grant, options.grant),
    rotation: durations('rotation', SESSION_DEFAULTS.rotation, options.rotation),
    ...durations(
      'options',
      { tokenRefreshLeadMs: SESSION_DEFAULTS.tokenRefreshLeadMs, connectTimeoutMs: SESSION_DEFAULTS.connectTimeoutMs, maxFrameBytes: SESSION_DEFAULTS.maxFrameBytes },
      { tokenRefreshLeadMs: options.tokenRefreshLeadMs, connectTimeoutMs: options.connectTimeoutMs, maxFrameBytes: options.maxFrameBytes } as Partial<{
        tokenRefreshLeadMs: number;
        connectTimeoutMs: number;
        maxFrameBytes: number;
      }>,
    ),
  };
}
