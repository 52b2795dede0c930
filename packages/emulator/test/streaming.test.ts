import type { Item } from '@connect-participant/core';
import { describe, expect, it } from 'vitest';
import { customer, emulator, subscribed } from './fixtures.js';
import { call } from './http-client.js';
import { chatItems, type SocketClient } from './socket-client.js';

const streamedOf = (client: SocketClient, Id: string) => chatItems(client).filter((i) => i.Id === Id);
const meta = (item: Item) => [item.MessageMetadata?.ChunkNumber, item.MessageMetadata?.MessageCompleted, item.Content];

describe('streamed bot replies (protocol.md §3.4)', () => {
  it('sends chunks of one Id, 1-based, the last completed and carrying the whole text; the transcript holds it once', async () => {
    const emu = await emulator();
    const { chat, grant } = await customer(emu);
    const client = await subscribed(grant.url);
    const done = await emu.streamMessage(chat.ContactId, ['Hel', 'lo, ', 'world'], { DisplayName: 'Helper' });
    expect(done).toMatchObject({ Type: 'MESSAGE', ParticipantRole: 'SYSTEM', DisplayName: 'Helper', Content: 'Hello, world' });
    const last = await client.next((f) => f.kind === 'chat' && f.item.MessageMetadata?.MessageCompleted === true);
    const all = [...streamedOf(client, done?.Id as string), last.kind === 'chat' ? last.item : {}];
    expect(all.map(meta)).toEqual([
      [1, false, 'Hel'],
      [2, false, 'lo, '],
      [3, true, 'Hello, world'],
    ]);
    const recorded = emu.contact(chat.ContactId).transcript.filter((i) => i.Id === done?.Id);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ Content: 'Hello, world', MessageMetadata: { MessageCompleted: true, ChunkNumber: 3 } });
    // Dated from its first chunk, as the official library dates a stitched message.
    expect(recorded[0]?.AbsoluteTime).toBe(all[0]?.AbsoluteTime);
  });

  it('splits a text into N chunks, sends them out of order, and shares one timestamp on request', async () => {
    const emu = await emulator();
    const { chat, grant } = await customer(emu);
    const client = await subscribed(grant.url);
    const done = await emu.streamMessage(chat.ContactId, 'abcdefgh', { chunks: 4, order: [1, 3, 2, 4], sharedTimestamp: true });
    const items = await Promise.all([1, 2, 3, 4].map(() => client.next((f) => f.kind === 'chat' && f.item.Id === done?.Id)));
    const received = items.map((f) => (f.kind === 'chat' ? f.item : {}));
    expect(received.map((i) => i.MessageMetadata?.ChunkNumber).sort()).toEqual([1, 2, 3, 4]);
    expect(received.map(meta)).toEqual(
      expect.arrayContaining([
        [1, false, 'ab'],
        [3, false, 'ef'],
        [2, false, 'cd'],
        [4, true, 'abcdefgh'],
      ]),
    );
    expect(new Set(received.map((i) => i.AbsoluteTime)).size).toBe(1);
  });

  it('pauses where asked, so a test can drop the socket mid-message; the transcript then has the whole text', async () => {
    const emu = await emulator();
    const { chat, grant, token } = await customer(emu);
    const client = await subscribed(grant.url);
    const seen: number[] = [];
    const done = await emu.streamMessage(chat.ContactId, ['one ', 'two ', 'three'], {
      onChunk: (_item, position) => {
        seen.push(position);
        if (position === 1) emu.faults.dropSockets({ contactId: chat.ContactId });
      },
    });
    expect(seen).toEqual([1, 2, 3]);
    await client.whenClosed();
    expect(chatItems(client).filter((i) => i.Id === done?.Id).map(meta)).toEqual([[1, false, 'one ']]);
    const page = await call(emu.endpoint, '/participant/transcript', { token, body: { MaxResults: 100 } });
    const items = page.json['Transcript'] as Item[];
    expect(items.filter((i) => i.Id === done?.Id).map((i) => i.Content)).toEqual(['one two three']);
  });

  it('refuses bad plans before sending anything, and stops when the chat ends mid-message', async () => {
    const emu = await emulator();
    const { chat } = await customer(emu);
    await expect(emu.streamMessage(chat.ContactId, 'abc', { order: [1, 1, 2] })).rejects.toThrow(/permutation/);
    await expect(emu.streamMessage(chat.ContactId, '')).rejects.toThrow(/text/);
    await expect(emu.streamMessage(chat.ContactId, 'abc', { pauseAfter: 9 })).rejects.toThrow(/pauseAfter/);
    expect(emu.contact(chat.ContactId).transcript.filter((i) => i.Type === 'MESSAGE')).toEqual([]);
    const cut = await emu.streamMessage(chat.ContactId, 'abcdef', {
      chunks: 3,
      onChunk: async (_item, position) => {
        if (position === 1) await emu.endChat(chat.ContactId);
      },
    });
    expect(cut).toBeUndefined();
    expect(emu.contact(chat.ContactId).transcript.filter((i) => i.Type === 'MESSAGE')).toEqual([]);
  });

  it('is driven over the control API, waiting for the whole message or answering at once with its Id', async () => {
    const emu = await emulator();
    const { chat, grant } = await customer(emu);
    const client = await subscribed(grant.url);
    const path = `/emulator/contacts/${chat.ContactId}/bot/stream`;
    const whole = await call(emu.endpoint, path, { body: { Content: 'streamed reply', chunks: 2, ContentType: 'text/markdown' } });
    expect(whole.status).toBe(200);
    expect(whole.json).toMatchObject({ Content: 'streamed reply', ContentType: 'text/markdown', MessageMetadata: { MessageCompleted: true, ChunkNumber: 2 } });
    const early = await call(emu.endpoint, path, { body: { Chunks: ['a', 'b'], wait: false, pauseAfter: 1, pauseMs: 50, Id: 'my-id' } });
    expect(early.json).toEqual({ Id: 'my-id' });
    const completed = await client.next((f) => f.kind === 'chat' && f.item.Id === 'my-id' && f.item.MessageMetadata?.MessageCompleted === true);
    expect(completed.kind === 'chat' && completed.item.Content).toBe('ab');
    expect((await call(emu.endpoint, path, { body: { Content: 'x', order: [2] } })).status).toBe(400);
    expect((await call(emu.endpoint, path, { body: { Content: 'x', order: [2], wait: false } })).status).toBe(400);
    expect((await call(emu.endpoint, path, { body: {} })).status).toBe(400);
  });
});
