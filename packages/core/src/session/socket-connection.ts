import { Observable, Subscription, type SchedulerLike } from 'rxjs';
import { decodeServerFrame, encodeClientFrame } from '../codec/frame/frame-codec.js';
import { Topic, type FrameDecodeError } from '../codec/frame/frames.js';
import type { Item } from '../model/shapes.js';
import type { SocketConnection, SocketPort } from '../ports.js';
import type { HeartbeatOptions, SubscribeOptions } from './options.js';
import { SocketLostError, type SocketLossKind } from './socket-lost-error.js';

/** What one socket reports while it lives. */
export type SocketEvent =
  | { readonly type: 'opened' }
  | { readonly type: 'subscribed' }
  | { readonly type: 'item'; readonly item: Item }
  | { readonly type: 'heartbeat-missed' }
  | { readonly type: 'ping-failed'; readonly statusCode: number | undefined }
  | { readonly type: 'gateway-error'; readonly message: string }
  | { readonly type: 'frame-error'; readonly error: FrameDecodeError };

export interface SocketSettings {
  readonly heartbeat: HeartbeatOptions;
  readonly subscribe: SubscribeOptions;
  readonly connectTimeoutMs: number;
  readonly maxFrameBytes: number;
}

const SUBSCRIBE = encodeClientFrame({ kind: 'subscribe', topics: [Topic.CHAT] });
const HEARTBEAT = encodeClientFrame({ kind: 'heartbeat' });
const PING = encodeClientFrame({ kind: 'ping' });

/**
 * One websocket, cold: opening it on subscribe, subscribing to `aws/chat` (resending an unanswered subscribe,
 * retrying a failure ack), keeping it alive with heartbeats and pings, and emitting its items. It errors with a
 * {@link SocketLostError} when the socket closes or is given up (connect timeout, no heartbeat reply within the
 * tolerance, subscription refused). Unsubscribing closes the socket with 1000.
 *
 * When `drain$` emits (a rotation's new socket is subscribed), the socket sends one more heartbeat and completes
 * when its reply arrives: frames are ordered, so every item the service queued here before it saw the new
 * subscription has arrived by then. Closing at once instead would lose items still in flight. No reply within the
 * heartbeat timeout is an error like any other loss: the socket may have died unnoticed, holding items.
 */
export function connectSocket(
  sockets: SocketPort,
  url: string,
  settings: SocketSettings,
  scheduler: SchedulerLike,
  drain$?: Observable<void>,
): Observable<SocketEvent> {
  return new Observable<SocketEvent>((subscriber) => {
    const timers = new Subscription();
    // Assigned once below, but read by callbacks an adapter may call before `open` returns.
    // eslint-disable-next-line prefer-const
    let connection: SocketConnection | undefined;
    let opened = false;
    let subscribed = false;
    let finished = false;
    let unanswered = 0;
    let failures = 0;
    let ackTimer: Subscription | undefined;
    let heartbeatDeadline: Subscription | undefined;
    let pingOutstanding = false;
    let draining = false;

    const schedule = (ms: number, run: () => void): Subscription => {
      const s = scheduler.schedule(run, ms);
      timers.add(s);
      return s;
    };

    const give = (kind: SocketLossKind, code?: number, reason?: string) => {
      if (finished) return;
      finished = true;
      timers.unsubscribe();
      if (kind !== 'closed' && connection) {
        // A socket we give up on may be half-dead: drop it without waiting for a close handshake.
        if (connection.terminate) connection.terminate();
        else connection.close(4000, kind);
      }
      subscriber.error(new SocketLostError(kind, code, reason));
    };

    const send = (frame: string) => {
      if (!finished && connection) connection.send(frame);
    };

    const sendSubscribe = () => {
      send(SUBSCRIBE);
      ackTimer?.unsubscribe();
      ackTimer = schedule(settings.subscribe.ackTimeoutMs, () => {
        unanswered++;
        if (unanswered >= settings.subscribe.maxUnanswered) give('subscribe-timeout');
        else sendSubscribe();
      });
    };

    const beat = () => {
      if (settings.heartbeat.ping) {
        if (pingOutstanding) subscriber.next({ type: 'ping-failed', statusCode: undefined });
        pingOutstanding = true;
        send(PING);
      }
      send(HEARTBEAT);
      if (!heartbeatDeadline || heartbeatDeadline.closed) {
        heartbeatDeadline = schedule(settings.heartbeat.timeoutMs, () => {
          subscriber.next({ type: 'heartbeat-missed' });
          give('heartbeat-timeout');
        });
      }
    };

    const startHeartbeat = () => {
      beat();
      const loop = () => {
        if (finished) return;
        beat();
        schedule(settings.heartbeat.intervalMs, loop);
      };
      schedule(settings.heartbeat.intervalMs, loop);
    };

    schedule(settings.connectTimeoutMs, () => {
      if (!opened) give('connect-timeout');
    });

    connection = sockets.open(url, {
      open: () => {
        if (finished || opened) return;
        opened = true;
        subscriber.next({ type: 'opened' });
        sendSubscribe();
        startHeartbeat();
      },
      message: (data) => {
        if (finished) return;
        const decoded = decodeServerFrame(data, { maxFrameBytes: settings.maxFrameBytes });
        if (!decoded.ok) {
          subscriber.next({ type: 'frame-error', error: decoded.error });
          return;
        }
        const frame = decoded.value;
        switch (frame.kind) {
          case 'subscribe-ack':
            ackTimer?.unsubscribe();
            unanswered = 0;
            if (frame.success) {
              if (!subscribed) {
                subscribed = true;
                subscriber.next({ type: 'subscribed' });
              }
            } else if (++failures >= settings.subscribe.maxFailures) {
              give('subscribe-failed');
            } else {
              schedule(settings.subscribe.failureRetryMs, sendSubscribe);
            }
            return;
          case 'heartbeat':
            heartbeatDeadline?.unsubscribe();
            if (draining) drained();
            return;
          case 'ping':
            pingOutstanding = false;
            if (!frame.ok) subscriber.next({ type: 'ping-failed', statusCode: frame.statusCode });
            return;
          case 'chat':
            if (subscribed) subscriber.next({ type: 'item', item: frame.item });
            return;
          case 'gateway-error':
            subscriber.next({ type: 'gateway-error', message: frame.message });
            return;
          default:
            return;
        }
      },
      close: (code, reason) => give('closed', code, reason),
      error: () => {
        // A close always follows and carries what matters; the error itself is only a fact for logs.
      },
    });

    const drained = () => {
      if (finished) return;
      finished = true;
      timers.unsubscribe();
      connection?.close(1000, 'rotated');
      subscriber.complete();
    };

    if (drain$) {
      timers.add(
        drain$.subscribe(() => {
          if (finished || draining) return;
          draining = true;
          send(HEARTBEAT);
          // No answer: the socket may have died unnoticed and lost items, so this is reported as a loss.
          schedule(settings.heartbeat.timeoutMs, () => give('heartbeat-timeout'));
        }),
      );
    }

    return () => {
      timers.unsubscribe();
      if (!finished) {
        finished = true;
        connection?.close(1000, 'client closing');
      }
    };
  });
}
