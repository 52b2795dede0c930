import type { SocketConnection, SocketHandlers, SocketPort } from '../ports.js';

/**
 * An event handler property of a WebSocket. Declared as a method's type so that a platform whose handler takes its
 * own event type (the DOM's `Event`, `ws`'s `WebSocket.Event`) is accepted as it is: the port only ever reads the
 * members named here.
 */
type Handler<E> = { bivarianceHack(event: E): void }['bivarianceHack'] | null;

/** The part of a WHATWG WebSocket the port uses (the browser's, `ws`'s, isomorphic-ws's, React Native's). */
export interface WebSocketLike {
  onopen: Handler<unknown>;
  onmessage: Handler<{ readonly data: unknown }>;
  onclose: Handler<{ readonly code: number; readonly reason: string }>;
  onerror: Handler<unknown>;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  /** Node's `ws` can drop a connection without a close handshake. */
  terminate?(): void;
}

/** A WebSocket class: the platform's `WebSocket`, the `ws` package's, or any with the same shape. */
export type WebSocketConstructorLike = new (url: string) => WebSocketLike;

const ignore = () => undefined;

/** One socket of the port; its four event handlers share one closure. */
class WebSocketConnection implements SocketConnection {
  #closed = false;

  constructor(
    private readonly ws: WebSocketLike,
    handlers: SocketHandlers,
  ) {
    ws.onopen = () => {
      if (!this.#closed) handlers.open();
    };
    ws.onmessage = (event) => {
      if (!this.#closed) handlers.message(event.data);
    };
    ws.onerror = (event) => {
      if (!this.#closed) handlers.error(event);
    };
    ws.onclose = (event) => {
      if (this.#closed) return;
      this.#closed = true;
      handlers.close(event.code, event.reason);
    };
  }

  send(data: string): void {
    if (!this.#closed) this.ws.send(data);
  }

  close(code: number, reason: string): void {
    this.#mute();
    try {
      this.ws.close(code, reason);
    } catch {
      // Closing a socket that is still connecting throws on some platforms; it is abandoned either way.
    }
  }

  terminate(): void {
    this.#mute();
    if (this.ws.terminate) this.ws.terminate();
    else this.ws.close(4000, 'abandoned');
  }

  #mute(): void {
    this.#closed = true;
    // No-op handlers rather than null: Node's ws throws an error event that has no listener.
    const ws = this.ws;
    ws.onopen = ws.onmessage = ws.onerror = ws.onclose = ignore;
  }
}

/**
 * The socket port over any WHATWG-style WebSocket: open, message, close (with its code and reason) and error are
 * passed on as they came. Once closed by us, the socket's own events are muted; core has already moved on.
 */
export function createWebSocketPort(WebSocket: WebSocketConstructorLike): SocketPort {
  return {
    open: (url, handlers) => new WebSocketConnection(new WebSocket(url), handlers),
  };
}
