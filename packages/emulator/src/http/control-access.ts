import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { HttpError } from './responses.js';

/** The header that carries the control token. */
export const CONTROL_TOKEN_HEADER = 'x-emulator-control-token';

/** Whether a bind address reaches only this machine. */
export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h === '::1') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  return h.startsWith('::ffff:127.');
}

/** The warning printed when the emulator listens beyond loopback, or undefined when it does not. */
export function exposureWarning(host: string, hasToken: boolean): string | undefined {
  if (isLoopback(host)) return undefined;
  return hasToken
    ? `WARNING: the emulator listens on ${host}, beyond this machine. The control API and console require the control token ` +
        `(header ${CONTROL_TOKEN_HEADER}); the participant API is open to anyone who can reach this address.`
    : `WARNING: the emulator listens on ${host}, beyond this machine, with NO control token: anyone who can reach this ` +
        'address can play the agent, read every transcript and inject faults. Set a control token (--control-token / ' +
        '`controlToken`) or bind to 127.0.0.1.';
}

/** Refuses a control request without the right token (when one is set) with 401, comparing in constant time. */
export function checkControlToken(req: IncomingMessage, token: string | undefined): void {
  if (token === undefined) return;
  const given = req.headers[CONTROL_TOKEN_HEADER];
  const a = Buffer.from(typeof given === 'string' ? given : '');
  const b = Buffer.from(token);
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new HttpError(401, 'UnauthorizedException', `The control API needs the control token in the ${CONTROL_TOKEN_HEADER} header`);
  }
}
