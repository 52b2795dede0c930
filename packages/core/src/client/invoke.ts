import { Observable, type SchedulerLike } from 'rxjs';
import { decodeResponse, type DecodedResponse } from '../codec/http/response-decoder.js';
import { encodeRequest } from '../codec/http/request-encoder.js';
import { ROUTES } from '../codec/http/routes.js';
import { NetworkError, TimeoutError, type ResponseMetadata } from '../model/errors.js';
import type { OperationInput, OperationName, OperationOutput } from '../model/operations.js';
import { redact } from '../model/redaction.js';
import type { HttpPort } from '../ports.js';

/** What one call needs: where to send it, and how long it may take. */
export interface InvokeContext {
  readonly http: HttpPort;
  readonly endpoint: string;
  /** A request unanswered after this long is aborted and fails with a {@link TimeoutError} (absent or 0: no limit). */
  readonly requestTimeoutMs?: number;
  /** Where the time limit is kept; required for it. */
  readonly scheduler?: SchedulerLike;
}

/** How a call ends: exactly one of the two, once, unless cancelled first. */
export interface Outcome<T> {
  value(value: T): void;
  error(error: unknown): void;
}

const describeCause = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : typeof error === 'string' ? error : 'unknown error';

/** The text an error shows: its message and those of its causes (a platform's `fetch failed` keeps the reason there). */
const textOf = (error: unknown, depth = 0): string => {
  if (depth > 5 || typeof error !== 'object' || error === null) return typeof error === 'string' ? error : '';
  const e = error as { message?: unknown; cause?: unknown; input?: unknown };
  return `${String(e.message ?? '')} ${String(e.input ?? '')} ${textOf(e.cause, depth + 1)}`;
};

/**
 * The platform's error, kept as it is (its `code`, such as ECONNREFUSED or ENOTFOUND, and its own cause) unless its
 * text carries the token: then a copy of its name, code and redacted message.
 */
export function keepCause(error: unknown, secrets: readonly (string | undefined)[]): unknown {
  const text = textOf(error);
  if (!secrets.some((s) => s !== undefined && s.length > 0 && text.includes(s))) return error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as { name?: unknown; code?: unknown };
  return { name: typeof e.name === 'string' ? e.name : 'Error', message: redact(describeCause(error), secrets), ...(e.code === undefined ? {} : { code: e.code }) };
}

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
  const { requestTimeoutMs: limit, scheduler } = context;
  // The time limit: one scheduled action per call, cancelled with the call's outcome.
  let timer: { unsubscribe(): void } | undefined;
  // A port may answer before `send` returns: then no timer is set at all.
  let done = false;
  const settled = () => {
    done = true;
    timer?.unsubscribe();
  };
  const cancel = context.http.send(
    { ...request, url: `${context.endpoint}${request.path}`, cancellable: cancellable || (limit !== undefined && limit > 0) },
    {
      response: (response) => {
        settled();
        const decoded = decodeResponse(operation, response, { secrets: [token] });
        if (decoded.ok) outcome.value(decoded.value);
        else outcome.error(decoded.error);
      },
      error: (cause) => {
        settled();
        const message = redact(`${operation} failed before a response arrived (${describeCause(cause)})`, [token]);
        outcome.error(new NetworkError({ message, cause: keepCause(cause, [token]) }));
      },
    },
  );
  if (limit !== undefined && limit > 0 && scheduler && !done) {
    timer = scheduler.schedule(() => {
      done = true;
      cancel();
      outcome.error(new TimeoutError({ message: `${operation} got no response within ${limit} ms; the request was aborted`, timeoutMs: limit }));
    }, limit);
  }
  return () => {
    settled();
    cancel();
  };
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

/** A call's output with its response's `$metadata` beside its members, as the AWS SDKs' command outputs carry it. */
export function withMetadata<T extends object>(response: DecodedResponse<T>): T & { readonly $metadata: ResponseMetadata } {
  // The output is this response's own object (parsed for it, or copied by its decoder): adding to it copies nothing.
  return Object.assign(response.output, { $metadata: response.$metadata });
}
