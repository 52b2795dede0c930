import { REQUEST_CONSTRAINTS } from '../../model/constraints.js';
import type { ValidationException } from '../../model/errors.js';
import type { OperationInput, OperationName } from '../../model/operations.js';
import type { HttpRequest } from './http-message.js';
import { isPlainObject } from '../shape-decoder.js';
import { BEARER_HEADER, ROUTES } from './routes.js';
import { validateRequest } from './validate-request.js';

/** Options of {@link encodeRequest}. */
export interface EncodeRequestOptions {
  /**
   * Makes an idempotency token (a UUID v4, as the AWS SDKs do) for operations that take a `ClientToken` when the
   * caller gave none, so a retried call is never applied twice. Core has no randomness of its own: transports
   * pass `crypto.randomUUID`.
   */
  readonly generateClientToken?: () => string;
}

/**
 * Fills in a ClientToken for an operation that takes one and was given none. Callers do it once per call, before
 * any attempt, so that every retry carries the same token and the service applies the call once.
 */
export function withClientToken<Op extends OperationName>(operation: Op, input: OperationInput<Op>, generate: () => string): OperationInput<Op> {
  const field = ROUTES[operation].clientTokenField;
  if (!field || !isPlainObject(input) || input[field] !== undefined) return input;
  return { ...input, [field]: generate() };
}

/**
 * Validates a request and builds its HTTP form: method, path, the token in `x-amz-bearer`, and a JSON body of the
 * remaining members (undefined members omitted). Throws {@link ValidationException} before any I/O when the
 * input breaks a constraint of the service model.
 */
export function encodeRequest<Op extends OperationName>(
  operation: Op,
  input: OperationInput<Op>,
  options: EncodeRequestOptions = {},
): HttpRequest {
  const route = ROUTES[operation];
  if (!isPlainObject(input)) throw validateRequest(operation, input) as ValidationException;
  const filled = options.generateClientToken ? withClientToken(operation, input, options.generateClientToken) : input;
  // One copy, validated and then encoded: a getter on the caller's object is read once, so what was checked is
  // what is sent.
  const members: Record<string, unknown> = { ...filled };
  const invalid = validateRequest(operation, members);
  if (invalid) throw invalid;

  // No Accept header, as with the AWS SDKs: the service answers JSON whatever it is sent.
  const headers: Record<string, string> = { [BEARER_HEADER]: members[route.tokenField] as string };
  if (route.method === 'GET') {
    const label = route.pathLabel ? encodeURIComponent(String(members[route.pathLabel])) : '';
    return { method: 'GET', path: `${route.path}${label}`, headers, body: undefined };
  }
  // Only modeled members travel, as with the AWS SDKs' serializers: a stray key never reaches the wire.
  const body: Record<string, unknown> = {};
  for (const key in REQUEST_CONSTRAINTS[operation]) {
    const value = members[key];
    if (key !== route.tokenField && value !== undefined && value !== null) body[key] = value;
  }
  headers['content-type'] = 'application/json';
  return { method: 'POST', path: route.path, headers, body: JSON.stringify(body) };
}

