import { describe, expect, it } from 'vitest';
import {
  AccessDeniedException,
  ConflictException,
  InternalServerException,
  MalformedResponseError,
  ParticipantServiceException,
  ResourceNotFoundException,
  ServiceQuotaExceededException,
  ThrottlingException,
  ValidationException,
  decodeResponse,
  type HttpResponse,
  type OperationName,
} from '@connect-participant/core';

const json = (status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

const success = <Op extends OperationName>(op: Op, response: HttpResponse) => {
  const r = decodeResponse(op, response);
  if (!r.ok) throw r.error;
  return r.value;
};

const failure = (op: OperationName, response: HttpResponse, secrets: string[] = []) => {
  const r = decodeResponse(op, response, { secrets });
  if (r.ok) throw new Error('expected an error');
  return r.error;
};

describe('decodeResponse: success bodies of protocol.md', () => {
  it('CreateParticipantConnection (§1.4 example)', () => {
    const body = {
      Websocket: { Url: 'wss://example.invalid/connect?X-Amz-Signature=abc', ConnectionExpiry: '2019-11-08T02:41:28.172Z' },
      ConnectionCredentials: { ConnectionToken: 'ct-1', Expiry: '2019-11-09T02:41:28.172Z' },
      WebRTCConnection: {
        Attendee: { AttendeeId: 'at-1', JoinToken: 'jt' },
        Meeting: {
          MeetingId: 'm-1',
          MediaPlacement: { AudioHostUrl: 'a', AudioFallbackUrl: 'b', SignalingUrl: 'c', EventIngestionUrl: 'd' },
          MeetingFeatures: { Audio: { EchoReduction: 'AVAILABLE' } },
        },
      },
    };
    const r = success(
      'CreateParticipantConnection',
      json(200, body, { 'x-amzn-RequestId': 'req-1', Date: 'Fri, 08 Nov 2019 01:41:28 GMT' }),
    );
    expect(r.output).toEqual(body);
    expect(r.$metadata).toEqual({ httpStatusCode: 200, requestId: 'req-1' });
    expect(r.serverTime).toBe(Date.UTC(2019, 10, 8, 1, 41, 28));
  });

  it('SendMessage and SendEvent', () => {
    const body = { Id: 'e696', AbsoluteTime: '2025-05-23T06:01:24.287Z' };
    expect(success('SendMessage', json(200, body)).output).toEqual(body);
    expect(success('SendEvent', json(200, body)).output).toEqual(body);
  });

  it('GetTranscript with items, receipts and attachments (§3.4)', () => {
    const body = {
      InitialContactId: '3358',
      NextToken: 'next',
      Transcript: [
        {
          AbsoluteTime: '2025-05-23T06:01:24.287Z',
          Content: 'hi',
          ContentType: 'text/plain',
          Id: 'e696',
          Type: 'MESSAGE',
          ParticipantId: '5b37',
          DisplayName: 'Customer',
          ParticipantRole: 'CUSTOMER',
        },
        {
          Id: 'r1',
          Type: 'MESSAGEMETADATA',
          MessageMetadata: { MessageId: 'e696', Receipts: [{ ReadTimestamp: '2025-05-23T06:01:25.000Z', RecipientParticipantId: 'a1' }] },
        },
        {
          Id: 'att',
          Type: 'ATTACHMENT',
          Attachments: [{ ContentType: 'image/png', AttachmentId: 'x', AttachmentName: 'a.png', Status: 'APPROVED' }],
        },
      ],
    };
    expect(success('GetTranscript', json(200, body)).output).toEqual(body);
  });

  it('empty outputs, attachments, views and authentication', () => {
    for (const op of ['DisconnectParticipant', 'CompleteAttachmentUpload', 'CancelParticipantAuthentication'] as const) {
      expect(success(op, json(200, '')).output).toEqual({});
      expect(success(op, json(200, {})).output).toEqual({});
    }
    const upload = { AttachmentId: 'a', UploadMetadata: { Url: 'u', UrlExpiry: '2019-11-08T02:41:28.172Z', HeadersToInclude: { 'x-amz-acl': 'private' } } };
    expect(success('StartAttachmentUpload', json(200, upload)).output).toEqual(upload);
    const attachment = { Url: 'u', UrlExpiry: '2019-11-08T02:41:28.172Z', AttachmentSizeInBytes: 10 };
    expect(success('GetAttachment', json(200, attachment)).output).toEqual(attachment);
    const view = { View: { Id: 'v', Arn: 'arn', Name: 'n', Version: 2, Content: { InputSchema: '{}', Template: 't', Actions: ['Go'] } } };
    expect(success('DescribeView', json(200, view)).output).toEqual(view);
    expect(success('GetAuthenticationUrl', json(200, { AuthenticationUrl: 'https://auth' })).output).toEqual({
      AuthenticationUrl: 'https://auth',
    });
  });

  it('keeps unknown members, treats null as absent and keeps unknown enum values', () => {
    const r = success(
      'GetTranscript',
      json(200, { Transcript: [{ Id: 'i', Type: 'HOLOGRAM', ParticipantRole: 'ROBOT', Extra: 1, Content: null }], Surprise: true }),
    );
    expect(r.output).toEqual({ Transcript: [{ Id: 'i', Type: 'HOLOGRAM', ParticipantRole: 'ROBOT', Extra: 1 }], Surprise: true });
  });

  it('never lets a __proto__ key reach a prototype', () => {
    const r = success('StartAttachmentUpload', json(200, '{"UploadMetadata":{"HeadersToInclude":{"__proto__":"x","a":"b"}}}'));
    const headers = r.output.UploadMetadata?.HeadersToInclude ?? {};
    expect(Object.getPrototypeOf(headers)).toBe(Object.prototype);
    expect(Object.keys(headers).sort()).toEqual(['__proto__', 'a']);
  });

  it('reads the request id from any of the header spellings', () => {
    expect(success('SendMessage', json(200, {}, { 'X-Amzn-Request-Id': 'a' })).$metadata.requestId).toBe('a');
    expect(success('SendMessage', json(200, {}, { 'x-amz-request-id': 'b' })).$metadata.requestId).toBe('b');
  });

  it.each([
    ['not JSON', '{"Id":', ''],
    ['wrong member type', { Id: 42 }, 'SendMessageResponse.Id should be a string'],
    ['not an object', [1, 2], 'the response body should be an object'],
  ])('a malformed success body (%s) is a MalformedResponseError value', (_, body, message) => {
    const e = failure('SendMessage', json(200, body));
    expect(e).toBeInstanceOf(MalformedResponseError);
    expect(e).toBeInstanceOf(ParticipantServiceException);
    expect(e.$fault).toBe('server');
    if (message) expect(e.message).toBe(message);
  });

  it('names the path of a nested mismatch', () => {
    const e = failure('DescribeView', json(200, { View: { Id: 'v', Content: { Actions: ['ok', 5] } } }));
    expect(e.message).toBe('DescribeViewResponse.View.Content.Actions[1] should be a string');
  });

  it('leaves a transcript element that is no item out of its page, and an odd member out of its item, saying where', () => {
    const r = decodeResponse('GetTranscript', json(200, { Transcript: [{ Id: 'a' }, { Id: 'b', Attachments: [{ Status: 5 }] }, 7, { Id: 'c' }] }));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.output.Transcript?.map((i) => i.Id)).toEqual(['a', 'b', 'c']);
    expect(r.value.output.Transcript?.[1]).toEqual({ Id: 'b', Attachments: [{}] });
    expect(r.value.warnings).toEqual([
      { path: 'Transcript[1].Attachments[0].Status', expected: 'a string', dropped: 'member' },
      { path: 'Transcript[2]', expected: 'an object', dropped: 'element' },
    ]);
  });
});

describe('decodeResponse: errors by the restJson1 rules (§2.2)', () => {
  const cases: [number, string, new (...args: never[]) => ParticipantServiceException, string, boolean | undefined][] = [
    [400, 'ValidationException', ValidationException, 'client', undefined],
    [402, 'ServiceQuotaExceededException', ServiceQuotaExceededException, 'client', undefined],
    [403, 'AccessDeniedException', AccessDeniedException, 'client', undefined],
    [404, 'ResourceNotFoundException', ResourceNotFoundException, 'client', undefined],
    [409, 'ConflictException', ConflictException, 'client', undefined],
    [429, 'ThrottlingException', ThrottlingException, 'client', true],
    [500, 'InternalServerException', InternalServerException, 'server', false],
  ];

  it.each(cases)('%i %s from the x-amzn-ErrorType header', (status, name, Class, fault, throttling) => {
    const e = failure(
      'SendMessage',
      json(status, { message: 'nope' }, {
        'x-amzn-ErrorType': `${name}:http://internal.amazon.com/coral/com.amazonaws.connectparticipant/`,
        'x-amzn-RequestId': 'rid',
      }),
    );
    expect(e).toBeInstanceOf(Class);
    expect(e).toBeInstanceOf(ParticipantServiceException);
    expect(e.name).toBe(name);
    expect(e.message).toBe('nope');
    expect(e.$fault).toBe(fault);
    expect(e.$retryable?.throttling).toBe(throttling);
    expect(e.$metadata).toEqual({ httpStatusCode: status, requestId: 'rid' });
  });

  it.each([
    ['header with namespace', { 'X-Amzn-Errortype': 'com.amazonaws.connectparticipant#AccessDeniedException' }, {}],
    ['header with comma', { 'x-amzn-errortype': 'AccessDeniedException,Sender' }, {}],
    ['body code', {}, { code: 'AccessDeniedException' }],
    ['body Code', {}, { Code: 'AccessDeniedException:http://x' }],
    ['body __type', {}, { __type: 'com.amazonaws.connectparticipant#AccessDeniedException' }],
  ])('error name from %s', (_, headers, body) => {
    const e = failure('SendMessage', json(403, { Message: 'Forbidden', ...body }, headers));
    expect(e).toBeInstanceOf(AccessDeniedException);
    expect(e.message).toBe('Forbidden');
  });

  it('prefers the header over the body, and message over Message', () => {
    const e = failure(
      'SendMessage',
      json(429, { code: 'ValidationException', message: 'lower', Message: 'upper' }, { 'x-amzn-errortype': 'ThrottlingException' }),
    );
    expect(e).toBeInstanceOf(ThrottlingException);
    expect(e.message).toBe('lower');
  });

  it('keeps ResourceNotFoundException members', () => {
    const e = failure('DescribeView', json(404, { message: 'no view', ResourceId: 'v1', ResourceType: 'CONTACT_FLOW' }, { 'x-amzn-errortype': 'ResourceNotFoundException' }));
    expect(e).toBeInstanceOf(ResourceNotFoundException);
    expect((e as ResourceNotFoundException).ResourceId).toBe('v1');
    expect((e as ResourceNotFoundException).ResourceType).toBe('CONTACT_FLOW');
  });

  it('gives an unknown or missing type as a plain ParticipantServiceException', () => {
    const unknown = failure('SendMessage', json(418, { __type: 'TeapotException', message: 'short and stout' }));
    expect(unknown.constructor).toBe(ParticipantServiceException);
    expect(unknown.name).toBe('TeapotException');
    expect(unknown.$retryable).toBeUndefined();
    const bare = failure('SendMessage', { status: 503, headers: {}, body: '<html>Service Unavailable</html>' });
    expect(bare.name).toBe('UnknownError');
    expect(bare.$fault).toBe('server');
    expect(bare.$retryable).toEqual({ throttling: false });
    expect(bare.message).toBe('UnknownError (HTTP 503) with no message from the service');
    const throttled = failure('SendMessage', { status: 429, headers: {}, body: '' });
    expect(throttled.$retryable).toEqual({ throttling: true });
  });

  it('caps a huge error message', () => {
    const e = failure('SendMessage', json(400, { message: 'x'.repeat(10_000) }, { 'x-amzn-errortype': 'ValidationException' }));
    expect(e.message.length).toBeLessThanOrEqual(2001);
  });
});
