import type { Item } from '@connect-participant/core';
import type { Contact } from './contact.js';

/** How a persistent chat continues a past one (StartChatContact `PersistentChat`). */
export interface PersistentChatInput {
  /**
   * `ENTIRE_PAST_SESSION`: `SourceContactId` is the InitialContactId of a past session; the chat continues from its
   * most recently ended contact and joins that session (same InitialContactId), so GetTranscript reads the whole
   * session. `FROM_SEGMENT`: the chat continues from exactly `SourceContactId`, starts a session of its own, and
   * GetTranscript reads that segment and the contacts it continued, back to the session's start.
   */
  readonly RehydrationType: 'ENTIRE_PAST_SESSION' | 'FROM_SEGMENT';
  readonly SourceContactId: string;
}

export const REHYDRATION_TYPES = ['ENTIRE_PAST_SESSION', 'FROM_SEGMENT'] as const;

/**
 * The contact a persistent chat continues from, and the InitialContactId it takes, or a RangeError saying why the
 * request cannot be served (unknown, or not yet ended, as the service requires a past ended chat).
 */
export function resolveSource(contacts: ReadonlyMap<string, Contact>, input: PersistentChatInput): { source: Contact; initialContactId: string | undefined } {
  if (!(REHYDRATION_TYPES as readonly string[]).includes(input.RehydrationType)) {
    throw new RangeError(`RehydrationType must be ${REHYDRATION_TYPES.join(' or ')}`);
  }
  if (input.RehydrationType === 'FROM_SEGMENT') {
    const source = contacts.get(input.SourceContactId);
    if (!source) throw new RangeError('SourceContactId names no contact');
    if (!source.ended) throw new RangeError('SourceContactId names a chat that has not ended');
    return { source, initialContactId: undefined };
  }
  const session = [...contacts.values()].filter((c) => c.InitialContactId === input.SourceContactId);
  if (session.length === 0) throw new RangeError('SourceContactId is not the InitialContactId of a past chat session');
  const ended = session.filter((c) => c.ended).sort((a, b) => (a.endedAt ?? 0) - (b.endedAt ?? 0));
  const source = ended.at(-1);
  if (!source) throw new RangeError('the chat session has no ended contact to continue from');
  return { source, initialContactId: input.SourceContactId };
}

/** The contacts GetTranscript reads for `contact`: the ones it continued, oldest first, then itself. */
export function chainOf(contact: Contact): Contact[] {
  const chain: Contact[] = [];
  const seen = new Set<Contact>();
  for (let c: Contact | undefined = contact; c && !seen.has(c); c = c.continuedFrom) {
    seen.add(c);
    chain.unshift(c);
  }
  return chain;
}

/** Every recorded item of the chain, oldest contact first. */
export function chainTranscript(contact: Contact): Item[] {
  return chainOf(contact).flatMap((c) => c.transcript);
}
