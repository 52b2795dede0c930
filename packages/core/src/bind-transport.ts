import { ParticipantClient, type ParticipantClientOptions } from './client/participant-client.js';
import type { ParticipantTransport } from './ports.js';
import type { SessionOptions } from './session/options.js';
import { createParticipantSession, type ParticipantSession } from './session/session.js';

/**
 * `connectParticipant` for a transport factory: joins the chat as the participant of `participantToken` and stays
 * joined, over a transport built from `options.transport`. Transport packages export what this returns.
 */
export function bindSession<TransportOptions>(
  createTransport: (options?: TransportOptions) => ParticipantTransport,
): (options: SessionOptions & { readonly transport?: TransportOptions | undefined }) => ParticipantSession {
  return (options) => createParticipantSession(createTransport(options.transport), options);
}

/**
 * `ParticipantClient` for a transport factory: a subclass that builds its transport from `options.transport`.
 * (Separate from {@link bindSession}, so that an app using only one of them bundles only that one.)
 */
export function bindClient<TransportOptions>(
  createTransport: (options?: TransportOptions) => ParticipantTransport,
): new (options: ParticipantClientOptions & { readonly transport?: TransportOptions | undefined }) => ParticipantClient {
  return class extends ParticipantClient {
    constructor(options: ParticipantClientOptions & { readonly transport?: TransportOptions | undefined }) {
      super(createTransport(options.transport), options);
    }
  };
}
