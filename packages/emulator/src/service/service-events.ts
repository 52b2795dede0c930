import type { Item } from '@connect-participant/core';
import type { Contact, Participant } from './contact.js';

/** The service events the emulator can play (protocol.md §3.5), by their short names. */
export const SERVICE_EVENTS = [
  'participant.idle',
  'participant.returned',
  'participant.autodisconnection',
  'participant.invited',
  'participant.displayname.updated',
  'transfer.succeeded',
  'transfer.failed',
  'chat.rehydrated',
  'authentication.succeeded',
  'authentication.failed',
  'authentication.timeout',
  'authentication.expired',
] as const;
export type ServiceEventName = (typeof SERVICE_EVENTS)[number];

/**
 * One service event to play. `participantId` names whose event it is (default: the customer) for the participant
 * events; `DisplayName` is the new name (displayname.updated) or the invited participant's; `SessionId` picks the
 * authentication session an outcome ends (default: the most recent open one).
 */
export interface ServiceEvent {
  readonly event: ServiceEventName;
  readonly participantId?: string;
  readonly DisplayName?: string;
  readonly SessionId?: string;
}

/** What playing an event needs from the service. */
export interface EventHost {
  now(): string;
  leave(participant: Participant): void;
}

const PREFIX = 'application/vnd.amazonaws.connect.event.';

/** Events the service records in transcripts (the model's list); the others are websocket-only. */
const RECORDED: ReadonlySet<ServiceEventName> = new Set([
  'participant.invited',
  'transfer.succeeded',
  'transfer.failed',
  'authentication.succeeded',
  'authentication.failed',
  'authentication.timeout',
  'authentication.expired',
]);

function participantOf(contact: Contact, participantId: string | undefined): Participant {
  const participant =
    participantId === undefined
      ? [...contact.participants.values()].find((p) => p.ParticipantRole === 'CUSTOMER')
      : contact.participants.get(participantId);
  if (!participant || participant.left) throw new RangeError(`participantId ${participantId ?? '(customer)'} names no participant in the chat`);
  return participant;
}

/**
 * Plays one service event on a contact and returns the item pushed. Participant events come from that participant;
 * the others from SYSTEM. Side effects follow the service: autodisconnection makes the participant leave (and a
 * customer's, the chat end); displayname.updated renames; transfer.succeeded makes the agents leave; an
 * authentication outcome closes its session.
 */
export function playServiceEvent(host: EventHost, contact: Contact, event: ServiceEvent): Item {
  if (contact.ended) throw new RangeError('the chat has ended');
  const ContentType = `${PREFIX}${event.event}`;
  const at = host.now();
  const persist = RECORDED.has(event.event);
  switch (event.event) {
    case 'participant.idle':
    case 'participant.returned':
      return contact.publish(contact.event(at, participantOf(contact, event.participantId), ContentType), persist);
    case 'participant.autodisconnection': {
      const participant = participantOf(contact, event.participantId);
      const item = contact.publish(contact.event(at, participant, ContentType), persist);
      host.leave(participant);
      return item;
    }
    case 'participant.displayname.updated': {
      const participant = participantOf(contact, event.participantId);
      if (event.DisplayName === undefined || event.DisplayName === '') throw new RangeError('DisplayName is required for participant.displayname.updated');
      participant.DisplayName = event.DisplayName;
      return contact.publish(contact.event(at, participant, ContentType), persist);
    }
    case 'participant.invited':
      return contact.publish(
        { ...contact.event(at, undefined, ContentType), ...(event.DisplayName ? { DisplayName: event.DisplayName } : {}) },
        persist,
      );
    case 'transfer.succeeded': {
      const item = contact.publish(contact.event(at, undefined, ContentType), persist);
      for (const p of contact.active()) if (p.ParticipantRole === 'AGENT') host.leave(p);
      return item;
    }
    case 'authentication.succeeded':
    case 'authentication.failed':
    case 'authentication.timeout':
    case 'authentication.expired': {
      const sessions = [...contact.authSessions.values()];
      const session = event.SessionId === undefined ? sessions.at(-1) : contact.authSessions.get(event.SessionId);
      if (!session) throw new RangeError('no open authentication session: initiate authentication first');
      contact.authSessions.delete(session.SessionId);
      return contact.publish(contact.event(at, undefined, ContentType, JSON.stringify({ SessionId: session.SessionId })), persist);
    }
    default:
      // transfer.failed, chat.rehydrated: a SYSTEM event and nothing else.
      return contact.publish(contact.event(at, undefined, ContentType), persist);
  }
}
