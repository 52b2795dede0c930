import type { ConnectionEvent, ParticipantSession } from '@connect-participant/transport-node';

/** The facts the status line shows, kept up to date from the session's streams. */
export class ConnectionStatus {
  state = 'connecting';
  /** When the socket is next rotated (rotation-scheduled). */
  rotationAt: number | undefined;
  tokenExpiry: number | undefined;
  reconnect: { attempt: number; delayMs: number; at: number } | undefined;
  rotations = 0;
  reconnects = 0;

  constructor(session: ParticipantSession) {
    session.state$.subscribe((s) => {
      this.state = s.status;
      if (s.status === 'connected') this.reconnect = undefined;
    });
    session.connection$.subscribe((e: ConnectionEvent) => {
      if (e.type === 'granted') {
        this.tokenExpiry = e.tokenExpiry;
      } else if (e.type === 'rotation-scheduled') {
        this.rotationAt = e.at;
      } else if (e.type === 'reconnect-scheduled') {
        this.reconnect = { attempt: e.attempt, delayMs: e.delayMs, at: Date.now() };
      } else if (e.type === 'rotated') {
        this.rotations++;
      } else if (e.type === 'lost') {
        this.reconnects++;
      }
    });
  }

  /** The final line: the state and what happened on the way. */
  summary(): string {
    return `state: ${this.state} | rotations ${this.rotations} | losses ${this.reconnects}`;
  }

  /** One line: state, the socket's next rotation, ConnectionToken expiry, reconnect attempt and delay. */
  render(now = Date.now()): string {
    const left = (t: number | undefined) => (t === undefined ? '–' : duration(t - now));
    const parts = [`state: ${this.state}`, `socket rotates in ${left(this.rotationAt)}`, `token expires in ${left(this.tokenExpiry)}`];
    if (this.reconnect) parts.push(`reconnect #${this.reconnect.attempt} in ${duration(this.reconnect.at + this.reconnect.delayMs - now)}`);
    parts.push(`rotations ${this.rotations}`, `losses ${this.reconnects}`);
    return parts.join(' | ');
  }
}

function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}
