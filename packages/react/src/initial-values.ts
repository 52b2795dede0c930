import type { Conversation, Participant, SessionState, Typist } from '@connect-participant/core';

// What the hooks show while there is no session: during server rendering (no session is made on the server), while
// hydrating, and in the first client render before the owning effect has made the session. A session starts
// `connecting` with an empty conversation, so the server's HTML and the first client render agree with what comes
// next. Plain literals (no Object.freeze call) keep the module free of side effects for bundlers.

/** The state shown while there is no session: `connecting`, no attempt failed yet. */
export const INITIAL_STATE: SessionState = { status: 'connecting', attempt: 0 };

/** The conversation shown while there is no session: no entries (the shape `conversation$` first emits). */
export const EMPTY_CONVERSATION: Conversation = { entries: [], version: 0 };

/** The participants shown while there is no session: none. */
export const NO_PARTICIPANTS: readonly Participant[] = [];

/** Who is typing while there is no session: nobody. */
export const NO_TYPISTS: readonly Typist[] = [];
