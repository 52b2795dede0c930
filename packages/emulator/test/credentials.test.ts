import { AccessDeniedException, ThrottlingException } from '@connect-participant/core';
import { describe, expect, it } from 'vitest';
import type { Participant } from '../src/service/contact.js';
import { Credentials } from '../src/service/credentials.js';

/** The token tables alone: who a token names, until when, and at what rate. */
const participant = { participantToken: 'participant-token-1' } as unknown as Participant;

describe('Credentials', () => {
  it('names the participant of an admitted ParticipantToken, and refuses any other', () => {
    const credentials = new Credentials(false);
    expect(() => credentials.byParticipantToken('participant-token-1')).toThrow(AccessDeniedException);
    credentials.admit(participant);
    expect(credentials.byParticipantToken('participant-token-1')).toBe(participant);
  });

  it('accepts an issued ConnectionToken until its expiry, then refuses and forgets it', () => {
    const credentials = new Credentials(false);
    const token = credentials.issue(participant, 1_000);
    expect(credentials.byConnectionToken(token, 999)).toBe(participant);
    expect(() => credentials.byConnectionToken(token, 1_000)).toThrow('The ConnectionToken has expired');
    expect(() => credentials.byConnectionToken(token, 0)).toThrow('Access denied');
    expect(credentials.issue(participant, 1_000)).not.toBe(token);
  });

  it('throttles each token past its burst, and not at all when throttling is off', () => {
    const credentials = new Credentials({ ratePerSecond: 1, burst: 2 });
    credentials.throttle('a');
    credentials.throttle('a');
    expect(() => credentials.throttle('a')).toThrow(ThrottlingException);
    expect(() => credentials.throttle('b')).not.toThrow();
    const unlimited = new Credentials(false);
    for (let i = 0; i < 100; i++) unlimited.throttle('a');
  });
});
