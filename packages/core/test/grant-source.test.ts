import type { Subscription } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { formatTimestamp } from '../src/codec/timestamp.js';
import { AccessDeniedException, MalformedResponseError, NetworkError, TimeoutError, ValidationException } from '../src/model/errors.js';
import type { HttpCall, HttpCallbacks, HttpPort } from '../src/ports.js';
import { GrantSource, credentialsOf, websocketOf, type Grant, type GrantSourceSettings } from '../src/session/grant-source.js';

// ---- helpers --------------------------------------------------------------------------------------------------

/** The service's clock when the local one reads 0: a whole second, as a Date header can say it. */
const SERVICE_EPOCH = Date.UTC(2024, 0, 1, 12, 0, 0);
const URL = 'wss://gateway.invalid/connect?X-Amz-Security-Token=very-secret-url-token';
const ENDPOINT = 'https://participant.invalid';

/** A request the grant source sent: when, what, and how often it was cancelled. */
interface Sent {
  readonly at: number;
  readonly call: HttpCall;
  readonly callbacks: HttpCallbacks;
  cancelled: number;
}

/** What one subscriber to `grant$` heard. */
interface Heard {
  grants: Grant[];
  errors: unknown[];
  completed: boolean;
  subscription: Subscription;
}

function setup(settings: Partial<Omit<GrantSourceSettings, 'grant'>> & { grant?: Partial<GrantSourceSettings['grant']> } = {}) {
  const scheduler = new TestScheduler(() => undefined);
  const sent: Sent[] = [];
  const http: HttpPort = {
    send(call, callbacks) {
      const request: Sent = { at: scheduler.now(), call, callbacks, cancelled: 0 };
      sent.push(request);
      return () => void request.cancelled++;
    },
  };
  const source = new GrantSource(
    http,
    ENDPOINT,
    {
      participantToken: 'participant-token',
      connectParticipant: false,
      requestTimeoutMs: 10_000,
      ...settings,
      grant: { connectWindowMs: 100_000, safetyMarginMs: 15_000, minIntervalMs: 1_000, ...settings.grant },
    },
    scheduler,
  );
  const subscribe = (): Heard => {
    const heard = { grants: [], errors: [], completed: false } as unknown as Heard;
    heard.subscription = source.grant$().subscribe({
      next: (g) => heard.grants.push(g),
      error: (e: unknown) => heard.errors.push(e),
      complete: () => (heard.completed = true),
    });
    return heard;
  };
  const advanceTo = (ms: number) => {
    scheduler.maxFrames = ms;
    scheduler.flush();
    scheduler.frame = Math.max(scheduler.frame, ms);
  };
  return { scheduler, source, sent, subscribe, advanceTo };
}

/** A CreateParticipantConnection body, with timestamps on the service's clock. */
function body(o: { url?: string; connectionExpiry?: number; tokenExpiry?: number; token?: string } = {}) {
  return {
    Websocket: { Url: o.url ?? URL, ConnectionExpiry: formatTimestamp(o.connectionExpiry ?? SERVICE_EPOCH + 100_000) },
    ConnectionCredentials: { ConnectionToken: o.token ?? 'connection-token', Expiry: formatTimestamp(o.tokenExpiry ?? SERVICE_EPOCH + 3_600_000) },
  };
}

/** Answers a request with 200, a Date header reading `serviceNow` (none when null). */
function answer(request: Sent, payload: unknown, serviceNow: number | null = SERVICE_EPOCH, headers: Record<string, string> = {}): void {
  request.callbacks.response({
    status: 200,
    headers: { ...(serviceNow === null ? {} : { date: new Date(serviceNow).toUTCString() }), ...headers },
    body: JSON.stringify(payload),
  });
}

function answerError(request: Sent, status: number, errorType: string): void {
  request.callbacks.response({ status, headers: { 'x-amzn-errortype': errorType }, body: '{"message":"no"}' });
}

const only = (sent: Sent[]) => {
  expect(sent).toHaveLength(1);
  return sent[0] as Sent;
};

// ---- tests ----------------------------------------------------------------------------------------------------

describe('GrantSource: the request', () => {
  it('asks for both connection types with the participant token, once per grant', () => {
    const { sent, subscribe, source } = setup();
    subscribe();
    const { call } = only(sent);
    expect(call.url).toBe(`${ENDPOINT}/participant/connection`);
    expect(call.method).toBe('POST');
    expect(call.headers['x-amz-bearer']).toBe('participant-token');
    expect(JSON.parse(call.body as string)).toEqual({ Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] });
    expect(source.calls).toBe(1);
  });

  it('adds ConnectParticipant: true only when asked to', () => {
    const { sent, subscribe } = setup({ connectParticipant: true });
    subscribe();
    expect(JSON.parse(only(sent).call.body as string)).toEqual({ Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'], ConnectParticipant: true });
  });

  it('marks the request cancellable even without a time limit (a caller may leave)', () => {
    const { sent, subscribe } = setup({ requestTimeoutMs: 0 });
    subscribe();
    expect(only(sent).call.cancellable).toBe(true);
  });

  it('is the session InvokeContext: its endpoint, port, scheduler and time limit', () => {
    const { source, scheduler } = setup({ requestTimeoutMs: 4_000 });
    expect(source.requestTimeoutMs).toBe(4_000);
    expect(source.endpoint).toBe(ENDPOINT);
    expect(source.scheduler).toBe(scheduler);
  });

  it('a request unanswered within requestTimeoutMs is aborted and fails with a TimeoutError', () => {
    const { sent, subscribe, advanceTo } = setup({ requestTimeoutMs: 4_000 });
    const heard = subscribe();
    advanceTo(3_999);
    expect(heard.errors).toEqual([]);
    advanceTo(4_000);
    expect(heard.errors[0]).toBeInstanceOf(TimeoutError);
    expect(only(sent).cancelled).toBeGreaterThanOrEqual(1);
  });

  it('a participant token the service would refuse fails before any I/O', () => {
    const { sent, subscribe, source } = setup({ participantToken: '' });
    const heard = subscribe();
    expect(heard.errors[0]).toBeInstanceOf(ValidationException);
    expect(sent).toHaveLength(0);
    // The failed start counts as a call (it paces the next one like any other).
    expect(source.calls).toBe(1);
  });
});

describe('GrantSource: the response turned into a Grant', () => {
  it('reads every time onto the local clock, with the skew the Date header shows', () => {
    const { sent, subscribe, advanceTo } = setup();
    advanceTo(5_000);
    const heard = subscribe();
    // The service clock reads SERVICE_EPOCH when the local one reads 5 s.
    answer(only(sent), body({ connectionExpiry: SERVICE_EPOCH + 300_000, tokenExpiry: SERVICE_EPOCH + 600_000, token: 'ct' }));
    const skew = SERVICE_EPOCH - 5_000;
    expect(heard.grants).toEqual([
      {
        url: URL,
        receivedAt: 5_000,
        openBy: 5_000 + 100_000 - 15_000,
        connectionExpiry: 305_000,
        connectionToken: 'ct',
        tokenExpiry: 605_000,
        skewMs: skew,
        connectionExpiryText: formatTimestamp(SERVICE_EPOCH + 300_000),
        tokenExpiryText: formatTimestamp(SERVICE_EPOCH + 600_000),
      },
    ]);
    expect(heard.completed).toBe(true);
  });

  it('a service clock behind the local one gives a negative skew', () => {
    const { sent, subscribe, advanceTo } = setup();
    advanceTo(2_000);
    const heard = subscribe();
    const serviceNow = 1_000_000; // local 2,000 reads 1,000,000 on the service
    answer(only(sent), body({ connectionExpiry: serviceNow + 300_000, tokenExpiry: serviceNow + 600_000 }), serviceNow);
    const g = heard.grants[0] as Grant;
    expect(g.skewMs).toBe(1_000_000 - 2_000);
    expect(g.connectionExpiry).toBe(302_000);
    expect(g.tokenExpiry).toBe(602_000);
  });

  it('a response without a Date header gives skew 0 (not NaN): the times are taken as they are', () => {
    const { sent, subscribe, advanceTo } = setup();
    advanceTo(1_000);
    const heard = subscribe();
    answer(only(sent), body({ connectionExpiry: 400_000, tokenExpiry: 900_000 }), null);
    const g = heard.grants[0] as Grant;
    expect(g.skewMs).toBe(0);
    expect(g.connectionExpiry).toBe(400_000);
    expect(g.tokenExpiry).toBe(900_000);
    expect(g.openBy).toBe(1_000 + 100_000 - 15_000);
  });

  it('an unreadable Date header also gives skew 0', () => {
    const { sent, subscribe } = setup();
    const heard = subscribe();
    answer(only(sent), body({ connectionExpiry: 400_000, tokenExpiry: 900_000 }), null, { date: 'yesterday, around noon' });
    expect((heard.grants[0] as Grant).skewMs).toBe(0);
    expect((heard.grants[0] as Grant).connectionExpiry).toBe(400_000);
  });

  it('openBy is the connect window less the safety margin (never plus it)', () => {
    const { sent, subscribe, advanceTo } = setup({ grant: { connectWindowMs: 100_000, safetyMarginMs: 15_000 } });
    advanceTo(10_000);
    const heard = subscribe();
    answer(only(sent), body({ connectionExpiry: SERVICE_EPOCH + 3_600_000 }));
    expect((heard.grants[0] as Grant).openBy).toBe(10_000 + 85_000);
  });

  it('openBy is an earlier ConnectionExpiry less the safety margin', () => {
    const { sent, subscribe } = setup();
    const heard = subscribe();
    answer(only(sent), body({ connectionExpiry: SERVICE_EPOCH + 50_000 }));
    expect((heard.grants[0] as Grant).openBy).toBe(50_000 - 15_000);
  });

  it('openBy with a ConnectionExpiry exactly at the end of the window is the same either way', () => {
    const { sent, subscribe } = setup();
    const heard = subscribe();
    answer(only(sent), body({ connectionExpiry: SERVICE_EPOCH + 100_000 }));
    expect((heard.grants[0] as Grant).openBy).toBe(85_000);
  });

  it('keeps the service texts for websocket$ and credentials$', () => {
    const { sent, subscribe } = setup();
    const heard = subscribe();
    answer(only(sent), body({ connectionExpiry: SERVICE_EPOCH + 1, tokenExpiry: SERVICE_EPOCH + 2, token: 'tok' }));
    const g = heard.grants[0] as Grant;
    expect(websocketOf(g)).toEqual({ Url: URL, ConnectionExpiry: '2024-01-01T12:00:00.001Z' });
    expect(credentialsOf(g)).toEqual({ ConnectionToken: 'tok', Expiry: '2024-01-01T12:00:00.002Z' });
  });

  it.each([
    ['ws://', 'ws://gateway.invalid'],
    ['wss:// with a path and query', 'wss://gateway.invalid/connect?a=b&c=d'],
    ['upper case', 'WSS://GATEWAY.INVALID/x'],
    ['a port', 'wss://gateway.invalid:8443/x'],
    ['a fragment', 'wss://gateway.invalid#f'],
  ])('accepts a websocket URL: %s', (_, url) => {
    const { sent, subscribe } = setup();
    const heard = subscribe();
    answer(only(sent), body({ url }));
    expect(heard.errors).toEqual([]);
    expect((heard.grants[0] as Grant).url).toBe(url);
  });
});

describe('GrantSource: malformed grants are refused with MalformedResponseError', () => {
  const full = body();
  const cases: [string, unknown, string][] = [
    ['no Websocket', { ConnectionCredentials: full.ConnectionCredentials }, 'the response has no Websocket grant'],
    ['a Websocket without Url', { ...full, Websocket: { ConnectionExpiry: full.Websocket.ConnectionExpiry } }, 'the response has no Websocket grant'],
    ['an empty Url', { ...full, Websocket: { ...full.Websocket, Url: '' } }, 'the response has no Websocket grant'],
    ['a Websocket without ConnectionExpiry', { ...full, Websocket: { Url: URL } }, 'the response has no Websocket grant'],
    ['no ConnectionCredentials', { Websocket: full.Websocket }, 'the response has no ConnectionCredentials'],
    ['credentials without a token', { ...full, ConnectionCredentials: { Expiry: full.ConnectionCredentials.Expiry } }, 'the response has no ConnectionCredentials'],
    ['credentials without Expiry', { ...full, ConnectionCredentials: { ConnectionToken: 't' } }, 'the response has no ConnectionCredentials'],
    ['an unparseable ConnectionExpiry', { ...full, Websocket: { ...full.Websocket, ConnectionExpiry: 'tomorrow' } }, 'Websocket.ConnectionExpiry is not a timestamp'],
    ['an unparseable Expiry', { ...full, ConnectionCredentials: { ...full.ConnectionCredentials, Expiry: '2024-13-01T00:00:00Z' } }, 'ConnectionCredentials.Expiry is not a timestamp'],
    ['an https Url', { ...full, Websocket: { ...full.Websocket, Url: 'https://gateway.invalid/connect?X-Amz-Security-Token=very-secret-url-token' } }, 'Websocket.Url is not a ws:// or wss:// URL'],
    ['a Url with no host', { ...full, Websocket: { ...full.Websocket, Url: 'wss://?X-Amz-Security-Token=very-secret-url-token' } }, 'Websocket.Url is not a ws:// or wss:// URL'],
    ['a Url with credentials in it', { ...full, Websocket: { ...full.Websocket, Url: 'wss://user:very-secret-url-token@gateway.invalid/' } }, 'Websocket.Url is not a ws:// or wss:// URL'],
    ['a Url with a space', { ...full, Websocket: { ...full.Websocket, Url: 'wss://gateway.invalid/a b?very-secret-url-token' } }, 'Websocket.Url is not a ws:// or wss:// URL'],
    ['a Url with text before the scheme', { ...full, Websocket: { ...full.Websocket, Url: ' wss://gateway.invalid/?very-secret-url-token' } }, 'Websocket.Url is not a ws:// or wss:// URL'],
  ];

  it.each(cases)('%s', (_, payload, says) => {
    const { sent, subscribe } = setup();
    const heard = subscribe();
    answer(only(sent), payload);
    expect(heard.grants).toEqual([]);
    const error = heard.errors[0] as MalformedResponseError;
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error.message).toBe(`CreateParticipantConnection: ${says}`);
    // The URL is a credential: never repeated, nor its token.
    expect(error.message).not.toContain('very-secret-url-token');
    expect(error.message).not.toContain('gateway.invalid');
    expect(JSON.stringify(error)).not.toContain('very-secret-url-token');
  });

  it('checks the URL before the timestamps (a bad URL is reported as such)', () => {
    const { sent, subscribe } = setup();
    const heard = subscribe();
    answer(only(sent), { ...full, Websocket: { Url: 'http://x', ConnectionExpiry: 'never' } });
    expect((heard.errors[0] as Error).message).toBe('CreateParticipantConnection: Websocket.Url is not a ws:// or wss:// URL');
  });

  it('a service error reaches the caller as it is', () => {
    const { sent, subscribe } = setup();
    const heard = subscribe();
    answerError(only(sent), 403, 'AccessDeniedException');
    expect(heard.errors[0]).toBeInstanceOf(AccessDeniedException);
  });

  it('a network failure reaches the caller as a NetworkError', () => {
    const { sent, subscribe } = setup();
    const heard = subscribe();
    only(sent).callbacks.error(new TypeError('fetch failed'));
    expect(heard.errors[0]).toBeInstanceOf(NetworkError);
  });
});

describe('GrantSource: single flight', () => {
  it('callers while a call is in flight share it: one request, the same grant for each', () => {
    const { sent, subscribe, source } = setup();
    const a = subscribe();
    const b = subscribe();
    const c = subscribe();
    expect(sent).toHaveLength(1);
    answer(only(sent), body());
    expect(a.grants).toHaveLength(1);
    expect(b.grants[0]).toBe(a.grants[0]);
    expect(c.grants[0]).toBe(a.grants[0]);
    expect([a.completed, b.completed, c.completed]).toEqual([true, true, true]);
    expect(source.calls).toBe(1);
  });

  it('a failure reaches every caller sharing the call', () => {
    const { sent, subscribe } = setup();
    const a = subscribe();
    const b = subscribe();
    answerError(only(sent), 500, 'InternalServerException');
    expect(a.errors).toHaveLength(1);
    expect(b.errors[0]).toBe(a.errors[0]);
  });

  it('one caller leaving does not cancel the call for the others', () => {
    const { sent, subscribe } = setup();
    const a = subscribe();
    const b = subscribe();
    a.subscription.unsubscribe();
    expect(only(sent).cancelled).toBe(0);
    answer(only(sent), body());
    expect(a.grants).toEqual([]);
    expect(b.grants).toHaveLength(1);
  });

  it('the last caller to leave cancels the call, and the next caller starts a new one', () => {
    const { sent, subscribe, advanceTo } = setup();
    const a = subscribe();
    const b = subscribe();
    a.subscription.unsubscribe();
    b.subscription.unsubscribe();
    expect((sent[0] as Sent).cancelled).toBe(1);
    advanceTo(1_000);
    const c = subscribe();
    expect(sent).toHaveLength(2);
    answer(sent[1] as Sent, body());
    expect(c.grants).toHaveLength(1);
  });

  it('a caller after the call settled starts a new one (no grant is handed out twice)', () => {
    const { sent, subscribe, advanceTo, source } = setup();
    const a = subscribe();
    answer(only(sent), body({ token: 'first' }));
    advanceTo(5_000);
    const b = subscribe();
    expect(sent).toHaveLength(2);
    answer(sent[1] as Sent, body({ token: 'second' }));
    expect(a.grants.map((g) => g.connectionToken)).toEqual(['first']);
    expect(b.grants.map((g) => g.connectionToken)).toEqual(['second']);
    expect(source.calls).toBe(2);
  });

  it('a caller who asks again while hearing of a grant starts a new call, which later callers share', () => {
    const { sent, subscribe, source, advanceTo } = setup();
    const again: Heard[] = [];
    source.grant$().subscribe({ next: () => void again.push(subscribe()) });
    const other = subscribe();
    answer(only(sent), body({ token: 'first' }));
    expect(other.grants.map((g) => g.connectionToken)).toEqual(['first']);
    // The new call is paced; a caller meanwhile joins it rather than start a third.
    const later = subscribe();
    advanceTo(1_000);
    expect(sent).toHaveLength(2);
    answer(sent[1] as Sent, body({ token: 'second' }));
    expect(again[0]?.grants.map((g) => g.connectionToken)).toEqual(['second']);
    expect(later.grants.map((g) => g.connectionToken)).toEqual(['second']);
    expect(source.calls).toBe(2);
  });

  it('a caller who joins and leaves does not disturb the one still waiting', () => {
    const { sent, subscribe } = setup();
    const a = subscribe();
    const b = subscribe();
    b.subscription.unsubscribe();
    b.subscription.unsubscribe();
    const c = subscribe();
    expect(sent).toHaveLength(1);
    answer(only(sent), body());
    expect(a.grants).toHaveLength(1);
    expect(c.grants).toHaveLength(1);
  });
});

describe('GrantSource: pacing', () => {
  it('a second call starts no sooner than minIntervalMs after the first, whoever asks', () => {
    const { sent, subscribe, advanceTo } = setup({ grant: { minIntervalMs: 1_000 } });
    advanceTo(2_000);
    subscribe();
    answer(sent[0] as Sent, body());
    advanceTo(2_300);
    const second = subscribe();
    expect(sent).toHaveLength(1);
    advanceTo(2_999);
    expect(sent).toHaveLength(1);
    advanceTo(3_000);
    expect(sent).toHaveLength(2);
    expect((sent[1] as Sent).at).toBe(3_000);
    answer(sent[1] as Sent, body());
    expect(second.grants).toHaveLength(1);
  });

  it('a call asked for after the interval starts at once', () => {
    const { sent, subscribe, advanceTo } = setup({ grant: { minIntervalMs: 1_000 } });
    subscribe();
    answer(sent[0] as Sent, body());
    advanceTo(1_000);
    subscribe();
    expect(sent.map((s) => s.at)).toEqual([0, 1_000]);
  });

  it('pacing counts from the start of the last call, not its end', () => {
    const { sent, subscribe, advanceTo } = setup({ grant: { minIntervalMs: 1_000 } });
    subscribe();
    advanceTo(900);
    answer(sent[0] as Sent, body());
    subscribe();
    advanceTo(1_000);
    expect(sent.map((s) => s.at)).toEqual([0, 1_000]);
  });

  it('callers waiting for a paced call share it', () => {
    const { sent, subscribe, advanceTo } = setup();
    subscribe();
    answer(sent[0] as Sent, body());
    const a = subscribe();
    const b = subscribe();
    advanceTo(1_000);
    expect(sent).toHaveLength(2);
    answer(sent[1] as Sent, body());
    expect(b.grants[0]).toBe(a.grants[0]);
  });

  it('a paced call everyone left before it started never starts', () => {
    const { sent, subscribe, advanceTo, source } = setup();
    subscribe();
    answer(sent[0] as Sent, body());
    const a = subscribe();
    advanceTo(500);
    a.subscription.unsubscribe();
    advanceTo(10_000);
    expect(sent).toHaveLength(1);
    expect(source.calls).toBe(1);
  });

  it('a cancelled call paces the next one too', () => {
    const { sent, subscribe, advanceTo } = setup();
    advanceTo(100);
    subscribe().subscription.unsubscribe();
    subscribe();
    expect(sent).toHaveLength(1);
    advanceTo(1_100);
    expect(sent.map((s) => s.at)).toEqual([100, 1_100]);
  });

  it('with minIntervalMs 0 calls start back to back', () => {
    const { sent, subscribe } = setup({ grant: { minIntervalMs: 0 } });
    subscribe();
    answer(sent[0] as Sent, body());
    subscribe();
    expect(sent).toHaveLength(2);
  });
});
