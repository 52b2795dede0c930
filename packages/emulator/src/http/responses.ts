import type { IncomingMessage, ServerResponse } from 'node:http';
import { EXCEPTION_STATUS, ParticipantServiceException, ResourceNotFoundException } from '@connect-participant/core';
import type { EmulatorClock } from '../clock.js';
import { newId } from '../secrets.js';

/** The namespace the service appends to `x-amzn-ErrorType`. */
const ERROR_NAMESPACE = 'http://internal.amazon.com/coral/com.amazonaws.connectparticipant/';

/**
 * CORS as a public API answers it: any origin, the headers browsers and the AWS SDK send (protocol.md §6). The
 * `Date` header is exposed only when asked (`exposeDateHeader`): whether the service exposes it is unknown, and
 * without it a browser client has no estimate of the service's clock, which is the harder case.
 */
export function corsHeaders(exposeDate: boolean): Readonly<Record<string, string>> {
  return {
    'access-control-allow-origin': '*',
    'access-control-allow-methods': 'GET, POST, PUT, OPTIONS',
    'access-control-allow-headers':
      'x-amz-bearer, content-type, authorization, x-amz-date, x-amz-user-agent, x-amz-security-token, amz-sdk-invocation-id, amz-sdk-request, x-amz-content-sha256, x-amz-meta-attachment-id, x-emulator-control-token',
    'access-control-expose-headers': `x-amzn-requestid, x-amzn-errortype${exposeDate ? ', date' : ''}`,
    'access-control-max-age': '600',
  };
}

/** A service error the HTTP layer answers with: the modeled name and status, or an unmodeled one. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly errorName: string,
    message: string,
  ) {
    super(message);
  }
}

export class Responder {
  /** The CORS headers of every answer. */
  readonly cors: Readonly<Record<string, string>>;

  constructor(
    private readonly clock: EmulatorClock,
    exposeDate = false,
  ) {
    this.cors = corsHeaders(exposeDate);
  }

  #base(requestId: string): Record<string, string> {
    return { ...this.cors, 'x-amzn-requestid': requestId, date: this.clock.httpDate() };
  }

  json(res: ServerResponse, status: number, body: unknown, requestId = newId()): void {
    const text = JSON.stringify(body);
    res.writeHead(status, {
      ...this.#base(requestId),
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  }

  /** A restJson1 error: status, `x-amzn-ErrorType`, and `{"message": …}` (plus modeled members). */
  error(res: ServerResponse, error: unknown, requestId = newId()): void {
    let status = 500;
    let name = 'InternalServerException';
    let message = 'Internal server error';
    const extra: Record<string, unknown> = {};
    if (error instanceof ParticipantServiceException) {
      name = error.name;
      status = EXCEPTION_STATUS[name] ?? error.$metadata.httpStatusCode ?? 400;
      message = error.message;
      if (error instanceof ResourceNotFoundException) {
        if (error.ResourceId !== undefined) extra['ResourceId'] = error.ResourceId;
        if (error.ResourceType !== undefined) extra['ResourceType'] = error.ResourceType;
      }
    } else if (error instanceof HttpError) {
      status = error.status;
      name = error.errorName;
      message = error.message;
    }
    const text = JSON.stringify({ message, ...extra });
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(status, {
      ...this.#base(requestId),
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
      'x-amzn-errortype': `${name}:${ERROR_NAMESPACE}`,
    });
    res.end(text);
  }

  preflight(res: ServerResponse): void {
    res.writeHead(204, { ...this.cors, 'content-length': '0' });
    res.end();
  }
}

/** Reads a request body up to `limit` bytes; larger bodies are refused with 413 before they are buffered. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      reject(new HttpError(413, 'RequestEntityTooLargeException', `Request body is larger than ${limit} bytes`));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new HttpError(413, 'RequestEntityTooLargeException', `Request body is larger than ${limit} bytes`));
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Parses a JSON object body; an empty body is `{}`. Anything else is the service's SerializationException. */
export function parseJsonObject(body: Buffer): Record<string, unknown> {
  const text = body.toString('utf8').trim();
  if (text === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'SerializationException', 'The request body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpError(400, 'SerializationException', 'The request body must be a JSON object');
  }
  return value as Record<string, unknown>;
}
