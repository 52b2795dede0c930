import {
  ParticipantClient as CoreParticipantClient,
  createParticipantSession,
  type ParticipantClientOptions,
  type ParticipantSession,
  type SessionOptions,
} from '@connect-participant/core';
import { createBrowserTransport, type BrowserTransportOptions } from './browser-transport.js';

/** Options of {@link connectParticipant}: the session's, plus the transport's own. */
export interface ConnectParticipantOptions extends SessionOptions {
  readonly transport?: BrowserTransportOptions;
}

/** Joins the chat as the participant of `participantToken` and stays joined. Returns at once; watch `state$`. */
export function connectParticipant(options: ConnectParticipantOptions): ParticipantSession {
  return createParticipantSession(createBrowserTransport(options.transport), options);
}

/** One method per Participant Service operation, over the platform's fetch. */
export class ParticipantClient extends CoreParticipantClient {
  constructor(options: ParticipantClientOptions & { readonly transport?: BrowserTransportOptions }) {
    super(createBrowserTransport(options.transport), options);
  }
}
