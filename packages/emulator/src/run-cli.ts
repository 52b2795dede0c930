import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startEmulator, type Emulator } from './emulator.js';
import {
  ATTACHMENT_VERDICTS,
  CONNECTION_EXPIRY_MEANINGS,
  DEFAULT_OPTIONS,
  MESSAGE_PROCESSING_OUTCOMES,
  type EmulatorOptions,
} from './options.js';
import { checkScenario, type Scenario } from './scenario/scenario.js';

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
  --ended-chat-readable-ms N         GetTranscript still works N ms after a chat ends (default ${DEFAULT_OPTIONS.endedChatReadableMs}; 0 never)
  --max-sockets-per-participant N    open websockets per participant; more are refused with 429 (default ${DEFAULT_OPTIONS.maxSocketsPerParticipant}; 0 no limit)
  --expose-date-header               expose the Date response header to browsers through CORS (default not exposed)
  --max-header-bytes N               request line + headers limit, beyond it 431 or 414 (default ${DEFAULT_OPTIONS.maxHeaderBytes})
  --headers-timeout-ms N             408 for a client that has not sent its headers in N ms (default ${DEFAULT_OPTIONS.headersTimeoutMs})
  --request-timeout-ms N             408 for a client that has not sent its request in N ms (default ${DEFAULT_OPTIONS.requestTimeoutMs})
  --idle-after-ms N                  participant.idle after N ms without a customer message or event (default off)
  --auto-disconnect-after-ms N       with --idle-after-ms: autodisconnection N ms after idle (default never)
  --message-processing DELIVERED|FAILED|REJECTED
                                     SendMessage answers PROCESSING, then the outcome follows (default off)
  --attachment-scan APPROVED|REJECTED
                                     attachments are IN_PROGRESS, then the verdict follows (default off: APPROVED at once)
  --throttle-rate N                  requests per second per token (default ${DEFAULT_OPTIONS.throttle.ratePerSecond}; 0 turns throttling off)
  --throttle-burst N                 burst per token (default ${DEFAULT_OPTIONS.throttle.burst})
  --control-token T                  the control API and console then require header x-emulator-control-token: T
                                     (also read from the EMULATOR_CONTROL_TOKEN environment variable)
  --scenario FILE.json               script the agent's side of every chat (see the README; examples in scenarios/)
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
  'ended-chat-readable-ms': 'endedChatReadableMs',
  'max-sockets-per-participant': 'maxSocketsPerParticipant',
  'max-header-bytes': 'maxHeaderBytes',
  'headers-timeout-ms': 'headersTimeoutMs',
  'request-timeout-ms': 'requestTimeoutMs',
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

/** Reads and checks a scenario file; a missing file, bad JSON or a bad member is a usage error naming it. */
function readScenario(file: string): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--scenario cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return checkScenario(JSON.parse(text));
  } catch (error) {
    throw new UsageError(`--scenario ${file}: ${(error as Error).message}`);
  }
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
        'control-token': { type: 'string' },
        scenario: { type: 'string' },
        'expose-date-header': { type: 'boolean' },
        'idle-after-ms': { type: 'string' },
        'auto-disconnect-after-ms': { type: 'string' },
        'message-processing': { type: 'string' },
        'attachment-scan': { type: 'string' },
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
  if (typeof values['control-token'] === 'string') options['controlToken'] = values['control-token'];
  if (typeof values['scenario'] === 'string') options['scenario'] = readScenario(values['scenario']);
  if (values['expose-date-header'] === true) options['exposeDateHeader'] = true;
  const idleAfterMs = toNumber('idle-after-ms', values['idle-after-ms'] as string | undefined);
  const autoDisconnectAfterMs = toNumber('auto-disconnect-after-ms', values['auto-disconnect-after-ms'] as string | undefined);
  if (autoDisconnectAfterMs !== undefined && idleAfterMs === undefined) throw new UsageError('--auto-disconnect-after-ms needs --idle-after-ms');
  if (idleAfterMs !== undefined) {
    if (idleAfterMs <= 0) throw new UsageError('--idle-after-ms needs a positive number');
    options['idleTimers'] = { idleAfterMs, ...(autoDisconnectAfterMs === undefined ? {} : { autoDisconnectAfterMs }) };
  }
  const outcome = values['message-processing'];
  if (typeof outcome === 'string') {
    if (!(MESSAGE_PROCESSING_OUTCOMES as readonly string[]).includes(outcome)) {
      throw new UsageError(`--message-processing needs ${MESSAGE_PROCESSING_OUTCOMES.join(', ')}, got ${JSON.stringify(outcome)}`);
    }
    options['messageProcessing'] = { outcome };
  }
  const verdict = values['attachment-scan'];
  if (typeof verdict === 'string') {
    if (!(ATTACHMENT_VERDICTS as readonly string[]).includes(verdict)) {
      throw new UsageError(`--attachment-scan needs ${ATTACHMENT_VERDICTS.join(' or ')}, got ${JSON.stringify(verdict)}`);
    }
    options['attachmentScan'] = { verdict };
  }
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
export async function runCli(argv: readonly string[], io: CliIo, env: Readonly<Record<string, string | undefined>> = process.env): Promise<CliOutcome> {
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
    const controlToken = options.controlToken ?? env['EMULATOR_CONTROL_TOKEN'];
    const emulator = await startEmulator({
      ...options,
      ...(controlToken ? { controlToken } : {}),
      warn: (line: string) => io.err(`${line}\n`),
      ...(verbose ? { log: (line: string) => io.err(`${line}\n`) } : {}),
    });
    io.out(`connect-participant-emulator listening on ${emulator.endpoint}\n`);
    io.out(`control API: ${emulator.endpoint}/emulator/ (see the package README)\n`);
    if (emulator.options.scenario) io.out(`scenario: ${emulator.options.scenario.name ?? 'unnamed'}\n`);
    return { emulator };
  } catch (error) {
    io.err(`connect-participant-emulator: ${(error as Error).message}\n`);
    return { exitCode: 1 };
  }
}
