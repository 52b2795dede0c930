import type { Item } from '@connect-participant/core';
import { describe, expect, it } from 'vitest';
import type { Emulator } from '@connect-participant/emulator';
import { emulator, subscribed } from './fixtures.js';
import { call, connect } from './http-client.js';

const transcript = async (emu: Emulator, token: string, body: Record<string, unknown> = {}) => {
  const r = await call(emu.endpoint, '/participant/transcript', { token, body: { MaxResults: 100, SortOrder: 'ASCENDING', ...body } });
  expect(r.status).toBe(200);
  return { initial: r.json['InitialContactId'], items: r.json['Transcript'] as Item[] };
};
const messages = (items: Item[]) => items.filter((i) => i.Type === 'MESSAGE').map((i) => i.Content);

async function pastChat(emu: Emulator, text: string, persistent?: { RehydrationType: 'ENTIRE_PAST_SESSION' | 'FROM_SEGMENT'; SourceContactId: string }) {
  const chat = await emu.startChatContact(persistent ? { PersistentChat: persistent } : {});
  await emu.agent(chat.ContactId).sendMessage(text);
  return chat;
}

describe('persistent chat', () => {
  it('ENTIRE_PAST_SESSION joins the past session: same InitialContactId, the whole session in GetTranscript, chat.rehydrated', async () => {
    const emu = await emulator();
    const first = await pastChat(emu, 'first visit');
    await emu.endChat(first.ContactId);
    const second = await pastChat(emu, 'second visit', { RehydrationType: 'ENTIRE_PAST_SESSION', SourceContactId: first.ContactId });
    expect(second.ContinuedFromContactId).toBe(first.ContactId);
    await emu.endChat(second.ContactId);
    const third = await emu.startChatContact({ PersistentChat: { RehydrationType: 'ENTIRE_PAST_SESSION', SourceContactId: first.ContactId } });
    // The most recently ended contact of the session is the source.
    expect(third.ContinuedFromContactId).toBe(second.ContactId);
    expect(emu.contact(third.ContactId)).toMatchObject({ InitialContactId: first.ContactId, RelatedContactId: second.ContactId });
    const grant = await connect(emu.endpoint, third.ParticipantToken);
    const client = await subscribed(grant.url);
    const rehydrated = await client.next((f) => f.kind === 'chat' && f.item.ContentType === 'application/vnd.amazonaws.connect.event.chat.rehydrated');
    expect(rehydrated.kind === 'chat' && rehydrated.item).toMatchObject({ ContactId: third.ContactId, InitialContactId: first.ContactId });
    await emu.agent(third.ContactId).sendMessage('third visit');
    const all = await transcript(emu, grant.connectionToken);
    expect(all.initial).toBe(first.ContactId);
    expect(messages(all.items)).toEqual(['first visit', 'second visit', 'third visit']);
    expect(new Set(all.items.map((i) => i.ContactId))).toEqual(new Set([first.ContactId, second.ContactId, third.ContactId]));
    // One contact of the chain by its id; a contact outside the chain is refused.
    expect(messages((await transcript(emu, grant.connectionToken, { ContactId: second.ContactId })).items)).toEqual(['second visit']);
    const stranger = await emu.startChatContact();
    expect((await call(emu.endpoint, '/participant/transcript', { token: grant.connectionToken, body: { ContactId: stranger.ContactId } })).status).toBe(403);
  });

  it('FROM_SEGMENT continues exactly the given contact and starts a session of its own', async () => {
    const emu = await emulator();
    const first = await pastChat(emu, 'one');
    await emu.endChat(first.ContactId);
    const created = await call(emu.endpoint, '/emulator/contacts', {
      body: { PersistentChat: { RehydrationType: 'FROM_SEGMENT', SourceContactId: first.ContactId } },
    });
    expect(created.json['ContinuedFromContactId']).toBe(first.ContactId);
    const id = created.json['ContactId'] as string;
    expect(emu.contact(id)).toMatchObject({ InitialContactId: id, RelatedContactId: first.ContactId });
    const grant = await connect(emu.endpoint, created.json['ParticipantToken'] as string);
    await emu.agent(id).sendMessage('two');
    const all = await transcript(emu, grant.connectionToken);
    expect(messages(all.items)).toEqual(['one', 'two']);
    expect(all.initial).toBe(id);
  });

  it('refuses a source that is unknown, still running, or not a session start', async () => {
    const emu = await emulator();
    const running = await emu.startChatContact();
    await expect(emu.startChatContact({ PersistentChat: { RehydrationType: 'FROM_SEGMENT', SourceContactId: running.ContactId } })).rejects.toThrow(/not ended/);
    await expect(emu.startChatContact({ PersistentChat: { RehydrationType: 'FROM_SEGMENT', SourceContactId: 'nope' } })).rejects.toThrow(RangeError);
    await expect(emu.startChatContact({ PersistentChat: { RehydrationType: 'ENTIRE_PAST_SESSION', SourceContactId: running.ContactId } })).rejects.toThrow(/no ended contact/);
    const bad = await call(emu.endpoint, '/emulator/contacts', { body: { PersistentChat: { RehydrationType: 'SOMETIMES', SourceContactId: 'x' } } });
    expect(bad.status).toBe(400);
    expect((await call(emu.endpoint, '/emulator/contacts', { body: { PersistentChat: { RehydrationType: 'FROM_SEGMENT', SourceContactId: 'x' } } })).status).toBe(400);
  });
});
