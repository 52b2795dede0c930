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
}

const unsent = (entries: readonly ConversationEntry[], status: 'pending' | 'failed') => entries.filter((e) => e.own && e.status === status);

/**
 * Sending, with the pending and failed states of the participant's own messages, read from the conversation view
 * (each entry's `status` and `error`, set from `sendMessage`). Renders with the conversation (it subscribes to
 * `conversation$`, so each send shows as pending from the moment it is made).
 *
 * Sends made while the connection is down wait for a token (`tokenWaitMs`, 30 s) and then fail; queueing them
 * while offline and sending them once back is the outbox's job (a later release).
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
      return call.then(
        (value) => ({ ok: true, value }),
        (error: unknown) => ({ ok: false, error: error instanceof Error ? error : new Error(String(error)) }),
      );
    },
    [session],
  );
  // One pass over the entries per change of the conversation (a new object per change), not per render.
  const pending = useMemo(() => unsent(conversation.entries, 'pending'), [conversation]);
  const failed = useMemo(() => unsent(conversation.entries, 'failed'), [conversation]);
  return useMemo(() => ({ send, pending, failed }), [send, pending, failed]);
}
