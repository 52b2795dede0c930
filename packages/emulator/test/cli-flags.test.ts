import { describe, expect, it } from 'vitest';
import { runCli, USAGE } from '@connect-participant/emulator';
import { track } from './fixtures.js';

const quiet = { out: () => undefined, err: () => undefined };

describe('CLI flags of the whole-service options', () => {
  it('passes each to the emulator', async () => {
    const outcome = await runCli(
      [
        '--port', '0',
        '--ended-chat-readable-ms', '5000',
        '--max-sockets-per-participant', '3',
        '--expose-date-header',
        '--max-header-bytes', '8192',
        '--headers-timeout-ms', '2000',
        '--request-timeout-ms', '4000',
        '--message-processing', 'REJECTED',
        '--attachment-scan', 'REJECTED',
        '--idle-after-ms', '60000',
        '--auto-disconnect-after-ms', '30000',
      ],
      quiet,
      {},
    );
    if (!('emulator' in outcome)) throw new Error('did not start');
    const { options } = track(outcome.emulator);
    expect(options).toMatchObject({
      endedChatReadableMs: 5000,
      maxSocketsPerParticipant: 3,
      exposeDateHeader: true,
      maxHeaderBytes: 8192,
      headersTimeoutMs: 2000,
      requestTimeoutMs: 4000,
      messageProcessing: { outcome: 'REJECTED', delayMs: 0 },
      attachmentScan: { verdict: 'REJECTED', delayMs: 0 },
      idleTimers: { idleAfterMs: 60000, autoDisconnectAfterMs: 30000 },
    });
  });

  it.each([[['--message-processing', 'LOST']], [['--attachment-scan', 'MAYBE']], [['--max-sockets-per-participant', '-1']], [['--auto-disconnect-after-ms', '5']], [['--idle-after-ms', '0']]])(
    'refuses %j with usage and exit code 2',
    async (argv) => {
      const err: string[] = [];
      expect(await runCli(argv, { out: () => undefined, err: (t) => err.push(t) }, {})).toEqual({ exitCode: 2 });
      expect(err.join('')).toContain('Usage: connect-participant-emulator');
    },
  );

  it('documents every flag in its usage', () => {
    for (const flag of ['--scenario', '--control-token', '--expose-date-header', '--max-sockets-per-participant', '--ended-chat-readable-ms', '--message-processing', '--attachment-scan', '--headers-timeout-ms', '--idle-after-ms']) {
      expect(USAGE).toContain(flag);
    }
  });
});
