import { BehaviorSubject, ReplaySubject, Subject } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { ValidationException, type ConnectionEvent, type Logger, type ParticipantSession, type SessionState } from '@connect-participant/core';
import { logSession } from '../src/session/session-logger.js';
import { inVirtualTime } from './session-harness.js';

type Line = readonly [level: keyof Logger, text: string];

/** A logger that records each call; every call must be one string. */
function recorder(): Logger & { lines: Line[] } {
  const lines: Line[] = [];
  const at =
    (level: keyof Logger) =>
    (...content: unknown[]) => {
      expect(content).toHaveLength(1);
      expect(typeof content[0]).toBe('string');
      lines.push([level, content[0] as string]);
    };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

const texts = (lines: readonly Line[], level?: keyof Logger) => lines.filter(([l]) => level === undefined || l === level).map(([, t]) => t);

describe('the logger option', () => {
  it('logs the lifecycle from its events: states at info (reconnecting warn), handled failures warn, detail debug', () => {
    const logger = recorder();
    inVirtualTime(
      (h) => {
        h.advance(1_000);
        expect(h.session.state.status).toBe('connected');
        h.service.dropSockets();
        h.advance(60_000);
        expect(h.session.state.status).toBe('connected');
      },
      { session: { logger } },
    );
    const all = texts(logger.lines);
    for (const text of all) expect(text.startsWith('connect-participant: ')).toBe(true);
    expect(texts(logger.lines, 'info')).toEqual(
      expect.arrayContaining(['connect-participant: connecting attempt=0', 'connect-participant: connected', 'connect-participant: closed']),
    );
    expect(texts(logger.lines, 'info').some((t) => t.startsWith('connect-participant: reconnect-scheduled attempt='))).toBe(true);
    expect(texts(logger.lines, 'warn').some((t) => t.startsWith('connect-participant: lost error=SocketLostError: '))).toBe(true);
    expect(texts(logger.lines, 'warn').some((t) => t.startsWith('connect-participant: reconnecting '))).toBe(true);
    expect(texts(logger.lines, 'debug')).toEqual(expect.arrayContaining(['connect-participant: opened rotation=false', 'connect-participant: subscribed rotation=false']));
    expect(texts(logger.lines, 'debug').some((t) => t.startsWith('connect-participant: granted connectionExpiry='))).toBe(true);
    // The fake service's ParticipantToken is in no line.
    expect(all.join('\n')).not.toContain('fake-participant-token');
    expect(texts(logger.lines, 'error')).toEqual([]);
  });

  it('logs a failed session at error level, with its error', () => {
    const logger = recorder();
    inVirtualTime(
      (h) => {
        h.advance(1_000);
        expect(h.session.state.status).toBe('failed');
      },
      { session: { logger }, before: (service) => service.failNext('CreateParticipantConnection', 1, 400) },
    );
    expect(texts(logger.lines, 'error')).toEqual([expect.stringMatching(/^connect-participant: failed error=ValidationException: /)]);
  });

  it('is off by default: nothing is written to the console', () => {
    const spies = (['debug', 'info', 'warn', 'error', 'log'] as const).map((level) => vi.spyOn(console, level).mockImplementation(() => undefined));
    try {
      inVirtualTime((h) => {
        h.advance(1_000);
        h.service.dropSockets();
        h.advance(60_000);
      });
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });

  it('is checked before any I/O: an object whose levels are functions', () => {
    for (const bad of ['console', null, { info: 'yes' }]) {
      let calls = -1;
      expect(() =>
        inVirtualTime(
          (h) => {
            calls = h.service.calls.length;
          },
          { session: { logger: bad as never } },
        ),
      ).toThrow(ValidationException);
      expect(calls).toBe(-1);
    }
  });

  it('takes a logger with some levels only, and one that throws does not break the session', () => {
    const seen: string[] = [];
    const h = inVirtualTime(
      (h) => {
        h.advance(1_000);
        expect(h.session.state.status).toBe('connected');
      },
      {
        session: {
          logger: {
            info: (text: unknown) => {
              seen.push(text as string);
              throw new Error('the log is full');
            },
          } as unknown as Logger,
        },
      },
    );
    expect(h.statuses).toEqual(['connecting', 'connected', 'closed']);
    expect(seen).toContain('connect-participant: connected');
  });
});

describe('what the logger writes is always redacted', () => {
  /** A session of nothing but its streams, to push any event at the logger. */
  function streams() {
    return {
      state$: new BehaviorSubject<SessionState>({ status: 'connecting', attempt: 0 }),
      connection$: new Subject<ConnectionEvent>(),
      credentials$: new ReplaySubject<{ ConnectionToken: string; Expiry: string }>(1),
      websocket$: new ReplaySubject<{ Url: string; ConnectionExpiry: string }>(1),
    };
  }

  it('the ParticipantToken, each ConnectionToken and websocket URL, and any URL query, wherever they appear', () => {
    const s = streams();
    const logger = recorder();
    const participantToken = 'QVFJREFIaGVmN3ZBcXl3-participant';
    logSession(s as unknown as ParticipantSession, logger, () => participantToken);
    const url = 'wss://gateway.example/connect?X-Amz-Security-Token=abc&X-Amz-Signature=def';
    s.credentials$.next({ ConnectionToken: 'connection-token-0123456789', Expiry: '2030-01-01T00:00:00Z' });
    s.websocket$.next({ Url: url, ConnectionExpiry: '2030-01-01T00:00:00Z' });
    s.connection$.next({ type: 'gateway-error', message: `rejected connection-token-0123456789 at ${url} for ${participantToken}` });
    s.connection$.next({ type: 'lost', error: new Error('closed https://elsewhere.example/p?token=zzz (1006)') });
    s.state$.next({ status: 'failed', error: new Error(`bad token ${participantToken}`) });
    const all = texts(logger.lines).join('\n');
    for (const secret of ['connection-token-0123456789', participantToken, 'abc', 'def', 'zzz', 'X-Amz-Signature']) expect(all).not.toContain(secret);
    expect(texts(logger.lines, 'warn')).toEqual([
      'connect-participant: gateway-error message="rejected [REDACTED] at [REDACTED] for [REDACTED]"',
      'connect-participant: lost error=Error: closed https://elsewhere.example/p?[REDACTED] (1006)',
    ]);
    expect(texts(logger.lines, 'error')).toEqual(['connect-participant: failed error=Error: bad token [REDACTED]']);
  });

  it('an older ConnectionToken stays redacted after a refresh', () => {
    const s = streams();
    const logger = recorder();
    logSession(s as unknown as ParticipantSession, logger, () => 'participant-token-0123456789');
    s.credentials$.next({ ConnectionToken: 'first-connection-token-0123', Expiry: 'x' });
    s.credentials$.next({ ConnectionToken: 'second-connection-token-012', Expiry: 'x' });
    s.connection$.next({ type: 'gateway-error', message: 'first-connection-token-0123 second-connection-token-012' });
    expect(texts(logger.lines, 'warn')).toEqual(['connect-participant: gateway-error message="[REDACTED] [REDACTED]"']);
  });
  it('keeps the secrets of the last four grants, however many come, and the ParticipantToken always', () => {
    const s = streams();
    const logger = recorder();
    logSession(s as unknown as ParticipantSession, logger, () => 'participant-token-0123456789');
    const token = (n: number) => `connection-token-number-${String(n).padStart(3, '0')}`;
    for (let n = 1; n <= 50; n++) {
      s.credentials$.next({ ConnectionToken: token(n), Expiry: 'x' });
      s.websocket$.next({ Url: `wss://gateway.example/${n}`, ConnectionExpiry: 'x' });
    }
    s.connection$.next({ type: 'gateway-error', message: [token(47), token(50), 'participant-token-0123456789', token(46)].join(' ') });
    // The list is bounded: a token five grants old is no longer looked for (it has long expired).
    expect(texts(logger.lines, 'warn')).toEqual([`connect-participant: gateway-error message="[REDACTED] [REDACTED] [REDACTED] ${token(46)}"`]);
  });
});
