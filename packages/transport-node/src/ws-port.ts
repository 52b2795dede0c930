import type { SocketConnection, SocketHandlers, SocketPort } from '@connect-participant/core';
// isomorphic-ws is the `ws` package on Node, with its event-emitter API.
import WebSocket from 'isomorphic-ws';

const ignore = () => undefined;
const CONNECTION = Symbol('connection');

type Ws = WebSocket & { [CONNECTION]: WsConnection };
const connectionOf = (ws: WebSocket): WsConnection => (ws as Ws)[CONNECTION];

// The listeners are shared by every socket (the emitter calls them with the socket as `this`), so that a socket
// costs no closures: a process may hold thousands.
function onOpen(this: WebSocket): void {
  connectionOf(this).opened();
}
function onMessage(this: WebSocket, data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void {
  connectionOf(this).received(isBinary ? data : data.toString());
}
function onError(this: WebSocket, error: Error): void {
  connectionOf(this).failed(error);
}
function onClose(this: WebSocket, code: number, reason: Buffer): void {
  connectionOf(this).closed(code, reason.toString());
}

/**
 * One socket of the `ws` package through its own event emitter. The WHATWG `onmessage` shim of `ws` wraps every
 * handler and builds an event object per frame; the emitter hands over the frame as it is, which keeps a socket
 * smaller and each message cheaper.
 */
class WsConnection implements SocketConnection {
  readonly #ws: Ws;
  readonly #handlers: SocketHandlers;
  #closed = false;

  constructor(ws: WebSocket, handlers: SocketHandlers) {
    this.#ws = Object.assign(ws, { [CONNECTION]: this });
    this.#handlers = handlers;
    ws.on('open', onOpen).on('message', onMessage).on('error', onError).on('close', onClose);
  }

  opened(): void {
    if (!this.#closed) this.#handlers.open();
  }

  received(data: unknown): void {
    if (!this.#closed) this.#handlers.message(data);
  }

  failed(error: Error): void {
    if (!this.#closed) this.#handlers.error(error);
  }

  closed(code: number, reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#handlers.close(code, reason);
  }

  send(data: string): void {
    if (!this.#closed) this.#ws.send(data);
  }

  close(code: number, reason: string): void {
    this.#mute();
    try {
      this.#ws.close(code, reason);
    } catch {
      // A socket still connecting cannot send a close frame; it is abandoned either way.
      this.#ws.terminate();
    }
  }

  terminate(): void {
    this.#mute();
    this.#ws.terminate();
  }

  #mute(): void {
    this.#closed = true;
    this.#ws.removeAllListeners();
    // An emitter throws an 'error' that has no listener; the socket may still report one while it goes.
    this.#ws.on('error', ignore);
  }
}

/** The socket port over the `ws` package (Node's default): text frames as strings, binary ones as `ws` gives them. */
export function createWsPort(): SocketPort {
  return {
    open: (url, handlers) => new WsConnection(new WebSocket(url), handlers),
  };
}
