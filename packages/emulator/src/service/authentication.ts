import {
  AccessDeniedException,
  EventContentType,
  ValidationException,
  type OperationInput,
  type OperationOutput,
} from '@connect-participant/core';
import { newId } from '../secrets.js';
import type { Contact, Participant } from './contact.js';

const invalid = (message: string) => new ValidationException({ message });

/**
 * Begins an authentication session for the contact's customer (the `authentication.initiated` event), open until
 * `expiresAt`; returns its SessionId.
 */
export function initiateAuthentication(contact: Contact, expiresAt: number, at: string): string {
  const customer = [...contact.participants.values()].find((p) => p.ParticipantRole === 'CUSTOMER');
  if (!customer || contact.ended) throw new AccessDeniedException({ message: 'The chat has ended' });
  const SessionId = newId();
  contact.authSessions.set(SessionId, { SessionId, participant: customer, expiresAt });
  contact.publish(
    contact.event(at, undefined, EventContentType.AUTHENTICATION_INITIATED, JSON.stringify({ SessionId })),
    true,
  );
  return SessionId;
}

/** The participant's own authentication session by its Id, or a ValidationException. */
function sessionOf(participant: Participant, SessionId: string) {
  const session = participant.contact.authSessions.get(SessionId);
  if (!session || session.participant !== participant) throw invalid('SessionId names no authentication session');
  return session;
}

/** GetAuthenticationUrl: the emulator's sign-in page for the session, while it is open. */
export function authenticationUrl(
  participant: Participant,
  request: OperationInput<'GetAuthenticationUrl'>,
  now: number,
  httpBase: string,
): OperationOutput<'GetAuthenticationUrl'> {
  const session = sessionOf(participant, request.SessionId);
  if (now > session.expiresAt) throw invalid('The authentication session has expired');
  const url = new URL(`${httpBase}/emulator-auth/authorize`);
  url.searchParams.set('session', session.SessionId);
  url.searchParams.set('redirect_uri', request.RedirectUri);
  return { AuthenticationUrl: url.toString() };
}

/** CancelParticipantAuthentication: the session ends, and the chat hears so (`authentication.cancelled`). */
export function cancelAuthentication(
  participant: Participant,
  request: OperationInput<'CancelParticipantAuthentication'>,
  at: string,
): OperationOutput<'CancelParticipantAuthentication'> {
  const contact = participant.contact;
  sessionOf(participant, request.SessionId);
  contact.authSessions.delete(request.SessionId);
  contact.publish(contact.event(at, participant, EventContentType.AUTHENTICATION_CANCELLED), true);
  return {};
}
