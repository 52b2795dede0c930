import type { Participant } from '@connect-participant/core';
import { NO_PARTICIPANTS } from './initial-values.js';
import { useSessionStream, type MaybeSession } from './session-stores.js';

const participants$ = (session: NonNullable<MaybeSession>) => session.participants$;

/**
 * The chat's participants (`participants$`): who joined, is idle, left or was renamed, as a new list on each
 * change. Empty without a session.
 */
export function useParticipants(session: MaybeSession): readonly Participant[] {
  return useSessionStream(session, participants$, NO_PARTICIPANTS);
}
