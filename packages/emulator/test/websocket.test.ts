import { describe, expect, it } from 'vitest';
import { customer, emulator, subscribed, track } from './fixtures.js';
import { call, connect } from './http-client.js';
import { SocketClient, chatItems } from './socket-client.js';

describe('websocket gateway protocol (protocol.md §3)', () => {
  it('acknowledges aws/subscribe with the exact frame of §3.3', async () => {
    const emu = await emulator();
    const { grant } = await customer(emu);
    const client = await SocketClient.open(grant.url);
    track(client);
    client.send('{"topic":"aws/subscribe","content":{"topics":["aws/chat"]}}');
    await client.next((f) => f.kind === 'subscribe-ack');
    expect(client.raw[0]).toBe('{"topic":"aws/subscribe","content":{"status":"success","topics":["aws/chat"]}}');
  });

  it('answers a subscribe to an unknown topic with a failure ack', async () => {
    const emu = await emulator();
    const { grant } = await customer(emu);
    const client = await SocketClient.open(grant.url);
    track(client);
    client.send({ kind: 'subscribe', topics: ['aws/secrets'] });
    expect(await client.next((f) => f.kind === 'subscribe-ack')).toMatchObject({ status: 'failure', success: false });
  });

  it('answers heartbeat and ping', async () => {
    const emu = await emulator();
    const { grant } = await customer(emu);
    const client = await subscribed(grant.url);
    client.send({ kind: 'heartbeat' });
    client.send({ kind: 'ping' });
    await client.next((f) => f.kind === 'heartbeat');
    expect(await client.next((f) => f.kind === 'ping')).toMatchObject({ ok: true, statusCode: 200 });
    expect(client.raw).toContain('{"topic":"aws/heartbeat"}');
  });

  it('pushes items with content as a JSON string, to the sender too', async () => {
    const emu = await emulator();
    const { chat, grant } = await customer(emu);
    const client = await subscribed(grant.url);
    await call(emu.endpoint, '/participant/message', { token: grant.connectionToken, body: { ContentType: 'text/plain', Content: 'mine' } });
    await emu.agent(chat.ContactId).sendMessage('theirs');
    const theirs = await client.next((f) => f.kind === 'chat' && f.item.Content === 'theirs');
    const raw = client.raw.find((r) => r.includes('mine')) as string;
    const frame = JSON.parse(raw) as { topic: string; content: unknown };
    expect(frame.topic).toBe('aws/chat');
    expect(typeof frame.content).toBe('string');
    const items = [...chatItems(client), theirs.kind === 'chat' ? theirs.item : {}];
    expect(items.map((i) => i.Content ?? i.ContentType)).toEqual([
      'mine',
      'application/vnd.amazonaws.connect.event.participant.joined',
      'theirs',
    ]);
    expect(items[0]).toMatchObject({ Type: 'MESSAGE', ParticipantRole: 'CUSTOMER', DisplayName: 'Ada', ContactId: chat.ContactId, InitialContactId: chat.ContactId });
  });

  it('does not push before the subscription, nor to other contacts', async () => {
    const emu = await emulator();
    const a = await customer(emu);
    const b = await customer(emu);
    const clientA = await SocketClient.open(a.grant.url);
    track(clientA);
    await emu.agent(a.chat.ContactId).sendMessage('before subscribe');
    clientA.send({ kind: 'subscribe', topics: ['aws/chat'] });
    await clientA.next((f) => f.kind === 'subscribe-ack');
    const clientB = await subscribed(b.grant.url);
    await emu.agent(a.chat.ContactId).sendMessage('for A');
    await clientA.next((f) => f.kind === 'chat' && f.item.Content === 'for A');
    expect(await clientB.silentFor((f) => f.kind === 'chat', 200)).toBe(true);
    expect(chatItems(clientA).some((i) => i.Content === 'before subscribe')).toBe(false);
  });

  it('pushes typing and receipts, which GetTranscript does not return', async () => {
    const emu = await emulator();
    const { chat, grant } = await customer(emu);
    const client = await subscribed(grant.url);
    const agent = emu.agent(chat.ContactId);
    await agent.typing();
    const typing = await client.next((f) => f.kind === 'chat' && f.item.ContentType === 'application/vnd.amazonaws.connect.event.typing');
    expect(typing).toMatchObject({ item: { Type: 'EVENT', ParticipantRole: 'AGENT' } });
    const sent = await call(emu.endpoint, '/participant/message', { token: grant.connectionToken, body: { ContentType: 'text/plain', Content: 'hi' } });
    await agent.read(sent.json['Id'] as string);
    const receipt = await client.next((f) => f.kind === 'chat' && f.item.Type === 'MESSAGEMETADATA');
    expect(receipt).toMatchObject({ item: { MessageMetadata: { MessageId: sent.json['Id'] } } });
    const transcript = await call(emu.endpoint, '/participant/transcript', { token: grant.connectionToken, body: { MaxResults: 100 } });
    const types = (transcript.json['Transcript'] as { Type: string; ContentType: string }[]).map((i) => i.ContentType);
    expect(types).not.toContain('application/vnd.amazonaws.connect.event.typing');
  });

  it('refuses an unknown URL and a URL past its connect window with 403', async () => {
    const emu = await emulator({ connectWindowMs: 150 });
    const { grant } = await customer(emu);
    await expect(SocketClient.open(grant.url.replace(/connect\/.{5}/, 'connect/AAAAA'))).rejects.toThrow('HTTP 403');
    await expect(SocketClient.open(`${emu.endpoint.replace('http', 'ws')}/connect/short`)).rejects.toThrow('HTTP 403');
    await new Promise((r) => setTimeout(r, 250));
    await expect(SocketClient.open(grant.url)).rejects.toThrow('HTTP 403');
  });

  it('closes a socket that stays silent past the idle timeout, and keeps one that heartbeats', async () => {
    // idleTimeoutMs was 300 against heartbeats every 100 ms: a pause of the loaded CI machine let the timer fire.
    const emu = await emulator({ idleTimeoutMs: 1_000 });
    const { grant } = await customer(emu);
    // The busy one opens first: when the quiet one is closed, the busy one has lived past the idle timeout too.
    const busy = await subscribed(grant.url);
    const beat = setInterval(() => busy.send({ kind: 'heartbeat' }), 100);
    const quiet = await subscribed(grant.url);
    try {
      expect((await quiet.whenClosed(3_000)).reason).toBe('Idle timeout');
      expect(busy.closed).toBeUndefined();
    } finally {
      clearInterval(beat);
    }
  });

  it('answers malformed and unknown frames with a gateway error frame, and stays up', async () => {
    const emu = await emulator();
    const { grant } = await customer(emu);
    const client = await subscribed(grant.url);
    client.send('{not json');
    expect(await client.next((f) => f.kind === 'gateway-error')).toMatchObject({ message: 'Invalid request body' });
    client.send('{"topic":"aws/unsubscribe"}');
    expect(await client.next((f) => f.kind === 'gateway-error')).toMatchObject({ message: 'Forbidden' });
    client.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    expect(await client.next((f) => f.kind === 'gateway-error')).toMatchObject({ message: 'Binary frames are not supported' });
    client.send({ kind: 'heartbeat' });
    await client.next((f) => f.kind === 'heartbeat');
  });

  it('closes a socket that sends a frame over the size limit', async () => {
    const emu = await emulator({ maxFrameBytes: 1024 });
    const { grant } = await customer(emu);
    const client = await subscribed(grant.url);
    client.send(JSON.stringify({ topic: 'aws/heartbeat', pad: 'x'.repeat(2048) }));
    expect((await client.whenClosed()).code).toBe(1009);
    const other = await subscribed(grant.url);
    other.send({ kind: 'heartbeat' });
    await other.next((f) => f.kind === 'heartbeat');
  });

  it('sends chat.ended and closes every socket of the contact when the chat ends', async () => {
    const emu = await emulator();
    const { chat, grant } = await customer(emu);
    const client = await subscribed(grant.url);
    await emu.agent(chat.ContactId).endChat();
    await client.next((f) => f.kind === 'chat' && f.item.ContentType === 'application/vnd.amazonaws.connect.event.chat.ended');
    expect((await client.whenClosed()).code).toBe(1000);
    const after = await call(emu.endpoint, '/participant/connection', { token: chat.ParticipantToken, body: { Type: ['WEBSOCKET'] } });
    expect(after.status).toBe(403);
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Timers may fire a millisecond or two early against Date.now(); a little slack for that. */
const SLACK_MS = 15;

/** Grants a websocket to a new customer, noting the time around the call: the grant was made in [before, after]. */
async function timedGrant(emu: Awaited<ReturnType<typeof emulator>>, connectionExpiry?: 'connect-deadline' | 'socket-lifetime') {
  const chat = await emu.startChatContact({ DisplayName: 'Ada', ...(connectionExpiry ? { connectionExpiry } : {}) });
  const before = Date.now();
  const grant = await connect(emu.endpoint, chat.ParticipantToken);
  const after = Date.now();
  return { chat, grant, before, after, expiry: Date.parse(grant.connectionExpiry) };
}

describe('ConnectionExpiry as the URL connect deadline (the default, protocol.md §6.1)', () => {
  it('is the grant plus the connect window', async () => {
    const emu = await emulator({ connectWindowMs: 3_000, websocketLifetimeMs: 60_000 });
    expect(emu.options.connectionExpiry).toBe('connect-deadline');
    const { before, after, expiry } = await timedGrant(emu);
    expect(expiry).toBeGreaterThanOrEqual(before + 3_000);
    expect(expiry).toBeLessThanOrEqual(after + 3_000);
  });

  it('refuses the URL after ConnectionExpiry', async () => {
    // A 1 s window (was 200 ms): the first open must fit in it on a loaded machine.
    const emu = await emulator({ connectWindowMs: 1_000 });
    const { grant, expiry } = await timedGrant(emu);
    const opened = track(await SocketClient.open(grant.url));
    expect(opened.closed).toBeUndefined();
    await sleep(expiry - Date.now() + 50);
    await expect(SocketClient.open(grant.url)).rejects.toThrow('HTTP 403');
  });

  it('keeps an opened socket past ConnectionExpiry and closes it its own lifetime after it opened', async () => {
    // Was a 400 ms window, a 600 ms lifetime and a 200 ms sleep: too tight on a loaded CI machine for the open and
    // the heartbeat's round trip.
    const emu = await emulator({ connectWindowMs: 2_000, websocketLifetimeMs: 3_000 });
    const { grant, after, expiry } = await timedGrant(emu);
    // Opened late in the window: the lifetime counts from here, not from the grant.
    await sleep(1_000);
    // Taken before the socket is opened: the service opens it after this, so its lifetime ends no sooner than 3 s
    // from here, whatever the subscribe's round trip takes on a busy machine.
    const openedAt = Date.now();
    const client = await subscribed(grant.url);
    await sleep(expiry - Date.now() + 100);
    expect(client.closed).toBeUndefined();
    client.send({ kind: 'heartbeat' });
    await client.next((f) => f.kind === 'heartbeat');
    const closed = await client.whenClosed(5_000);
    const closedAt = Date.now();
    expect(closed).toEqual({ code: 1001, reason: 'Socket lifetime reached' });
    expect(closedAt - openedAt).toBeGreaterThanOrEqual(3_000 - SLACK_MS);
    expect(closedAt - after).toBeGreaterThanOrEqual(4_000 - SLACK_MS);
    expect(closedAt - openedAt).toBeLessThan(3_000 + 1_000);
  });

  it('closes with expiryCloseCode', async () => {
    const emu = await emulator({ websocketLifetimeMs: 100, expiryCloseCode: 4000 });
    const { grant } = await customer(emu);
    // Opened without subscribing: a subscribe's round trip could outlast the 100 ms lifetime on a loaded CI machine.
    const client = track(await SocketClient.open(grant.url));
    expect((await client.whenClosed(2_000)).code).toBe(4000);
  });
});

describe("ConnectionExpiry as the socket's lifetime (connectionExpiry: 'socket-lifetime')", () => {
  it('is the grant plus the websocket lifetime, and the socket is closed then', async () => {
    // Was a 400 ms window, a 500 ms lifetime and a 200 ms sleep: too tight on a loaded CI machine for the subscribe.
    const emu = await emulator({
      connectionExpiry: 'socket-lifetime',
      connectWindowMs: 2_000,
      websocketLifetimeMs: 3_000,
    });
    const { grant, before, after, expiry } = await timedGrant(emu);
    expect(expiry).toBeGreaterThanOrEqual(before + 3_000);
    expect(expiry).toBeLessThanOrEqual(after + 3_000);
    // Opened late: the socket still closes at ConnectionExpiry, not a lifetime after it opened.
    await sleep(1_000);
    const openedAt = Date.now();
    const client = await subscribed(grant.url);
    const closed = await client.whenClosed(5_000);
    const closedAt = Date.now();
    expect(closed).toEqual({ code: 1001, reason: 'ConnectionExpiry reached' });
    expect(closedAt).toBeGreaterThanOrEqual(expiry - SLACK_MS);
    expect(closedAt).toBeLessThan(expiry + 1_000);
    // Under the other reading (a lifetime from the opening) it would close no sooner than 3 s after openedAt, which
    // expiry + 1_000 alone tells apart only up to the timers' slack.
    expect(closedAt - openedAt).toBeLessThan(3_000 - SLACK_MS);
  });

  it('still refuses the URL after the connect window, before ConnectionExpiry', async () => {
    const emu = await emulator({ connectionExpiry: 'socket-lifetime', connectWindowMs: 150, websocketLifetimeMs: 60_000 });
    const { grant, expiry } = await timedGrant(emu);
    await sleep(250);
    expect(Date.now()).toBeLessThan(expiry);
    await expect(SocketClient.open(grant.url)).rejects.toThrow('HTTP 403');
  });

  it('can be chosen for one contact, the others keeping the emulator-wide reading', async () => {
    const emu = await emulator({ connectWindowMs: 3_000, websocketLifetimeMs: 60_000 });
    const lifetime = await timedGrant(emu, 'socket-lifetime');
    const deadline = await timedGrant(emu);
    expect(lifetime.expiry).toBeGreaterThanOrEqual(lifetime.before + 60_000);
    expect(deadline.expiry).toBeLessThanOrEqual(deadline.after + 3_000);
    expect(emu.contact(lifetime.chat.ContactId).connectionExpiry).toBe('socket-lifetime');
    expect(emu.contact(deadline.chat.ContactId).connectionExpiry).toBe('connect-deadline');
    await expect(emu.startChatContact({ connectionExpiry: 'forever' as never })).rejects.toThrow(RangeError);
  });
});
