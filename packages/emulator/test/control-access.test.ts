import { describe, expect, it } from 'vitest';
import { runCli, type Emulator } from '@connect-participant/emulator';
import { exposureWarning, isLoopback } from '../src/http/control-access.js';
import { emulator, track } from './fixtures.js';
import { call } from './http-client.js';

describe('control token', () => {
  it('is required by the control API when set, and nothing else', async () => {
    const emu = await emulator({ controlToken: 'correct horse battery' });
    expect((await call(emu.endpoint, '/emulator/contacts', { body: {} })).status).toBe(401);
    expect((await call(emu.endpoint, '/emulator/health', { method: 'GET', headers: { 'x-emulator-control-token': 'wrong' } })).status).toBe(401);
    const ok = await call(emu.endpoint, '/emulator/contacts', { body: {}, headers: { 'x-emulator-control-token': 'correct horse battery' } });
    expect(ok.status).toBe(200);
    // The participant API is the service's, with its own tokens.
    const connected = await call(emu.endpoint, '/participant/connection', { token: ok.json['ParticipantToken'] as string, body: { Type: ['WEBSOCKET'] } });
    expect(connected.status).toBe(200);
    // A message that names the header, never the token.
    const refused = await call(emu.endpoint, '/emulator/sockets', { method: 'GET' });
    expect(JSON.stringify(refused.json)).toContain('x-emulator-control-token');
    expect(JSON.stringify(refused.json)).not.toContain('correct horse');
  });

  it('is refused when too short to be a secret', async () => {
    await expect(emulator({ controlToken: 'short' })).rejects.toThrow(RangeError);
  });

  it('comes from --control-token or EMULATOR_CONTROL_TOKEN on the CLI', async () => {
    const err: string[] = [];
    const io = { out: () => undefined, err: (t: string) => err.push(t) };
    const fromFlag = await runCli(['--port', '0', '--control-token', 'flag-token-123'], io, {});
    const fromEnv = await runCli(['--port', '0'], io, { EMULATOR_CONTROL_TOKEN: 'env-token-456' });
    for (const [outcome, token] of [[fromFlag, 'flag-token-123'], [fromEnv, 'env-token-456']] as const) {
      if (!('emulator' in outcome)) throw new Error(err.join(''));
      const emu: Emulator = track(outcome.emulator);
      expect((await call(emu.endpoint, '/emulator/health', { method: 'GET' })).status).toBe(401);
      expect((await call(emu.endpoint, '/emulator/health', { method: 'GET', headers: { 'x-emulator-control-token': token } })).status).toBe(200);
    }
    expect(err).toEqual([]);
  });
});

describe('binding beyond loopback', () => {
  it('knows loopback addresses', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', 'localhost', '::ffff:127.0.0.1']) expect([host, isLoopback(host)]).toEqual([host, true]);
    for (const host of ['0.0.0.0', '::', '192.168.1.5', 'example.com']) expect([host, isLoopback(host)]).toEqual([host, false]);
  });

  it('warns clearly, and says what the token does and does not protect', () => {
    expect(exposureWarning('127.0.0.1', false)).toBeUndefined();
    expect(exposureWarning('0.0.0.0', false)).toMatch(/NO control token.*play the agent, read every transcript/);
    expect(exposureWarning('0.0.0.0', true)).toMatch(/require the control token.*participant API is open/);
  });

  it('prints no warning on loopback', async () => {
    const warnings: string[] = [];
    await emulator({ warn: (line) => warnings.push(line) });
    expect(warnings).toEqual([]);
  });
});
