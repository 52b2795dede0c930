import { describe, expect, it } from 'vitest';
import {
  OPERATION_NAMES,
  ValidationException,
  encodeRequest,
  type OperationInput,
  type OperationName,
} from '@connect-participant/core';

const TOKEN = 'conn-token-7f3a';
const SESSION_ID = '0123456789abcdef0123456789abcdef0123';

/** A valid request of every operation, with the body protocol.md §1.4 gives it. */
const golden: { [Op in OperationName]: { input: OperationInput<Op>; method: string; path: string; body?: unknown } } = {
  CreateParticipantConnection: {
    input: { ParticipantToken: 'part-token-1', Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] },
    method: 'POST',
    path: '/participant/connection',
    body: { Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'] },
  },
  SendMessage: {
    input: { ConnectionToken: TOKEN, ContentType: 'text/plain', Content: 'hi', ClientToken: 'c-1' },
    method: 'POST',
    path: '/participant/message',
    body: { ContentType: 'text/plain', Content: 'hi', ClientToken: 'c-1' },
  },
  SendEvent: {
    input: { ConnectionToken: TOKEN, ContentType: 'application/vnd.amazonaws.connect.event.typing', ClientToken: 'c-2' },
    method: 'POST',
    path: '/participant/event',
    body: { ContentType: 'application/vnd.amazonaws.connect.event.typing', ClientToken: 'c-2' },
  },
  GetTranscript: {
    input: {
      ConnectionToken: TOKEN,
      MaxResults: 15,
      ScanDirection: 'BACKWARD',
      SortOrder: 'ASCENDING',
      StartPosition: { MostRecent: 0 },
    },
    method: 'POST',
    path: '/participant/transcript',
    body: { MaxResults: 15, ScanDirection: 'BACKWARD', SortOrder: 'ASCENDING', StartPosition: { MostRecent: 0 } },
  },
  DisconnectParticipant: {
    input: { ConnectionToken: TOKEN, ClientToken: 'c-3' },
    method: 'POST',
    path: '/participant/disconnect',
    body: { ClientToken: 'c-3' },
  },
  StartAttachmentUpload: {
    input: {
      ConnectionToken: TOKEN,
      ContentType: 'image/png',
      AttachmentSizeInBytes: 1024,
      AttachmentName: 'a.png',
      ClientToken: 'c-4',
    },
    method: 'POST',
    path: '/participant/start-attachment-upload',
    body: { ContentType: 'image/png', AttachmentSizeInBytes: 1024, AttachmentName: 'a.png', ClientToken: 'c-4' },
  },
  CompleteAttachmentUpload: {
    input: { ConnectionToken: TOKEN, AttachmentIds: ['att-1'], ClientToken: 'c-5' },
    method: 'POST',
    path: '/participant/complete-attachment-upload',
    body: { AttachmentIds: ['att-1'], ClientToken: 'c-5' },
  },
  GetAttachment: {
    input: { ConnectionToken: TOKEN, AttachmentId: 'att-1', UrlExpiryInSeconds: 60 },
    method: 'POST',
    path: '/participant/attachment',
    body: { AttachmentId: 'att-1', UrlExpiryInSeconds: 60 },
  },
  DescribeView: {
    input: { ConnectionToken: TOKEN, ViewToken: 'view/token with space' },
    method: 'GET',
    path: '/participant/views/view%2Ftoken%20with%20space',
  },
  GetAuthenticationUrl: {
    input: { ConnectionToken: TOKEN, SessionId: SESSION_ID, RedirectUri: 'https://example.com/cb' },
    method: 'POST',
    path: '/participant/authentication-url',
    body: { SessionId: SESSION_ID, RedirectUri: 'https://example.com/cb' },
  },
  CancelParticipantAuthentication: {
    input: { ConnectionToken: TOKEN, SessionId: SESSION_ID },
    method: 'POST',
    path: '/participant/cancel-authentication',
    body: { SessionId: SESSION_ID },
  },
};

describe('encodeRequest: golden requests of protocol.md §1.4', () => {
  it('covers all eleven operations', () => {
    expect(Object.keys(golden).sort()).toEqual([...OPERATION_NAMES].sort());
    expect(OPERATION_NAMES).toHaveLength(11);
  });

  for (const op of OPERATION_NAMES) {
    it(`${op}: method, path, bearer header and body without the token`, () => {
      const g = golden[op];
      const req = encodeRequest(op, g.input as never);
      expect(req.method).toBe(g.method);
      expect(req.path).toBe(g.path);
      const token = op === 'CreateParticipantConnection' ? 'part-token-1' : TOKEN;
      expect(req.headers['x-amz-bearer']).toBe(token);
      expect(req.headers['authorization']).toBeUndefined();
      if (g.method === 'GET') {
        expect(req.body).toBeUndefined();
        expect(req.headers['content-type']).toBeUndefined();
      } else {
        expect(req.headers['content-type']).toBe('application/json');
        expect(JSON.parse(req.body ?? '')).toEqual(g.body);
        expect(req.body).not.toContain(token);
      }
    });
  }

  it('sends the exact body of the minimal happy path (protocol.md §5)', () => {
    const req = encodeRequest('CreateParticipantConnection', {
      ParticipantToken: 'p',
      Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS'],
    });
    expect(req.body).toBe('{"Type":["WEBSOCKET","CONNECTION_CREDENTIALS"]}');
    expect(
      encodeRequest('CreateParticipantConnection', { ParticipantToken: 'p', ConnectParticipant: true }).body,
    ).toBe('{"ConnectParticipant":true}');
  });

  it('omits undefined and null members and members the model does not have', () => {
    const req = encodeRequest('SendMessage', {
      ConnectionToken: TOKEN,
      ContentType: 'text/plain',
      Content: 'x',
      ClientToken: undefined,
      Stray: 'no',
    } as unknown as OperationInput<"SendMessage">);
    expect(req.body).toBe('{"ContentType":"text/plain","Content":"x"}');
  });

  it('fills in a ClientToken only where the operation has one and none was given', () => {
    const gen = () => 'generated-uuid';
    const send = encodeRequest('SendMessage', { ConnectionToken: TOKEN, ContentType: 'text/plain', Content: 'x' }, { generateClientToken: gen });
    expect(JSON.parse(send.body ?? '')).toMatchObject({ ClientToken: 'generated-uuid' });
    const given = encodeRequest(
      'SendEvent',
      { ConnectionToken: TOKEN, ContentType: 'application/vnd.amazonaws.connect.event.typing', ClientToken: 'mine' },
      { generateClientToken: gen },
    );
    expect(JSON.parse(given.body ?? '')).toMatchObject({ ClientToken: 'mine' });
    const transcript = encodeRequest('GetTranscript', { ConnectionToken: TOKEN }, { generateClientToken: gen });
    expect(transcript.body).toBe('{}');
  });
});

const validationOf = (op: OperationName, input: unknown): ValidationException => {
  try {
    encodeRequest(op, input as never);
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationException);
    return e as ValidationException;
  }
  throw new Error(`expected ${op} to be refused`);
};

describe('encodeRequest: validation before any I/O', () => {
  it.each<[OperationName, Record<string, unknown>, string, string]>([
    ['CreateParticipantConnection', {}, 'ParticipantToken', 'required'],
    ['CreateParticipantConnection', { ParticipantToken: '' }, 'ParticipantToken', 'minLength'],
    ['CreateParticipantConnection', { ParticipantToken: 'x'.repeat(1001) }, 'ParticipantToken', 'maxLength'],
    ['CreateParticipantConnection', { ParticipantToken: 42 }, 'ParticipantToken', 'type'],
    ['CreateParticipantConnection', { ParticipantToken: 'p', Type: [] }, 'Type', 'minItems'],
    ['CreateParticipantConnection', { ParticipantToken: 'p', Type: ['SMOKE_SIGNAL'] }, 'Type[0]', 'enum'],
    ['CreateParticipantConnection', { ParticipantToken: 'p', Type: 'WEBSOCKET' }, 'Type', 'type'],
    ['CreateParticipantConnection', { ParticipantToken: 'p', ConnectParticipant: 'yes' }, 'ConnectParticipant', 'type'],
    ['SendMessage', { ConnectionToken: TOKEN, Content: 'x' }, 'ContentType', 'required'],
    ['SendMessage', { ConnectionToken: TOKEN, ContentType: 'text/plain', Content: '' }, 'Content', 'minLength'],
    ['SendMessage', { ConnectionToken: TOKEN, ContentType: 'text/plain', Content: 'x'.repeat(16_385) }, 'Content', 'maxLength'],
    ['SendMessage', { ConnectionToken: TOKEN, ContentType: 't'.repeat(101), Content: 'x' }, 'ContentType', 'maxLength'],
    ['SendMessage', { ConnectionToken: TOKEN, ContentType: 'text/plain', Content: 'x', ClientToken: 'c'.repeat(501) }, 'ClientToken', 'maxLength'],
    ['SendEvent', { ConnectionToken: TOKEN, ContentType: '' }, 'ContentType', 'minLength'],
    ['GetTranscript', { ConnectionToken: TOKEN, MaxResults: 101 }, 'MaxResults', 'max'],
    ['GetTranscript', { ConnectionToken: TOKEN, MaxResults: -1 }, 'MaxResults', 'min'],
    ['GetTranscript', { ConnectionToken: TOKEN, MaxResults: 1.5 }, 'MaxResults', 'integer'],
    ['GetTranscript', { ConnectionToken: TOKEN, ScanDirection: 'SIDEWAYS' }, 'ScanDirection', 'enum'],
    ['GetTranscript', { ConnectionToken: TOKEN, SortOrder: 'RANDOM' }, 'SortOrder', 'enum'],
    ['GetTranscript', { ConnectionToken: TOKEN, NextToken: '' }, 'NextToken', 'minLength'],
    ['GetTranscript', { ConnectionToken: TOKEN, ContactId: 'c'.repeat(257) }, 'ContactId', 'maxLength'],
    ['GetTranscript', { ConnectionToken: TOKEN, StartPosition: 'start' }, 'StartPosition', 'type'],
    ['GetTranscript', { ConnectionToken: TOKEN, StartPosition: { MostRecent: 101 } }, 'StartPosition.MostRecent', 'max'],
    ['GetTranscript', { ConnectionToken: TOKEN, StartPosition: { AbsoluteTime: 'last tuesday' } }, 'StartPosition.AbsoluteTime', 'format'],
    ['GetTranscript', { ConnectionToken: TOKEN, StartPosition: { Id: '' } }, 'StartPosition.Id', 'minLength'],
    ['StartAttachmentUpload', { ConnectionToken: TOKEN, ContentType: 'image/png', AttachmentSizeInBytes: 0, AttachmentName: 'a', ClientToken: 'c' }, 'AttachmentSizeInBytes', 'min'],
    ['StartAttachmentUpload', { ConnectionToken: TOKEN, ContentType: 'image/png', AttachmentSizeInBytes: 2 ** 53, AttachmentName: 'a', ClientToken: 'c' }, 'AttachmentSizeInBytes', 'max'],
    ['StartAttachmentUpload', { ConnectionToken: TOKEN, ContentType: 'image/png', AttachmentSizeInBytes: 1, AttachmentName: 'a' }, 'ClientToken', 'required'],
    ['StartAttachmentUpload', { ConnectionToken: TOKEN, ContentType: 'image/png', AttachmentSizeInBytes: 1, AttachmentName: '', ClientToken: 'c' }, 'AttachmentName', 'minLength'],
    ['CompleteAttachmentUpload', { ConnectionToken: TOKEN, AttachmentIds: [], ClientToken: 'c' }, 'AttachmentIds', 'minItems'],
    ['CompleteAttachmentUpload', { ConnectionToken: TOKEN, AttachmentIds: ['a', 'b'], ClientToken: 'c' }, 'AttachmentIds', 'maxItems'],
    ['CompleteAttachmentUpload', { ConnectionToken: TOKEN, AttachmentIds: [null], ClientToken: 'c' }, 'AttachmentIds[0]', 'required'],
    ['CompleteAttachmentUpload', { ConnectionToken: TOKEN, AttachmentIds: ['a'], ClientToken: '' }, 'ClientToken', 'minLength'],
    ['GetAttachment', { ConnectionToken: TOKEN }, 'AttachmentId', 'required'],
    ['GetAttachment', { ConnectionToken: TOKEN, AttachmentId: 'a', UrlExpiryInSeconds: 4 }, 'UrlExpiryInSeconds', 'min'],
    ['GetAttachment', { ConnectionToken: TOKEN, AttachmentId: 'a', UrlExpiryInSeconds: 301 }, 'UrlExpiryInSeconds', 'max'],
    ['DescribeView', { ConnectionToken: TOKEN, ViewToken: '' }, 'ViewToken', 'minLength'],
    ['GetAuthenticationUrl', { ConnectionToken: TOKEN, SessionId: 'short', RedirectUri: 'https://x' }, 'SessionId', 'minLength'],
    ['GetAuthenticationUrl', { ConnectionToken: TOKEN, SessionId: SESSION_ID, RedirectUri: 'r'.repeat(1025) }, 'RedirectUri', 'maxLength'],
    ['CancelParticipantAuthentication', { ConnectionToken: TOKEN, SessionId: `${SESSION_ID}x` }, 'SessionId', 'maxLength'],
    ['DisconnectParticipant', { ConnectionToken: null }, 'ConnectionToken', 'required'],
  ])('%s %j: %s breaks %s', (op, input, field, constraint) => {
    const e = validationOf(op, input);
    expect(e.field).toBe(field);
    expect(e.constraint).toBe(constraint);
    expect(e.message).toContain(`${op}Request.${field}`);
    expect(e.$fault).toBe('client');
    expect(e.$metadata).toEqual({});
    expect(e.name).toBe('ValidationException');
  });

  it('refuses a request that is not an object', () => {
    for (const input of [null, undefined, 'x', 3, []]) expect(validationOf('SendMessage', input).constraint).toBe('type');
  });

  it('counts lengths in code points, as the service does', () => {
    const emoji = '😀'.repeat(16_384); // 32,768 UTF-16 units, 16,384 code points
    expect(() => encodeRequest('SendMessage', { ConnectionToken: TOKEN, ContentType: 'text/plain', Content: emoji })).not.toThrow();
    expect(validationOf('SendMessage', { ConnectionToken: TOKEN, ContentType: 'text/plain', Content: `${emoji}!` }).constraint).toBe('maxLength');
  });

  it('counts a lone surrogate as one code point, and a pair as one', () => {
    // 36 code points in 45 UTF-16 units: 9 pairs, 9 letters, 9 lone high and 9 lone low surrogates.
    const mixed = '😀\ud83dx\ude00'.repeat(9);
    expect(mixed).toHaveLength(45);
    expect([...mixed]).toHaveLength(36);
    const call = (SessionId: string) => ({ ConnectionToken: TOKEN, SessionId });
    expect(() => encodeRequest('CancelParticipantAuthentication', call(mixed))).not.toThrow();
    expect(validationOf('CancelParticipantAuthentication', call(`${mixed}\ude00`)).constraint).toBe('maxLength');
    expect(validationOf('CancelParticipantAuthentication', call(mixed.slice(0, -1))).constraint).toBe('minLength');
  });
});
