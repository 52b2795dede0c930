import type { Observable, SchedulerLike } from 'rxjs';
import type { HttpRequest, HttpResponse } from './codec/http/http-message.js';

/**
 * The smallest interfaces core needs from a platform. Adapters report raw facts (a response, a close code and
 * reason, an error) and never classify them: core decides what is fatal and what is retried.
 */

/** Bytes a fetch can send: a byte array, or a Blob or File. */
export type BinaryBody = Uint8Array | { readonly size: number; readonly type: string };

/** An HTTP request addressed to a full URL: a service call, or an attachment upload (PUT with bytes). */
export interface HttpCall {
  readonly url: string;
  readonly method: HttpRequest['method'] | 'PUT';
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | BinaryBody | undefined;
  /**
   * False when nothing can cancel the call (a promise call without a signal): a port may then leave out its
   * cancelling machinery. Absent: cancellable.
   */
  readonly cancellable?: boolean;
}

/** How an HTTP exchange ends: exactly one callback, once, unless cancelled first. */
export interface HttpCallbacks {
  response(response: HttpResponse): void;
  /** No response arrived (network failure, refused, reset, aborted); `error` is the platform's own. */
  error(error: unknown): void;
}

/** Sends HTTP requests. Returns a function that cancels the request (after which no callback is made). */
export interface HttpPort {
  send(call: HttpCall, callbacks: HttpCallbacks): () => void;
}

/** What a socket reports, as the platform reports it. */
export interface SocketHandlers {
  open(): void;
  /** A frame; text frames as strings, anything else as the platform delivers it. */
  message(data: unknown): void;
  /** The socket closed (after an error too); exactly once. */
  close(code: number, reason: string): void;
  /** An error the platform reported; a `close` follows. */
  error(error: unknown): void;
}

/** An open (or opening) socket. */
export interface SocketConnection {
  send(data: string): void;
  /** Closes with a close frame. */
  close(code: number, reason: string): void;
  /** Drops the connection at once without a close handshake, where the platform can (Node); else closes. */
  terminate?(): void;
}

/** Opens websockets. */
export interface SocketPort {
  open(url: string, handlers: SocketHandlers): SocketConnection;
}

/** Everything a session needs from its platform. */
export interface ParticipantTransport {
  readonly http: HttpPort;
  readonly sockets: SocketPort;
  /** A UUID v4 for idempotency tokens (`crypto.randomUUID`). */
  readonly generateClientToken: () => string;
  /** A random number in [0, 1) for backoff jitter (`Math.random`). */
  readonly random: () => number;
  /**
   * Where time comes from: the clock and timers (rxjs's `asyncScheduler` on Node, a `setTimeout` scheduler in
   * browsers). A session's `scheduler` option overrides it (tests pass a TestScheduler).
   */
  readonly scheduler: SchedulerLike;
  /** Whether the network is up; while false, no reconnect attempt is made. Absent: always online. */
  readonly online$?: Observable<boolean>;
  /** Whether the app is in the foreground; on becoming visible a lost connection is retried at once. */
  readonly visible$?: Observable<boolean>;
}
