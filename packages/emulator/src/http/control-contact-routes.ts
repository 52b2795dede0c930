import type { View } from '@connect-participant/core';
import type { Emulator } from '../emulator.js';
import { randomUUID } from 'node:crypto';
import {
  CONNECTION_EXPIRY_MEANINGS,
  type AttachmentScanOptions,
  type ConnectionExpiryMeaning,
  type DisconnectFlowOptions,
  type IdleTimerOptions,
  type MessageProcessingOptions,
} from '../options.js';
import { REHYDRATION_TYPES, type PersistentChatInput } from '../service/persistent-chat.js';
import { SERVICE_EVENTS, type ServiceEventName } from '../service/service-events.js';
import { bad, bool, num, numbers, objectOrFalse, present, str, strings, type Body, type Route } from './control-params.js';

function role(body: Body): 'AGENT' | 'CUSTOM_BOT' | 'SUPERVISOR' {
  const r = str(body, 'ParticipantRole') ?? 'AGENT';
  if (r !== 'AGENT' && r !== 'CUSTOM_BOT' && r !== 'SUPERVISOR') throw bad('ParticipantRole must be AGENT, CUSTOM_BOT or SUPERVISOR');
  return r;
}

function connectionExpiryOf(body: Body): ConnectionExpiryMeaning | undefined {
  const value = str(body, 'connectionExpiry');
  if (value !== undefined && !(CONNECTION_EXPIRY_MEANINGS as readonly string[]).includes(value)) {
    throw bad(`connectionExpiry must be ${CONNECTION_EXPIRY_MEANINGS.join(' or ')}`);
  }
  return value as ConnectionExpiryMeaning | undefined;
}

function persistentChatOf(body: Body): PersistentChatInput | undefined {
  const value = objectOrFalse(body, 'PersistentChat');
  if (value === undefined) return undefined;
  if (value === false) throw bad('PersistentChat must be an object');
  const RehydrationType = str(value, 'RehydrationType', true) as PersistentChatInput['RehydrationType'];
  if (!(REHYDRATION_TYPES as readonly string[]).includes(RehydrationType)) throw bad(`RehydrationType must be ${REHYDRATION_TYPES.join(' or ')}`);
  return { RehydrationType, SourceContactId: str(value, 'SourceContactId', true) as string };
}

const agentOf = (e: Emulator, body: Body, contactId: string) => {
  const DisplayName = str(body, 'DisplayName');
  return e.agent(contactId, { role: role(body), ...(DisplayName ? { DisplayName } : {}) });
};

/**
 * `POST /emulator/contacts/{id}/bot/stream`: a streamed SYSTEM reply. Answers the completed item once every chunk
 * is sent, or with `wait: false` at once with `{ Id }` (bad options still answer 400 first).
 */
async function stream(e: Emulator, b: Body, contactId: string): Promise<unknown> {
  const content = strings(b, 'Chunks') ?? (str(b, 'Content', true) as string);
  const Id = str(b, 'Id') ?? randomUUID();
  const options = present({
    Id,
    chunks: num(b, 'chunks'),
    order: numbers(b, 'order'),
    intervalMs: num(b, 'intervalMs'),
    pauseAfter: num(b, 'pauseAfter'),
    pauseMs: num(b, 'pauseMs'),
    ContentType: str(b, 'ContentType'),
    DisplayName: str(b, 'DisplayName'),
    sharedTimestamp: bool(b, 'sharedTimestamp'),
  });
  const sending = e.streamMessage(contactId, content, options);
  if (bool(b, 'wait') === false) {
    // Bad options reject before the first chunk, within the microtasks this race gives them.
    await Promise.race([sending, new Promise<void>((resolve) => setImmediate(resolve))]);
    sending.catch(() => undefined);
    return { Id };
  }
  return (await sending) ?? { Id, completed: false };
}

/** Control routes that play the contact's other side: contacts, the agent, bots, views. */
export const CONTACT_ROUTES: Route<Emulator>[] = [
  ['POST', /^\/emulator\/contacts$/, (e, b) => {
    return e.startChatContact(
      present({
        DisplayName: str(b, 'DisplayName'),
        connectionExpiry: connectionExpiryOf(b),
        messageProcessing: objectOrFalse(b, 'messageProcessing') as MessageProcessingOptions | false | undefined,
        attachmentScan: objectOrFalse(b, 'attachmentScan') as AttachmentScanOptions | false | undefined,
        disconnectFlow: objectOrFalse(b, 'disconnectFlow') as DisconnectFlowOptions | false | undefined,
        idleTimers: objectOrFalse(b, 'idleTimers') as IdleTimerOptions | false | undefined,
        PersistentChat: persistentChatOf(b),
      }),
    );
  }],
  ['GET', /^\/emulator\/contacts$/, (e) => ({ contacts: e.contacts() })],
  ['GET', /^\/emulator\/contacts\/([^/]+)$/, (e, _b, [id]) => e.contact(id as string)],
  ['POST', /^\/emulator\/contacts\/([^/]+)\/end$/, async (e, _b, [id]) => {
    await e.endChat(id as string);
    return {};
  }],
  ['POST', /^\/emulator\/contacts\/([^/]+)\/authentication$/, async (e, _b, [id]) => ({ SessionId: await e.initiateAuthentication(id as string) })],
  ['POST', /^\/emulator\/contacts\/([^/]+)\/agent\/join$/, (e, b, [id]) => agentOf(e, b, id as string).join()],
  ['POST', /^\/emulator\/contacts\/([^/]+)\/agent\/messages$/, (e, b, [id]) =>
    agentOf(e, b, id as string).sendMessage(str(b, 'Content', true) as string, str(b, 'ContentType'))],
  ['POST', /^\/emulator\/contacts\/([^/]+)\/agent\/burst$/, async (e, b, [id]) => {
    // Load tests: `count` messages at once, as fast as the gateway can write them.
    const count = num(b, 'count') ?? 1;
    if (!Number.isInteger(count) || count < 1 || count > 100_000) throw bad('count must be a whole number from 1 to 100000');
    const agent = agentOf(e, b, id as string);
    const content = str(b, 'Content') ?? 'load test message';
    for (let n = 0; n < count; n++) await agent.sendMessage(`${content} ${n}`);
    return { sent: count };
  }],
  ['POST', /^\/emulator\/contacts\/([^/]+)\/agent\/events$/, (e, b, [id]) =>
    agentOf(e, b, id as string).sendEvent(str(b, 'ContentType', true) as string, str(b, 'Content'))],
  ['POST', /^\/emulator\/contacts\/([^/]+)\/agent\/typing$/, (e, b, [id]) => agentOf(e, b, id as string).typing()],
  ['POST', /^\/emulator\/contacts\/([^/]+)\/agent\/read$/, (e, b, [id]) => agentOf(e, b, id as string).read(str(b, 'MessageId', true) as string)],
  ['POST', /^\/emulator\/contacts\/([^/]+)\/agent\/delivered$/, (e, b, [id]) =>
    agentOf(e, b, id as string).delivered(str(b, 'MessageId', true) as string)],
  ['POST', /^\/emulator\/contacts\/([^/]+)\/agent\/leave$/, async (e, b, [id]) => {
    await agentOf(e, b, id as string).leave();
    return {};
  }],
  ['POST', /^\/emulator\/views$/, (e, b) => {
    const view = b['View'];
    if (typeof view !== 'object' || view === null) throw bad('View must be an object');
    e.defineView(str(b, 'ViewToken', true) as string, view as View);
    return {};
  }],
  ['GET', /^\/emulator\/sockets$/, (e) => ({ sockets: e.sockets() })],
  ['POST', /^\/emulator\/contacts\/([^/]+)\/bot\/stream$/, (e, b, [id]) => stream(e, b, id as string)],
  ['POST', /^\/emulator\/contacts\/([^/]+)\/events$/, (e, b, [id]) => {
    const event = str(b, 'event', true) as ServiceEventName;
    if (!SERVICE_EVENTS.includes(event)) throw bad(`event must be one of ${SERVICE_EVENTS.join(', ')}`);
    return e.emitEvent(
      id as string,
      { event, ...present({ participantId: str(b, 'participantId'), DisplayName: str(b, 'DisplayName'), SessionId: str(b, 'SessionId') }) },
    );
  }],
];
