import { parseArgs } from 'node:util';
import { startEmulator, type Emulator } from './emulator.js';
import { CONNECTION_EXPIRY_MEANINGS, DEFAULT_OPTIONS, type EmulatorOptions } from './options.js';

export const USAGE = `Usage: connect-participant-emulator [options]

A local Amazon Connect Participant Service. Prints its endpoint, then serves until interrupted.

Options:
  --port N                           port (default 4566; 0 picks a free one)
  --host H                           interface (default 127.0.0.1)
  --connect-window-ms N              a websocket URL must be opened within N ms (default ${DEFAULT_OPTIONS.connectWindowMs})
  --websocket-lifetime-ms N          close a socket N ms after it opened; under socket-lifetime, N ms after its
                                     grant, at ConnectionExpiry (default ${DEFAULT_OPTIONS.websocketLifetimeMs})
  --connection-expiry connect-deadline|socket-lifetime
                                     what a grant's ConnectionExpiry means (default ${DEFAULT_OPTIONS.connectionExpiry}):
                                     connect-deadline: grant + the connect window, after which the URL is refused;
                                     socket-lifetime: grant + the websocket lifetime, when the socket is closed
  --connection-token-lifetime-ms N   ConnectionToken Expiry after a grant (default ${DEFAULT_OPTIONS.connectionTokenLifetimeMs})
  --idle-timeout-ms N                close sockets silent for N ms (default ${DEFAULT_OPTIONS.idleTimeoutMs}; 0 never)
  --first-connection-deadline-ms N   end chats not connected within N ms (default ${DEFAULT_OPTIONS.firstConnectionDeadlineMs}; 0 never)
  --throttle-rate N                  requests per second per token (default ${DEFAULT_OPTIONS.throttle.ratePerSecond}; 0 turns throttling off)
  --throttle-burst N                 burst per token (default ${DEFAULT_OPTIONS.throttle.burst})
  --verbose                          log each request and socket to stderr
  -h, --help                         this text
`;

const NUMERIC = {
  port: 'port',
  'connect-window-ms': 'connectWindowMs',
  'websocket-lifetime-ms': 'websocketLifetimeMs',
  'connection-token-lifetime-ms': 'connectionTokenLifetimeMs',
  'idle-timeout-ms': 'idleTimeoutMs',
  'first-connection-deadline-ms': 'firstConnectionDeadlineMs',
} as const;

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

/** What the CLI did: an exit code to leave with now, or a running emulator to keep until a signal. */
export type CliOutcome = { readonly exitCode: number } | { readonly emulator: Emulator };

class UsageError extends Error {}

function toNumber(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new UsageError(`--${flag} needs a non-negative number, got ${JSON.stringify(value)}`);
  return n;
}

/** Parses the command line into emulator options; throws UsageError on bad flags. */
function parseOptions(argv: readonly string[]): EmulatorOptions | 'help' {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({
      args: [...argv],
      options: {
        ...Object.fromEntries(Object.keys(NUMERIC).map((k) => [k, { type: 'string' as const }])),
        host: { type: 'string' },
        'connection-expiry': { type: 'string' },
        'throttle-rate': { type: 'string' },
        'throttle-burst': { type: 'string' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values['help']) return 'help';
  const options: Record<string, unknown> = { port: 4566 };
  for (const [flag, key] of Object.entries(NUMERIC)) {
    const n = toNumber(flag, values[flag] as string | undefined);
    if (n !== undefined) options[key] = n;
  }
  if (typeof values['host'] === 'string') options['host'] = values['host'];
  const meaning = values['connection-expiry'];
  if (typeof meaning === 'string') {
    if (!(CONNECTION_EXPIRY_MEANINGS as readonly string[]).includes(meaning)) {
      throw new UsageError(`--connection-expiry needs ${CONNECTION_EXPIRY_MEANINGS.join(' or ')}, got ${JSON.stringify(meaning)}`);
    }
    options['connectionExpiry'] = meaning;
  }
  const rate = toNumber('throttle-rate', values['throttle-rate'] as string | undefined);
  const burst = toNumber('throttle-burst', values['throttle-burst'] as string | undefined);
  if (rate === 0) options['throttle'] = false;
  else if (rate !== undefined || burst !== undefined) {
    options['throttle'] = { ratePerSecond: rate ?? DEFAULT_OPTIONS.throttle.ratePerSecond, burst: burst ?? DEFAULT_OPTIONS.throttle.burst };
  }
  return options as EmulatorOptions;
}

/** The CLI without the process: parses flags, starts the emulator and prints its endpoint. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<CliOutcome> {
  let options: EmulatorOptions | 'help';
  try {
    options = parseOptions(argv);
  } catch (error) {
    io.err(`connect-participant-emulator: ${(error as Error).message}\n\n${USAGE}`);
    return { exitCode: 2 };
  }
  if (options === 'help') {
    io.out(USAGE);
    return { exitCode: 0 };
  }
  const verbose = argv.includes('--verbose');
  try {
    const emulator = await startEmulator({ ...options, ...(verbose ? { log: (line: string) => io.err(`${line}\n`) } : {}) });
    io.out(`connect-participant-emulator listening on ${emulator.endpoint}\n`);
    io.out(`control API: ${emulator.endpoint}/emulator/ (see the package README)\n`);
    return { emulator };
  } catch (error) {
    io.err(`connect-participant-emulator: ${(error as Error).message}\n`);
    return { exitCode: 1 };
  }
}
