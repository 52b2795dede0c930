import {
  ParticipantClient as CoreParticipantClient,
  createParticipantSession,
  type ParticipantClientOptions,
  type ParticipantSession,
  type SessionOptions,
} from '@connect-participant/core';
import { createNodeTransport, type NodeTransportOptions } from './node-transport.js';

/** Options of {@link connectParticipant}: the session's, plus the transport's own. */
export interface ConnectParticipantOptions extends SessionOptions {
  readonly transport?: NodeTransportOptions;
}

/**
 * Joins the chat as the participant of `participantToken` and stays joined. Returns at once; watch `state$`.
 *
 * ```ts
 * const session = connectParticipant({ participantToken, region: 'us-east-1' });
 * session.messages$.subscribe((item) => console.log(item.Content));
 * ```
 */
export function connectParticipant(options: ConnectParticipantOptions): ParticipantSession {
  return createParticipantSession(createNodeTransport(options.transport), options);
}

/** One method per Participant Service operation, over Node's fetch. */
export class ParticipantClient extends CoreParticipantClient {
  constructor(options: ParticipantClientOptions & { readonly transport?: NodeTransportOptions }) {
    super(createNodeTransport(options.transport), options);
  }
}
