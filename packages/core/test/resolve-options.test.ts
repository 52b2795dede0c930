import { describe, expect, it } from 'vitest';
import { ValidationException } from '../src/model/errors.js';
import { SESSION_DEFAULTS, type SessionOptions } from '../src/session/options.js';
import { resolveSessionOptions } from '../src/session/resolve-options.js';

const TOKEN = 'participant-token';

/** Resolves `options` over a valid token. */
const resolve = (options: Record<string, unknown>) => resolveSessionOptions({ participantToken: TOKEN, ...options } as SessionOptions);

/** The typed error `f` throws (fails the test when it throws none or another). */
function refusal(f: () => unknown): ValidationException {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationException);
    return e as ValidationException;
  }
  throw new Error('expected a ValidationException, nothing was thrown');
}

describe('resolveSessionOptions: defaults', () => {
  it('gives every option its documented default when only the token is given', () => {
    expect(resolveSessionOptions({ participantToken: TOKEN })).toEqual({
      participantToken: TOKEN,
      connectParticipant: false,
      contactId: undefined,
      start: 'beginning',
      ...SESSION_DEFAULTS,
    });
  });

  it('merges each group over its defaults, a value left undefined (or a group left null) keeping the default', () => {
    const resolved = resolve({
      heartbeat: { intervalMs: 5_000, timeoutMs: undefined },
      reconnect: null,
      retry: { maxAttempts: 5 },
      gapFill: undefined,
      connectTimeoutMs: 2_000,
      tokenWaitMs: undefined,
    });
    expect(resolved.heartbeat).toEqual({ intervalMs: 5_000, timeoutMs: 10_000, ping: true });
    expect(resolved.reconnect).toEqual(SESSION_DEFAULTS.reconnect);
    expect(resolved.retry).toEqual({ ...SESSION_DEFAULTS.retry, maxAttempts: 5 });
    expect(resolved.gapFill).toEqual(SESSION_DEFAULTS.gapFill);
    expect(resolved.connectTimeoutMs).toBe(2_000);
    expect(resolved.tokenWaitMs).toBe(SESSION_DEFAULTS.tokenWaitMs);
  });

  it('sends ConnectParticipant only when asked with `true`', () => {
    expect(resolve({ connectParticipant: true }).connectParticipant).toBe(true);
    expect(resolve({ connectParticipant: false }).connectParticipant).toBe(false);
    expect(resolve({}).connectParticipant).toBe(false);
  });

  it('keeps the ContactId given', () => {
    expect(resolve({ contactId: 'contact-1' }).contactId).toBe('contact-1');
  });
});

describe('resolveSessionOptions: the options object and the token', () => {
  it.each([undefined, null, 'participant-token', 42])('refuses %s as the options, with a typed error', (options) => {
    const e = refusal(() => resolveSessionOptions(options as never));
    expect(e).toMatchObject({ field: 'options', constraint: 'format', message: 'options: must be an object' });
  });

  it('refuses an option it does not know, naming it, rather than ignoring it', () => {
    const e = refusal(() => resolve({ heartbeatMs: 5_000 }));
    expect(e).toMatchObject({ field: 'heartbeatMs', message: 'heartbeatMs: is not a session option (transport options go under `transport`)' });
  });

  it('accepts the options that are not the session’s own but that it passes on (transport, endpoint, logger, scheduler)', () => {
    expect(() => resolve({ region: 'us-east-1', endpoint: 'https://x.invalid', transport: {}, logger: console, scheduler: undefined })).not.toThrow();
  });

  it('requires the participant token', () => {
    expect(refusal(() => resolveSessionOptions({} as SessionOptions))).toMatchObject({
      field: 'participantToken',
      constraint: 'required',
      message: 'participantToken: is required',
    });
    expect(refusal(() => resolveSessionOptions({ participantToken: 42 } as never))).toMatchObject({ field: 'participantToken', constraint: 'required' });
  });

  it('requires a token of 1 to 1000 characters', () => {
    expect(refusal(() => resolveSessionOptions({ participantToken: '' }))).toMatchObject({
      field: 'participantToken',
      constraint: 'minLength',
      message: 'participantToken: length must be between 1 and 1000',
    });
    expect(resolveSessionOptions({ participantToken: 't' }).participantToken).toBe('t');
    expect(resolveSessionOptions({ participantToken: 't'.repeat(1000) }).participantToken).toHaveLength(1000);
    expect(refusal(() => resolveSessionOptions({ participantToken: 't'.repeat(1001) }))).toMatchObject({
      field: 'participantToken',
      constraint: 'maxLength',
    });
  });

  it('requires a ContactId, when given, to be a string of 1 to 256 characters', () => {
    expect(resolve({ contactId: 'c' }).contactId).toBe('c');
    expect(resolve({ contactId: 'c'.repeat(256) }).contactId).toHaveLength(256);
    for (const contactId of ['', 'c'.repeat(257), 42, null]) {
      expect(refusal(() => resolve({ contactId }))).toMatchObject({
        field: 'contactId',
        constraint: 'format',
        message: 'contactId: must be a string of 1 to 256 characters',
      });
    }
  });
});

describe('resolveSessionOptions: start', () => {
  it.each([
    ['beginning', 'beginning'],
    ['now', 'now'],
    [undefined, 'beginning'],
  ])('takes %s as %s', (start, expected) => {
    expect(resolve({ start }).start).toBe(expected);
  });

  it.each([
    [{ after: { Id: 'item-1' } }],
    [{ after: { AbsoluteTime: '2024-01-01T00:00:00.000Z' } }],
    [{ after: { Id: 'item-1', AbsoluteTime: '2024-01-01T00:00:00.000Z' } }],
  ])('takes a cursor %j as it is', (start) => {
    expect(resolve({ start }).start).toBe(start);
  });

  it.each([
    ['a word it does not know', 'later'],
    ['null', null],
    ['a number', 7],
    ['an object without `after`', {}],
    ['a null cursor', { after: null }],
    ['a cursor that is not an object', { after: 'item-1' }],
    ['an empty cursor', { after: {} }],
    ['a cursor whose Id is not a string', { after: { Id: 7 } }],
    ['a cursor whose AbsoluteTime is not a string', { after: { Id: 'item-1', AbsoluteTime: 7 } }],
    ['a cursor with only a non-string AbsoluteTime', { after: { AbsoluteTime: 7 } }],
  ])('refuses %s', (_, start) => {
    expect(refusal(() => resolve({ start }))).toMatchObject({
      field: 'start',
      constraint: 'format',
      message: "start: must be 'beginning', 'now' or { after: { Id, AbsoluteTime } }",
    });
  });
});

describe('resolveSessionOptions: durations and counts', () => {
  it.each([
    ['connectTimeoutMs', { connectTimeoutMs: -1 }],
    ['requestTimeoutMs', { requestTimeoutMs: Number.NaN }],
    ['tokenWaitMs', { tokenWaitMs: Number.POSITIVE_INFINITY }],
    ['heartbeat.timeoutMs', { heartbeat: { timeoutMs: -5 } }],
    ['reconnect.baseDelayMs', { reconnect: { baseDelayMs: Number.POSITIVE_INFINITY } }],
    ['reconnect.maxAttempts', { reconnect: { maxAttempts: -1 } }],
    ['subscribe.ackTimeoutMs', { subscribe: { ackTimeoutMs: '1000' } }],
    ['rotation.leadMs', { rotation: { leadMs: null } }],
    ['heartbeat.ping', { heartbeat: { ping: 'yes' } }],
    ['retry.maxDelayMs', { retry: { maxDelayMs: -1 } }],
  ])('refuses a %s that is not a non-negative (finite) number, naming its path', (path, options) => {
    expect(refusal(() => resolve(options))).toMatchObject({ field: path, constraint: 'format', message: `${path}: must be a non-negative number` });
  });

  it('accepts zero and lets the give-up limits alone be unbounded', () => {
    const resolved = resolve({
      connectTimeoutMs: 0,
      reconnect: { baseDelayMs: 0, maxAttempts: Number.POSITIVE_INFINITY, giveUpAfterMs: Number.POSITIVE_INFINITY },
      heartbeat: { ping: false },
    });
    expect(resolved.connectTimeoutMs).toBe(0);
    expect(resolved.reconnect).toMatchObject({ baseDelayMs: 0, maxAttempts: Number.POSITIVE_INFINITY, giveUpAfterMs: Number.POSITIVE_INFINITY });
    expect(resolved.heartbeat.ping).toBe(false);
  });

  it('requires a positive heartbeat interval', () => {
    expect(refusal(() => resolve({ heartbeat: { intervalMs: 0 } }))).toMatchObject({ field: 'heartbeat.intervalMs', message: 'heartbeat.intervalMs: must be positive' });
    expect(resolve({ heartbeat: { intervalMs: 1 } }).heartbeat.intervalMs).toBe(1);
  });

  it('requires a whole number of at least one call attempt', () => {
    for (const maxAttempts of [0, 1.5]) {
      expect(refusal(() => resolve({ retry: { maxAttempts } }))).toMatchObject({
        field: 'retry.maxAttempts',
        message: 'retry.maxAttempts: must be a whole number of at least 1',
      });
    }
    expect(resolve({ retry: { maxAttempts: 1 } }).retry.maxAttempts).toBe(1);
  });

  it('requires a gap fill to read at least one page', () => {
    expect(refusal(() => resolve({ gapFill: { maxPages: 0 } }))).toMatchObject({ field: 'gapFill.maxPages', message: 'gapFill.maxPages: must be at least 1' });
    expect(resolve({ gapFill: { maxPages: 1 } }).gapFill.maxPages).toBe(1);
  });
});
