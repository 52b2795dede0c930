import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runDemo, runInteractive } from '../src/chat-app.js';
import { parseTarget } from '../src/main.js';

describe('terminal chat', () => {
  it('plays the scripted conversation on the embedded emulator, with a drop and a rotation, losing nothing', async () => {
    const lines: string[] = [];
    const code = await runDemo({ write: (l) => lines.push(l) });
    const out = lines.join('\n');
    expect(code, out).toBe(0);
    expect(out).toContain('connection lost');
    expect(out).toContain('websocket URL rotated');
    expect(out).toContain('While you were away I sent this');
    expect(out).toContain('-- Order bot is streaming a reply…');
    expect(out).toMatch(/Order bot: This reply was streamed in chunks .* \(streamed in 8 chunks\)/);
    expect(out).toMatch(/messages: (\d+) sent, \1 delivered, 0 lost, 0 duplicated/);
  });

  it('/quit leaves the chat, shows its final state and exits', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    output.on('data', (chunk: Buffer) => (shown += chunk.toString()));
    const exited = runInteractive({ kind: 'embedded' }, { write: () => undefined, input, output });
    // Wait until connected, then quit.
    for (let i = 0; i < 200 && !shown.includes('/quit to leave'); i++) await new Promise((r) => setTimeout(r, 25));
    input.write('/quit\n');
    await expect(exited).resolves.toBe(0);
    expect(shown).toContain('-- leaving the chat');
    expect(shown).toMatch(/-- state: ended \|/);
    expect(shown).not.toContain('/quit to exit');
  });

  it('refuses bad flags with a clear message', () => {
    expect(parseTarget(['--bogus'])).toMatch(/Unknown option/);
    expect(parseTarget(['--region', 'us-east-1'])).toBe('--region and --endpoint need --participant-token');
    expect(parseTarget(['--participant-token', 't'])).toBe('--participant-token needs --region or --endpoint');
    expect(parseTarget(['--participant-token', 't', '--region', 'r', '--endpoint', 'http://x'])).toBe('give --region or --endpoint, not both');
    expect(parseTarget(['--participant-token', 't', '--endpoint', 'http://127.0.0.1:4566'])).toEqual({
      target: { kind: 'external', participantToken: 't', endpoint: 'http://127.0.0.1:4566' },
      demo: false,
    });
    expect(parseTarget([])).toEqual({ target: { kind: 'embedded' }, demo: false });
    expect(parseTarget(['--help'])).toBe('help');
  });
});
