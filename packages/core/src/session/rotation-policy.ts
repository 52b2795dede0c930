import type { Grant } from './grant-source.js';
import type { RotationOptions } from './options.js';

/**
 * When a healthy socket is replaced (make before break). This is where rotation is decided.
 *
 * `ConnectionExpiry` is documented as "the URL expiration timestamp", and the URL as having "a connect expiry
 * timeout of 100s" (protocol.md §6.1): so an expiry less than `minLifetimeMs` after the grant is read as the URL's
 * connect deadline, not as the socket's end, and such a socket is rotated on `maxSocketLifetimeMs` after it opened
 * (as the official chat library does, every 59 min). Only an expiry further out is a socket lifetime, rotated
 * `leadMs` before it (at most a quarter of that lifetime before it) or on `maxSocketLifetimeMs`, whichever comes
 * first. Whatever the service grants, a healthy socket is not rotated sooner than `minIntervalMs` after it opened:
 * a socket the service closes earlier is a loss like any other (reconnected, the gap filled from the transcript).
 *
 * @param grant the grant the socket was opened with (local times)
 * @param openedAt when the socket opened (local time)
 */
export function rotationDueAt(grant: Grant, openedAt: number, options: RotationOptions): number {
  const lifetime = grant.connectionExpiry - grant.receivedAt;
  const byAge = openedAt + options.maxSocketLifetimeMs;
  const due = lifetime < options.minLifetimeMs ? byAge : Math.min(byAge, grant.connectionExpiry - Math.min(options.leadMs, lifetime / 4));
  return Math.max(due, openedAt + options.minIntervalMs);
}

/** Whether the grant's ConnectionExpiry is read as the socket's lifetime (else it is the URL's connect deadline). */
export const expiryIsLifetime = (grant: Grant, options: RotationOptions): boolean =>
  grant.connectionExpiry - grant.receivedAt >= options.minLifetimeMs;
