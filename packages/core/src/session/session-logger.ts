import { ValidationException } from '../model/errors.js';
import { REDACTED, redact } from '../model/redaction.js';
import type { ParticipantSession } from './participant-session.js';
import type { ConnectionEvent, SessionState } from './session-state.js';

/**
 * Where a session writes what it does: the AWS SDK's logger shape, so `console`, the SDK's own loggers, pino,
 * winston or bunyan fit as they are. Each call gets one string, already redacted.
 */
export interface Logger {
  debug(...content: unknown[]): void;
  info(...content: unknown[]): void;
  warn(...content: unknown[]): void;
  error(...content: unknown[]): void;
}

type Level = keyof Logger;

const LEVELS: readonly Level[] = ['debug', 'info', 'warn', 'error'];

/**
 * Events of what went wrong but is handled (the session retries or moves on) are warnings; those of the
 * reconnecting schedule are info; the rest are detail. Matched by name, so that a new event of either kind is
 * placed without a list to keep (and a page bundles no list of names).
 */
const WARNING = /failed|error|lost|missed|abandoned|skipped|dropped|full/;
const INFO = /reconnect|waiting|other/;

const PREFIX = 'connect-participant: ';

/** The query of any URL (a socket URL's carries its credentials). */
const URL_QUERY = /\b((?:wss?|https?):\/\/[^\s?#"'`]*)\?[^\s"'`)]*/g;

/** How many of each kind of secret are kept to redact: the current one and those still in flight around a rotation. */
const KEEP = 4;

const describe = (value: unknown): string =>
  value instanceof Error ? `${value.name}: ${value.message}` : typeof value === 'string' ? JSON.stringify(value) : String(value);

/** An event or a state as one line: its tag (`type`, `status`), then each other member as `name=value`. */
function formatEntry(tagKey: string, entry: object): string {
  let line = '';
  for (const [key, value] of Object.entries(entry)) {
    if (key === tagKey) line = String(value) + line;
    else if (value !== undefined) line += ` ${key}=${describe(value)}`;
  }
  return line;
}

const levelOfState = (state: SessionState): Level => (state.status === 'failed' ? 'error' : state.status === 'reconnecting' ? 'warn' : 'info');
const levelOfEvent = (event: ConnectionEvent): Level => (WARNING.test(event.type) ? 'warn' : INFO.test(event.type) ? 'info' : 'debug');

/** Checks a `logger` option before any I/O: an object whose levels, where present, are functions. */
export function checkLogger(logger: unknown): Partial<Logger> {
  if (typeof logger !== 'object' || logger === null) {
    throw new ValidationException({ message: 'logger: must be an object with debug, info, warn and error methods', field: 'logger', constraint: 'type' });
  }
  for (const level of LEVELS) {
    const method = (logger as Record<string, unknown>)[level];
    if (method !== undefined && typeof method !== 'function') {
      throw new ValidationException({ message: `logger: ${level} must be a function`, field: `logger.${level}`, constraint: 'type' });
    }
  }
  return logger as Partial<Logger>;
}

/**
 * Writes a session's lifecycle to `logger`: each state (info; `reconnecting` warn, `failed` error) and each
 * `connection$` event (handled failures warn, the rest debug). Every line is redacted first: the ParticipantToken,
 * each ConnectionToken and websocket URL the session holds, and the query of any URL, wherever they appear.
 * A logger that throws is ignored: logging never breaks the session.
 */
export function logSession(session: ParticipantSession, logger: unknown, participantToken: () => string): void {
  const target = checkLogger(logger);
  // The ParticipantToken is asked for at each line: a resumed session learns it from its store after it starts.
  const secrets: string[] = [''];
  const remember = (secret: string) => {
    secrets.push(secret);
    if (secrets.length > 1 + 2 * KEEP) secrets.splice(1, 1);
  };
  const write = (level: Level, text: string) => {
    const method = target[level];
    if (!method) return;
    secrets[0] = participantToken();
    try {
      method.call(target, PREFIX + redact(text, secrets).replace(URL_QUERY, `$1?${REDACTED}`));
    } catch {
      // The app's logger failed; the session carries on.
    }
  };
  // Secrets first, so that every line after a grant is redacted with it.
  session.credentials$.subscribe(({ ConnectionToken }) => remember(ConnectionToken));
  session.websocket$.subscribe(({ Url }) => remember(Url));
  session.connection$.subscribe((event) => write(levelOfEvent(event), formatEntry('type', event)));
  session.state$.subscribe((state) => write(levelOfState(state), formatEntry('status', state)));
}
