// Everything of core, with the Node transport bound where a transport is needed.
export * from '@connect-participant/core';
export { ParticipantClient, connectParticipant, type ConnectParticipantOptions } from './bindings.js';
export { createNodeTransport, type NodeTransportOptions } from './node-transport.js';
export { fileStore, type FileStore, type FileStoreOptions } from './file-store.js';
