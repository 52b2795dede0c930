import { describe, expect, it } from 'vitest';
import {
  AccessDeniedException,
  MalformedResponseError,
  ParticipantServiceException,
  ThrottlingException,
  ValidationException,
  decodeResponse,
  errorNameOf,
  getHeader,
  type HttpResponse,
} from '@connect-participant/core';

const TOKEN = 'tok_3Zx9SECRETq7Lw';

const response = (status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  headers,
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

const error = (res: HttpResponse, secrets: string[] = []): ParticipantServiceException => {
  const r = decodeResponse('SendMessage', res, { secrets });
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.value)}`);
  expect(r.error).toBeInstanceOf(ParticipantServiceException);
  return r.error;
};

describe('errorNameOf: the restJson1 error name in all its spellings', () => {
  it.each<[string, Record<string, string>, Record<string, unknown>, string | undefined]>([
    ['a bare header', { 'x-amzn-errortype': 'AccessDeniedException' }, {}, 'AccessDeniedException'],
    ['the header in any case', { 'X-AMZN-ERRORTYPE': 'AccessDeniedException' }, {}, 'AccessDeniedException'],
    ['a header with a URI after the colon', { 'x-amzn-errortype': 'AccessDeniedException:http://internal.amazon.com/coral/' }, {}, 'AccessDeniedException'],
    ['a header with a namespace', { 'x-amzn-errortype': 'com.amazonaws.connectparticipant#AccessDeniedException' }, {}, 'AccessDeniedException'],
    ['a header with a leading #', { 'x-amzn-errortype': '#AccessDeniedException' }, {}, 'AccessDeniedException'],
    ['a header with a namespace and a URI', { 'x-amzn-errortype': 'aws.protocoltests#AccessDeniedException:http://x' }, {}, 'AccessDeniedException'],
    ['a header listing more after a comma', { 'x-amzn-errortype': 'AccessDeniedException,Sender' }, {}, 'AccessDeniedException'],
    ['a header padded with spaces', { 'x-amzn-errortype': '  AccessDeniedException , Sender' }, {}, 'AccessDeniedException'],
    ['an empty header, then the body code', { 'x-amzn-errortype': '' }, { code: 'ThrottlingException' }, 'ThrottlingException'],
    ['a header of only a URI, then the body code', { 'x-amzn-errortype': ':http://x' }, { code: 'ThrottlingException' }, 'ThrottlingException'],
    ['a header of only a namespace, then __type', { 'x-amzn-errortype': 'ns#' }, { __type: 'ThrottlingException' }, 'ThrottlingException'],
    ['the header over the body', { 'x-amzn-errortype': 'AccessDeniedException' }, { code: 'ThrottlingException', __type: 'ValidationException' }, 'AccessDeniedException'],
    ['a body code over __type', {}, { code: 'ThrottlingException', __type: 'ValidationException' }, 'ThrottlingException'],
    ['a body CODE in capitals', {}, { CODE: 'ns#ThrottlingException:uri' }, 'ThrottlingException'],
    ['a body Code', {}, { Code: 'ThrottlingException' }, 'ThrottlingException'],
    ['a body code that is not text, then __type', {}, { code: 429, __type: 'ThrottlingException' }, 'ThrottlingException'],
    ['an empty body code, then __type', {}, { code: '', __type: 'ThrottlingException' }, 'ThrottlingException'],
    ['a __type that is not text', {}, { __type: { name: 'ThrottlingException' } }, undefined],
    ['an empty __type', {}, { __type: ' ' }, undefined],
    ['nothing at all', {}, {}, undefined],
  ])('%s', (_, headers, body, name) => {
    expect(errorNameOf(headers, body)).toBe(name);
  });
});

describe('decodeResponse: errors', () => {
  it('decodes every status outside 200..299 as an error, and 200..299 as success', () => {
    const ok = (status: number) => decodeResponse('DisconnectParticipant', response(status, '{}')).ok;
    expect([199, 200, 204, 299, 300, 301, 304, 400, 599].map(ok)).toEqual([false, true, true, true, false, false, false, false, false]);
  });

  it('takes the message from message, then Message, and says so when there is none', () => {
    const header = { 'x-amzn-errortype': 'ValidationException' };
    expect(error(response(400, { message: 'lower' }, header)).message).toBe('lower');
    expect(error(response(400, { Message: 'upper' }, header)).message).toBe('upper');
    expect(error(response(400, { message: 7, Message: 'upper' }, header)).message).toBe('upper');
    expect(error(response(400, { message: '' }, header)).message).toBe('ValidationException (HTTP 400) with no message from the service');
    expect(error(response(400, { Message: { text: 'x' } }, header)).message).toBe('ValidationException (HTTP 400) with no message from the service');
    expect(error(response(502, '   ')).message).toBe('UnknownError (HTTP 502) with no message from the service');
    expect(error(response(502, '[{"message":"in an array"}]')).message).toBe('UnknownError (HTTP 502) with no message from the service');
  });

  it('cuts a message at 2,000 characters, and only a longer one', () => {
    const header = { 'x-amzn-errortype': 'ValidationException' };
    const exact = 'm'.repeat(2000);
    expect(error(response(400, { message: exact }, header)).message).toBe(exact);
    expect(error(response(400, { message: `${exact}n` }, header)).message).toBe(`${exact}…`);
  });

  it('removes the request’s token from any text the service echoes, and only the token', () => {
    const e = error(
      response(403, { message: `token ${TOKEN} is not valid; neither is ${TOKEN}` }, { 'x-amzn-errortype': 'AccessDeniedException' }),
      [TOKEN],
    );
    expect(e).toBeInstanceOf(AccessDeniedException);
    expect(e.message).toBe('token [REDACTED] is not valid; neither is [REDACTED]');
    expect(error(response(400, { message: 'plain' }, { 'x-amzn-errortype': 'ValidationException' }), ['']).message).toBe('plain');
  });

  it('removes a token that straddles the 2,000-character cut, leaving no part of it', () => {
    const message = `${'m'.repeat(1990)}${TOKEN}${'n'.repeat(100)}`;
    const e = error(response(400, { message }, { 'x-amzn-errortype': 'ValidationException' }), [TOKEN]);
    expect(e.message).not.toContain(TOKEN.slice(0, 8));
    expect(e.message.startsWith(`${'m'.repeat(1990)}[REDACTED]`)).toBe(true);
    expect(e.message.endsWith('…')).toBe(true);
    expect(e.message.length).toBeLessThanOrEqual(2001);
  });

  it('records the status and the request id, under any of its header names', () => {
    expect(error(response(500, '{}', { 'x-amzn-requestid': 'a' })).$metadata).toEqual({ httpStatusCode: 500, requestId: 'a' });
    expect(error(response(500, '{}', { 'X-Amzn-Request-Id': 'b' })).$metadata).toEqual({ httpStatusCode: 500, requestId: 'b' });
    expect(error(response(500, '{}', { 'x-amz-request-id': 'c' })).$metadata).toEqual({ httpStatusCode: 500, requestId: 'c' });
    expect(error(response(500, '{}', { 'x-amzn-requestid': 'first', 'x-amz-request-id': 'last' })).$metadata.requestId).toBe('first');
    const bare = error(response(500, '{}'));
    expect(bare.$metadata).toEqual({ httpStatusCode: 500 });
    expect(Object.keys(bare.$metadata)).toEqual(['httpStatusCode']);
  });

  it('classes an error it does not know by its status', () => {
    const unknown = (status: number) => error(response(status, { __type: 'SomethingNewException', message: 'x' }));
    for (const status of [500, 502, 503, 504]) {
      expect(unknown(status).$fault).toBe('server');
      expect(unknown(status).$retryable).toEqual({ throttling: false });
    }
    expect(unknown(501).$fault).toBe('server');
    expect(unknown(501).$retryable).toBeUndefined();
    expect(unknown(429).$retryable).toEqual({ throttling: true });
    expect(unknown(429).$fault).toBe('client');
    expect(unknown(499).$fault).toBe('client');
    expect(unknown(400).$retryable).toBeUndefined();
    expect(unknown(400).name).toBe('SomethingNewException');
  });

  it('reads the error type from the header even when the body is not JSON', () => {
    const e = error(response(429, '<html>slow down</html>', { 'x-amzn-errortype': 'ThrottlingException' }));
    expect(e).toBeInstanceOf(ThrottlingException);
    expect(e.message).toBe('ThrottlingException (HTTP 429) with no message from the service');
  });

  it('a name that is an Object.prototype member is not a modeled exception', () => {
    const e = error(response(400, { __type: 'constructor', message: 'x' }));
    expect(e.constructor).toBe(ParticipantServiceException);
    expect(e.name).toBe('constructor');
    expect(e).not.toBeInstanceOf(ValidationException);
  });
});

describe('decodeResponse: success', () => {
  it('reads the Date header whatever its case, and gives undefined (never NaN) without a readable one', () => {
    const at = (headers: Record<string, string>) => {
      const r = decodeResponse('SendMessage', response(200, '{}', headers));
      if (!r.ok) throw r.error;
      return r.value.serverTime;
    };
    expect(at({ date: 'Fri, 08 Nov 2019 02:41:28 GMT' })).toBe(Date.UTC(2019, 10, 8, 2, 41, 28));
    expect(at({ DATE: 'Fri, 08 Nov 2019 02:41:28 GMT' })).toBe(Date.UTC(2019, 10, 8, 2, 41, 28));
    expect(at({})).toBeUndefined();
    expect(at({ date: 'yesterday' })).toBeUndefined();
    expect(at({ date: '' })).toBeUndefined();
  });

  it('reads an empty or blank body as an empty output', () => {
    for (const body of ['', ' ', '\n\t']) {
      const r = decodeResponse('DisconnectParticipant', response(200, body));
      expect(r.ok && r.value.output).toEqual({});
    }
    const r = decodeResponse('SendMessage', response(200, '  {"Id":"i"}  '));
    expect(r.ok && r.value.output).toEqual({ Id: 'i' });
  });

  it('names what it could not read, with the request id, never the body', () => {
    const r = decodeResponse('SendMessage', response(200, `{"Id":"${TOKEN}"`, { 'x-amzn-requestid': 'rid' }), { secrets: [TOKEN] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toBeInstanceOf(MalformedResponseError);
    expect(r.error.message).toBe('SendMessage: the response body is not JSON');
    expect(r.error.$metadata).toEqual({ httpStatusCode: 200, requestId: 'rid' });
  });

  it('removes the token from a path that names a member after it', () => {
    const body = { AttachmentId: 'a', UploadMetadata: { HeadersToInclude: { [TOKEN]: 5 } } };
    const r = decodeResponse('StartAttachmentUpload', response(200, body), { secrets: [TOKEN] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toBe('StartAttachmentUploadResponse.UploadMetadata.HeadersToInclude.[REDACTED] should be a string');
  });
});

describe('getHeader', () => {
  it('finds a header whatever the case of its name, the exact name first', () => {
    expect(getHeader({ 'Content-Type': 'a' }, 'content-type')).toBe('a');
    expect(getHeader({ 'content-type': 'a' }, 'Content-Type')).toBe('a');
    expect(getHeader({ 'content-type': 'lower', 'Content-Type': 'exact' }, 'Content-Type')).toBe('exact');
    expect(getHeader({ 'x-other': 'a' }, 'content-type')).toBeUndefined();
    expect(getHeader({}, 'date')).toBeUndefined();
  });
});
