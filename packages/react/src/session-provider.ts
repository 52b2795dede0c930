import { createContext, createElement, useContext, type DependencyList, type ReactNode } from 'react';
import type { ParticipantSession } from '@connect-participant/core';
import { useParticipantSession } from './use-participant-session.js';

// Pure: a module that imports this one but renders no provider keeps nothing of it.
const SessionContext = /* @__PURE__ */ createContext<ParticipantSession | undefined>(undefined);

const NO_DEPS: DependencyList = [];

/** Props of {@link ParticipantSessionProvider}. */
export interface ParticipantSessionProviderProps {
  /**
   * Makes the session the tree shares; called once the provider has mounted (never on the server), again when an
   * element of `deps` changes. The provider owns it: it is closed when the provider unmounts.
   */
  readonly create: () => ParticipantSession;
  /** When these change (compared with `Object.is`, as React's own deps), the session is closed and made anew. Default `[]`. */
  readonly deps?: DependencyList;
  /** The tree that shares the session. */
  readonly children?: ReactNode;
}

/**
 * Owns one session for a component tree ({@link useParticipantSession} under the hood: one session per mount, also
 * under StrictMode; closed on unmount; none during server rendering). Components below read it with
 * {@link useProvidedSession} and pass it to the hooks.
 *
 * ```tsx
 * <ParticipantSessionProvider create={() => connectParticipant({ participantToken, region })} deps={[participantToken]}>
 *   <Chat />
 * </ParticipantSessionProvider>
 * ```
 */
export function ParticipantSessionProvider({ create, deps = NO_DEPS, children }: ParticipantSessionProviderProps): ReactNode {
  const session = useParticipantSession(create, deps);
  return createElement(SessionContext.Provider, { value: session }, children);
}

/**
 * The session of the nearest {@link ParticipantSessionProvider}: `undefined` while it is being made (server
 * rendering, the first client render) or outside any provider. The hooks take `undefined` as "no session yet".
 */
export function useProvidedSession(): ParticipantSession | undefined {
  return useContext(SessionContext);
}
