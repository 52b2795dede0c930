import type { Item } from '@connect-participant/core';
import type { Contact, Participant } from './contact.js';

/** What processing needs from the service: a timer that the emulator's close clears. */
export interface ProcessingHost {
  later(ms: number, run: () => void): unknown;
}

/**
 * Sends a message through message processing (options.ts `MessageProcessingOptions`): the sender sees it at once
 * with `MessageProcessingStatus: 'PROCESSING'`; after the delay the outcome arrives as an update of the same Id:
 * delivered to everyone (and recorded) without a status, or FAILED / REJECTED to the sender only. Nothing is
 * recorded for a message that did not pass, as a flow that drops a message leaves no trace in the transcript.
 */
export function sendThroughProcessing(host: ProcessingHost, sender: Participant, message: Item): void {
  const contact: Contact = sender.contact;
  const settings = contact.settings.messageProcessing;
  if (settings === false) {
    contact.publish(message, true);
    return;
  }
  const status = (MessageProcessingStatus: string): Item => ({
    ...message,
    MessageMetadata: { MessageId: message.Id, MessageProcessingStatus },
  });
  contact.publish(status('PROCESSING'), false, sender.ParticipantId);
  host.later(settings.delayMs, () => {
    if (contact.ended) return;
    if (settings.outcome === 'DELIVERED') contact.publish(message, true);
    else contact.publish(status(settings.outcome), false, sender.ParticipantId);
  });
}
