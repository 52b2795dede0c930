import { decodeServerFrame, encodeClientFrame } from '../codec/frame/frame-codec.js';
import { Topic, type FrameDecodeError } from '../codec/frame/frames.js';
import { REDACTED, redact } from '../model/redaction.js';
import type { Item } from '../model/shapes.js';
import type { SocketConnection, SocketHandlers, SocketPort } from '../ports.js';
import type { PartClock } from './alarm.js';
import type { HeartbeatOptions, SubscribeOptions } from './options.js';
import { SocketLostError, type SocketLossKind } from './socket-lost-error.js';

/** What one socket reports while it lives. */
export type SocketEvent =
  | { readonly type: 'opened' }
  | { readonly type: 'subscribed' }
  | { readonly type: 'heartbeat-missed' }
  | { readonly type: 'ping-failed'; readonly statusCode: number | undefined }
  | { readonly type: 'gateway-error'; readonly message: string }
  | { readonly type: 'frame-error'; readonly error: FrameDecodeError }
  | { readonly type: 'item-member-dropped'; readonly itemId: string | undefined; readonly path: string; readonly expected: string };

export interface SocketSettings {
  readonly heartbeat: HeartbeatOptions;
  readonly subscribe: SubscribeOptions;
  readonly connectTimeoutMs: number;
  readonly maxFrameBytes: number;
}

/** Where a link reports; one sink (the session) serves all of its links. */
export interface SocketSink<L> {
  /** A chat item (the hot path: no event object around it). */
  socketItem(link: L, item: Item): void;
  socketEvent(link: L, event: SocketEvent): void;
  /** The socket is gone (closed, or given up); nothing more comes from this link. */
  socketLost(link: L, error: SocketLostError): void;
  /** A draining link handed over everything and closed; nothing more comes from it. */
  socketDrained(link: L): void;
}

const OPENED = 1;
const SUBSCRIBED = 2;
const FINISHED = 4;
const DRAINING = 8;
const PING_OUTSTANDING = 16;

const SUBSCRIBE = encodeClientFrame({ kind: 'subscribe', topics: [Topic.CHAT] });
const HEARTBEAT = encodeClientFrame({ kind: 'heartbeat' });
const PING = encodeClientFrame({ kind: 'ping' });
/** The earlier of two due times; undefined is "not pending". */
export const earlier = (a: number | undefined, b: number | undefined): number | undefined => (a === undefined || (b !== undefined && b < a) ? b : a);

/**
 * One websocket: opening it, subscribing to `aws/chat` (resending an unanswered subscribe, retrying a failure ack),
 * keeping it alive with heartbeats and pings once subscribed, and reporting its items. It is lost with a
 * {@link SocketLostError} when the socket closes or is given up (connect timeout, no heartbeat reply within the
 * tolerance, subscription refused). {@link SocketLink.dispose} closes the socket with 1000.
 *
 * {@link SocketLink.drain} (a rotation's new socket is subscribed) sends one more heartbeat and reports the link
 * drained when its reply arrives: frames are ordered, so every item the service queued here before it saw the new
 * subscription has arrived by then. Closing at once instead would lose items still in flight. No reply within the
 * heartbeat timeout is a loss like any other: the socket may have died unnoticed, holding items.
 *
 * A link is a plain object with its deadlines in fields, woken by its owner's clock: no closures, streams or timers
 * of its own, so that thousands of live sessions stay cheap.
 */
export class SocketLink implements SocketHandlers {
  #connection: SocketConnection | undefined;
  /** Kept to remove it (and its query) from any text the platform or the service reports. */
  #url: string | undefined;
  /** Why the socket could not be opened, when its constructor threw. */
  #openFailure: string | undefined;
  /** What has happened to the socket, as bits (OPENED, SUBSCRIBED, …): one field where five booleans took five. */
  #flags = 0;
  #unanswered = 0;
  #failures = 0;
  // Due times on the clock, undefined when not pending (a field that held only times would box one per link).
  #connectBy: number | undefined;
  #ackBy: number | undefined;
  #resubscribeAt: number | undefined;
  #nextBeatAt: number | undefined;
  #replyBy: number | undefined;
  #drainBy: number | undefined;

  readonly #settings: SocketSettings;
  readonly #clock: PartClock;
  readonly #sink: SocketSink<SocketLink>;

  constructor(settings: SocketSettings, clock: PartClock, sink: SocketSink<SocketLink>) {
    this.#settings = settings;
    this.#clock = clock;
    this.#sink = sink;
  }

  /**
   * Opens the socket. The sink may hear from the link before this returns (an adapter may call back at once), but
   * not of its loss: a WebSocket constructor that throws (a bad URL, mixed content, no WebSocket at all) is a loss
   * reported on the next tick, so that its owner has the link in hand first.
   */
  start(sockets: SocketPort, url: string): void {
    this.#url = url;
    this.#connectBy = this.#due(this.#settings.connectTimeoutMs);
    try {
      this.#connection = sockets.open(url, this);
    } catch (error) {
      this.#openFailure = this.#clean(error instanceof Error ? `${error.name}: ${error.message}` : 'the socket port threw');
      this.#connectBy = this.#due(0);
    }
  }

  /** The earliest time the link needs {@link SocketLink.tick} (undefined: none). */
  get due(): number | undefined {
    if ((this.#flags & FINISHED) !== 0) return undefined;
    return [this.#ackBy, this.#resubscribeAt, this.#nextBeatAt, this.#replyBy, this.#drainBy].reduce(earlier, this.#connectBy);
  }

  /** Handles the deadlines that have come. */
  tick(): void {
    if ((this.#flags & FINISHED) !== 0) return;
    const now = this.#clock.now();
    if (this.#connectBy !== undefined && this.#connectBy <= now) {
      return this.#openFailure === undefined ? this.#give('connect-timeout') : this.#give('open-failed', undefined, this.#openFailure);
    }
    if (this.#drainBy !== undefined && this.#drainBy <= now) return this.#give('heartbeat-timeout');
    if (this.#replyBy !== undefined && this.#replyBy <= now) {
      this.#sink.socketEvent(this, { type: 'heartbeat-missed' });
      return this.#give('heartbeat-timeout');
    }
    if (this.#ackBy !== undefined && this.#ackBy <= now) {
      this.#ackBy = undefined;
      if (++this.#unanswered >= this.#settings.subscribe.maxUnanswered) return this.#give('subscribe-timeout');
      this.#sendSubscribe();
    }
    if (this.#resubscribeAt !== undefined && this.#resubscribeAt <= now) {
      this.#resubscribeAt = undefined;
      this.#sendSubscribe();
    }
    if (this.#nextBeatAt !== undefined && this.#nextBeatAt <= now) this.#beat();
  }

  drain(): void {
    if ((this.#flags & (FINISHED | DRAINING)) !== 0) return;
    this.#flags |= DRAINING;
    this.#send(HEARTBEAT);
    // No answer: the socket may have died unnoticed and lost items, so this is reported as a loss.
    this.#drainBy = this.#due(this.#settings.heartbeat.timeoutMs);
  }

  /** Closes the socket with 1000; the sink hears nothing more. */
  dispose(): void {
    if ((this.#flags & FINISHED) !== 0) return;
    this.#flags |= FINISHED;
    this.#connection?.close(1000, 'client closing');
  }

  // ---- the port's handlers --------------------------------------------------------------------------------

  open(): void {
    if ((this.#flags & (FINISHED | OPENED)) !== 0) return;
    this.#flags |= OPENED;
    this.#connectBy = undefined;
    this.#sink.socketEvent(this, { type: 'opened' });
    this.#sendSubscribe();
  }

  message(data: unknown): void {
    if ((this.#flags & FINISHED) !== 0) return;
    const decoded = decodeServerFrame(data, this.#settings);
    if (!decoded.ok) return this.#sink.socketEvent(this, { type: 'frame-error', error: decoded.error });
    const frame = decoded.value;
    switch (frame.kind) {
      case 'chat':
        if ((this.#flags & SUBSCRIBED) === 0) return;
        if (frame.warnings) for (const w of frame.warnings) this.#sink.socketEvent(this, { type: 'item-member-dropped', itemId: frame.item.Id, path: w.path, expected: w.expected });
        this.#sink.socketItem(this, frame.item);
        return;
      case 'heartbeat':
        this.#replyBy = undefined;
        if ((this.#flags & DRAINING) !== 0) this.#drained();
        return;
      case 'ping':
        this.#flags &= ~PING_OUTSTANDING;
        if (!frame.ok) this.#sink.socketEvent(this, { type: 'ping-failed', statusCode: frame.statusCode });
        return;
      case 'subscribe-ack':
        return this.#onAck(frame.success);
      case 'gateway-error':
        return this.#sink.socketEvent(this, { type: 'gateway-error', message: this.#clean(frame.message) });
      default:
        return;
    }
  }

  close(code: number, reason: string): void {
    this.#give('closed', code, this.#clean(String(reason ?? '')));
  }

  error(): void {
    // A close always follows and carries what matters; the error itself is only a fact for logs.
  }

  // ---- inside ---------------------------------------------------------------------------------------------

  /** Text from the platform or the service, without the socket's URL or its query (both credentials). */
  #clean(text: string): string {
    const url = this.#url ?? '';
    const query = url.indexOf('?');
    // Whatever follows a `?` goes too: a platform may print the URL in another form (decoded, normalised).
    return redact(text, [url, query >= 0 ? url.slice(query + 1) : undefined]).replace(/\?[^\s)'"]+/g, `?${REDACTED}`);
  }

  #due(ms: number): number {
    const at = this.#clock.now() + ms;
    this.#clock.at(at);
    return at;
  }

  #send(frame: string): void {
    if ((this.#flags & FINISHED) === 0) this.#connection?.send(frame);
  }

  #sendSubscribe(): void {
    this.#send(SUBSCRIBE);
    this.#ackBy = this.#due(this.#settings.subscribe.ackTimeoutMs);
  }

  #onAck(success: boolean): void {
    this.#ackBy = undefined;
    this.#unanswered = 0;
    if (!success) {
      if (++this.#failures >= this.#settings.subscribe.maxFailures) this.#give('subscribe-failed');
      else this.#resubscribeAt = this.#due(this.#settings.subscribe.failureRetryMs);
      return;
    }
    if ((this.#flags & SUBSCRIBED) !== 0) return;
    this.#flags |= SUBSCRIBED;
    this.#sink.socketEvent(this, { type: 'subscribed' });
    // Heartbeats start once subscribed, so that nothing but the subscribe stands between open and the ack (the
    // ack's wait bounds a dead socket until then).
    this.#beat();
  }

  #beat(): void {
    if ((this.#flags & FINISHED) !== 0) return;
    if (this.#settings.heartbeat.ping) {
      if ((this.#flags & PING_OUTSTANDING) !== 0) this.#sink.socketEvent(this, { type: 'ping-failed', statusCode: undefined });
      this.#flags |= PING_OUTSTANDING;
      this.#send(PING);
    }
    this.#send(HEARTBEAT);
    if (this.#replyBy === undefined) this.#replyBy = this.#due(this.#settings.heartbeat.timeoutMs);
    this.#nextBeatAt = this.#due(this.#settings.heartbeat.intervalMs);
  }

  #give(kind: SocketLossKind, code?: number, reason?: string): void {
    if ((this.#flags & FINISHED) !== 0) return;
    this.#flags |= FINISHED;
    const connection = this.#connection;
    if (kind !== 'closed' && connection) {
      // A socket we give up on may be half-dead: drop it without waiting for a close handshake.
      if (connection.terminate) connection.terminate();
      else connection.close(4000, kind);
    }
    this.#sink.socketLost(this, new SocketLostError(kind, code, reason));
  }

  #drained(): void {
    if ((this.#flags & FINISHED) !== 0) return;
    this.#flags |= FINISHED;
    this.#connection?.close(1000, 'rotated');
    this.#sink.socketDrained(this);
  }
}
