import type { SocketPort } from '../ports.js';

/** The part of a WHATWG WebSocket the port uses (the browser's, isomorphic-ws, React Native's). */
export interface WebSocketLike {
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  /** Node's `ws` can drop a connection without a close handshake. */
  terminate?(): void;
}

export type WebSocketConstructorLike = new (url: string) => WebSocketLike;

/**
 * The socket port over any WHATWG-style WebSocket: open, message, close (with its code and reason) and error are
 * passed on as they came. Once closed by us, the socket's own events are muted; core has already moved on.
 */
export function createWebSocketPort(WebSocket: WebSocketConstructorLike): SocketPort {
  return {
    open(url, handlers) {
      const ws = new WebSocket(url);
      let closed = false;
      ws.onopen = () => {
        if (!closed) handlers.open();
      };
      ws.onmessage = (event) => {
        if (!closed) handlers.message(event.data);
      };
      ws.onerror = (event) => {
        if (!closed) handlers.error(event);
      };
      ws.onclose = (event) => {
        if (closed) return;
        closed = true;
        handlers.close(event.code, event.reason);
      };
      // No-op handlers rather than null: Node's ws throws an error event that has no listener.
      const ignore = () => undefined;
      const mute = () => {
        closed = true;
        ws.onopen = ws.onmessage = ws.onerror = ws.onclose = ignore;
      };
      return {
        send: (data) => {
          if (!closed) ws.send(data);
        },
        close: (code, reason) => {
          mute();
          try {
            ws.close(code, reason);
          } catch {
            // Closing a socket that is still connecting throws on some platforms; it is abandoned either way.
          }
        },
        terminate: () => {
          mute();
          if (ws.terminate) ws.terminate();
          else ws.close(4000, 'abandoned');
        },
      };
    },
  };
}
