import type { Item } from '@connect-participant/core';
import { describe, expect, it } from 'vitest';
import { customer, emulator, subscribed } from './fixtures.js';
import { call, connect } from './http-client.js';
import { chatItems } from './socket-client.js';

const send = (endpoint: string, token: string, Content: string) =>
  call(endpoint, '/participant/message', { token, body: { ContentType: 'text/plain', Content } });

describe('message processing (MessageProcessingStatus)', () => {
  it('is off by default: the response and the item carry no status', async () => {
    const emu = await emulator();
    const { token, grant } = await customer(emu);
    const client = await subscribed(grant.url);
    const sent = await send(emu.endpoint, token, 'plain');
    expect(Object.keys(sent.json).sort()).toEqual(['AbsoluteTime', 'Id']);
    const frame = await client.next((f) => f.kind === 'chat' && f.item.Content === 'plain');
    expect(frame.kind === 'chat' && frame.item.MessageMetadata).toBeUndefined();
  });

  it('answers PROCESSING, shows the sender PROCESSING, then delivers the same Id to everyone without a status', async () => {
    const emu = await emulator({ messageProcessing: { outcome: 'DELIVERED', delayMs: 20 } });
    const { chat, token, grant } = await customer(emu);
    const me = await subscribed(grant.url);
    const agent = await emu.agent(chat.ContactId).join();
    const agentGrant = await connect(emu.endpoint, agent.ParticipantToken);
    const them = await subscribed(agentGrant.url);
    const sent = await send(emu.endpoint, token, 'card 4111');
    expect(sent.json['MessageMetadata']).toEqual({ MessageProcessingStatus: 'PROCESSING' });
    const id = sent.json['Id'] as string;
    const processing = await me.next((f) => f.kind === 'chat' && f.item.Id === id);
    expect(processing.kind === 'chat' && processing.item.MessageMetadata).toEqual({ MessageId: id, MessageProcessingStatus: 'PROCESSING' });
    const delivered = await me.next((f) => f.kind === 'chat' && f.item.Id === id);
    expect(delivered.kind === 'chat' && delivered.item).toMatchObject({ Id: id, Content: 'card 4111', Type: 'MESSAGE' });
    expect(delivered.kind === 'chat' && delivered.item.MessageMetadata).toBeUndefined();
    // The other side sees only the delivered message.
    await them.next((f) => f.kind === 'chat' && f.item.Id === id && f.item.MessageMetadata === undefined);
    expect(chatItems(them).filter((i) => i.Id === id)).toEqual([]);
    expect(emu.contact(chat.ContactId).transcript.filter((i) => i.Id === id)).toHaveLength(1);
  });

  it('FAILED or REJECTED reaches the sender only and is never recorded; a contact can choose its own', async () => {
    const emu = await emulator({ messageProcessing: { outcome: 'REJECTED' } });
    const { chat, token, grant } = await customer(emu);
    const me = await subscribed(grant.url);
    const sent = await send(emu.endpoint, token, 'rejected');
    const id = sent.json['Id'] as string;
    await me.next((f) => f.kind === 'chat' && f.item.MessageMetadata?.MessageProcessingStatus === 'PROCESSING');
    const verdict = await me.next((f) => f.kind === 'chat' && f.item.Id === id);
    expect(verdict.kind === 'chat' && verdict.item.MessageMetadata?.MessageProcessingStatus).toBe('REJECTED');
    expect(emu.contact(chat.ContactId).transcript.some((i) => i.Id === id)).toBe(false);

    const other = await emu.startChatContact({ messageProcessing: false });
    const otherGrant = await connect(emu.endpoint, other.ParticipantToken);
    expect(Object.keys((await send(emu.endpoint, otherGrant.connectionToken, 'x')).json).sort()).toEqual(['AbsoluteTime', 'Id']);
    const failing = (await call(emu.endpoint, '/emulator/contacts', { body: { messageProcessing: { outcome: 'FAILED' } } })).json;
    const failingGrant = await connect(emu.endpoint, failing['ParticipantToken'] as string);
    const client = await subscribed(failingGrant.url);
    await send(emu.endpoint, failingGrant.connectionToken, 'y');
    await client.next((f) => f.kind === 'chat' && f.item.MessageMetadata?.MessageProcessingStatus === 'FAILED');
    expect((await call(emu.endpoint, '/emulator/contacts', { body: { messageProcessing: { outcome: 'LOST' } } })).status).toBe(400);
  });
});

async function upload(endpoint: string, token: string): Promise<string> {
  const start = await call(endpoint, '/participant/start-attachment-upload', {
    token,
    body: { ContentType: 'image/png', AttachmentName: 'a.png', AttachmentSizeInBytes: 3, ClientToken: 'c1' },
  });
  const meta = start.json['UploadMetadata'] as { Url: string; HeadersToInclude: Record<string, string> };
  expect((await fetch(meta.Url, { method: 'PUT', headers: meta.HeadersToInclude, body: new Uint8Array(3) })).status).toBe(200);
  const id = start.json['AttachmentId'] as string;
  expect((await call(endpoint, '/participant/complete-attachment-upload', { token, body: { AttachmentIds: [id], ClientToken: 'c2' } })).status).toBe(200);
  return id;
}

const statusOf = (item: Item) => item.Attachments?.[0]?.Status;

describe('attachment scanning', () => {
  it('is off by default: the attachment is APPROVED at once', async () => {
    const emu = await emulator();
    const { token, grant } = await customer(emu);
    const client = await subscribed(grant.url);
    await upload(emu.endpoint, token);
    const item = await client.next((f) => f.kind === 'chat' && f.item.Type === 'ATTACHMENT');
    expect(item.kind === 'chat' && statusOf(item.item)).toBe('APPROVED');
  });

  it('IN_PROGRESS, then APPROVED as an update of the same item; GetAttachment waits for the verdict', async () => {
    // The read below must land before the verdict: 100 ms was once too short for a loaded CI machine.
    const emu = await emulator({ attachmentScan: { verdict: 'APPROVED', delayMs: 1_500 } });
    const { chat, token, grant } = await customer(emu);
    const client = await subscribed(grant.url);
    const attachmentId = await upload(emu.endpoint, token);
    const first = await client.next((f) => f.kind === 'chat' && f.item.Type === 'ATTACHMENT');
    const item = first.kind === 'chat' ? first.item : {};
    expect(statusOf(item)).toBe('IN_PROGRESS');
    expect((await call(emu.endpoint, '/participant/attachment', { token, body: { AttachmentId: attachmentId } })).status).toBe(400);
    const update = await client.next((f) => f.kind === 'chat' && f.item.Id === item.Id);
    expect(update.kind === 'chat' && statusOf(update.item)).toBe('APPROVED');
    expect(update.kind === 'chat' && update.item.Attachments?.[0]?.AttachmentId).toBe(attachmentId);
    expect(emu.contact(chat.ContactId).transcript.filter((i) => i.Id === item.Id).map(statusOf)).toEqual(['APPROVED']);
    expect((await call(emu.endpoint, '/participant/attachment', { token, body: { AttachmentId: attachmentId } })).status).toBe(200);
  });

  it('REJECTED: the update says so, the transcript keeps it, and the file cannot be read', async () => {
    const emu = await emulator();
    const created = (await call(emu.endpoint, '/emulator/contacts', { body: { attachmentScan: { verdict: 'REJECTED' } } })).json;
    const grant = await connect(emu.endpoint, created['ParticipantToken'] as string);
    const client = await subscribed(grant.url);
    const attachmentId = await upload(emu.endpoint, grant.connectionToken);
    const first = await client.next((f) => f.kind === 'chat' && f.item.Type === 'ATTACHMENT');
    const update = await client.next((f) => f.kind === 'chat' && f.kind === first.kind && f.item.Type === 'ATTACHMENT');
    expect([first, update].map((f) => (f.kind === 'chat' ? statusOf(f.item) : undefined))).toEqual(['IN_PROGRESS', 'REJECTED']);
    const snapshot = emu.contact(created['ContactId'] as string).transcript;
    expect(snapshot.filter((i) => i.Type === 'ATTACHMENT').map(statusOf)).toEqual(['REJECTED']);
    const read = await call(emu.endpoint, '/participant/attachment', { token: grant.connectionToken, body: { AttachmentId: attachmentId } });
    expect(read.status).toBe(400);
    expect(read.json['message']).toMatch(/rejected/);
  });
});
