import { Observable, asyncScheduler, type SchedulerLike } from 'rxjs';

import { NetworkError } from '../model/errors.js';
import type { CallOutput, OperationInput, OperationName, OperationOutput } from '../model/operations.js';
import type { ParticipantTransport } from '../ports.js';
import type { AbortSignalLike } from './abort.js';
import { resolveEndpoint, type EndpointOptions } from './endpoint.js';
import { withClientToken } from '../codec/http/request-encoder.js';
import { sendOnce, withMetadata, type InvokeContext, type Outcome } from './invoke.js';
import type { DecodedResponse } from '../codec/http/response-decoder.js';
import { RETRY_DEFAULTS, type RetryOptions } from './retry-policy.js';
import { withRetry } from './with-retry.js';

/** Options of {@link ParticipantClient}. */
export interface ParticipantClientOptions extends EndpointOptions {
  /** Attempts in all for throttled, failed-by-the-server and network-failed calls (default 3; 1: no retries). */
  readonly maxAttempts?: number;
  readonly retry?: Partial<Omit<RetryOptions, 'maxAttempts'>>;
  /** Where backoff waits and time limits are scheduled (default asyncScheduler). */
  readonly scheduler?: SchedulerLike;
  /** Each attempt unanswered after this long is aborted and fails with a retryable TimeoutError (default 10 s; 0: none). */
  readonly requestTimeoutMs?: number;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

/** Per-call options. */
export interface CallOptions {
  /** Aborts the call: the request is cancelled and the promise rejects with an aborted NetworkError. */
  readonly signal?: AbortSignalLike;
}

/** The transport parts one-shot calls need. */
export type ClientTransport = Pick<ParticipantTransport, 'http' | 'generateClientToken' | 'random'>;

/**
 * One method per Participant Service operation, each taking the service's request shape (token fields included:
 * they travel in `X-Amz-Bearer`) and resolving to its response shape. Input is validated before any I/O;
 * failures reject with the typed exceptions; throttling, server faults and network errors are retried with
 * full-jitter backoff, and SendMessage, SendEvent, DisconnectParticipant and the attachment calls carry one
 * generated ClientToken across their retries, so a retried call is applied once.
 */
export class ParticipantClient {
  readonly #context: InvokeContext;
  readonly #retry: RetryOptions;
  readonly #scheduler: SchedulerLike;

  constructor(
    private readonly transport: ClientTransport,
    options: ParticipantClientOptions,
  ) {
    const maxAttempts = options.maxAttempts ?? RETRY_DEFAULTS.maxAttempts;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1) throw new RangeError('maxAttempts must be a whole number of at least 1');
    const requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    if (!(requestTimeoutMs >= 0) || requestTimeoutMs === Infinity) throw new RangeError('requestTimeoutMs must be a non-negative number of milliseconds');
    this.#retry = { ...RETRY_DEFAULTS, ...Object.fromEntries(Object.entries(options.retry ?? {}).filter(([, v]) => v !== undefined)), maxAttempts };
    this.#scheduler = options.scheduler ?? asyncScheduler;
    this.#context = { http: transport.http, endpoint: resolveEndpoint(options), requestTimeoutMs, scheduler: this.#scheduler };
  }

  /** Runs an operation with retries, as an observable (cold; unsubscribing cancels). */
  call$<Op extends OperationName>(operation: Op, input: OperationInput<Op>): Observable<CallOutput<Op>> {
    const request = withClientToken(operation, input, this.transport.generateClientToken);
    return new Observable<CallOutput<Op>>((subscriber) =>
      this.#run(operation, request, true, {
        value: (output) => {
          subscriber.next(output);
          subscriber.complete();
        },
        error: (e) => subscriber.error(e),
      }),
    );
  }

  /** Runs an operation with retries; resolves to its response. */
  call<Op extends OperationName>(operation: Op, input: OperationInput<Op>, options: CallOptions = {}): Promise<CallOutput<Op>> {
    return new Promise((resolve, reject) => {
      const { signal } = options;
      const aborted = () => new NetworkError({ message: `${operation} was aborted`, aborted: true });
      if (signal?.aborted) return reject(aborted());
      const request = withClientToken(operation, input, this.transport.generateClientToken);
      if (!signal) return void this.#run(operation, request, false, { value: resolve, error: reject });
      let settled = false;
      const onAbort = () => {
        cancel();
        reject(aborted());
      };
      const settle = () => {
        settled = true;
        signal.removeEventListener('abort', onAbort);
      };
      const cancel = this.#run(operation, request, true, {
        value: (output) => {
          settle();
          resolve(output);
        },
        error: (e) => {
          settle();
          reject(e);
        },
      });
      // A call refused before any I/O (validation) has settled already and needs no listener.
      if (!settled) signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * The attempts of one call, all with the request (and so the ClientToken) given, reporting the output. Without a
   * signal, nothing can cancel a promise call, so its requests go without cancelling machinery.
   */
  #run<Op extends OperationName>(operation: Op, request: OperationInput<Op>, cancellable: boolean, outcome: Outcome<CallOutput<Op>>) {
    return withRetry<DecodedResponse<OperationOutput<Op>>>(
      (attempt) => sendOnce(this.#context, operation, request, cancellable, attempt),
      this.#retry,
      this.transport.random,
      this.#scheduler,
      { value: (r) => outcome.value(withMetadata(r)), error: outcome.error },
    );
  }

  createParticipantConnection(input: OperationInput<'CreateParticipantConnection'>, options?: CallOptions) {
    return this.call('CreateParticipantConnection', input, options);
  }
  sendMessage(input: OperationInput<'SendMessage'>, options?: CallOptions) {
    return this.call('SendMessage', input, options);
  }
  sendEvent(input: OperationInput<'SendEvent'>, options?: CallOptions) {
    return this.call('SendEvent', input, options);
  }
  getTranscript(input: OperationInput<'GetTranscript'>, options?: CallOptions) {
    return this.call('GetTranscript', input, options);
  }
  disconnectParticipant(input: OperationInput<'DisconnectParticipant'>, options?: CallOptions) {
    return this.call('DisconnectParticipant', input, options);
  }
  startAttachmentUpload(input: OperationInput<'StartAttachmentUpload'>, options?: CallOptions) {
    return this.call('StartAttachmentUpload', input, options);
  }
  completeAttachmentUpload(input: OperationInput<'CompleteAttachmentUpload'>, options?: CallOptions) {
    return this.call('CompleteAttachmentUpload', input, options);
  }
  getAttachment(input: OperationInput<'GetAttachment'>, options?: CallOptions) {
    return this.call('GetAttachment', input, options);
  }
  describeView(input: OperationInput<'DescribeView'>, options?: CallOptions) {
    return this.call('DescribeView', input, options);
  }
  getAuthenticationUrl(input: OperationInput<'GetAuthenticationUrl'>, options?: CallOptions) {
    return this.call('GetAuthenticationUrl', input, options);
  }
  cancelParticipantAuthentication(input: OperationInput<'CancelParticipantAuthentication'>, options?: CallOptions) {
    return this.call('CancelParticipantAuthentication', input, options);
  }
}
