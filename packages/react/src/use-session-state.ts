import type { SessionState } from '@connect-participant/core';
import { INITIAL_STATE } from './initial-values.js';
import { useSessionStream, type MaybeSession } from './session-stores.js';

const state$ = (session: NonNullable<MaybeSession>) => session.state$;

/**
 * The session's state (`state$`): `connecting` with its progress, `connected`, `reconnecting`, or the terminal
 * `ended`, `failed` (with its `error`) and `closed`. Re-renders on every change.
 *
 * Without a session (server rendering, hydration, the first render before {@link useParticipantSession} made one)
 * it is `{ status: 'connecting', attempt: 0 }`.
 */
export function useSessionState(session: MaybeSession): SessionState {
  return useSessionStream(session, state$, INITIAL_STATE);
}
