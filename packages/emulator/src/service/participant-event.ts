import { ConflictException, EventContentType, ValidationException, type Item } from '@connect-participant/core';
import { newId } from '../secrets.js';
import type { Participant } from './contact.js';

const invalid = (message: string) => new ValidationException({ message });

/**
 * SendEvent's work: a receipt (recorded on the message it is about, then published), typing, or the connection
 * acknowledgement; any other event type is refused.
 */
export function sendParticipantEvent(
  participant: Participant,
  ContentType: string,
  Content: string | undefined,
  at: string,
): Item {
  const contact = participant.contact;
  switch (ContentType) {
    case EventContentType.MESSAGE_READ:
    case EventContentType.MESSAGE_DELIVERED: {
      if (contact.active().length > 2) {
        throw new ConflictException({
          message: 'Receipts are not supported with more than two active participants',
        });
      }
      const messageId = receiptMessageId(Content);
      const message = contact.transcript.find((i) => i.Id === messageId && i.Type === 'MESSAGE');
      if (!message) throw invalid('Content.messageId does not name a message of this contact');
      const read = ContentType === EventContentType.MESSAGE_READ;
      const receipt = {
        ...(read ? { ReadTimestamp: at } : { DeliveredTimestamp: at }),
        RecipientParticipantId: participant.ParticipantId,
      };
      message.MessageMetadata = {
        MessageId: messageId,
        Receipts: [...(message.MessageMetadata?.Receipts ?? []), receipt],
      };
      return contact.publish(
        {
          Id: newId(),
          AbsoluteTime: at,
          Type: 'MESSAGEMETADATA',
          MessageMetadata: { MessageId: messageId, Receipts: [receipt] },
        },
        false,
      );
    }
    case EventContentType.TYPING:
      return contact.publish(contact.event(at, participant, ContentType, Content), false);
    case EventContentType.CONNECTION_ACKNOWLEDGED:
      participant.connected = true;
      return contact.publish(contact.event(at, participant, ContentType, Content), false);
    default:
      throw invalid(`ContentType ${ContentType} is not supported by SendEvent`);
  }
}

function receiptMessageId(content: string | undefined): string {
  if (content === undefined) throw invalid('Content is required for receipts: {"messageId":"<Id>"}');
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch {
    throw invalid('Content of a receipt must be JSON: {"messageId":"<Id>"}');
  }
  const messageId = (parsed as { messageId?: unknown } | null)?.messageId;
  if (typeof messageId !== 'string' || messageId === '') throw invalid('Content.messageId must be a message Id');
  return messageId;
}
