import { describe, expect, it } from 'vitest';
import { customer, emulator, subscribed, track } from './fixtures.js';
import { call, connect } from './http-client.js';
import { SocketClient } from './socket-client.js';

describe('sockets per participant', () => {
  it('allows two at once (primary and secondary while rotating) and refuses a third with 429 until one closes', async () => {
    const emu = await emulator();
    const { chat, grant } = await customer(emu);
    const first = await subscribed(grant.url);
    const second = await subscribed((await connect(emu.endpoint, chat.ParticipantToken)).url);
    const third = (await connect(emu.endpoint, chat.ParticipantToken)).url;
    await expect(SocketClient.open(third)).rejects.toThrow('HTTP 429');
    // Another participant of the same contact has sockets of its own.
    const agent = await emu.agent(chat.ContactId).join();
    await subscribed((await connect(emu.endpoint, agent.ParticipantToken)).url);
    first.close();
    await first.whenClosed();
    await expect.poll(() => emu.sockets({ participantId: chat.ParticipantId }).length).toBe(1);
    const replacement = track(await SocketClient.open(third));
    expect(replacement.ws.readyState).toBe(replacement.ws.OPEN);
    expect(second.closed).toBeUndefined();
  });

  it('counts upgrades in flight, and 0 lifts the limit', async () => {
    const emu = await emulator();
    const { chat } = await customer(emu);
    const urls = await Promise.all([1, 2, 3].map(async () => (await connect(emu.endpoint, chat.ParticipantToken)).url));
    const results = await Promise.allSettled(urls.map((u) => SocketClient.open(u)));
    for (const r of results) if (r.status === 'fulfilled') track(r.value);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2);
    const open = await emulator({ maxSocketsPerParticipant: 0 });
    const c = await customer(open);
    for (let i = 0; i < 3; i++) await subscribed((await connect(open.endpoint, c.chat.ParticipantToken)).url);
    expect(open.sockets()).toHaveLength(3);
  });
});

describe('subscribe acknowledgement faults', () => {
  const subscribe = (client: SocketClient) => client.send({ kind: 'subscribe', topics: ['aws/chat'] });

  it('delay: the subscription is live at once, so items published meanwhile arrive before the ack', async () => {
    const emu = await emulator();
    const { chat, grant } = await customer(emu);
    emu.faults.subscribeAck('delay', { ms: 200, count: 1 });
    const client = track(await SocketClient.open(grant.url));
    subscribe(client);
    await expect.poll(() => emu.sockets()[0]?.subscribed).toBe(true);
    await emu.agent(chat.ContactId).sendMessage('early');
    await client.next((f) => f.kind === 'subscribe-ack', 3000);
    const kinds = client.raw.map((r) => (JSON.parse(r) as { topic: string }).topic);
    expect(kinds.indexOf('aws/chat')).toBeLessThan(kinds.indexOf('aws/subscribe'));
  });

  it('withhold: no ack ever comes, yet items flow; the next subscribe is answered', async () => {
    const emu = await emulator();
    const { chat, grant } = await customer(emu);
    emu.faults.subscribeAck('withhold', { count: 1, selector: { contactId: chat.ContactId } });
    const client = track(await SocketClient.open(grant.url));
    subscribe(client);
    expect(await client.silentFor((f) => f.kind === 'subscribe-ack', 200)).toBe(true);
    await emu.agent(chat.ContactId).sendMessage('flowing');
    await client.next((f) => f.kind === 'chat' && f.item.Content === 'flowing');
    subscribe(client);
    await client.next((f) => f.kind === 'subscribe-ack');
  });

  it('failure: answers status failure and delivers nothing until a subscribe succeeds', async () => {
    const emu = await emulator();
    const { chat, grant } = await customer(emu);
    await call(emu.endpoint, '/emulator/faults/subscribe-ack', { body: { kind: 'failure', count: 2 } });
    const client = track(await SocketClient.open(grant.url));
    for (let i = 0; i < 2; i++) {
      subscribe(client);
      const ack = await client.next((f) => f.kind === 'subscribe-ack');
      expect(ack.kind === 'subscribe-ack' && ack.status).toBe('failure');
    }
    await emu.agent(chat.ContactId).sendMessage('not yet');
    subscribe(client);
    const ok = await client.next((f) => f.kind === 'subscribe-ack');
    expect(ok.kind === 'subscribe-ack' && ok.status).toBe('success');
    expect(client.frames.filter((f) => f.kind === 'chat')).toEqual([]);
    expect((await call(emu.endpoint, '/emulator/faults/subscribe-ack', { body: { kind: 'sometimes' } })).status).toBe(400);
  });

  it('chat-first: an aws/chat frame arrives before the ack', async () => {
    const emu = await emulator();
    const { grant } = await customer(emu);
    emu.faults.subscribeAck('chat-first', { count: 1 });
    const client = track(await SocketClient.open(grant.url));
    subscribe(client);
    await client.next((f) => f.kind === 'subscribe-ack');
    expect((JSON.parse(client.raw[0] as string) as { topic: string }).topic).toBe('aws/chat');
  });
});
