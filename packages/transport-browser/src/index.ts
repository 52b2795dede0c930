// Everything of core, with the browser transport bound where a transport is needed.
export * from '@connect-participant/core';
export { ParticipantClient, connectParticipant, type ConnectParticipantOptions } from './bindings.js';
export { createBrowserTransport, type BrowserTransportOptions } from './browser-transport.js';
export { NETWORK_POLL_MS, networkStatus$, type NetworkListenerRegistration, type NetworkSignal } from './network-signal.js';
export { PlatformUnsupportedError } from './platform-unsupported-error.js';
export { webStorageStore, type StorageLike, type WebStorageStoreOptions } from './web-storage-store.js';
