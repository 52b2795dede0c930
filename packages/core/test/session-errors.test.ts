import { describe, expect, it } from 'vitest';
import { ConnectionTokenTimeoutError, RetryLimitReachedError, SessionClosedError } from '../src/session/session-errors.js';
import { isTerminal, type SessionStatus } from '../src/session/session-state.js';
import { SocketLostError } from '../src/session/socket-lost-error.js';

// Apps tell errors apart by `name` (errors cross realms and bundles, where instanceof fails) and show `message`.
describe('the session’s errors', () => {
  it('SessionClosedError names the status the session is in', () => {
    const e = new SessionClosedError('ended');
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe('SessionClosedError');
    expect(e.status).toBe('ended');
    expect(e.message).toBe('the session is ended; start a new session to make calls');
  });

  it('ConnectionTokenTimeoutError says how long the call waited and that it may be retried (not throttling)', () => {
    const e = new ConnectionTokenTimeoutError(30_000, 'reconnecting');
    expect(e.name).toBe('ConnectionTokenTimeoutError');
    expect(e).toMatchObject({ waitedMs: 30_000, status: 'reconnecting', $retryable: { throttling: false } });
    expect(e.message).toBe('no usable ConnectionToken within 30000 ms (the session is reconnecting); the call was not sent and may be retried');
  });

  it('RetryLimitReachedError says how many attempts failed over how long, the last failure its cause', () => {
    const last = new Error('ECONNREFUSED');
    const e = new RetryLimitReachedError(5, 12_345.6, last);
    expect(e.name).toBe('RetryLimitReachedError');
    expect(e).toMatchObject({ attempts: 5, elapsedMs: 12_345.6 });
    expect(e.message).toBe('gave up connecting after 5 failed attempts over 12346 ms');
    expect(e.cause).toBe(last);
    expect('cause' in new RetryLimitReachedError(1, 0, undefined)).toBe(false);
  });

  it('SocketLostError says how the socket went: closed (with its code and reason), not opened, or given up', () => {
    expect(new SocketLostError('closed', 1006).message).toBe('socket closed (1006)');
    expect(new SocketLostError('closed', 1001, 'going away').message).toBe('socket closed (1001: going away)');
    expect(new SocketLostError('closed').message).toBe('socket closed (no code)');
    expect(new SocketLostError('closed', 1000, '').message).toBe('socket closed (1000)');
    expect(new SocketLostError('open-failed', undefined, 'SyntaxError: bad url').message).toBe('socket could not be opened (SyntaxError: bad url)');
    expect(new SocketLostError('open-failed').message).toBe('socket could not be opened');
    expect(new SocketLostError('heartbeat-timeout').message).toBe('socket given up: heartbeat-timeout');
    const e = new SocketLostError('subscribe-failed', undefined, 'x');
    expect(e.name).toBe('SocketLostError');
    expect(e).toMatchObject({ kind: 'subscribe-failed', code: undefined, reason: 'x' });
  });
});

describe('isTerminal', () => {
  it('is true of ended, failed and closed alone: the states a session never leaves', () => {
    const all: SessionStatus[] = ['connecting', 'connected', 'reconnecting', 'ended', 'failed', 'closed'];
    expect(all.filter(isTerminal)).toEqual(['ended', 'failed', 'closed']);
  });
});
