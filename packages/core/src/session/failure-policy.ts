import { AccessDeniedException, NetworkError, ParticipantServiceException, ValidationException } from '../model/errors.js';
import { SocketLostError } from './socket-lost-error.js';

/** What to do after a failure: try again later, stop because the chat ended, or stop with the error. */
export type FailureVerdict = 'retry' | 'ended' | 'failed';

/**
 * The one table that decides fatal versus retryable, for every failure of the lifecycle:
 *
 * | failure | verdict |
 * | --- | --- |
 * | socket lost (closed, connect timeout, heartbeat timeout, subscribe refused) | retry |
 * | NetworkError (not aborted) | retry |
 * | 429 ThrottlingException, any 5xx, an unreadable response | retry |
 * | 403 AccessDeniedException after the session had connected | ended (the chat ended, maybe while offline) |
 * | 403 before it ever connected | failed (the ParticipantToken is not valid) |
 * | 400 ValidationException, any other 4xx, anything else | failed |
 */
export function classifyFailure(error: unknown, everConnected: boolean): FailureVerdict {
  if (error instanceof SocketLostError) return 'retry';
  if (error instanceof NetworkError) return error.aborted ? 'failed' : 'retry';
  if (error instanceof AccessDeniedException) return everConnected ? 'ended' : 'failed';
  if (error instanceof ValidationException) return 'failed';
  if (error instanceof ParticipantServiceException) {
    const status = error.$metadata.httpStatusCode ?? 0;
    if (error.$retryable !== undefined || status === 429 || status >= 500 || error.name === 'MalformedResponseError') return 'retry';
    return 'failed';
  }
  return 'failed';
}
