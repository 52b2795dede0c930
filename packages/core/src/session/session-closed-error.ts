/** A call was made on (or outlived) a session that is over. */
export class SessionClosedError extends Error {
  override readonly name = 'SessionClosedError';
  constructor(readonly status: string) {
    super(`the session is ${status}; start a new session to make calls`);
  }
}
