import { describe, expect, it } from 'vitest';
import type { Outcome } from '../src/client/invoke.js';
import { InternalServerException } from '../src/model/errors.js';
import type { Item } from '../src/model/shapes.js';
import type { SocketConnection, SocketHandlers, SocketPort } from '../src/ports.js';
import type { Grant } from '../src/session/grant-source.js';
import type { GrantPurpose, Grants } from '../src/session/grants.js';
import type { SessionOptions } from '../src/session/options.js';
import type { ConnectionEvent } from '../src/session/session-state.js';
import type { SocketEvent } from '../src/session/socket-connection.js';
import { SocketLostError } from '../src/session/socket-lost-error.js';
import { Sockets, type SocketsOwner } from '../src/session/sockets.js';
import { fixedRandom, grantOf, optionsOf, virtualClock } from './part-harness.js';

// ---- helpers --------------------------------------------------------------------------------------------------

const SUBSCRIBE = '{"topic":"aws/subscribe","content":{"topics":["aws/chat"]}}';
const HEARTBEAT = '{"topic":"aws/heartbeat"}';

/** One socket the stub port opened: what the client sent and how it closed it, and the service's side. */
class StubSocket implements SocketConnection {
  readonly sent: string[] = [];
  closed: { code: number; reason: string } | undefined;
  terminated = false;
  /** Closed by the service. */
  dropped = false;
  constructor(
    readonly url: string,
    readonly handlers: SocketHandlers,
  ) {}
  send(data: string): void {
    this.sent.push(data);
  }
  close(code: number, reason: string): void {
    this.closed ??= { code, reason };
  }
  terminate(): void {
    this.terminated = true;
  }
  get gone(): boolean {
    return this.closed !== undefined || this.terminated || this.dropped;
  }
  // The service's side.
  open(): void {
    this.handlers.open();
  }
  ack(success = true): void {
    this.handlers.message(JSON.stringify({ topic: 'aws/subscribe', content: { status: success ? 'success' : 'failure', topics: ['aws/chat'] } }));
  }
  beat(): void {
    this.handlers.message(HEARTBEAT);
  }
  chat(item: Item): void {
    this.handlers.message(JSON.stringify({ topic: 'aws/chat', content: JSON.stringify(item) }));
  }
  lose(code = 1006, reason = ''): void {
    this.dropped = true;
    this.handlers.close(code, reason);
  }
  /** Opened, subscribed, and the first heartbeat answered. */
  up(): void {
    this.open();
    this.ack();
    this.beat();
  }
}

class StubPort implements SocketPort {
  readonly sockets: StubSocket[] = [];
  throwNext: Error | undefined;
  open(url: string, handlers: SocketHandlers): SocketConnection {
    const error = this.throwNext;
    this.throwNext = undefined;
    if (error) throw error;
    const socket = new StubSocket(url, handlers);
    this.sockets.push(socket);
    return socket;
  }
  get last(): StubSocket {
    return this.sockets.at(-1) as StubSocket;
  }
  /** Sockets the client has not closed (and whose loss it has not heard of). */
  get live(): number {
    return this.sockets.filter((s) => !s.gone).length;
  }
}

/** The grants a rotation uses: a spare to take, or a fetch the test answers. */
class StubGrants {
  readonly spares: Grant[] = [];
  readonly fetches: { purpose: GrantPurpose; outcome: Outcome<Grant>; cancelled: number }[] = [];
  takeSpare(): Grant | undefined {
    return this.spares.shift();
  }
  fetch(purpose: GrantPurpose, outcome: Outcome<Grant>): () => void {
    const f = { purpose, outcome, cancelled: 0 };
    this.fetches.push(f);
    return () => void f.cancelled++;
  }
  get last() {
    return this.fetches.at(-1) as StubGrants['fetches'][number];
  }
}

class StubOwner implements SocketsOwner {
  readonly items: string[] = [];
  /** Socket events as `type` or `type (rotation)`. */
  readonly socketEvents: string[] = [];
  readonly disconnects: SocketLostError[] = [];
  readonly handovers: SocketLostError[] = [];
  readonly events: ConnectionEvent[] = [];
  readonly grantFailures: unknown[] = [];
  retryGrants = true;
  socketItem(item: Item): void {
    this.items.push(item.Id as string);
  }
  socketEvent(event: SocketEvent, rotation: boolean): void {
    this.socketEvents.push(rotation ? `${event.type} (rotation)` : event.type);
  }
  disconnected(error: SocketLostError): void {
    this.disconnects.push(error);
  }
  handoverLost(error: SocketLostError): void {
    this.handovers.push(error);
  }
  emit(event: ConnectionEvent): void {
    this.events.push(event);
  }
  grantFailed(error: unknown): boolean {
    this.grantFailures.push(error);
    return this.retryGrants;
  }
  of<T extends ConnectionEvent['type']>(type: T): Extract<ConnectionEvent, { type: T }>[] {
    return this.events.filter((e): e is Extract<ConnectionEvent, { type: T }> => e.type === type);
  }
}

const SECOND = 1_000;

/**
 * Rotation on socket age every 60 s (a 100 s ConnectionExpiry is a connect deadline), 30 s apart at least;
 * heartbeats hourly (the first one, at subscribe, is answered by `up`), a 10 s reply and drain time limit.
 */
const OPTIONS: Partial<SessionOptions> = {
  rotation: { leadMs: 60 * SECOND, maxSocketLifetimeMs: 60 * SECOND, minIntervalMs: 30 * SECOND, minLifetimeMs: 300 * SECOND },
  heartbeat: { intervalMs: 3_600 * SECOND, timeoutMs: 10 * SECOND, ping: false },
  reconnect: { baseDelayMs: SECOND, maxDelayMs: 30 * SECOND },
};

function setup(overrides: Partial<SessionOptions> = {}) {
  const time = virtualClock();
  const port = new StubPort();
  const grants = new StubGrants();
  const owner = new StubOwner();
  const options = optionsOf({ ...OPTIONS, ...overrides });
  const sockets = new Sockets(port, grants as unknown as Grants, time.clock, options, fixedRandom(0.5), owner);
  time.drive(sockets);
  let n = 0;
  const grant = (extra: Partial<Grant> = {}) => {
    n++;
    return grantOf({ url: `wss://gateway.invalid/${n}?X-Amz-Security-Token=secret-${n}`, receivedAt: time.now(), connectionExpiry: time.now() + 100 * SECOND, ...extra });
  };
  /** Connects and brings the socket up: opened, subscribed, first heartbeat answered. */
  const connectUp = () => {
    const heard = listen();
    sockets.connect(grant(), heard.outcome);
    port.last.up();
    return { socket: port.last, heard };
  };
  /** Runs to the rotation, answers its grant fetch, and brings the candidate up. */
  const rotate = () => {
    const due = sockets.due as number;
    time.advanceTo(due);
    grants.last.outcome.value(grant());
    port.last.up();
    return port.last;
  };
  /** Tracks the most sockets live at once, checked after every step the test names. */
  let peak = 0;
  const track = () => (peak = Math.max(peak, port.live, sockets.count));
  return { time, port, grants, owner, sockets, options, grant, connectUp, rotate, track, peak: () => peak };
}

/** Runs time to `until` in steps of 100 ms, calling `answer` each time the rotation asks for a grant; returns when. */
function onEachFetch(time: ReturnType<typeof virtualClock>, grants: StubGrants, until: number, answer: () => void): number[] {
  const times: number[] = [];
  for (let t = time.now(); t <= until; t += 100) {
    const before = grants.fetches.length;
    time.advanceTo(t);
    if (grants.fetches.length === before) continue;
    times.push(t);
    answer();
  }
  return times;
}

function listen() {
  const heard = { values: 0, errors: [] as unknown[] };
  const outcome: Outcome<void> = { value: () => void heard.values++, error: (e) => void heard.errors.push(e) };
  return { heard, outcome };
}

const item = (id: string): Item => ({ Id: id, Type: 'MESSAGE', ContentType: 'text/plain', Content: id, AbsoluteTime: '2024-01-01T00:00:00.000Z' });

// ---- tests ----------------------------------------------------------------------------------------------------

describe('Sockets.connect', () => {
  it('opens one socket with the grant URL and reports success only once it is subscribed', () => {
    const { sockets, port, owner, grant } = setup();
    const { heard, outcome } = listen();
    const g = grant();
    sockets.connect(g, outcome);
    expect(port.sockets.map((s) => s.url)).toEqual([g.url]);
    expect(sockets.phase).toBe('connecting');
    expect(sockets.count).toBe(1);
    port.last.open();
    expect(owner.socketEvents).toEqual(['opened']);
    expect(port.last.sent).toEqual([SUBSCRIBE]);
    expect(heard.values).toBe(0);
    port.last.ack();
    expect(heard.values).toBe(1);
    expect(owner.socketEvents).toEqual(['opened', 'subscribed']);
    expect(sockets.phase).toBe('up');
  });

  it('once up, schedules the rotation by the rotation policy, from when the socket opened', () => {
    const { sockets, port, owner, grant, time } = setup();
    sockets.connect(grant(), listen().outcome);
    time.advanceTo(2 * SECOND);
    port.last.open();
    time.advanceTo(2_500);
    port.last.ack();
    expect(owner.of('rotation-scheduled')).toEqual([{ type: 'rotation-scheduled', at: 62 * SECOND }]);
    expect(time.wakeups).toContain(62 * SECOND);
  });

  it('a second connect while a socket is open or opening opens nothing and succeeds at once', () => {
    const { sockets, port, grant, connectUp } = setup();
    connectUp();
    const { heard, outcome } = listen();
    sockets.connect(grant(), outcome);
    expect(heard.values).toBe(1);
    expect(port.sockets).toHaveLength(1);
  });

  it('what connect returns abandons the socket being opened (closed with 1000); it then reports nothing', () => {
    const { sockets, port, owner, grant } = setup();
    const { heard, outcome } = listen();
    const cancel = sockets.connect(grant(), outcome);
    cancel();
    expect(port.last.closed).toEqual({ code: 1000, reason: 'client closing' });
    expect(sockets.phase).toBe('down');
    expect(sockets.count).toBe(0);
    port.last.open();
    port.last.ack();
    expect(heard).toEqual({ values: 0, errors: [] });
    expect(owner.socketEvents).toEqual([]);
  });

  it('what connect returns does nothing once the socket is up', () => {
    const { sockets, port, grant } = setup();
    const cancel = sockets.connect(grant(), listen().outcome);
    port.last.up();
    cancel();
    expect(sockets.phase).toBe('up');
    expect(port.last.closed).toBeUndefined();
  });

  it('what an earlier connect returned does not abandon a later one', () => {
    const { sockets, port, grant } = setup();
    const first = listen();
    const cancelFirst = sockets.connect(grant(), first.outcome);
    port.last.lose(1006);
    const second = listen();
    sockets.connect(grant(), second.outcome);
    cancelFirst();
    expect(sockets.phase).toBe('connecting');
    expect(port.last.closed).toBeUndefined();
    port.last.up();
    expect(second.heard.values).toBe(1);
  });

  it('a socket lost before it subscribed fails the connect, and is not a disconnection', () => {
    const { sockets, port, owner, grant } = setup();
    const { heard, outcome } = listen();
    sockets.connect(grant(), outcome);
    port.last.open();
    port.last.lose(1006);
    expect(heard.errors).toHaveLength(1);
    expect((heard.errors[0] as SocketLostError).kind).toBe('closed');
    expect(owner.disconnects).toEqual([]);
    expect(sockets.phase).toBe('down');
  });

  it('a socket that never opens is given up after connectTimeoutMs', () => {
    const { sockets, grant, time } = setup({ connectTimeoutMs: 5 * SECOND });
    const { heard, outcome } = listen();
    sockets.connect(grant(), outcome);
    expect(sockets.due).toBe(5 * SECOND);
    time.advanceTo(4_999);
    expect(heard.errors).toEqual([]);
    time.advanceTo(5 * SECOND);
    expect((heard.errors[0] as SocketLostError).kind).toBe('connect-timeout');
  });
});

describe('Sockets: a WebSocket constructor that throws', () => {
  it('is reported as a loss on the next tick, not while connect runs, without the URL', () => {
    const { sockets, port, grant, time } = setup();
    port.throwNext = new SyntaxError('bad url wss://gateway.invalid/1?X-Amz-Security-Token=secret-1');
    const { heard, outcome } = listen();
    const g = grant();
    sockets.connect(g, outcome);
    expect(heard.errors).toEqual([]);
    expect(sockets.phase).toBe('connecting');
    time.advance(0);
    expect(heard.errors).toHaveLength(1);
    const error = heard.errors[0] as SocketLostError;
    expect(error).toBeInstanceOf(SocketLostError);
    expect(error.kind).toBe('open-failed');
    expect(error.message).toContain('SyntaxError');
    expect(error.message).not.toContain('secret-1');
    expect(error.message).not.toContain(g.url);
    expect(sockets.phase).toBe('down');
    expect(sockets.count).toBe(0);
  });
});

describe('Sockets: the primary socket', () => {
  it('forwards the items of a subscribed socket, none before', () => {
    const { sockets, port, owner, grant } = setup();
    sockets.connect(grant(), listen().outcome);
    port.last.open();
    port.last.chat(item('early'));
    port.last.ack();
    port.last.chat(item('a'));
    port.last.chat(item('b'));
    expect(owner.items).toEqual(['a', 'b']);
  });

  it('lost once up: the owner hears of the disconnection, and it is down', () => {
    const { sockets, owner, connectUp } = setup();
    const { socket } = connectUp();
    socket.lose(1001, 'going away');
    expect(owner.disconnects).toHaveLength(1);
    expect(owner.disconnects[0]?.code).toBe(1001);
    expect(sockets.phase).toBe('down');
    expect(sockets.count).toBe(0);
  });

  it('no heartbeat reply within heartbeat.timeoutMs is a loss', () => {
    const { sockets, port, owner, grant, time } = setup({ heartbeat: { intervalMs: 5 * SECOND, timeoutMs: 3 * SECOND, ping: false } });
    sockets.connect(grant(), listen().outcome);
    port.last.open();
    port.last.ack();
    expect(port.last.sent).toEqual([SUBSCRIBE, HEARTBEAT]);
    time.advanceTo(2_999);
    expect(owner.disconnects).toEqual([]);
    time.advanceTo(3_000);
    expect(owner.disconnects[0]?.kind).toBe('heartbeat-timeout');
    expect(owner.socketEvents).toContain('heartbeat-missed');
    expect(port.last.terminated).toBe(true);
  });
});

describe('Sockets: rotation, make before break', () => {
  it('at the rotation time (not before) takes a grant, opens a candidate, and keeps the old one meanwhile', () => {
    const { sockets, port, grants, time, connectUp, track } = setup();
    connectUp();
    time.advanceTo(60 * SECOND - 1);
    expect(grants.fetches).toHaveLength(0);
    time.advanceTo(60 * SECOND);
    expect(grants.fetches.map((f) => f.purpose)).toEqual(['rotate']);
    expect(sockets.phase).toBe('rotating');
    expect(sockets.count).toBe(1);
    grants.last.outcome.value(grantOf({ url: 'wss://gateway.invalid/candidate' }));
    expect(port.last.url).toBe('wss://gateway.invalid/candidate');
    expect(sockets.count).toBe(2);
    track();
    expect((port.sockets[0] as StubSocket).gone).toBe(false);
  });

  it('drains the old socket only once the candidate is subscribed, then closes it on the heartbeat reply', () => {
    const { sockets, port, grants, owner, time, connectUp, grant } = setup();
    const { socket: old } = connectUp();
    time.advanceTo(60 * SECOND);
    grants.last.outcome.value(grant());
    const candidate = port.last;
    candidate.open();
    expect(owner.socketEvents.slice(-1)).toEqual(['opened (rotation)']);
    const sentBefore = old.sent.length;
    expect(old.sent).toHaveLength(sentBefore);
    candidate.ack();
    expect(owner.socketEvents.slice(-1)).toEqual(['subscribed (rotation)']);
    // One last heartbeat on the old socket: it closes on the reply, so everything in flight on it arrives.
    expect(old.sent.slice(sentBefore)).toEqual([HEARTBEAT]);
    expect(old.gone).toBe(false);
    expect(owner.of('rotated')).toHaveLength(1);
    expect(sockets.phase).toBe('up');
    expect(sockets.count).toBe(2);
    old.chat(item('in-flight'));
    candidate.chat(item('new'));
    expect(owner.items).toEqual(['in-flight', 'new']);
    old.beat();
    expect(old.closed).toEqual({ code: 1000, reason: 'rotated' });
    expect(sockets.count).toBe(1);
    expect(owner.handovers).toEqual([]);
  });

  it('while rotating, is due at the earliest of the primary and candidate deadlines (the candidate connect timeout)', () => {
    const { sockets, grants, time, connectUp, grant } = setup({ connectTimeoutMs: 7 * SECOND });
    connectUp();
    time.advanceTo(60 * SECOND);
    grants.last.outcome.value(grant());
    expect(sockets.due).toBe(67 * SECOND);
  });

  it('schedules the next rotation from when the new socket opened, not when it subscribed', () => {
    const { sockets, port, grants, owner, time, connectUp, grant } = setup();
    connectUp();
    time.advanceTo(60 * SECOND);
    grants.last.outcome.value(grant());
    time.advanceTo(60_200);
    port.last.open();
    time.advanceTo(60_700);
    port.last.ack();
    expect(owner.of('rotation-scheduled').at(-1)).toEqual({ type: 'rotation-scheduled', at: 120_200 });
    expect(sockets.phase).toBe('up');
  });

  it('a primary lost at the very moment its rotation falls due starts no rotation', () => {
    const { sockets, port, grants, owner, time, grant } = setup({
      heartbeat: { intervalMs: 3_600 * SECOND, timeoutMs: 60 * SECOND, ping: false },
    });
    sockets.connect(grant(), listen().outcome);
    port.last.open();
    port.last.ack(); // the first heartbeat is never answered: lost at 60 s, when the rotation is due
    time.advanceTo(60 * SECOND);
    expect(owner.disconnects.map((e) => e.kind)).toEqual(['heartbeat-timeout']);
    expect(grants.fetches).toEqual([]);
    expect(sockets.phase).toBe('down');
  });

  it('a grant arriving after the rotation was dropped opens nothing', () => {
    const { sockets, port, grants, time, connectUp, grant } = setup();
    const { socket: primary } = connectUp();
    time.advanceTo(60 * SECOND);
    primary.lose(1006);
    grants.last.outcome.value(grant());
    expect(port.sockets).toHaveLength(1);
    expect(sockets.count).toBe(0);
  });

  it('schedules the next rotation from the new socket', () => {
    const { owner, rotate, time, connectUp } = setup();
    connectUp();
    time.advanceTo(59 * SECOND);
    rotate();
    expect(owner.of('rotation-scheduled').map((e) => e.at)).toEqual([60 * SECOND, 120 * SECOND]);
  });

  it('uses a spare grant when there is one: no grant request', () => {
    const { sockets, port, grants, time, connectUp } = setup();
    connectUp();
    const spare = grantOf({ url: 'wss://gateway.invalid/spare' });
    grants.spares.push(spare);
    time.advanceTo(60 * SECOND);
    expect(grants.fetches).toHaveLength(0);
    expect(port.last.url).toBe(spare.url);
    expect(sockets.count).toBe(2);
  });

  it('a draining socket lost before its reply is a lost handover', () => {
    const { owner, port, rotate, connectUp } = setup();
    const { socket: old } = connectUp();
    rotate();
    old.lose(1006);
    expect(owner.handovers).toHaveLength(1);
    expect(owner.disconnects).toEqual([]);
    expect(port.live).toBe(1);
  });

  it('a draining socket that never replies is given up after heartbeat.timeoutMs, as a lost handover', () => {
    const { owner, rotate, time, connectUp } = setup();
    const { socket: old } = connectUp();
    rotate();
    const drainedAt = time.now();
    time.advanceTo(drainedAt + 10 * SECOND - 1);
    expect(owner.handovers).toEqual([]);
    time.advanceTo(drainedAt + 10 * SECOND);
    expect(owner.handovers.map((e) => e.kind)).toEqual(['heartbeat-timeout']);
    expect(old.terminated).toBe(true);
  });

  it('a rotation due while the old socket still drains waits for it: never more than two sockets', () => {
    const { sockets, port, grants, time, connectUp, grant, track, peak } = setup({
      rotation: { leadMs: 0, maxSocketLifetimeMs: 2 * SECOND, minIntervalMs: 0, minLifetimeMs: 300 * SECOND },
    });
    const { socket: first } = connectUp();
    time.advanceTo(2 * SECOND);
    grants.last.outcome.value(grant());
    port.last.up(); // second socket up at 2 s: its rotation is due at 4 s; the first drains until it replies
    track();
    time.advanceTo(5 * SECOND);
    track();
    expect(grants.fetches).toHaveLength(1);
    expect(sockets.due).not.toBe(4 * SECOND);
    first.beat(); // drained: the rotation that fell due starts now
    time.advance(0);
    expect(grants.fetches).toHaveLength(2);
    grants.last.outcome.value(grant());
    track();
    expect(peak()).toBe(2);
    expect(sockets.count).toBe(2);
  });

  it('the primary lost during a rotation drops the rotation: the candidate is closed, the grant wait cancelled', () => {
    const { sockets, port, grants, owner, time, connectUp, grant } = setup();
    const { socket: primary } = connectUp();
    time.advanceTo(60 * SECOND);
    grants.last.outcome.value(grant());
    const candidate = port.last;
    candidate.open();
    primary.lose(1006);
    expect(owner.disconnects).toHaveLength(1);
    expect(candidate.closed).toEqual({ code: 1000, reason: 'client closing' });
    expect(sockets.phase).toBe('down');
    expect(sockets.count).toBe(0);
    // A candidate subscribing late changes nothing.
    candidate.ack();
    expect(owner.of('rotated')).toEqual([]);
    expect(sockets.phase).toBe('down');
  });

  it('the primary lost while the rotation waits for its grant cancels that wait', () => {
    const { grants, time, connectUp } = setup();
    const { socket: primary } = connectUp();
    time.advanceTo(60 * SECOND);
    primary.lose(1006);
    expect(grants.last.cancelled).toBe(1);
  });
});

describe('Sockets: a rotation that fails', () => {
  it('a lost candidate is retried after a backoff (exact under a fixed random), up to 5 attempts, then rotation-failed', () => {
    const { sockets, port, grants, owner, time, connectUp, grant } = setup();
    connectUp();
    const attemptsAt = onEachFetch(time, grants, 97 * SECOND, () => {
      grants.last.outcome.value(grant());
      port.last.open();
      port.last.lose(1006);
    });
    // random 0.5: 500, 1,000, 2,000 and 4,000 ms between the attempts.
    expect(attemptsAt).toEqual([60_000, 60_500, 61_500, 63_500, 67_500]);
    expect(port.sockets).toHaveLength(6);
    const failed = owner.of('rotation-failed');
    expect(failed).toHaveLength(1);
    expect((failed[0]?.error as SocketLostError).kind).toBe('closed');
    // The old socket stays, rotated again rotation.minIntervalMs later.
    expect(owner.of('rotation-scheduled')[1]).toEqual({ type: 'rotation-scheduled', at: 67_500 + 30 * SECOND });
    expect(owner.disconnects).toEqual([]);
    expect((port.sockets[0] as StubSocket).gone).toBe(false);
    expect(sockets.phase).toBe('up');
    time.advanceTo(97_500);
    expect(grants.fetches).toHaveLength(6);
    expect(sockets.phase).toBe('rotating');
  });

  it('after giving up, the next round (rotation.minIntervalMs later) again has 5 attempts from the base backoff', () => {
    const { port, grants, owner, time, connectUp, grant } = setup();
    connectUp();
    const attemptsAt = onEachFetch(time, grants, 130 * SECOND, () => {
      grants.last.outcome.value(grant());
      port.last.lose(1006);
    });
    expect(attemptsAt).toEqual([60_000, 60_500, 61_500, 63_500, 67_500, 97_500, 98_000, 99_000, 101_000, 105_000]);
    expect(owner.of('rotation-failed')).toHaveLength(2);
  });

  it('a grant request that fails is reported to the owner and retried when it may be', () => {
    const { grants, owner, time, connectUp } = setup();
    connectUp();
    time.advanceTo(60 * SECOND);
    const error = new InternalServerException({ message: 'x' });
    grants.last.outcome.error(error);
    expect(owner.grantFailures).toEqual([error]);
    time.advanceTo(60_499);
    expect(grants.fetches).toHaveLength(1);
    time.advanceTo(60_500);
    expect(grants.fetches).toHaveLength(2);
  });

  it('a grant refused for good stops the rotation (the owner ends the session)', () => {
    const { grants, owner, time, connectUp } = setup();
    connectUp();
    owner.retryGrants = false;
    time.advanceTo(60 * SECOND);
    grants.last.outcome.error(new Error('refused'));
    time.advanceTo(10 * 60 * SECOND);
    expect(grants.fetches).toHaveLength(1);
    expect(owner.of('rotation-failed')).toEqual([]);
  });

  it('a primary lost in the middle of a failing rotation: the next rotation starts with a full set of attempts', () => {
    const { port, grants, owner, time, connectUp, grant } = setup();
    connectUp();
    // Two attempts of the first rotation fail, then the primary itself is lost.
    onEachFetch(time, grants, 60_600, () => {
      grants.last.outcome.value(grant());
      port.last.lose(1006);
    });
    (port.sockets[0] as StubSocket).lose(1006);
    expect(owner.disconnects).toHaveLength(1);
    // Reconnected at 70 s: its rotation (at 130 s) fails every attempt, five of them from the base backoff.
    time.advanceTo(70 * SECOND);
    connectUp();
    const times = onEachFetch(time, grants, 160 * SECOND, () => {
      grants.last.outcome.value(grant());
      port.last.lose(1006);
    });
    expect(times).toEqual([130_000, 130_500, 131_500, 133_500, 137_500]);
    expect(owner.of('rotation-failed')).toHaveLength(1);
  });

  it('a successful rotation after failed attempts starts the next rotation with a full set of attempts', () => {
    const { port, grants, owner, time, connectUp, grant } = setup();
    connectUp();
    let n = 0;
    const times = onEachFetch(time, grants, 160 * SECOND, () => {
      grants.last.outcome.value(grant());
      // The fifth attempt of the first round succeeds; every attempt of the second fails.
      if (++n === 5) {
        port.last.up();
        (port.sockets[0] as StubSocket).beat();
      } else port.last.lose(1006);
    });
    expect(owner.of('rotated')).toHaveLength(1);
    // Rotated at 67.5 s: the next round from 127.5 s, five attempts from the base backoff again.
    expect(times).toEqual([60_000, 60_500, 61_500, 63_500, 67_500, 127_500, 128_000, 129_000, 131_000, 135_000]);
    expect(owner.of('rotation-failed')).toHaveLength(1);
  });
});

describe('Sockets.stop', () => {
  it('closes every socket (primary, candidate) with 1000, and hears nothing more', () => {
    const { sockets, port, grants, owner, time, connectUp, grant } = setup();
    const { socket: primary } = connectUp();
    time.advanceTo(60 * SECOND);
    grants.last.outcome.value(grant());
    const candidate = port.last;
    sockets.stop();
    expect(primary.closed?.code).toBe(1000);
    expect(candidate.closed?.code).toBe(1000);
    expect(sockets.phase).toBe('down');
    expect(sockets.count).toBe(0);
    expect(sockets.due).toBeUndefined();
    primary.lose(1006);
    candidate.open();
    expect(owner.disconnects).toEqual([]);
    expect(owner.socketEvents.filter((e) => e.endsWith('(rotation)'))).toEqual([]);
  });

  it('closes a draining socket too', () => {
    const { sockets, rotate, connectUp, owner } = setup();
    const { socket: old } = connectUp();
    const fresh = rotate();
    sockets.stop();
    expect(old.closed?.code).toBe(1000);
    expect(fresh.closed?.code).toBe(1000);
    old.lose(1006);
    expect(owner.handovers).toEqual([]);
  });

  it('closes a socket being opened', () => {
    const { sockets, port, grant } = setup();
    sockets.connect(grant(), listen().outcome);
    sockets.stop();
    expect(port.last.closed?.code).toBe(1000);
  });
});
