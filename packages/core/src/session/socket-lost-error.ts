/** Why a socket was given up. */
export type SocketLossKind = 'closed' | 'open-failed' | 'connect-timeout' | 'heartbeat-timeout' | 'subscribe-failed' | 'subscribe-timeout';

/** A socket that is no longer usable; always retried by reconnecting. */
export class SocketLostError extends Error {
  override readonly name = 'SocketLostError';
  constructor(
    readonly kind: SocketLossKind,
    /** The close code, when the socket closed. */
    readonly code?: number,
    /** The close reason, or why the socket could not be opened: with the URL and its query (a credential) removed. */
    readonly reason?: string,
  ) {
    super(
      kind === 'closed'
        ? `socket closed (${code ?? 'no code'}${reason ? `: ${reason}` : ''})`
        : kind === 'open-failed'
          ? `socket could not be opened${reason ? ` (${reason})` : ''}`
          : `socket given up: ${kind}`,
    );
  }
}
