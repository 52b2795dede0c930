import { useMemo, useSyncExternalStore } from 'react';
import type { Observable } from 'rxjs';
import type { ParticipantSession } from '@connect-participant/core';
import { constantStore, observableStore } from './observable-store.js';

/** A session the hooks read, or none yet (server rendering, or the first render before the owning effect ran). */
export type MaybeSession = ParticipantSession | null | undefined;

/**
 * The latest value of one of a session's streams, through `useSyncExternalStore` (tearing-free under concurrent
 * rendering). `initial` is the server snapshot and the value without a session. The store is made per session (and
 * `key`, for streams that take options); making it has no effect beyond a peek at a replayed value (the first peek
 * at `conversation$` makes the session's conversation view, once per session, as any subscription would), so a
 * render React throws away leaves nothing behind.
 */
export function useSessionStream<T>(session: MaybeSession, stream: (session: ParticipantSession) => Observable<T>, initial: T, key?: unknown): T {
  // `stream` is read when the session (or key) changes: callers pass a function of the session alone.
  const store = useMemo(() => (session ? observableStore(stream(session), initial) : constantStore(initial)), [session, key]);
  return useSyncExternalStore(store.subscribe, store.getSnapshot, () => initial);
}
