/** What the browser transport needs of the platform, and where to get it when it is missing. */
const REMEDY = {
  WebSocket: "pass one as the transport's `WebSocket` option, or on Node use @connect-participant/transport-node",
  fetch: "pass one as the transport's `fetch` option, or on Node use @connect-participant/transport-node",
  crypto:
    "idempotency tokens need crypto.randomUUID or crypto.getRandomValues: on React Native, import 'react-native-get-random-values' before this package",
  sessionStorage: 'pass webStorageStore a storage, or give resume a store of your own (on React Native, over AsyncStorage)',
} as const;

/**
 * The platform lacks a global the browser transport needs and the options bring none: thrown when the transport is
 * made (by `connectParticipant`, `new ParticipantClient` or `createBrowserTransport`), before any I/O, rather than
 * failing later inside a callback. On Node, use `@connect-participant/transport-node`. Also thrown by a
 * `webStorageStore()` given no storage, when it is used where there is no `sessionStorage`.
 */
export class PlatformUnsupportedError extends Error {
  override readonly name = 'PlatformUnsupportedError';
  constructor(
    /**
     * The missing global: `'WebSocket'` (Node 20 has none), `'fetch'`, `'crypto'` (React Native has none), or
     * `'sessionStorage'` (React Native, Node and web workers have none).
     */
    readonly missing: keyof typeof REMEDY,
  ) {
    super(`this platform has no global ${missing}: ${REMEDY[missing]}`);
  }
}
