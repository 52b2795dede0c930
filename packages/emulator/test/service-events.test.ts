import { describe, expect, it } from 'vitest';
import type { SERVICE_EVENTS } from '@connect-participant/emulator';
import { customer, emulator, subscribed } from './fixtures.js';
import { call } from './http-client.js';

const EVENT = 'application/vnd.amazonaws.connect.event.';

describe('the event catalogue (protocol.md §3.5)', () => {
  it('plays every event as the service would push it, recording the ones transcripts hold', async () => {
    const emu = await emulator();
    const { chat, grant } = await customer(emu);
    const client = await subscribed(grant.url);
    const agent = await emu.agent(chat.ContactId).join();
    const id = chat.ContactId;
    await emu.initiateAuthentication(id);
    const pushed = async (event: (typeof SERVICE_EVENTS)[number], extra: Record<string, string> = {}) => {
      const item = await emu.emitEvent(id, { event, ...extra });
      const frame = await client.next((f) => f.kind === 'chat' && f.item.Id === item.Id);
      return frame.kind === 'chat' ? frame.item : item;
    };
    expect(await pushed('participant.idle')).toMatchObject({ Type: 'EVENT', ContentType: `${EVENT}participant.idle`, ParticipantRole: 'CUSTOMER' });
    expect(await pushed('participant.returned')).toMatchObject({ ParticipantId: chat.ParticipantId });
    expect(await pushed('participant.invited', { DisplayName: 'Supervisor Sam' })).toMatchObject({ DisplayName: 'Supervisor Sam' });
    const renamed = await pushed('participant.displayname.updated', { participantId: agent.ParticipantId, DisplayName: 'Grace H.' });
    expect(renamed).toMatchObject({ ParticipantRole: 'AGENT', DisplayName: 'Grace H.' });
    expect(emu.contact(id).participants.find((p) => p.ParticipantId === agent.ParticipantId)?.DisplayName).toBe('Grace H.');
    await pushed('transfer.failed');
    await pushed('chat.rehydrated');
    const auth = await pushed('authentication.succeeded');
    expect(JSON.parse(auth.Content ?? '{}')).toHaveProperty('SessionId');
    await expect(emu.emitEvent(id, { event: 'authentication.failed' })).rejects.toThrow(/authentication session/);
    for (const outcome of ['authentication.failed', 'authentication.timeout', 'authentication.expired'] as const) {
      await emu.initiateAuthentication(id);
      expect((await pushed(outcome)).ContentType).toBe(`${EVENT}${outcome}`);
    }
    await pushed('transfer.succeeded');
    // The transferred agent leaves.
    await client.next((f) => f.kind === 'chat' && f.item.ContentType === `${EVENT}participant.left` && f.item.ParticipantId === agent.ParticipantId);
    const recorded = emu.contact(id).transcript.map((i) => i.ContentType?.replace(EVENT, ''));
    expect(recorded).toEqual(expect.arrayContaining(['participant.invited', 'transfer.failed', 'transfer.succeeded', 'authentication.succeeded']));
    expect(recorded).not.toContain('participant.idle');
    expect(recorded).not.toContain('chat.rehydrated');
    await pushed('participant.autodisconnection');
    await client.next((f) => f.kind === 'chat' && f.item.ContentType === `${EVENT}chat.ended`);
  });

  it('is driven over the control API, with bad input answered 400', async () => {
    const emu = await emulator();
    const { chat } = await customer(emu);
    const path = `/emulator/contacts/${chat.ContactId}/events`;
    expect((await call(emu.endpoint, path, { body: { event: 'participant.idle' } })).json).toMatchObject({ ContentType: `${EVENT}participant.idle` });
    expect((await call(emu.endpoint, path, { body: { event: 'participant.sneezed' } })).status).toBe(400);
    expect((await call(emu.endpoint, path, { body: { event: 'participant.idle', participantId: 'nobody' } })).status).toBe(400);
    expect((await call(emu.endpoint, path, { body: { event: 'participant.displayname.updated' } })).status).toBe(400);
    expect((await call(emu.endpoint, '/emulator/contacts/none/events', { body: { event: 'participant.idle' } })).status).toBe(404);
  });
});

describe('idle timers', () => {
  it('are off by default', async () => {
    const emu = await emulator();
    const { grant } = await customer(emu);
    const client = await subscribed(grant.url);
    expect(await client.silentFor((f) => f.kind === 'chat' && f.item.ContentType === `${EVENT}participant.idle`, 150)).toBe(true);
  });

  it('idle after silence, returned on the next message, autodisconnection and chat end after more silence', async () => {
    // autoDisconnectAfterMs was 150, too tight on a loaded CI machine for the idle frame and the 'back' call within it.
    const emu = await emulator({ idleTimers: { idleAfterMs: 100, autoDisconnectAfterMs: 2_000 } });
    const { token, grant } = await customer(emu);
    const client = await subscribed(grant.url);
    await client.next((f) => f.kind === 'chat' && f.item.ContentType === `${EVENT}participant.idle`);
    await call(emu.endpoint, '/participant/message', { token, body: { ContentType: 'text/plain', Content: 'back' } });
    await client.next((f) => f.kind === 'chat' && f.item.ContentType === `${EVENT}participant.returned`);
    await client.next((f) => f.kind === 'chat' && f.item.Content === 'back');
    await client.next((f) => f.kind === 'chat' && f.item.ContentType === `${EVENT}participant.idle`);
    const autodisconnection = `${EVENT}participant.autodisconnection`;
    await client.next((f) => f.kind === 'chat' && f.item.ContentType === autodisconnection, 5_000);
    await client.next((f) => f.kind === 'chat' && f.item.ContentType === `${EVENT}chat.ended`);
  });
});
