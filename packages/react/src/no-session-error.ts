/**
 * A send attempted while there is no session yet: {@link useParticipantSession} makes it after the first render,
 * and never during server rendering.
 */
export class NoSessionError extends Error {
  override readonly name = 'NoSessionError';

  constructor() {
    super('no session yet: it is made once the component has mounted (never during server rendering); send after it is there');
  }
}
