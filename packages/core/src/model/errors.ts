import type { ResourceType } from './enums.js';
import type { Open } from './enums.js';

/** Who is at fault, as the AWS SDKs say it. */
export type ErrorFault = 'client' | 'server';

/** Present on errors worth retrying; `throttling` asks for a longer backoff. */
export interface RetryableTrait {
  readonly throttling: boolean;
}

/** What is known of the HTTP exchange that produced a response or an error. */
export interface ResponseMetadata {
  /** The HTTP status, absent when no response arrived. */
  readonly httpStatusCode?: number;
  /** The service's request id (`x-amzn-RequestId`), when it sent one. */
  readonly requestId?: string;
  /** How many attempts the call took, retries included. */
  readonly attempts?: number;
  /** Total time spent waiting between attempts, in milliseconds. */
  readonly totalRetryDelay?: number;
}

/** Options every exception takes. */
export interface ExceptionOptions {
  readonly message: string;
  readonly $metadata?: ResponseMetadata;
  readonly cause?: unknown;
}

interface BaseOptions extends ExceptionOptions {
  readonly name: string;
  readonly $fault: ErrorFault;
  readonly $retryable?: RetryableTrait | undefined;
}

/**
 * The base of every error the Participant Service returns, and of the errors this library raises about a
 * response. Shaped like the AWS SDK v3's service exceptions: `name`, `message`, `$fault`, `$retryable`, `$metadata`.
 */
export class ParticipantServiceException extends Error {
  override readonly name: string;
  readonly $fault: ErrorFault;
  readonly $retryable: RetryableTrait | undefined;
  $metadata: ResponseMetadata;

  constructor(options: BaseOptions) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = options.name;
    this.$fault = options.$fault;
    this.$retryable = options.$retryable;
    this.$metadata = options.$metadata ?? {};
  }
}

/** The constraint a client-side {@link ValidationException} names. */
export type ValidationConstraint =
  | 'required'
  | 'type'
  | 'minLength'
  | 'maxLength'
  | 'min'
  | 'max'
  | 'integer'
  | 'enum'
  | 'minItems'
  | 'maxItems'
  | 'format';

/** 400: the request breaks a constraint. Raised by the service, or by this library before any I/O. */
export class ValidationException extends ParticipantServiceException {
  /** Client-side only: the offending field's path, e.g. `StartPosition.MostRecent`. */
  readonly field: string | undefined;
  /** Client-side only: which constraint the field breaks. */
  readonly constraint: ValidationConstraint | undefined;

  constructor(options: ExceptionOptions & { field?: string; constraint?: ValidationConstraint }) {
    super({ ...options, name: 'ValidationException', $fault: 'client' });
    this.field = options.field;
    this.constraint = options.constraint;
  }
}

/** 402: a quota is exceeded, such as the number of attachments in a contact. */
export class ServiceQuotaExceededException extends ParticipantServiceException {
  constructor(options: ExceptionOptions) {
    super({ ...options, name: 'ServiceQuotaExceededException', $fault: 'client' });
  }
}

/** 403: the token is not (or no longer) valid; after a loss this usually means the chat has ended. */
export class AccessDeniedException extends ParticipantServiceException {
  constructor(options: ExceptionOptions) {
    super({ ...options, name: 'AccessDeniedException', $fault: 'client' });
  }
}

/** 404: a resource (a view, for DescribeView) does not exist. */
export class ResourceNotFoundException extends ParticipantServiceException {
  readonly ResourceId: string | undefined;
  readonly ResourceType: Open<ResourceType> | undefined;

  constructor(options: ExceptionOptions & { ResourceId?: string | undefined; ResourceType?: string | undefined }) {
    super({ ...options, name: 'ResourceNotFoundException', $fault: 'client' });
    this.ResourceId = options.ResourceId;
    this.ResourceType = options.ResourceType;
  }
}

/** 409: the request conflicts with the contact's state (receipts with more than two participants, an upload in progress). */
export class ConflictException extends ParticipantServiceException {
  constructor(options: ExceptionOptions) {
    super({ ...options, name: 'ConflictException', $fault: 'client' });
  }
}

/** 429: too many requests; retried with a longer backoff. */
export class ThrottlingException extends ParticipantServiceException {
  constructor(options: ExceptionOptions) {
    super({ ...options, name: 'ThrottlingException', $fault: 'client', $retryable: { throttling: true } });
  }
}

/** 500: the service failed; retried. */
export class InternalServerException extends ParticipantServiceException {
  constructor(options: ExceptionOptions) {
    super({ ...options, name: 'InternalServerException', $fault: 'server', $retryable: { throttling: false } });
  }
}

/** A response this library could not decode (not JSON, or members of the wrong type). */
export class MalformedResponseError extends ParticipantServiceException {
  constructor(options: ExceptionOptions) {
    super({ ...options, name: 'MalformedResponseError', $fault: 'server' });
  }
}

/**
 * No response arrived: the connection failed, was refused or reset, or the request was aborted. Retryable
 * unless aborted. The platform's error is kept as `cause`, with any token removed from its message.
 */
export class NetworkError extends Error {
  override readonly name: string = 'NetworkError';
  readonly $fault: ErrorFault = 'client';
  readonly $retryable: RetryableTrait | undefined;
  $metadata: ResponseMetadata = {};
  /** True when the caller's AbortSignal ended the request. */
  readonly aborted: boolean;

  constructor(options: ExceptionOptions & { aborted?: boolean }) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.aborted = options.aborted ?? false;
    this.$retryable = this.aborted ? undefined : { throttling: false };
    if (options.$metadata) this.$metadata = options.$metadata;
  }
}

/**
 * A request that got no answer within its time limit (`requestTimeoutMs`): it was aborted, and it is retried as
 * any network failure is. `name` is `TimeoutError`, which the AWS SDKs also class as transient.
 */
export class TimeoutError extends NetworkError {
  override readonly name: string = 'TimeoutError';
  /** How long the request waited, in milliseconds. */
  readonly timeoutMs: number;

  constructor(options: ExceptionOptions & { timeoutMs: number }) {
    super(options);
    this.timeoutMs = options.timeoutMs;
  }
}

type ExceptionFactory = (options: ExceptionOptions, body: Record<string, unknown>) => ParticipantServiceException;

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The service's modeled exceptions, by the name that travels in `x-amzn-ErrorType` or the body. */
const EXCEPTION_FACTORIES: Readonly<Record<string, ExceptionFactory>> = {
  ValidationException: (o) => new ValidationException(o),
  ServiceQuotaExceededException: (o) => new ServiceQuotaExceededException(o),
  AccessDeniedException: (o) => new AccessDeniedException(o),
  ResourceNotFoundException: (o, body) =>
    new ResourceNotFoundException({ ...o, ResourceId: str(body['ResourceId']), ResourceType: str(body['ResourceType']) }),
  ConflictException: (o) => new ConflictException(o),
  ThrottlingException: (o) => new ThrottlingException(o),
  InternalServerException: (o) => new InternalServerException(o),
};

/** The exception names the service models, for the emulator and for tests. */
export const MODELED_EXCEPTIONS: readonly string[] = /* @__PURE__ */ Object.keys(EXCEPTION_FACTORIES);

/** The HTTP status each modeled exception travels with. */
export const EXCEPTION_STATUS: Readonly<Record<string, number>> = {
  ValidationException: 400,
  ServiceQuotaExceededException: 402,
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  ConflictException: 409,
  ThrottlingException: 429,
  InternalServerException: 500,
};

/**
 * Builds the typed exception for a service error name. Unknown names give a plain
 * {@link ParticipantServiceException} with that name, its fault and retryability decided by the status
 * (5xx: server fault, retryable as 500/502/503/504 are; 429: throttling).
 */
export function createServiceException(
  name: string,
  options: ExceptionOptions,
  body: Record<string, unknown> = {},
): ParticipantServiceException {
  const factory = Object.hasOwn(EXCEPTION_FACTORIES, name) ? EXCEPTION_FACTORIES[name] : undefined;
  if (factory) return factory(options, body);
  const status = options.$metadata?.httpStatusCode ?? 0;
  const $fault: ErrorFault = status >= 500 ? 'server' : 'client';
  const $retryable =
    status === 429 ? { throttling: true } : [500, 502, 503, 504].includes(status) ? { throttling: false } : undefined;
  return new ParticipantServiceException({ ...options, name: name || 'UnknownError', $fault, $retryable });
}
