import {
  MalformedResponseError,
  createServiceException,
  type ParticipantServiceException,
  type ResponseMetadata,
} from '../../model/errors.js';
import type { OperationName, OperationOutput } from '../../model/operations.js';
import { redact } from '../../model/redaction.js';
import { err, ok, type Result } from '../../model/result.js';
import { outputDecoders } from '../output-decoders.js';
import { isPlainObject, type DecodeWarning } from '../shape-decoder.js';
import { parseHttpDate } from '../timestamp.js';
import { getHeader, type HttpResponse } from './http-message.js';

/** A decoded success: the operation's output and what is known of the exchange. */
export interface DecodedResponse<T> {
  readonly output: T;
  readonly $metadata: ResponseMetadata;
  /** The service's clock from the `Date` header, in epoch ms, when readable (for clock-skew correction). */
  readonly serverTime: number | undefined;
  /** What was left out of the output because it could not be read (a transcript item of the wrong shape), if anything. */
  readonly warnings?: readonly DecodeWarning[];
}

/** Options of {@link decodeResponse}. */
export interface DecodeResponseOptions {
  /** Secrets (the request's token) to strip from any message taken from the response. */
  readonly secrets?: readonly (string | undefined)[];
}

const REQUEST_ID_HEADERS = ['x-amzn-requestid', 'x-amzn-request-id', 'x-amz-request-id'];
const MAX_MESSAGE_LENGTH = 2000;

function metadataOf(response: HttpResponse): ResponseMetadata {
  for (const name of REQUEST_ID_HEADERS) {
    const requestId = getHeader(response.headers, name);
    if (requestId !== undefined) return { httpStatusCode: response.status, requestId };
  }
  return { httpStatusCode: response.status };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

/**
 * The restJson1 error name: `x-amzn-ErrorType` wins, then a body key named `code` in any casing, then `__type`.
 * Each is cut before the first `,` and `:` and after a `#`, so `ValidationException:http://internal.amazon.com/…`
 * and `com.amazonaws.connectparticipant#ValidationException` both read `ValidationException`.
 */
export function errorNameOf(headers: HttpResponse['headers'], body: Record<string, unknown>): string | undefined {
  const sanitize = (raw: string): string => {
    let name = raw.split(',')[0] ?? '';
    name = name.split(':')[0] ?? '';
    const hash = name.indexOf('#');
    return (hash >= 0 ? name.slice(hash + 1) : name).trim();
  };
  const header = getHeader(headers, 'x-amzn-errortype');
  if (header !== undefined && sanitize(header) !== '') return sanitize(header);
  const codeKey = Object.keys(body).find((k) => k.toLowerCase() === 'code');
  const code = codeKey === undefined ? undefined : body[codeKey];
  if (typeof code === 'string' && sanitize(code) !== '') return sanitize(code);
  const type = body['__type'];
  if (typeof type === 'string' && sanitize(type) !== '') return sanitize(type);
  return undefined;
}

function decodeError(response: HttpResponse, secrets: readonly (string | undefined)[]): ParticipantServiceException {
  const $metadata = metadataOf(response);
  const parsed = response.body.trim() === '' ? undefined : parseJson(response.body);
  const body = parsed?.ok && isPlainObject(parsed.value) ? parsed.value : {};
  const name = errorNameOf(response.headers, body) ?? 'UnknownError';
  const raw = typeof body['message'] === 'string' ? body['message'] : body['Message'];
  const text =
    typeof raw === 'string' && raw !== '' ? raw : `${name} (HTTP ${response.status}) with no message from the service`;
  // Redacted before it is cut: a cut through a token would leave its first part where no redaction finds it.
  const clean = redact(text, secrets);
  const message = clean.length > MAX_MESSAGE_LENGTH ? `${clean.slice(0, MAX_MESSAGE_LENGTH)}…` : clean;
  return createServiceException(name, { message, $metadata }, body);
}

/**
 * Decodes an operation's HTTP response. A 2xx body becomes the operation's output shape (members type-checked;
 * unknown members dropped); anything else becomes the matching typed exception. Never throws: a body that is not
 * JSON or has members of the wrong type is a {@link MalformedResponseError}.
 */
export function decodeResponse<Op extends OperationName>(
  operation: Op,
  response: HttpResponse,
  options: DecodeResponseOptions = {},
): Result<DecodedResponse<OperationOutput<Op>>, ParticipantServiceException> {
  const secrets = options.secrets ?? [];
  if (response.status < 200 || response.status > 299) return err(decodeError(response, secrets));
  const $metadata = metadataOf(response);
  const serverTime = parseHttpDate(getHeader(response.headers, 'date'));
  const text = response.body.trim();
  const parsed = text === '' ? { ok: true as const, value: {} } : parseJson(text);
  if (!parsed.ok) {
    return err(new MalformedResponseError({ message: `${operation}: the response body is not JSON`, $metadata }));
  }
  const warnings: DecodeWarning[] = [];
  const decoded = outputDecoders[operation](parsed.value, '', warnings);
  if (!decoded.ok) {
    const where = decoded.path === '' ? 'the response body' : `${operation}Response.${decoded.path}`;
    return err(
      new MalformedResponseError({ message: redact(`${where} should be ${decoded.expected}`, secrets), $metadata }),
    );
  }
  const output = decoded.value as OperationOutput<Op>;
  return ok(warnings.length > 0 ? { output, $metadata, serverTime, warnings } : { output, $metadata, serverTime });
}
