import { bindClient, bindSession, type ParticipantSession, type SessionOptions } from '@connect-participant/core';
import { createBrowserTransport, type BrowserTransportOptions } from './browser-transport.js';

/** Options of {@link connectParticipant}: the session's, plus the transport's own. */
export interface ConnectParticipantOptions extends SessionOptions {
  readonly transport?: BrowserTransportOptions | undefined;
}

/**
 * Joins the chat as the participant of `participantToken` and stays joined. Returns at once; watch `state$`.
 *
 * ```ts
 * const session = connectParticipant({ participantToken, region: 'us-east-1' });
 * session.messages$.subscribe((item) => console.log(item.Content));
 * ```
 */
export const connectParticipant: (options: ConnectParticipantOptions) => ParticipantSession = bindSession(createBrowserTransport);

/** One method per Participant Service operation, over the platform's fetch. */
export const ParticipantClient = /* @__PURE__ */ bindClient(createBrowserTransport);
export type ParticipantClient = InstanceType<typeof ParticipantClient>;
