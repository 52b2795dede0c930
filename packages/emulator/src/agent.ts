import { EventContentType, MessageContentType, type Item } from '@connect-participant/core';
import type { Contact, Participant } from './service/contact.js';
import type { ParticipantService } from './service/participant-service.js';

/** A participant driven by the control plane: the agent (or a bot) on the other side of the chat. */
export interface AgentHandle {
  /** Joins the chat if not yet joined (announced with participant.joined); returns the participant's identity. */
  join(): Promise<{ ParticipantId: string; ParticipantToken: string }>;
  /** Sends a message; resolves to the item as delivered. */
  sendMessage(content: string, contentType?: string): Promise<Item>;
  /** Sends an event such as typing or a receipt. */
  sendEvent(contentType: string, content?: string): Promise<Item>;
  typing(): Promise<Item>;
  read(messageId: string): Promise<Item>;
  delivered(messageId: string): Promise<Item>;
  /** Leaves the chat (participant.left); the chat goes on. */
  leave(): Promise<void>;
  /** Ends the chat for everyone (participant.left, then chat.ended). */
  endChat(): Promise<void>;
}

/** The agent of a contact: the first participant of the role, joined on first use. */
export function createAgentHandle(
  service: ParticipantService,
  contact: Contact,
  role: 'AGENT' | 'CUSTOM_BOT' | 'SUPERVISOR',
  displayName: string,
): AgentHandle {
  const participant = (): Participant =>
    [...contact.participants.values()].find((p) => p.ParticipantRole === role && !p.left) ??
    service.addParticipant(contact, displayName, role);
  const receipt = (contentType: string, messageId: string) =>
    Promise.resolve().then(() => service.postEvent(participant(), contentType, JSON.stringify({ messageId })));
  return {
    join: () =>
      Promise.resolve().then(() => {
        const p = participant();
        return { ParticipantId: p.ParticipantId, ParticipantToken: p.participantToken };
      }),
    sendMessage: (content, contentType = MessageContentType.TEXT_PLAIN) =>
      Promise.resolve().then(() => service.postMessage(participant(), content, contentType)),
    sendEvent: (contentType, content) => Promise.resolve().then(() => service.postEvent(participant(), contentType, content)),
    typing: () => Promise.resolve().then(() => service.postEvent(participant(), EventContentType.TYPING)),
    read: (messageId) => receipt(EventContentType.MESSAGE_READ, messageId),
    delivered: (messageId) => receipt(EventContentType.MESSAGE_DELIVERED, messageId),
    leave: () =>
      Promise.resolve().then(() => {
        const p = [...contact.participants.values()].find((x) => x.ParticipantRole === role && !x.left);
        if (p) service.leave(p);
      }),
    endChat: () =>
      Promise.resolve().then(() => {
        const p = [...contact.participants.values()].find((x) => x.ParticipantRole === role && !x.left);
        if (p) service.leave(p);
        contact.end(service.now());
      }),
  };
}
