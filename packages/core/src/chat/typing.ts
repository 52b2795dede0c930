import { Observable, asyncScheduler, type SchedulerLike } from 'rxjs';
import { TYPING_EVENT } from '../model/event-types.js';
import type { Item } from '../model/shapes.js';
import type { ParticipantSession } from '../session/session.js';
import { isTerminal } from '../session/session-state.js';

/** How long a typing event counts as "typing" (the official chat library's TYPING_VALIDITY_TIME). */
export const TYPING_VALIDITY_MS = 10_000;

export interface TypingSenderOptions {
  /** At most one typing event per this long (default 10 s). */
  readonly throttleMs?: number;
  readonly scheduler?: SchedulerLike;
}

/**
 * A typing indicator sender: call `typing()` on every keystroke; it sends the typing event at most once per
 * `throttleMs` (leading edge), and never once the session is over. Resolves to whether an event was sent; a failed
 * send resolves to false (a typing indicator is not worth an error in the UI).
 */
export function createTypingSender(session: ParticipantSession, options: TypingSenderOptions = {}): { typing(): Promise<boolean> } {
  const scheduler = options.scheduler ?? asyncScheduler;
  const throttleMs = options.throttleMs ?? TYPING_VALIDITY_MS;
  let last = Number.NEGATIVE_INFINITY;
  return {
    typing() {
      const now = scheduler.now();
      if (isTerminal(session.state.status) || now - last < throttleMs) return Promise.resolve(false);
      last = now;
      return session.sendEvent({ ContentType: TYPING_EVENT }).then(
        () => true,
        () => false,
      );
    },
  };
}

/** Someone typing, as the last typing event showed them. */
export interface Typist {
  readonly ParticipantId: string;
  readonly DisplayName: string | undefined;
  readonly ParticipantRole: string | undefined;
}

/**
 * Who is typing now, per participant: a participant appears on a typing event and disappears after `timeoutMs`
 * (default 10 s) or on their next message, whichever comes first. Emits the current list on every change;
 * completes with the session. Cold: each subscriber keeps its own timers.
 */
export function typists$(session: ParticipantSession, options: { readonly timeoutMs?: number; readonly scheduler?: SchedulerLike } = {}): Observable<readonly Typist[]> {
  const scheduler = options.scheduler ?? asyncScheduler;
  const timeoutMs = options.timeoutMs ?? TYPING_VALIDITY_MS;
  return new Observable<readonly Typist[]>((subscriber) => {
    const typing = new Map<string, { typist: Typist; expiry: { unsubscribe(): void } }>();
    const emit = () => subscriber.next([...typing.values()].map((t) => t.typist));
    const stop = (id: string) => {
      const entry = typing.get(id);
      if (!entry) return;
      entry.expiry.unsubscribe();
      typing.delete(id);
      emit();
    };
    subscriber.next([]);
    const subscription = session.messages$.subscribe({
      next: (item: Item) => {
        const id = item.ParticipantId;
        if (id === undefined) return;
        if (item.ContentType === TYPING_EVENT) {
          typing.get(id)?.expiry.unsubscribe();
          const typist = { ParticipantId: id, DisplayName: item.DisplayName, ParticipantRole: item.ParticipantRole };
          typing.set(id, { typist, expiry: scheduler.schedule(() => stop(id), timeoutMs) });
          emit();
        } else if (item.Type === 'MESSAGE' || item.Type === 'ATTACHMENT') {
          stop(id);
        }
      },
      complete: () => subscriber.complete(),
    });
    return () => {
      subscription.unsubscribe();
      for (const entry of typing.values()) entry.expiry.unsubscribe();
    };
  });
}
