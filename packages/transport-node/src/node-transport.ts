import { randomUUID } from 'node:crypto';
import {
  createFetchPort,
  createWebSocketPort,
  type FetchLike,
  type ParticipantTransport,
  type WebSocketConstructorLike,
} from '@connect-participant/core';
import { asyncScheduler } from 'rxjs';
import { createWsPort } from './ws-port.js';

/** Options of the Node transport: bring your own fetch or WebSocket (proxies, custom agents, mocks). */
export interface NodeTransportOptions {
  /** A WHATWG fetch. Default: Node's global fetch, or cross-fetch where there is none. */
  readonly fetch?: FetchLike | undefined;
  /** A WHATWG-style WebSocket constructor. Default: the `ws` package, through its own event API. */
  readonly WebSocket?: WebSocketConstructorLike | undefined;
}

/**
 * Node's own fetch. Every supported Node has one; where it is turned off (`--no-experimental-fetch`), cross-fetch is
 * loaded on the first request instead: importing it costs a Node process tens of milliseconds it rarely needs.
 */
const platformFetch: FetchLike =
  typeof globalThis.fetch === 'function'
    ? globalThis.fetch.bind(globalThis)
    : (url, init) => import('cross-fetch').then(({ default: crossFetch }) => crossFetch(url, init));

/** Shared by every session that brings nothing of its own: it holds no state, and thousands of sessions need one. */
let defaultTransport: ParticipantTransport | undefined;

/**
 * The Node transport: fetch and WebSocket bound to core's ports, `crypto.randomUUID` for idempotency tokens,
 * `Math.random` for jitter and rxjs's `asyncScheduler` for time. Node has no network or visibility signal, so the session is always "online" and relies
 * on its heartbeat to notice a dead network.
 */
export function createNodeTransport(options: NodeTransportOptions = {}): ParticipantTransport {
  if (!options.fetch && !options.WebSocket) return (defaultTransport ??= build(options));
  return build(options);
}

const build = (options: NodeTransportOptions): ParticipantTransport => ({
  http: createFetchPort(options.fetch ?? platformFetch, AbortController),
  sockets: options.WebSocket ? createWebSocketPort(options.WebSocket) : createWsPort(),
  generateClientToken: randomUUID,
  random: Math.random,
  scheduler: asyncScheduler,
});
