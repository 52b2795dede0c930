import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '@connect-participant/emulator';
import { connectParticipant, type ConnectionEvent, type Conversation, type Item, type ParticipantSession } from '@connect-participant/transport-node';

/** Issue 15 against the emulator over real sockets: streamed replies, statuses, receipts, odd items. */
let emu: Emulator;
const sessions: ParticipantSession[] = [];
beforeAll(async () => {
  emu = await startEmulator({ throttle: false });
});
afterEach(async () => {
  for (const s of sessions.splice(0)) await s.close();
});
afterAll(() => emu.close());

const until = async (probe: () => boolean, what: string, ms = 10_000) => {
  const deadline = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

async function connected(contact: Parameters<Emulator['startChatContact']>[0] = { DisplayName: 'Ada' }) {
  const chat = await emu.startChatContact(contact);
  const session = connectParticipant({ participantToken: chat.ParticipantToken, endpoint: emu.endpoint, contactId: chat.ContactId });
  sessions.push(session);
  const items: Item[] = [];
  const events: ConnectionEvent[] = [];
  let view: Conversation | undefined;
  session.messages$.subscribe((i) => items.push(i));
  session.connection$.subscribe((e) => events.push(e));
  session.conversation$.subscribe((c) => (view = c));
  await until(() => session.state.status === 'connected', 'connected');
  // The first history read starts just after `connected`; a stream finished before it is answered would come from
  // the transcript first, whole, and the test's live chunks would then be duplicates.
  await until(() => events.some((e) => e.type === 'history-read' || e.type === 'gap-filled'), 'the first history read');
  return { chat, session, items, events, entry: (id: string) => view?.entries.find((e) => e.Id === id), entries: () => view?.entries ?? [] };
}

describe('streamed replies', () => {
  it('a reply whose socket drops in the middle of it is complete after the reconnect', async () => {
    const { chat, entry, items, events } = await connected();
    const done = await emu.streamMessage(chat.ContactId, ['One, ', 'two, ', 'three, ', 'four.'], {
      Id: 'streamed-1',
      intervalMs: 50,
      onChunk: (_item, position) => {
        if (position === 2) emu.faults.dropSockets({ contactId: chat.ContactId }, 1006);
      },
    });
    expect(done?.Content).toBe('One, two, three, four.');
    await until(() => entry('streamed-1')?.stream?.complete === true, 'the whole reply');
    expect(entry('streamed-1')?.item.Content).toBe('One, two, three, four.');
    expect(events.some((e) => e.type === 'lost')).toBe(true);
    // The whole text reached messages$ too: live, or from the transcript after the reconnect.
    expect(items.some((i) => i.Id === 'streamed-1' && i.Content === 'One, two, three, four.')).toBe(true);
  });

  it('an out-of-order chunk is joined in ChunkNumber order', async () => {
    const { chat, entry, items } = await connected();
    await emu.streamMessage(chat.ContactId, ['a', 'b', 'c', 'd'], { Id: 'streamed-2', order: [1, 3, 2, 4], intervalMs: 20 });
    await until(() => entry('streamed-2')?.stream?.complete === true, 'the whole reply');
    expect(entry('streamed-2')?.item.Content).toBe('abcd');
    expect(items.filter((i) => i.Id === 'streamed-2').map((i) => i.MessageMetadata?.ChunkNumber)).toEqual([1, 3, 2, 4]);
  });
});

describe('statuses and receipts', () => {
  it('merges the processing status and the receipts into the customer’s own message', async () => {
    const { chat, session, entry, entries } = await connected({ DisplayName: 'Ada', messageProcessing: { outcome: 'DELIVERED', delayMs: 300 } });
    const sending = session.sendMessage({ ContentType: 'text/plain', Content: 'where is my parcel?' });
    expect(entries().at(-1)).toMatchObject({ own: true, status: 'pending' });
    const sent = await sending;
    expect(sent.MessageMetadata?.MessageProcessingStatus).toBe('PROCESSING');
    expect(sent.$metadata.httpStatusCode).toBe(200);
    const id = sent.Id as string;
    expect(entry(id)).toMatchObject({ own: true, status: 'sent' });
    await until(() => entry(id) !== undefined && entry(id)?.item.MessageMetadata?.MessageProcessingStatus === undefined, 'processed');
    const agent = emu.agent(chat.ContactId);
    await agent.delivered(id);
    await until(() => entry(id)?.status === 'delivered', 'delivered');
    await agent.read(id);
    await until(() => entry(id)?.status === 'read', 'read');
    expect(entries().filter((e) => e.own && e.item.Type === 'MESSAGE')).toHaveLength(1);
  });

  it('an attachment scanned after its upload is one entry, updated to its verdict', async () => {
    const { session, entries } = await connected({ DisplayName: 'Ada', attachmentScan: { verdict: 'REJECTED', delayMs: 200 } });
    const { sendAttachment } = await import('@connect-participant/transport-node');
    await sendAttachment(session, new TextEncoder().encode('hello'), { name: 'notes.txt', contentType: 'text/plain' });
    const attachment = () => entries().filter((e) => e.item.Type === 'ATTACHMENT');
    await until(() => attachment()[0]?.item.Attachments?.[0]?.Status === 'REJECTED', 'the verdict');
    expect(attachment()).toHaveLength(1);
  });
});

describe('liberal in what it accepts', () => {
  it('delivers an item with a member the model does not have, keeping it, and one with a mistyped member without it', async () => {
    const { chat, items, events, entry } = await connected();
    emu.faults.sendRawItem({ Id: 'future-1', Type: 'MESSAGE', Content: 'new field', Sentiment: { Score: 0.9 } }, { contactId: chat.ContactId });
    emu.faults.sendRawItem({ Id: 'odd-1', Type: 'MESSAGE', Content: 'kept', MessageMetadata: { ChunkNumber: 'two' } }, { contactId: chat.ContactId });
    await until(() => items.some((i) => i.Id === 'odd-1'), 'both items');
    expect((items.find((i) => i.Id === 'future-1') as Record<string, unknown>)['Sentiment']).toEqual({ Score: 0.9 });
    expect(items.find((i) => i.Id === 'odd-1')).toEqual({ Id: 'odd-1', Type: 'MESSAGE', Content: 'kept', MessageMetadata: {} });
    expect(events.filter((e) => e.type === 'item-member-dropped')).toEqual([
      { type: 'item-member-dropped', itemId: 'odd-1', path: 'MessageMetadata.ChunkNumber', expected: 'a finite number' },
    ]);
    expect(entry('future-1')?.item.Content).toBe('new field');
  });

  it('delivers an item whose members have the wrong types, without them, and names them on connection$', async () => {
    const { chat, items, events } = await connected();
    expect(emu.faults.sendMalformedFrame('wrong-types', { contactId: chat.ContactId })).toBe(1);
    // The item may be held back a moment behind the chat's history read: waited for, not assumed.
    await until(() => items.some((i) => Object.keys(i).length === 0), 'the item, without its odd members');
    expect(events.filter((e) => e.type === 'item-member-dropped').map((e) => (e as { path: string }).path)).toEqual(['Id', 'Type']);
    expect(events.some((e) => e.type === 'frame-error')).toBe(false);
    expect(sessions[0]?.state.status).toBe('connected');
  });
});
