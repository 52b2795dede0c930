import { typists$, type Typist } from '@connect-participant/core';
import { NO_TYPISTS } from './initial-values.js';
import { useSessionStream, type MaybeSession } from './session-stores.js';

/** Options of {@link useTypists}. */
export interface UseTypistsOptions {
  /** How long a typing event shows its participant as typing (default 10 s, `TYPING_VALIDITY_MS`). */
  readonly timeoutMs?: number;
}

/**
 * Who is typing now (core's `typists$`): a participant appears on their typing event and disappears after
 * `timeoutMs` or on their next message. Empty without a session. One `typists$` subscription (and its timers) per
 * component that uses it, ended when the component unmounts.
 */
export function useTypists(session: MaybeSession, options: UseTypistsOptions = {}): readonly Typist[] {
  const { timeoutMs } = options;
  return useSessionStream(session, (s) => typists$(s, timeoutMs === undefined ? {} : { timeoutMs }), NO_TYPISTS, timeoutMs);
}
