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

const describeCause = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : typeof error === 'string' ? error : 'unknown error';

/**
 * One attempt of an operation, as a cold observable: validates (throwing ValidationException synchronously on
 * subscribe, before any I/O), sends, and emits the decoded output once or errors with the typed exception or a
 * NetworkError. Unsubscribing cancels the request.
 */
export function invoke<Op extends OperationName>(
  context: InvokeContext,
  operation: Op,
  input: OperationInput<Op>,
): Observable<DecodedResponse<OperationOutput<Op>>> {
  return new Observable((subscriber) => {
    const request = encodeRequest(operation, input);
    const token = (input as unknown as Record<string, string | undefined>)[ROUTES[operation].tokenField];
    const cancel = context.http.send(
      { ...request, url: `${context.endpoint}${request.path}` },
      {
        response: (response) => {
          const decoded = decodeResponse(operation, response, { secrets: [token] });
          if (decoded.ok) {
            subscriber.next(decoded.value);
            subscriber.complete();
          } else {
            subscriber.error(decoded.error);
          }
        },
        error: (cause) => {
          const message = redact(`${operation} failed before a response arrived (${describeCause(cause)})`, [token]);
          subscriber.error(new NetworkError({ message, cause: { name: cause instanceof Error ? cause.name : 'Error', message } }));
        },
      },
    );
    return () => cancel();
  });
}
