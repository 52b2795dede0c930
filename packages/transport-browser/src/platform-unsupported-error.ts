/** What the browser transport needs of the platform, and where to get it when it is missing. */
const REMEDY = {
  WebSocket: "pass one as the transport's `WebSocket` option, or on Node use @connect-participant/transport-node",
  fetch: "pass one as the transport's `fetch` option, or on Node use @connect-participant/transport-node",
  crypto:
    "idempotency tokens need crypto.randomUUID or crypto.getRandomValues: on React Native, import 'react-native-get-random-values' before this package",
} as const;

/**
 * The platform lacks a global the browser transport needs and the options bring none: thrown when the transport is
 * made (by `connectParticipant`, `new ParticipantClient` or `createBrowserTransport`), before any I/O, rather than
 * failing later inside a callback. On Node, use `@connect-participant/transport-node`.
 */
export class PlatformUnsupportedError extends Error {
  override readonly name = 'PlatformUnsupportedError';
  constructor(
    /** The missing global: `'WebSocket'` (Node 20 has none), `'fetch'`, or `'crypto'` (React Native has none). */
    readonly missing: keyof typeof REMEDY,
  ) {
    super(`this platform has no global ${missing}: ${REMEDY[missing]}`);
  }
}
