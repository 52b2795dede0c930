import { randomUUID } from 'node:crypto';
import {
  createFetchPort,
  createWebSocketPort,
  type FetchLike,
  type ParticipantTransport,
  type WebSocketConstructorLike,
} from '@connect-participant/core';
import crossFetch from 'cross-fetch';
import WebSocket from 'isomorphic-ws';

/** Options of the Node transport: bring your own fetch or WebSocket (proxies, custom agents, mocks). */
export interface NodeTransportOptions {
  /** A WHATWG fetch. Default: Node's global fetch, or cross-fetch where there is none. */
  readonly fetch?: FetchLike;
  /** A WHATWG-style WebSocket constructor. Default: isomorphic-ws (the `ws` package on Node). */
  readonly WebSocket?: WebSocketConstructorLike;
}

const platformFetch: FetchLike =
  typeof globalThis.fetch === 'function' ? (globalThis.fetch.bind(globalThis) as unknown as FetchLike) : (crossFetch as unknown as FetchLike);

/**
 * The Node transport: fetch and WebSocket bound to core's ports, `crypto.randomUUID` for idempotency tokens and
 * `Math.random` for jitter. Node has no network or visibility signal, so the session is always "online" and relies
 * on its heartbeat to notice a dead network.
 */
export function createNodeTransport(options: NodeTransportOptions = {}): ParticipantTransport {
  return {
    http: createFetchPort(options.fetch ?? platformFetch, AbortController),
    sockets: createWebSocketPort(options.WebSocket ?? (WebSocket as unknown as WebSocketConstructorLike)),
    generateClientToken: randomUUID,
    random: Math.random,
  };
}
