import { useCallback, useMemo } from 'react';
import type { CallOutput, ConversationEntry, Result, SessionCallInput } from '@connect-participant/core';
import { NoSessionError } from './no-session-error.js';
import type { MaybeSession } from './session-stores.js';
import { useConversation } from './use-conversation.js';

/** What to send: a plain text, or SendMessage's input (`ContentType`, `Content`). */
export type MessageToSend = string | SessionCallInput<'SendMessage'>;

/** What {@link useSendMessage} gives a component. */
export interface SendMessageHelpers {
  /**
   * Sends a message (a string is sent as `text/plain`). The message shows in the conversation at once as `pending`,
   * then `sent`, or `failed` with its `error`. Never rejects: the outcome is the call's answer or its error (also
   * shown on the entry), so an event handler can call it without a `catch`. Without a session it fails with
   * {@link NoSessionError} (nothing is shown).
   */
  readonly send: (message: MessageToSend) => Promise<Result<CallOutput<'SendMessage'>, Error>>;
  /** The participant's own messages still waiting for the service's answer (status `pending`), in order. */
  readonly pending: readonly ConversationEntry[];
  /** The participant's own messages whose send failed for good (status `failed`, with `error`), in order. */
  readonly failed: readonly ConversationEntry[];
  /**
   * Sends a failed message again, with the ClientToken it had (so it cannot be sent twice); its entry is pending
   * again. The outcome is the call's answer or its error; never rejects.
   */
  readonly retry: (entry: ConversationEntry) => Promise<Result<unknown, Error>>;
  /** Drops a failed message: it leaves the conversation, the outbox and the store. Returns whether there was one. */
  readonly discard: (entry: ConversationEntry) => boolean;
}

const outcome = <T>(call: Promise<T>): Promise<Result<T, Error>> =>
  call.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error: error instanceof Error ? error : new Error(String(error)) }),
  );

const unsent = (entries: readonly ConversationEntry[], status: 'pending' | 'failed') => entries.filter((e) => e.own && e.status === status);

/**
 * Sending, with the pending and failed states of the participant's own messages, read from the conversation view
 * (each entry's `status` and `error`, set from `sendMessage`). Renders with the conversation (it subscribes to
 * `conversation$`, so each send shows as pending from the moment it is made).
 *
 * Sends go through the session's outbox: made while the connection is down, they wait (pending) and are sent in
 * order once it is back; with the session's `resume` store they survive a reload too. A failed one can be retried
 * or discarded.
 */
export function useSendMessage(session: MaybeSession): SendMessageHelpers {
  const conversation = useConversation(session);
  const send = useCallback(
    (message: MessageToSend): Promise<Result<CallOutput<'SendMessage'>, Error>> => {
      if (!session) return Promise.resolve({ ok: false, error: new NoSessionError() });
      const input = typeof message === 'string' ? { ContentType: 'text/plain', Content: message } : message;
      let call: Promise<CallOutput<'SendMessage'>>;
      try {
        call = session.sendMessage(input);
      } catch (error) {
        call = Promise.reject(error);
      }
      return outcome(call);
    },
    [session],
  );
  // An own entry's key is its send's ClientToken.
  const retry = useCallback(
    (entry: ConversationEntry) => (session ? outcome(session.retrySend(entry.key)) : Promise.resolve({ ok: false as const, error: new NoSessionError() })),
    [session],
  );
  const discard = useCallback((entry: ConversationEntry) => session?.discardSend(entry.key) ?? false, [session]);
  // One pass over the entries per change of the conversation (a new object per change), not per render.
  const pending = useMemo(() => unsent(conversation.entries, 'pending'), [conversation]);
  const failed = useMemo(() => unsent(conversation.entries, 'failed'), [conversation]);
  return useMemo(() => ({ send, pending, failed, retry, discard }), [send, pending, failed, retry, discard]);
}
