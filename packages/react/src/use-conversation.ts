import type { Conversation } from '@connect-participant/core';
import { EMPTY_CONVERSATION } from './initial-values.js';
import { useSessionStream, type MaybeSession } from './session-stores.js';

const conversation$ = (session: NonNullable<MaybeSession>) => session.conversation$;

/**
 * The conversation view (`conversation$`): one entry per message Id with every update merged (a streamed reply
 * grows in one entry, your own messages go pending → sent → delivered → read, or failed), and the entry that
 * changed. Re-renders on every change.
 *
 * `entries` is the session's live list, updated in place (no copy per update, which keeps long chats cheap): render
 * from it, key rows by `entry.key`, and compare entries by identity (an updated entry is a new object), but copy it
 * to keep a snapshot. The `Conversation` object itself is new on every change, which is what React compares.
 *
 * Without a session it is the empty conversation (`{ entries: [], version: 0 }`). Rendering it subscribes to
 * `conversation$`, so the participant's sends show as pending from the moment they are made.
 */
export function useConversation(session: MaybeSession): Conversation {
  return useSessionStream(session, conversation$, EMPTY_CONVERSATION);
}
