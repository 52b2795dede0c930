import { describe, expect, it } from 'vitest';
import type { Participant } from '../src/service/contact.js';
import { websocketGrant } from '../src/service/websocket-grant.js';

/** The grant alone: what each reading of ConnectionExpiry (protocol.md §6.1) makes of the same request. */
const participantOf = (connectionExpiry: 'connect-deadline' | 'socket-lifetime') => ({ contact: { connectionExpiry } }) as unknown as Participant;
const options = { connectWindowMs: 100_000, websocketLifetimeMs: 3_600_000 };

describe('websocketGrant', () => {
  it('as a connect deadline: ConnectionExpiry ends the connect window, and the socket is kept its lifetime after it opens', () => {
    const grant = websocketGrant(participantOf('connect-deadline'), 1_000, options);
    expect(grant).toMatchObject({ grantedAt: 1_000, openBy: 101_000, connectionExpiry: 101_000 });
    expect(grant.socketEnd).toEqual({ kind: 'after-open', ms: 3_600_000, reason: 'Socket lifetime reached' });
  });

  it('as a socket lifetime: ConnectionExpiry is when the socket is closed, whenever it opened', () => {
    const grant = websocketGrant(participantOf('socket-lifetime'), 1_000, options);
    expect(grant).toMatchObject({ openBy: 101_000, connectionExpiry: 3_601_000 });
    expect(grant.socketEnd).toEqual({ kind: 'at', at: 3_601_000, reason: 'ConnectionExpiry reached' });
  });

  it('keys each grant with a fresh secret', () => {
    const p = participantOf('connect-deadline');
    expect(websocketGrant(p, 0, options).key).not.toBe(websocketGrant(p, 0, options).key);
  });
});
