import { describe, expect, it } from 'vitest';
import {
  OPERATION_NAMES,
  ROUTES,
  ValidationException,
  encodeRequest,
  validateRequest,
  withClientToken,
  type OperationInput,
  type OperationName,
} from '@connect-participant/core';

const TOKEN = 'conn-token-7f3a';
const SESSION_ID = '0123456789abcdef0123456789abcdef0123';

/** The ValidationException encodeRequest throws, before any I/O. */
const refusal = (op: OperationName, input: unknown): ValidationException => {
  let thrown: unknown;
  try {
    encodeRequest(op, input as never);
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(ValidationException);
  const e = thrown as ValidationException;
  // validateRequest says the same, as a value.
  if (input !== null && typeof input === 'object' && !Array.isArray(input)) expect(validateRequest(op, input)).toEqual(e);
  return e;
};
const accepts = (op: OperationName, input: Record<string, unknown>) => {
  expect(validateRequest(op, input)).toBeUndefined();
  expect(() => encodeRequest(op, input as never)).not.toThrow();
};
const message = (op: OperationName, input: unknown) => refusal(op, input).message;

const send = (Content: unknown) => ({ ConnectionToken: TOKEN, ContentType: 'text/plain', Content });
const transcript = (members: Record<string, unknown>) => ({ ConnectionToken: TOKEN, ...members });

describe('string lengths count Unicode code points, as the service model does', () => {
  it('names the count it found, in code points, not UTF-16 units or bytes', () => {
    expect(message('SendMessage', send('😀'.repeat(16_385)))).toBe(
      'SendMessageRequest.Content: length must be at most 16384, got 16385',
    );
    expect(message('SendMessage', send(''))).toBe('SendMessageRequest.Content: length must be at least 1, got 0');
    expect(message('GetAuthenticationUrl', { ConnectionToken: TOKEN, SessionId: '😀'.repeat(35), RedirectUri: 'r' })).toBe(
      'GetAuthenticationUrlRequest.SessionId: length must be at least 36, got 35',
    );
  });

  it('accepts each bound exactly, in code points', () => {
    accepts('SendMessage', send('x'));
    accepts('SendMessage', send('x'.repeat(16_384)));
    accepts('SendMessage', send('é'.repeat(16_384)));
    accepts('SendMessage', send(`${'😀'.repeat(16_383)}x`));
    accepts('GetAuthenticationUrl', { ConnectionToken: TOKEN, SessionId: '😀'.repeat(36), RedirectUri: 'r' });
    accepts('GetAuthenticationUrl', { ConnectionToken: TOKEN, SessionId: `${'😀'.repeat(18)}${'x'.repeat(18)}`, RedirectUri: 'r' });
    expect(refusal('GetAuthenticationUrl', { ConnectionToken: TOKEN, SessionId: `${'😀'.repeat(18)}${'x'.repeat(17)}`, RedirectUri: 'r' }).constraint).toBe(
      'minLength',
    );
    accepts('CreateParticipantConnection', { ParticipantToken: '😀'.repeat(1000) });
    expect(refusal('CreateParticipantConnection', { ParticipantToken: '😀'.repeat(1001) }).constraint).toBe('maxLength');
    accepts('CreateParticipantConnection', { ParticipantToken: '😀' });
  });

  it('counts a string whose UTF-16 length is within bounds but its code points are not', () => {
    // 36 units, 35 code points: the SessionId's length in units is exactly right, in code points one short.
    const session = (SessionId: string) => ({ ConnectionToken: TOKEN, SessionId });
    expect(message('CancelParticipantAuthentication', session(`😀${'x'.repeat(34)}`))).toBe(
      'CancelParticipantAuthenticationRequest.SessionId: length must be at least 36, got 35',
    );
    accepts('CancelParticipantAuthentication', session(`😀${'x'.repeat(35)}`));
    expect(refusal('GetTranscript', transcript({ StartPosition: { AbsoluteTime: '' } })).constraint).toBe('minLength');
    accepts('DisconnectParticipant', { ConnectionToken: TOKEN, ClientToken: '' });
    accepts('StartAttachmentUpload', { ConnectionToken: TOKEN, ContentType: 'a', AttachmentSizeInBytes: 1, AttachmentName: '😀', ClientToken: '😀' });
  });
});

describe('numbers, enums, lists and structures', () => {
  it('accepts every bound of a range and refuses one past it', () => {
    accepts('GetTranscript', transcript({ MaxResults: 0 }));
    accepts('GetTranscript', transcript({ MaxResults: 100 }));
    accepts('GetTranscript', transcript({ StartPosition: { MostRecent: 100 } }));
    accepts('GetAttachment', { ConnectionToken: TOKEN, AttachmentId: 'a', UrlExpiryInSeconds: 5 });
    accepts('GetAttachment', { ConnectionToken: TOKEN, AttachmentId: 'a', UrlExpiryInSeconds: 300 });
    const upload = (size: number) => ({ ConnectionToken: TOKEN, ContentType: 'image/png', AttachmentSizeInBytes: size, AttachmentName: 'a.png', ClientToken: 'c' });
    accepts('StartAttachmentUpload', upload(1));
    // The model sets no maximum (the 20 MB quota is the account's, enforced by the service), nor an extension list.
    accepts('StartAttachmentUpload', upload(20_971_521));
    accepts('StartAttachmentUpload', { ...upload(1), AttachmentName: 'notes.md' });
    expect(message('StartAttachmentUpload', upload(0))).toBe('StartAttachmentUploadRequest.AttachmentSizeInBytes: must be at least 1');
    expect(message('StartAttachmentUpload', upload(2 ** 53))).toBe(
      `StartAttachmentUploadRequest.AttachmentSizeInBytes: must be at most ${Number.MAX_SAFE_INTEGER}`,
    );
  });

  it('tells a value that is not a number from one that is not whole', () => {
    expect(message('GetTranscript', transcript({ MaxResults: Number.NaN }))).toBe('GetTranscriptRequest.MaxResults: must be a number, got a number');
    expect(refusal('GetTranscript', transcript({ MaxResults: Number.NaN })).constraint).toBe('type');
    expect(message('GetTranscript', transcript({ MaxResults: '10' }))).toBe('GetTranscriptRequest.MaxResults: must be a number, got a string');
    expect(message('GetTranscript', transcript({ MaxResults: 2.5 }))).toBe('GetTranscriptRequest.MaxResults: must be a whole number');
    expect(refusal('GetTranscript', transcript({ MaxResults: Number.POSITIVE_INFINITY })).constraint).toBe('integer');
  });

  it('names the allowed values of an enum', () => {
    expect(message('GetTranscript', transcript({ ScanDirection: 'forward' }))).toBe(
      'GetTranscriptRequest.ScanDirection: must be one of FORWARD, BACKWARD',
    );
    accepts('GetTranscript', transcript({ ScanDirection: 'FORWARD', SortOrder: 'DESCENDING' }));
  });

  it('checks a timestamp member is one, and accepts one that is', () => {
    accepts('GetTranscript', transcript({ StartPosition: { AbsoluteTime: '2019-11-08T02:41:28.172Z' } }));
    expect(message('GetTranscript', transcript({ StartPosition: { AbsoluteTime: '2019-11-08' } }))).toBe(
      'GetTranscriptRequest.StartPosition.AbsoluteTime: must be an ISO-8601 timestamp such as 2019-11-08T02:41:28.172Z',
    );
  });

  it('describes the type it got', () => {
    const typeOf = (value: unknown) => message('SendMessage', send(value));
    expect(typeOf(['hi'])).toBe('SendMessageRequest.Content: must be a string, got an array');
    expect(typeOf({ text: 'hi' })).toBe('SendMessageRequest.Content: must be a string, got a object');
    expect(typeOf(7)).toBe('SendMessageRequest.Content: must be a string, got a number');
    expect(typeOf(true)).toBe('SendMessageRequest.Content: must be a string, got a boolean');
    expect(message('CreateParticipantConnection', { ParticipantToken: 'p', ConnectParticipant: 1 })).toBe(
      'CreateParticipantConnectionRequest.ConnectParticipant: must be a boolean, got a number',
    );
    expect(message('CreateParticipantConnection', { ParticipantToken: 'p', Type: { 0: 'WEBSOCKET' } })).toBe(
      'CreateParticipantConnectionRequest.Type: must be an array, got a object',
    );
    expect(message('GetTranscript', transcript({ StartPosition: [] }))).toBe('GetTranscriptRequest.StartPosition: must be an object, got an array');
  });

  it('names the item of a list at fault by its index, and counts items', () => {
    const e = refusal('CreateParticipantConnection', { ParticipantToken: 'p', Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS', 'FAX'] });
    expect(e.field).toBe('Type[2]');
    expect(e.message).toBe('CreateParticipantConnectionRequest.Type[2]: must be one of WEBSOCKET, CONNECTION_CREDENTIALS, WEBRTC_CONNECTION');
    for (const missing of [undefined, null]) {
      expect(message('CompleteAttachmentUpload', { ConnectionToken: TOKEN, AttachmentIds: [missing], ClientToken: 'c' })).toBe(
        'CompleteAttachmentUploadRequest.AttachmentIds[0]: is required',
      );
      expect(refusal('CompleteAttachmentUpload', { ConnectionToken: TOKEN, AttachmentIds: [missing], ClientToken: 'c' }).constraint).toBe('required');
    }
    expect(message('CompleteAttachmentUpload', { ConnectionToken: TOKEN, AttachmentIds: ['a', 'b'], ClientToken: 'c' })).toBe(
      'CompleteAttachmentUploadRequest.AttachmentIds: must have at most 1 item(s), got 2',
    );
    expect(message('CompleteAttachmentUpload', { ConnectionToken: TOKEN, AttachmentIds: [], ClientToken: 'c' })).toBe(
      'CompleteAttachmentUploadRequest.AttachmentIds: must have at least 1 item(s), got 0',
    );
    expect(message('CompleteAttachmentUpload', { ConnectionToken: TOKEN, AttachmentIds: [''], ClientToken: 'c' })).toBe(
      'CompleteAttachmentUploadRequest.AttachmentIds[0]: length must be at least 1, got 0',
    );
    accepts('CreateParticipantConnection', { ParticipantToken: 'p', Type: ['WEBSOCKET', 'CONNECTION_CREDENTIALS', 'WEBRTC_CONNECTION'] });
  });

  it('says which member is required, treating null as absent', () => {
    expect(message('SendMessage', { ConnectionToken: TOKEN, ContentType: 'text/plain' })).toBe('SendMessageRequest.Content: is required');
    expect(refusal('SendMessage', send(null)).constraint).toBe('required');
    accepts('SendEvent', { ConnectionToken: TOKEN, ContentType: 'application/vnd.amazonaws.connect.event.typing', Content: null });
  });

  it('refuses a request that is not an object, naming what it got', () => {
    const notObject = (input: unknown) => {
      const e = validateRequest('SendMessage', input);
      expect(e).toBeInstanceOf(ValidationException);
      expect(e?.field).toBe('');
      expect(e?.constraint).toBe('type');
      return e?.message;
    };
    expect(notObject(null)).toBe('SendMessageRequest: must be an object, got null');
    expect(notObject([])).toBe('SendMessageRequest: must be an object, got an array');
    expect(notObject('x')).toBe('SendMessageRequest: must be an object, got a string');
    expect(message('SendMessage', undefined)).toBe('SendMessageRequest: must be an object, got a undefined');
  });

  it('reads only a request’s own members, never its prototype’s', () => {
    const inherited = Object.create({ ConnectionToken: TOKEN }) as Record<string, unknown>;
    Object.assign(inherited, { ContentType: 'text/plain', Content: 'x' });
    expect(validateRequest('SendMessage', inherited)).toMatchObject({ field: 'ConnectionToken', constraint: 'required' });
  });
});

describe('the encoded request', () => {
  it('leaves null members out of the body', () => {
    const req = encodeRequest('SendMessage', { ConnectionToken: TOKEN, ContentType: 'text/plain', Content: 'x', ClientToken: null } as unknown as OperationInput<'SendMessage'>);
    expect(req.body).toBe('{"ContentType":"text/plain","Content":"x"}');
  });

  it('sends what it validated: a getter is read once', () => {
    let reads = 0;
    const input = {
      ConnectionToken: TOKEN,
      ContentType: 'text/plain',
      get Content() {
        reads++;
        return reads === 1 ? 'checked' : '';
      },
    };
    const req = encodeRequest('SendMessage', input);
    expect(JSON.parse(req.body ?? '')).toEqual({ ContentType: 'text/plain', Content: 'checked' });
    expect(reads).toBe(1);
  });

  it('percent-encodes the view token into the path of DescribeView', () => {
    expect(encodeRequest('DescribeView', { ConnectionToken: TOKEN, ViewToken: 'a/b?c#d&é' }).path).toBe('/participant/views/a%2Fb%3Fc%23d%26%C3%A9');
  });

  it('fills in a ClientToken for exactly the five operations that take one', () => {
    const minimal: { [Op in OperationName]: Record<string, unknown> } = {
      CreateParticipantConnection: { ParticipantToken: 'p' },
      SendMessage: send('x'),
      SendEvent: { ConnectionToken: TOKEN, ContentType: 'application/vnd.amazonaws.connect.event.typing' },
      GetTranscript: transcript({}),
      DisconnectParticipant: { ConnectionToken: TOKEN },
      StartAttachmentUpload: { ConnectionToken: TOKEN, ContentType: 'image/png', AttachmentSizeInBytes: 1, AttachmentName: 'a.png' },
      CompleteAttachmentUpload: { ConnectionToken: TOKEN, AttachmentIds: ['a'] },
      GetAttachment: { ConnectionToken: TOKEN, AttachmentId: 'a' },
      DescribeView: { ConnectionToken: TOKEN, ViewToken: 'v' },
      GetAuthenticationUrl: { ConnectionToken: TOKEN, SessionId: SESSION_ID, RedirectUri: 'r' },
      CancelParticipantAuthentication: { ConnectionToken: TOKEN, SessionId: SESSION_ID },
    };
    const withToken = OPERATION_NAMES.filter((op) => {
      const req = encodeRequest(op, minimal[op] as never, { generateClientToken: () => 'generated' });
      return req.body !== undefined && (JSON.parse(req.body) as Record<string, unknown>)['ClientToken'] === 'generated';
    });
    expect(withToken.sort()).toEqual(['CompleteAttachmentUpload', 'DisconnectParticipant', 'SendEvent', 'SendMessage', 'StartAttachmentUpload']);
    for (const op of OPERATION_NAMES) expect(ROUTES[op].clientTokenField === 'ClientToken').toBe(withToken.includes(op));
  });

  it('the routes table, which the emulator serves, agrees with what is sent', () => {
    for (const op of OPERATION_NAMES) {
      const input = op === 'DescribeView' ? { ConnectionToken: TOKEN, ViewToken: 'v' } : undefined;
      const route = ROUTES[op];
      expect(route.method, op).toBe(op === 'DescribeView' ? 'GET' : 'POST');
      expect(route.tokenField, op).toBe(op === 'CreateParticipantConnection' ? 'ParticipantToken' : 'ConnectionToken');
      expect(route.path, op).toMatch(/^\/participant\/[a-z-]+(\/)?$/);
      if (input) expect(encodeRequest('DescribeView', input).method).toBe(route.method);
    }
    expect(new Set(OPERATION_NAMES.map((op) => ROUTES[op].path)).size).toBe(11);
  });

  it('withClientToken leaves a request that is not an object to validation', () => {
    const generate = () => 'generated';
    expect(withClientToken('SendMessage', null as never, generate)).toBeNull();
    expect(withClientToken('SendMessage', 'x' as never, generate)).toBe('x');
    const given = send('x');
    expect(withClientToken('GetTranscript', given as never, generate)).toBe(given);
    expect(withClientToken('SendMessage', { ...given, ClientToken: 'mine' } as never, generate)).toMatchObject({ ClientToken: 'mine' });
    expect(withClientToken('SendMessage', { ...given, ClientToken: '' } as never, generate)).toMatchObject({ ClientToken: '' });
  });
});
