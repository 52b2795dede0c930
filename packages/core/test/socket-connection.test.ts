import { describe, expect, it } from 'vitest';
import type { Item } from '../src/model/shapes.js';
import { REDACTED } from '../src/model/redaction.js';
import type { SocketConnection, SocketHandlers, SocketPort } from '../src/ports.js';
import { SocketLink, type SocketEvent, type SocketSettings, type SocketSink } from '../src/session/socket-connection.js';
import type { SocketLostError } from '../src/session/socket-lost-error.js';
import { virtualClock } from './part-harness.js';

// ---- helpers --------------------------------------------------------------------------------------------------

const SUBSCRIBE = '{"topic":"aws/subscribe","content":{"topics":["aws/chat"]}}';
const HEARTBEAT = '{"topic":"aws/heartbeat"}';
const PING = '{"topic":"aws/ping"}';
const URL = 'wss://gateway.invalid/connect?X-Amz-Security-Token=secret-1';
const QUERY = 'X-Amz-Security-Token=secret-1';

/** One socket: what the client sent and how it ended it. `terminate` only when the platform has it (Node). */
class StubSocket implements SocketConnection {
  readonly sent: string[] = [];
  readonly closes: { code: number; reason: string }[] = [];
  terminated = 0;
  terminate?: () => void;
  constructor(
    readonly handlers: SocketHandlers,
    canTerminate: boolean,
  ) {
    if (canTerminate) this.terminate = () => void this.terminated++;
  }
  send(data: string): void {
    this.sent.push(data);
  }
  close(code: number, reason: string): void {
    this.closes.push({ code, reason });
  }
  count(frame: string): number {
    return this.sent.filter((s) => s === frame).length;
  }
  // The service's side.
  ack(success = true): void {
    this.handlers.message(JSON.stringify({ topic: 'aws/subscribe', content: { status: success ? 'success' : 'failure', topics: ['aws/chat'] } }));
  }
  beat(): void {
    this.handlers.message(HEARTBEAT);
  }
  pong(statusCode = 200): void {
    this.handlers.message(JSON.stringify({ topic: 'aws/ping', statusCode, statusContent: statusCode === 200 ? 'OK' : 'error' }));
  }
  chat(id: string): void {
    const item: Item = { Id: id, Type: 'MESSAGE', ContentType: 'text/plain', Content: id, AbsoluteTime: '2024-01-01T00:00:00.000Z' };
    this.handlers.message(JSON.stringify({ topic: 'aws/chat', content: JSON.stringify(item) }));
  }
}

/** What the link reported, in order: items by Id, events by type (with their details), losses and drains. */
class Sink implements SocketSink<SocketLink> {
  readonly reports: string[] = [];
  readonly events: SocketEvent[] = [];
  readonly losses: SocketLostError[] = [];
  socketItem(_: SocketLink, item: Item): void {
    this.reports.push(`item ${item.Id}`);
  }
  socketEvent(_: SocketLink, event: SocketEvent): void {
    this.events.push(event);
    this.reports.push(event.type);
  }
  socketLost(_: SocketLink, error: SocketLostError): void {
    this.losses.push(error);
    this.reports.push(`lost ${error.kind}`);
  }
  socketDrained(): void {
    this.reports.push('drained');
  }
}

const SETTINGS: SocketSettings = {
  heartbeat: { intervalMs: 10_000, timeoutMs: 5_000, ping: false },
  subscribe: { ackTimeoutMs: 1_000, maxUnanswered: 3, failureRetryMs: 500, maxFailures: 2 },
  connectTimeoutMs: 10_000,
  maxFrameBytes: 262_144,
};

function setup(settings: Partial<SocketSettings> = {}, { canTerminate = true, throws = undefined as unknown } = {}) {
  const time = virtualClock();
  const sink = new Sink();
  const link = new SocketLink({ ...SETTINGS, ...settings }, time.clock, sink);
  time.drive(link);
  let socket: StubSocket | undefined;
  const port: SocketPort = {
    open: (_, handlers) => {
      if (throws !== undefined) throw throws;
      return (socket = new StubSocket(handlers, canTerminate));
    },
  };
  link.start(port, URL);
  return {
    time,
    sink,
    link,
    get socket() {
      return socket as StubSocket;
    },
    /** Opened and subscribed at the current time. */
    up() {
      link.open();
      socket!.ack();
    },
  };
}

// ---- opening and subscribing ------------------------------------------------------------------------------------

describe('SocketLink: opening and subscribing', () => {
  it('gives up a socket not opened within the connect timeout, dropping it', () => {
    const { time, sink, socket } = setup();
    time.advanceTo(9_999);
    expect(sink.reports).toEqual([]);
    time.advanceTo(10_000);
    expect(sink.reports).toEqual(['lost connect-timeout']);
    expect(socket.terminated).toBe(1);
    expect(socket.closes).toEqual([]);
  });

  it('closes a socket it gives up with 4000 and the reason where the platform cannot drop it (browsers)', () => {
    const { time, socket } = setup({}, { canTerminate: false });
    time.advanceTo(10_000);
    expect(socket.closes).toEqual([{ code: 4000, reason: 'connect-timeout' }]);
  });

  it('reports a port that threw as a failed open on the next tick, with the platform’s words but no credential', () => {
    const { time, sink, link } = setup({}, { throws: new SyntaxError(`bad url ${URL} (${QUERY}) ?other=secret-2`) });
    expect(sink.reports).toEqual([]);
    expect(link.due).toBe(0);
    time.advance(0);
    expect(sink.reports).toEqual(['lost open-failed']);
    const reason = sink.losses[0]!.reason!;
    expect(reason).toMatch(/^SyntaxError: bad url /);
    expect(reason).not.toContain('secret');
    expect(reason).toContain(`?${REDACTED}`);
    expect(() => link.dispose()).not.toThrow();
  });

  it('can be disposed before it reports that the port threw, and then reports nothing', () => {
    const { time, sink, link } = setup({}, { throws: new TypeError('no WebSocket') });
    expect(() => link.dispose()).not.toThrow();
    time.advance(20_000);
    expect(sink.reports).toEqual([]);
  });

  it('says the port threw when what it threw is not an Error', () => {
    const { time, sink } = setup({}, { throws: 'no WebSocket' });
    time.advance(0);
    expect(sink.losses[0]!.reason).toBe('the socket port threw');
  });

  it('reports the socket opened once, subscribing once, however often the platform says it opened', () => {
    const { sink, link, socket } = setup();
    link.open();
    link.open();
    expect(sink.reports).toEqual(['opened']);
    expect(socket.sent).toEqual([SUBSCRIBE]);
  });

  it('resends an unanswered subscribe at each ack timeout and gives up after the set number of them', () => {
    const { time, sink, link, socket } = setup();
    link.open();
    time.advanceTo(999);
    expect(socket.count(SUBSCRIBE)).toBe(1);
    time.advanceTo(1_000);
    expect(socket.count(SUBSCRIBE)).toBe(2);
    time.advanceTo(2_000);
    expect(socket.count(SUBSCRIBE)).toBe(3);
    expect(sink.losses).toEqual([]);
    time.advanceTo(3_000);
    expect(sink.reports).toEqual(['opened', 'lost subscribe-timeout']);
  });

  it('subscribes again after a failure ack, and gives up at the set number of failures', () => {
    const { time, sink, link, socket } = setup();
    link.open();
    socket.ack(false);
    time.advanceTo(499);
    expect(socket.count(SUBSCRIBE)).toBe(1);
    time.advanceTo(500);
    expect(socket.count(SUBSCRIBE)).toBe(2);
    socket.ack(false);
    expect(sink.reports).toEqual(['opened', 'lost subscribe-failed']);
  });

  it('reports subscribed once, starting heartbeats once, when the service acks twice', () => {
    const { sink, socket, up } = setup();
    up();
    socket.ack();
    expect(sink.reports).toEqual(['opened', 'subscribed']);
    expect(socket.count(HEARTBEAT)).toBe(1);
  });

  it('delivers items only once subscribed', () => {
    const { link, sink, socket } = setup();
    link.open();
    socket.chat('early');
    socket.ack();
    socket.chat('m1');
    expect(sink.reports).toEqual(['opened', 'subscribed', 'item m1']);
  });
});

// ---- deadlines -------------------------------------------------------------------------------------------------

describe('SocketLink: deadlines', () => {
  // The session wakes all its parts together: a link is ticked whenever any part is due, not only when it is.
  it('does nothing when ticked before any of its deadlines', () => {
    const { time, sink, link, socket } = setup({ heartbeat: { intervalMs: 10_000, timeoutMs: 5_000, ping: false } });
    time.advanceTo(100);
    link.tick();
    expect(sink.reports).toEqual([]);
    link.open();
    time.advanceTo(500);
    link.tick();
    expect(socket.sent).toEqual([SUBSCRIBE]);
    socket.ack(false);
    time.advanceTo(700);
    link.tick();
    expect(socket.sent).toEqual([SUBSCRIBE]);
    time.advanceTo(1_000);
    socket.ack();
    expect(socket.sent).toEqual([SUBSCRIBE, SUBSCRIBE, HEARTBEAT]);
    time.advanceTo(3_000);
    link.tick();
    socket.beat();
    time.advanceTo(7_000);
    link.tick();
    expect(socket.sent).toEqual([SUBSCRIBE, SUBSCRIBE, HEARTBEAT]);
    expect(sink.reports).toEqual(['opened', 'subscribed']);
  });

  it('is due at its earliest pending deadline, and never once it is finished', () => {
    const { time, link, socket } = setup({ heartbeat: { intervalMs: 10_000, timeoutMs: 5_000, ping: false } });
    expect(link.due).toBe(10_000);
    time.advanceTo(200);
    link.open();
    expect(link.due).toBe(1_200);
    socket.ack();
    expect(link.due).toBe(5_200);
    socket.beat();
    expect(link.due).toBe(10_200);
    link.dispose();
    expect(link.due).toBeUndefined();
  });

  it('beats every interval, and gives up when a heartbeat goes unanswered for the timeout, however many beats followed', () => {
    const { time, sink, socket, up } = setup({ heartbeat: { intervalMs: 2_000, timeoutMs: 5_000, ping: false } });
    up();
    time.advanceTo(4_999);
    expect(socket.count(HEARTBEAT)).toBe(3);
    expect(sink.losses).toEqual([]);
    time.advanceTo(5_000);
    expect(sink.reports).toEqual(['opened', 'subscribed', 'heartbeat-missed', 'lost heartbeat-timeout']);
  });

  it('reports a ping left unanswered until the next beat as failed, with no status code', () => {
    const { time, sink, socket, up } = setup({ heartbeat: { intervalMs: 2_000, timeoutMs: 5_000, ping: true } });
    up();
    expect(socket.sent.slice(1)).toEqual([PING, HEARTBEAT]);
    socket.beat();
    socket.pong();
    time.advanceTo(2_000);
    socket.beat();
    expect(sink.events.filter((e) => e.type === 'ping-failed')).toEqual([]);
    time.advanceTo(4_000);
    expect(sink.events.filter((e) => e.type === 'ping-failed')).toEqual([{ type: 'ping-failed', statusCode: undefined }]);
    socket.pong(500);
    expect(sink.events.filter((e) => e.type === 'ping-failed')).toEqual([
      { type: 'ping-failed', statusCode: undefined },
      { type: 'ping-failed', statusCode: 500 },
    ]);
  });
});

// ---- frames and ends ------------------------------------------------------------------------------------------

describe('SocketLink: frames and ends', () => {
  it('reports a frame it cannot read, and a gateway error without the socket’s credentials', () => {
    const { sink, socket, up } = setup();
    up();
    socket.handlers.message('not json');
    socket.handlers.message(JSON.stringify({ message: `Forbidden ${URL} and ${QUERY}`, connectionId: 'c1' }));
    expect(sink.events.slice(2).map((e) => e.type)).toEqual(['frame-error', 'gateway-error']);
    expect(sink.events[2]).toMatchObject({ type: 'frame-error', error: { name: 'FrameDecodeError' } });
    const gateway = sink.events[3] as Extract<SocketEvent, { type: 'gateway-error' }>;
    expect(gateway.message).toMatch(/^Forbidden /);
    expect(gateway.message).not.toContain('secret-1');
  });

  it('reports a close by the service with its code and reason, leaving the closed socket alone', () => {
    const { sink, socket, up } = setup();
    up();
    socket.handlers.close(1001, 'going away');
    expect(sink.losses).toHaveLength(1);
    expect(sink.losses[0]).toMatchObject({ kind: 'closed', code: 1001, reason: 'going away', message: 'socket closed (1001: going away)' });
    expect(socket.terminated).toBe(0);
    expect(socket.closes).toEqual([]);
  });

  it('takes a close without a reason as none', () => {
    const { sink, socket, up } = setup();
    up();
    socket.handlers.close(1006, undefined as unknown as string);
    expect(sink.losses[0]!.message).toBe('socket closed (1006)');
  });

  it('reports its loss once and nothing after it, whatever the platform says next', () => {
    const { time, sink, socket } = setup();
    time.advanceTo(10_000);
    socket.handlers.close(1006, '');
    socket.handlers.open();
    socket.ack();
    socket.chat('late');
    expect(sink.reports).toEqual(['lost connect-timeout']);
  });

  it('says nothing more once disposed: no items, no missed heartbeat, no loss', () => {
    const { time, sink, link, socket, up } = setup();
    up();
    link.dispose();
    expect(socket.closes).toEqual([{ code: 1000, reason: 'client closing' }]);
    socket.chat('late');
    time.advanceTo(60_000);
    link.tick();
    socket.handlers.close(1000, 'client closing');
    expect(sink.reports).toEqual(['opened', 'subscribed']);
  });

  it('drains with one heartbeat and reports drained once at its reply, closing with 1000, delivering nothing after', () => {
    const { sink, link, socket, up } = setup();
    up();
    socket.beat();
    const before = socket.count(HEARTBEAT);
    link.drain();
    link.drain();
    expect(socket.count(HEARTBEAT)).toBe(before + 1);
    socket.chat('in flight');
    socket.beat();
    socket.beat();
    socket.chat('after');
    // The close handshake of the socket it closed completes: that is no loss.
    socket.handlers.close(1000, 'rotated');
    expect(sink.reports).toEqual(['opened', 'subscribed', 'item in flight', 'drained']);
    expect(socket.closes).toEqual([{ code: 1000, reason: 'rotated' }]);
  });

  it('gives up a draining socket whose heartbeat goes unanswered for the timeout from the first drain', () => {
    const { time, sink, link, socket, up } = setup({ heartbeat: { intervalMs: 60_000, timeoutMs: 5_000, ping: false } });
    up();
    socket.beat();
    link.drain();
    time.advanceTo(3_000);
    link.drain();
    time.advanceTo(4_999);
    expect(sink.losses).toEqual([]);
    time.advanceTo(5_000);
    expect(sink.reports).toEqual(['opened', 'subscribed', 'lost heartbeat-timeout']);
  });
});
