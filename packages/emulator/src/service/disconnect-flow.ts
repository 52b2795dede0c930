import { EventContentType } from '@connect-participant/core';
import type { DisconnectFlowOptions } from '../options.js';
import { newId } from '../secrets.js';
import type { Participant } from './contact.js';

/** What the flow needs from the service: its clock, bounded sleeps, whether it still runs, and leaving. */
export interface FlowHost {
  now(): string;
  sleep(ms: number): Promise<void>;
  readonly closed: boolean;
  leave(participant: Participant): void;
}

/**
 * The disconnect flow after a customer's DisconnectParticipant: the other participants leave, the flow's messages
 * (a survey, say) reach the customer, who may still answer, and only then the customer leaves and the chat ends.
 * A client that stops listening at its own disconnect call loses these messages; one that waits for chat.ended
 * (as the official library since 4.0) does not.
 */
export async function runDisconnectFlow(host: FlowHost, customer: Participant, flow: Required<DisconnectFlowOptions>): Promise<void> {
  const contact = customer.contact;
  contact.disconnecting = true;
  for (const p of contact.active()) if (p !== customer) host.leave(p);
  for (const [index, Content] of flow.messages.entries()) {
    await host.sleep(index === 0 ? 0 : flow.intervalMs);
    if (host.closed || contact.ended) return;
    contact.publish(
      {
        Id: newId(),
        AbsoluteTime: host.now(),
        Type: 'MESSAGE',
        ContentType: 'text/plain',
        Content,
        ParticipantId: contact.systemParticipantId,
        DisplayName: flow.DisplayName,
        ParticipantRole: 'SYSTEM',
      },
      true,
    );
  }
  await host.sleep(flow.endAfterMs);
  if (host.closed || contact.ended) return;
  contact.publish(contact.event(host.now(), customer, EventContentType.PARTICIPANT_LEFT), true);
  customer.left = true;
  contact.end(host.now());
}
