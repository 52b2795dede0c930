/** Why a socket was given up. */
export type SocketLossKind = 'closed' | 'connect-timeout' | 'heartbeat-timeout' | 'subscribe-failed' | 'subscribe-timeout';

/** A socket that is no longer usable; always retried by reconnecting. */
export class SocketLostError extends Error {
  override readonly name = 'SocketLostError';
  constructor(
    readonly kind: SocketLossKind,
    /** The close code, when the socket closed. */
    readonly code?: number,
    readonly reason?: string,
  ) {
    super(kind === 'closed' ? `socket closed (${code ?? 'no code'}${reason ? `: ${reason}` : ''})` : `socket given up: ${kind}`);
  }
}
