import { AccessDeniedException, ThrottlingException } from '@connect-participant/core';
import { newSecret } from '../secrets.js';
import type { Participant } from './contact.js';
import type { ThrottleOptions } from '../options.js';
import { RateLimiter } from './throttle.js';

const denied = (message = 'Access denied') => new AccessDeniedException({ message });

/**
 * The tokens a participant proves itself with: its ParticipantToken, and the ConnectionTokens granted for it until
 * their expiry. Each token has its own rate limit.
 */
export class Credentials {
  readonly #participants = new Map<string, Participant>();
  readonly #connections = new Map<string, { readonly participant: Participant; readonly expiresAt: number }>();
  readonly #limiter: RateLimiter;

  constructor(throttle: ThrottleOptions | false) {
    this.#limiter = new RateLimiter(throttle);
  }

  /** A new participant's ParticipantToken is accepted from now on. */
  admit(participant: Participant): void {
    this.#participants.set(participant.participantToken, participant);
  }

  /** The participant a ParticipantToken names; AccessDenied for any other token. */
  byParticipantToken(token: string): Participant {
    const participant = this.#participants.get(token);
    if (!participant) throw denied();
    return participant;
  }

  /** A new ConnectionToken for the participant, accepted until `expiresAt`. */
  issue(participant: Participant, expiresAt: number): string {
    const token = newSecret();
    this.#connections.set(token, { participant, expiresAt });
    return token;
  }

  /** The participant a ConnectionToken names at `now`; AccessDenied for an unknown or expired one (then forgotten). */
  byConnectionToken(token: string, now: number): Participant {
    const credential = this.#connections.get(token);
    if (!credential) throw denied();
    if (now >= credential.expiresAt) {
      this.#connections.delete(token);
      this.#limiter.forget(token);
      throw denied('The ConnectionToken has expired');
    }
    return credential.participant;
  }

  /** One call made with `token`: ThrottlingException past its rate. */
  throttle(token: string): void {
    if (!this.#limiter.take(token, Date.now())) throw new ThrottlingException({ message: 'Rate exceeded' });
  }
}
