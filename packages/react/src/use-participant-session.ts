import { useEffect, useRef, useState, type DependencyList } from 'react';
import type { ParticipantSession } from '@connect-participant/core';

/** The session a component owns, with the dependencies it was made for and its close when one is pending. */
interface Owned {
  readonly session: ParticipantSession;
  readonly deps: DependencyList;
  closing: ReturnType<typeof setTimeout> | undefined;
}

const sameDeps = (a: DependencyList, b: DependencyList): boolean => a.length === b.length && a.every((d, i) => Object.is(d, b[i]));

const close = (owned: Owned): void => {
  if (owned.closing !== undefined) clearTimeout(owned.closing);
  owned.closing = undefined;
  // close() never rejects in practice; a rejection must not become an unhandled one in the app.
  owned.session.close().catch(() => undefined);
};

/**
 * A session owned by the calling component: made by `factory` once the component has mounted, closed when it
 * unmounts, and made anew (the old one closed) when an element of `deps` changes. Returns `undefined` until the
 * session exists: during server rendering (no session, no socket is ever made on the server: effects do not run
 * there) and in the first client render. The hooks of this package take `undefined` and show the session's initial
 * values meanwhile.
 *
 * ```tsx
 * const session = useParticipantSession(() => connectParticipant({ participantToken, region }), [participantToken]);
 * ```
 *
 * Safe under StrictMode and concurrent rendering: exactly one session (one CreateParticipantConnection, one socket)
 * per mount. `factory` is called in an effect, never in render (a render may be repeated or thrown away); StrictMode
 * runs the effect, its cleanup and the effect again at once, and the cleanup only schedules the close: the effect's
 * second run finds the session it made, with the same deps, cancels the close and keeps it. A real unmount lets the
 * scheduled close run (on the next macrotask); a change of deps closes the old session at once.
 *
 * A factory that throws (options the session refuses, a platform without `WebSocket`) throws from the effect, to
 * the nearest error boundary, with the session's typed error.
 */
export function useParticipantSession(factory: () => ParticipantSession, deps: DependencyList): ParticipantSession | undefined {
  const [session, setSession] = useState<ParticipantSession | undefined>(undefined);
  // Kept across StrictMode's simulated unmount and remount (the component's state survives it; only effects re-run).
  const owned = useRef<Owned | undefined>(undefined);
  useEffect(() => {
    let current = owned.current;
    if (current?.closing !== undefined && sameDeps(current.deps, deps)) {
      // StrictMode's remount (or a hidden tree shown again at once): the same session goes on.
      clearTimeout(current.closing);
      current.closing = undefined;
    } else {
      if (current) close(current);
      current = owned.current = { session: factory(), deps, closing: undefined };
    }
    setSession(current.session);
    const mine = current;
    return () => {
      // Deferred: StrictMode's second run of the effect follows this cleanup synchronously, and cancels it.
      mine.closing = setTimeout(() => {
        mine.closing = undefined;
        if (owned.current === mine) owned.current = undefined;
        close(mine);
      }, 0);
    };
    // The caller's deps decide when a new session is made, as with useEffect; `factory` is read when they change.
  }, deps);
  return session;
}
