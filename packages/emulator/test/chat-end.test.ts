import { describe, expect, it } from 'vitest';
import { customer, emulator, subscribed } from './fixtures.js';
import { call, connect } from './http-client.js';
import { chatItems } from './socket-client.js';

const LEFT = 'application/vnd.amazonaws.connect.event.participant.left';
const ENDED = 'application/vnd.amazonaws.connect.event.chat.ended';

describe('the disconnect flow', () => {
  it('is off by default: DisconnectParticipant ends the chat at once', async () => {
    const emu = await emulator();
    const { chat, token } = await customer(emu);
    await call(emu.endpoint, '/participant/disconnect', { token, body: {} });
    expect(emu.contact(chat.ContactId).ended).toBe(true);
  });

  it('sends its messages after the customer disconnects, lets the customer answer, then ends the chat', async () => {
    // The chat ends 2 s after the disconnect: time enough for the customer's answer on a loaded machine.
    const emu = await emulator({ disconnectFlow: { messages: ['How did we do? 1-5', 'Thanks!'], intervalMs: 30, endAfterMs: 2_000 } });
    const { chat, token, grant } = await customer(emu);
    await emu.agent(chat.ContactId).sendMessage('bye');
    const client = await subscribed(grant.url);
    expect((await call(emu.endpoint, '/participant/disconnect', { token, body: {} })).status).toBe(200);
    const agentLeft = await client.next((f) => f.kind === 'chat' && f.item.ContentType === LEFT);
    expect(agentLeft.kind === 'chat' && agentLeft.item.ParticipantRole).toBe('AGENT');
    const survey = await client.next((f) => f.kind === 'chat' && f.item.Type === 'MESSAGE');
    expect(survey.kind === 'chat' && survey.item).toMatchObject({ Content: 'How did we do? 1-5', ParticipantRole: 'SYSTEM' });
    expect(emu.contact(chat.ContactId).ended).toBe(false);
    // The customer can still answer, and a repeated disconnect does not start the flow again.
    expect((await call(emu.endpoint, '/participant/message', { token, body: { ContentType: 'text/plain', Content: '5' } })).status).toBe(200);
    expect((await call(emu.endpoint, '/participant/disconnect', { token, body: {} })).status).toBe(200);
    await client.next((f) => f.kind === 'chat' && f.item.ContentType === ENDED);
    const order = chatItems(client).map((i) => (i.Type === 'MESSAGE' ? i.Content : i.ContentType));
    expect([...order].sort()).toEqual(['5', 'Thanks!', LEFT].sort());
    expect(order.at(-1)).toBe(LEFT);
    expect((await client.whenClosed()).code).toBe(1000);
    const contents = emu.contact(chat.ContactId).transcript.filter((i) => i.Type === 'MESSAGE').map((i) => i.Content);
    expect(contents.slice(0, 2)).toEqual(['bye', 'How did we do? 1-5']);
    expect([...contents.slice(2)].sort()).toEqual(['5', 'Thanks!']);
  });

  it('can be set per contact over the control API, and refuses a flow without messages', async () => {
    const emu = await emulator();
    const created = await call(emu.endpoint, '/emulator/contacts', { body: { disconnectFlow: { messages: ['Survey'] } } });
    const grant = await connect(emu.endpoint, created.json['ParticipantToken'] as string);
    const client = await subscribed(grant.url);
    await call(emu.endpoint, '/participant/disconnect', { token: grant.connectionToken, body: {} });
    await client.next((f) => f.kind === 'chat' && f.item.Content === 'Survey');
    await client.next((f) => f.kind === 'chat' && f.item.ContentType === ENDED);
    expect((await call(emu.endpoint, '/emulator/contacts', { body: { disconnectFlow: { messages: [''] } } })).status).toBe(400);
  });
});

describe('ended chats', () => {
  it('keep their transcript readable for endedChatReadableMs; every other call is 403', async () => {
    const emu = await emulator();
    const { chat, token, grant } = await customer(emu);
    await emu.agent(chat.ContactId).sendMessage('kept');
    await emu.endChat(chat.ContactId);
    const page = await call(emu.endpoint, '/participant/transcript', { token, body: { MaxResults: 100 } });
    expect(page.status).toBe(200);
    expect((page.json['Transcript'] as { Content?: string }[]).some((i) => i.Content === 'kept')).toBe(true);
    expect((await call(emu.endpoint, '/participant/message', { token, body: { ContentType: 'text/plain', Content: 'x' } })).status).toBe(403);
    expect((await call(emu.endpoint, '/participant/connection', { token: chat.ParticipantToken, body: { Type: ['WEBSOCKET'] } })).status).toBe(403);
    expect(grant.url).toBeTruthy();
    // Past the window, the transcript is refused too.
    emu.faults.shiftClock(86_400_000 - 60_000);
    expect((await call(emu.endpoint, '/participant/transcript', { token, body: {} })).status).toBe(200);
    emu.faults.shiftClock(86_400_000 + 1);
    expect((await call(emu.endpoint, '/participant/transcript', { token, body: {} })).status).toBe(403);
  });

  it('refuse the transcript at once with endedChatReadableMs: 0', async () => {
    const emu = await emulator({ endedChatReadableMs: 0 });
    const { chat, token } = await customer(emu);
    await emu.endChat(chat.ContactId);
    expect((await call(emu.endpoint, '/participant/transcript', { token, body: {} })).status).toBe(403);
  });
});
