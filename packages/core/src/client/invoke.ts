import { Observable } from 'rxjs';
import { decodeResponse, type DecodedResponse } from '../codec/http/response-decoder.js';
import { encodeRequest } from '../codec/http/request-encoder.js';
import { ROUTES } from '../codec/http/routes.js';
import { NetworkError } from '../model/errors.js';
import type { OperationInput, OperationName, OperationOutput } from '../model/operations.js';
import { redact } from '../model/redaction.js';
import type { HttpPort } from '../ports.js';

/** What one call needs: where to send it. */
export interface InvokeContext {
  readonly http: HttpPort;
  readonly endpoint: string;
}

/** How a call ends: exactly one of the two, once, unless cancelled first. */
export interface Outcome<T> {
  value(value: T): void;
  error(error: unknown): void;
}

const describeCause = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : typeof error === 'string' ? error : 'unknown error';

/**
 * One attempt of an operation: validates (throwing ValidationException, before any I/O), sends, and reports the
 * decoded output or the typed exception or a NetworkError. Returns what cancels the request. Written with
 * callbacks rather than as an observable: every call of every session goes through here, and on the path between
 * one response and the next request each layer costs (bench/create-call).
 * `cancellable: false` says nothing will cancel, so the transport may leave out its cancelling machinery.
 */
export function sendOnce<Op extends OperationName>(
  context: InvokeContext,
  operation: Op,
  input: OperationInput<Op>,
  cancellable: boolean,
  outcome: Outcome<DecodedResponse<OperationOutput<Op>>>,
): () => void {
  const request = encodeRequest(operation, input);
  const token = (input as unknown as Record<string, string | undefined>)[ROUTES[operation].tokenField];
  return context.http.send(
    { ...request, url: `${context.endpoint}${request.path}`, cancellable },
    {
      response: (response) => {
        const decoded = decodeResponse(operation, response, { secrets: [token] });
        if (decoded.ok) outcome.value(decoded.value);
        else outcome.error(decoded.error);
      },
      error: (cause) => {
        const message = redact(`${operation} failed before a response arrived (${describeCause(cause)})`, [token]);
        outcome.error(new NetworkError({ message, cause: { name: cause instanceof Error ? cause.name : 'Error', message } }));
      },
    },
  );
}

/**
 * One attempt of an operation, as a cold observable: validates (erroring with ValidationException on subscribe,
 * before any I/O), sends, and emits the decoded output once or errors with the typed exception or a NetworkError.
 * Unsubscribing cancels the request.
 */
export function invoke<Op extends OperationName>(
  context: InvokeContext,
  operation: Op,
  input: OperationInput<Op>,
): Observable<DecodedResponse<OperationOutput<Op>>> {
  return new Observable((subscriber) =>
    sendOnce(context, operation, input, true, {
      value: (value) => {
        subscriber.next(value);
        subscriber.complete();
      },
      error: (error) => subscriber.error(error),
    }),
  );
}
