import { afterEach, describe, expect, it } from 'vitest';
import { runCli, startEmulator, type Emulator } from '@connect-participant/emulator';
import { call, connect } from './http-client.js';
import { SocketClient } from './socket-client.js';

const open: (Emulator | SocketClient)[] = [];
afterEach(async () => {
  for (const r of open.splice(0)) await r.close();
});

describe('control API over HTTP (/emulator/...)', () => {
  it('drives a whole chat without the library', async () => {
    const emu = await startEmulator({ throttle: false });
    open.push(emu);
    const ep = emu.endpoint;
    expect((await call(ep, '/emulator/health', { method: 'GET' })).json).toEqual({ ok: true });
    const chat = (await call(ep, '/emulator/contacts', { body: { DisplayName: 'Ada' } })).json as Record<string, string>;
    expect(Object.keys(chat).sort()).toEqual(['ContactId', 'ParticipantId', 'ParticipantToken']);
    const grant = await connect(ep, chat['ParticipantToken'] as string);
    const client = await SocketClient.subscribed(grant.url);
    open.push(client);
    const id = chat['ContactId'] as string;

    const joined = await call(ep, `/emulator/contacts/${id}/agent/join`, { body: { DisplayName: 'Grace' } });
    expect(joined.json['ParticipantToken']).toBeTruthy();
    const msg = await call(ep, `/emulator/contacts/${id}/agent/messages`, { body: { Content: 'Hello from HTTP' } });
    expect(msg.json).toMatchObject({ Type: 'MESSAGE', Content: 'Hello from HTTP', DisplayName: 'Grace' });
    await client.next((f) => f.kind === 'chat' && f.item.Content === 'Hello from HTTP');
    await call(ep, `/emulator/contacts/${id}/agent/typing`, { body: {} });
    await client.next((f) => f.kind === 'chat' && f.item.ContentType === 'application/vnd.amazonaws.connect.event.typing');

    const sent = await call(ep, '/participant/message', { token: grant.connectionToken, body: { ContentType: 'text/plain', Content: 'hi' } });
    expect((await call(ep, `/emulator/contacts/${id}/agent/read`, { body: { MessageId: sent.json['Id'] } })).status).toBe(200);
    expect((await call(ep, `/emulator/contacts/${id}/agent/delivered`, { body: { MessageId: 'nope' } })).status).toBe(400);

    const sockets = (await call(ep, '/emulator/sockets', { method: 'GET' })).json['sockets'];
    expect(sockets).toEqual([{ contactId: id, participantId: chat['ParticipantId'], subscribed: true }]);

    await call(ep, '/emulator/faults/withhold-heartbeats', { body: { contactId: id, count: 1 } });
    client.send({ kind: 'heartbeat' });
    expect(await client.silentFor((f) => f.kind === 'heartbeat', 150)).toBe(true);
    await call(ep, '/emulator/faults/fail-next', { body: { operation: 'SendMessage', count: 1, name: 'InternalServerException', status: 500 } });
    expect((await call(ep, '/participant/message', { token: grant.connectionToken, body: { ContentType: 'text/plain', Content: 'x' } })).status).toBe(500);
    await call(ep, '/emulator/faults/throttle-next', { body: { operation: 'GetTranscript' } });
    expect((await call(ep, '/participant/transcript', { token: grant.connectionToken, body: {} })).status).toBe(429);
    expect((await call(ep, '/emulator/faults/malformed-frame', { body: { kind: 'not-json' } })).json).toEqual({ sent: 1 });
    await call(ep, '/emulator/faults/shift-clock', { body: { ms: 60_000 } });
    const shifted = await call(ep, '/emulator/health', { method: 'GET' });
    expect(Date.parse(shifted.headers.get('date') as string) - Date.now()).toBeGreaterThan(55_000);
    await call(ep, '/emulator/faults/clear', { body: {} });

    const snapshot = (await call(ep, `/emulator/contacts/${id}`, { method: 'GET' })).json;
    expect((snapshot['participants'] as unknown[]).length).toBe(2);
    expect((await call(ep, '/emulator/faults/drop-sockets', { body: { contactId: id, code: 4001 } })).json).toEqual({ dropped: 1 });
    expect((await client.whenClosed()).code).toBe(4001);

    expect((await call(ep, `/emulator/contacts/${id}/end`, { body: {} })).status).toBe(200);
    expect((await call(ep, `/emulator/contacts/${id}`, { method: 'GET' })).json['ended']).toBe(true);
  });

  it('starts a contact with its own reading of ConnectionExpiry', async () => {
    const emu = await startEmulator({ throttle: false, connectWindowMs: 3_000, websocketLifetimeMs: 60_000 });
    open.push(emu);
    const ep = emu.endpoint;
    const expiryOf = async (body: Record<string, unknown>) => {
      const chat = (await call(ep, '/emulator/contacts', { body })).json as Record<string, string>;
      const snapshot = (await call(ep, `/emulator/contacts/${chat['ContactId']}`, { method: 'GET' })).json;
      const before = Date.now();
      const grant = await connect(ep, chat['ParticipantToken'] as string);
      const after = Date.now();
      const expiry = Date.parse(grant.connectionExpiry);
      // The grant was made between `before` and `after`.
      return { meaning: snapshot['connectionExpiry'], atLeast: expiry - after, atMost: expiry - before };
    };
    const lifetime = await expiryOf({ connectionExpiry: 'socket-lifetime' });
    expect(lifetime.meaning).toBe('socket-lifetime');
    expect(lifetime.atMost).toBeGreaterThanOrEqual(60_000);
    expect(lifetime.atLeast).toBeLessThanOrEqual(60_000);
    const deadline = await expiryOf({});
    expect(deadline.meaning).toBe('connect-deadline');
    expect(deadline.atMost).toBeGreaterThanOrEqual(3_000);
    expect(deadline.atLeast).toBeLessThanOrEqual(3_000);
  });

  it('views and authentication over HTTP', async () => {
    const emu = await startEmulator({ throttle: false });
    open.push(emu);
    const ep = emu.endpoint;
    const chat = (await call(ep, '/emulator/contacts', { body: {} })).json as Record<string, string>;
    const grant = await connect(ep, chat['ParticipantToken'] as string);
    await call(ep, '/emulator/views', { body: { ViewToken: 'vt', View: { Id: 'v', Name: 'Form' } } });
    const view = await call(ep, '/participant/views/vt', { method: 'GET', token: grant.connectionToken });
    expect(view.json).toEqual({ View: { Id: 'v', Name: 'Form' } });
    const auth = await call(ep, `/emulator/contacts/${chat['ContactId']}/authentication`, { body: {} });
    const url = await call(ep, '/participant/authentication-url', {
      token: grant.connectionToken,
      body: { SessionId: auth.json['SessionId'], RedirectUri: 'https://example.com' },
    });
    expect(url.status).toBe(200);
  });

  it('answers bad control calls with 400 or 404 and a message', async () => {
    const emu = await startEmulator();
    open.push(emu);
    const ep = emu.endpoint;
    const cases: [string, Parameters<typeof call>[2], number][] = [
      ['/emulator/contacts/nope', { method: 'GET' }, 404],
      ['/emulator/contacts/nope/agent/messages', { body: { Content: 'x' } }, 404],
      ['/emulator/faults/fail-next', { body: { operation: 'Teleport' } }, 400],
      ['/emulator/faults/fail-next', { body: { count: 0 } }, 400],
      ['/emulator/faults/delay', { body: { ms: 'soon' } }, 400],
      ['/emulator/faults/malformed-frame', { body: { kind: 'poetry' } }, 400],
      ['/emulator/contacts', { body: '{bad' }, 400],
      ['/emulator/contacts', { body: { connectionExpiry: 'forever' } }, 400],
      ['/emulator/contacts/%E0%A4%A/end', { body: {} }, 400],
      ['/emulator/unknown', { body: {} }, 404],
    ];
    for (const [path, init, status] of cases) {
      const r = await call(ep, path, init);
      expect([path, r.status]).toEqual([path, status]);
      expect(typeof r.json['message']).toBe('string');
    }
  });
});

describe('CLI', () => {
  const io = () => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
  };

  it('prints its endpoint and serves', async () => {
    const t = io();
    const outcome = await runCli(['--port', '0', '--connect-window-ms', '5000', '--throttle-rate', '0'], t.io);
    if (!('emulator' in outcome)) throw new Error(t.err.join(''));
    open.push(outcome.emulator);
    expect(t.out[0]).toBe(`connect-participant-emulator listening on ${outcome.emulator.endpoint}\n`);
    expect(outcome.emulator.options.connectWindowMs).toBe(5000);
    expect(outcome.emulator.options.throttle).toBe(false);
    expect((await fetch(`${outcome.emulator.endpoint}/emulator/health`)).status).toBe(200);
  });

  it('takes --connection-expiry', async () => {
    const t = io();
    const outcome = await runCli(['--port', '0', '--connection-expiry', 'socket-lifetime'], t.io);
    if (!('emulator' in outcome)) throw new Error(t.err.join(''));
    open.push(outcome.emulator);
    expect(outcome.emulator.options.connectionExpiry).toBe('socket-lifetime');
    const byDefault = await runCli(['--port', '0'], t.io);
    if (!('emulator' in byDefault)) throw new Error(t.err.join(''));
    open.push(byDefault.emulator);
    expect(byDefault.emulator.options.connectionExpiry).toBe('connect-deadline');
  });

  it.each([[['--port', 'abc']], [['--bogus']], [['positional']], [['--idle-timeout-ms', '-5']], [['--connection-expiry', 'forever']], [['--connection-expiry']]])('refuses %j with usage and exit code 2', async (argv) => {
    const t = io();
    expect(await runCli(argv, t.io)).toEqual({ exitCode: 2 });
    expect(t.err.join('')).toContain('Usage: connect-participant-emulator');
  });

  it('prints help', async () => {
    const t = io();
    expect(await runCli(['--help'], t.io)).toEqual({ exitCode: 0 });
    expect(t.out.join('')).toContain('--websocket-lifetime-ms');
    expect(t.out.join('')).toContain('--connection-expiry connect-deadline|socket-lifetime');
  });
});
