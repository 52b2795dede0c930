import type { ResolvedOptions } from '../options.js';
import { newSecret } from '../secrets.js';
import type { Participant } from './contact.js';

/**
 * When a socket opened on a grant is closed: at a time on the emulator's clock (ConnectionExpiry as the socket's
 * lifetime), or a duration after it opened (ConnectionExpiry as the URL's connect deadline).
 */
export type SocketEnd =
  | { readonly kind: 'at'; readonly at: number; readonly reason: string }
  | {
      readonly kind: 'after-open';
      readonly ms: number;
      readonly reason: string;
    };

/** A granted websocket URL: where it leads, until when it may be opened and how long its socket is kept. */
export interface WebsocketGrant {
  readonly key: string;
  readonly participant: Participant;
  readonly grantedAt: number;
  /** The URL is refused after this: the end of the connect window. */
  readonly openBy: number;
  /** The `ConnectionExpiry` reported with the URL. */
  readonly connectionExpiry: number;
  readonly socketEnd: SocketEnd;
}

/** A websocket grant under the contact's reading of `ConnectionExpiry` (protocol.md §6.1). */
export function websocketGrant(
  participant: Participant,
  now: number,
  options: Pick<ResolvedOptions, 'connectWindowMs' | 'websocketLifetimeMs'>,
): WebsocketGrant {
  const { connectWindowMs, websocketLifetimeMs } = options;
  const base = {
    key: newSecret(),
    participant,
    grantedAt: now,
    openBy: now + connectWindowMs,
  };
  switch (participant.contact.connectionExpiry) {
    case 'connect-deadline':
      return {
        ...base,
        connectionExpiry: now + connectWindowMs,
        socketEnd: {
          kind: 'after-open',
          ms: websocketLifetimeMs,
          reason: 'Socket lifetime reached',
        },
      };
    case 'socket-lifetime':
      return {
        ...base,
        connectionExpiry: now + websocketLifetimeMs,
        socketEnd: {
          kind: 'at',
          at: now + websocketLifetimeMs,
          reason: 'ConnectionExpiry reached',
        },
      };
  }
}
