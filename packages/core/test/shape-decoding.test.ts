import { describe, expect, it } from 'vitest';
import { decodeResponse, decodeServerFrame, type HttpResponse, type OperationName } from '@connect-participant/core';

const ok = (body: unknown): HttpResponse => ({ status: 200, headers: {}, body: typeof body === 'string' ? body : JSON.stringify(body) });

const output = (op: OperationName, body: unknown): unknown => {
  const r = decodeResponse(op, ok(body));
  if (!r.ok) throw r.error;
  return r.value.output;
};

const mismatch = (op: OperationName, body: unknown): string => {
  const r = decodeResponse(op, ok(body));
  if (r.ok) throw new Error(`expected a MalformedResponseError, got ${JSON.stringify(r.value.output)}`);
  expect(r.error.name).toBe('MalformedResponseError');
  return r.error.message;
};

/** The item a chat frame carries, decoded. */
const chatItem = (item: unknown): unknown => {
  const r = decodeServerFrame(JSON.stringify({ topic: 'aws/chat', content: JSON.stringify(item) }));
  if (!r.ok) throw r.error;
  if (r.value.kind !== 'chat') throw new Error(`expected a chat frame, got ${r.value.kind}`);
  return r.value.item;
};

describe('output shapes: what each member must be', () => {
  it('names the expected type of each kind of member, with its path', () => {
    expect(mismatch('SendMessage', { Id: 7 })).toBe('SendMessageResponse.Id should be a string');
    expect(mismatch('GetAttachment', { AttachmentSizeInBytes: '10' })).toBe('GetAttachmentResponse.AttachmentSizeInBytes should be a finite number');
    expect(mismatch('GetAttachment', '{"AttachmentSizeInBytes":1e999}')).toBe('GetAttachmentResponse.AttachmentSizeInBytes should be a finite number');
    expect(mismatch('DescribeView', { View: { Content: { Actions: 'Go' } } })).toBe('DescribeViewResponse.View.Content.Actions should be an array');
    expect(mismatch('DescribeView', { View: 'v' })).toBe('DescribeViewResponse.View should be an object');
    expect(mismatch('DescribeView', { View: [] })).toBe('DescribeViewResponse.View should be an object');
    expect(mismatch('StartAttachmentUpload', { UploadMetadata: { HeadersToInclude: ['x'] } })).toBe(
      'StartAttachmentUploadResponse.UploadMetadata.HeadersToInclude should be an object',
    );
    expect(mismatch('StartAttachmentUpload', { UploadMetadata: { HeadersToInclude: { a: 'b', 'x-amz-acl': true } } })).toBe(
      'StartAttachmentUploadResponse.UploadMetadata.HeadersToInclude.x-amz-acl should be a string',
    );
    expect(mismatch('CreateParticipantConnection', { Websocket: { Url: 'u', ConnectionExpiry: 1 } })).toBe(
      'CreateParticipantConnectionResponse.Websocket.ConnectionExpiry should be a string',
    );
  });

  it('refuses a body that is JSON but not an object', () => {
    for (const body of ['null', '"text"', '42', 'true', '[]']) expect(mismatch('SendMessage', body)).toBe('the response body should be an object');
  });

  it('checks booleans and strings each for its own type', () => {
    const item = (MessageMetadata: unknown) => chatItem({ Id: 'i', MessageMetadata });
    expect(item({ MessageCompleted: true, MessageId: 'm' })).toStrictEqual({ Id: 'i', MessageMetadata: { MessageCompleted: true, MessageId: 'm' } });
    expect(item({ MessageCompleted: false })).toStrictEqual({ Id: 'i', MessageMetadata: { MessageCompleted: false } });
    const dropped = (MessageMetadata: unknown) => {
      const r = decodeServerFrame(JSON.stringify({ topic: 'aws/chat', content: JSON.stringify({ Id: 'i', MessageMetadata }) }));
      return r.ok && r.value.kind === 'chat' ? r.value.warnings : undefined;
    };
    expect(dropped({ MessageCompleted: 'true' })).toEqual([{ path: 'MessageMetadata.MessageCompleted', expected: 'a boolean', dropped: 'member' }]);
    expect(dropped({ MessageId: false })).toEqual([{ path: 'MessageMetadata.MessageId', expected: 'a string', dropped: 'member' }]);
    expect(dropped({ ChunkNumber: '1' })).toEqual([{ path: 'MessageMetadata.ChunkNumber', expected: 'a finite number', dropped: 'member' }]);
  });
});

describe('output shapes: unknown members kept, nulls absent', () => {
  it('passes an object whose known members are all present and well typed on as it came, unknown ones included', () => {
    const body = { Id: 'i', AbsoluteTime: '2019-11-08T02:41:28.172Z' };
    expect(output('SendMessage', body)).toStrictEqual(body);
    const extra = { Id: 'i', Extra: 1 };
    expect(output('SendMessage', extra)).toStrictEqual(extra);
  });

  it('drops a null member, keeping the unknown ones', () => {
    expect(output('SendMessage', { Id: 'i', AbsoluteTime: null, Extra: null })).toStrictEqual({ Id: 'i', Extra: null });
    expect(chatItem({ Id: 'i', Content: null })).toStrictEqual({ Id: 'i' });
  });

  it('keeps unknown members of nested objects, and copies only what changed', () => {
    expect(chatItem({ Id: 'i', MessageMetadata: { MessageId: 'm', Extra: 2 } })).toStrictEqual({ Id: 'i', MessageMetadata: { MessageId: 'm', Extra: 2 } });
    expect(chatItem({ Id: 'i', Attachments: [{ AttachmentId: 'a', Extra: 3, Status: null }] })).toStrictEqual({ Id: 'i', Attachments: [{ AttachmentId: 'a', Extra: 3 }] });
    expect(output('CreateParticipantConnection', { Websocket: { Url: 'u', Extra: 1 }, ConnectionCredentials: { ConnectionToken: 't' } })).toStrictEqual({
      Websocket: { Url: 'u', Extra: 1 },
      ConnectionCredentials: { ConnectionToken: 't' },
    });
  });

  it('keeps the members of a copied object in the order they came, each once', () => {
    const item = chatItem({ Content: 'c', Id: 'i', Unknown: 0, DisplayName: null }) as Record<string, unknown>;
    expect(item).toStrictEqual({ Content: 'c', Id: 'i', Unknown: 0 });
    expect(Object.keys(item)).toEqual(['Content', 'Id', 'Unknown']);
  });

  it('never reads a member from a prototype, nor writes one there', () => {
    const item = chatItem(JSON.parse('{"Id":"i","__proto__":{"Content":"inherited"},"constructor":"c","DisplayName":null}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(item)).toBe(Object.prototype);
    expect(item['Content']).toBeUndefined();
    expect(item['constructor']).toBe('c');
    expect(Object.keys(item)).toEqual(['Id', '__proto__', 'constructor']);
  });

  it('refuses a response member of the wrong type, but only leaves out an item member of the wrong type', () => {
    expect(mismatch('CreateParticipantConnection', { Websocket: { Url: 5 } })).toBe('CreateParticipantConnectionResponse.Websocket.Url should be a string');
    const r = decodeResponse('GetTranscript', ok({ Transcript: [{ Id: 'i', DisplayName: ['x'], Content: 'kept' }] }));
    expect(r.ok && r.value.output.Transcript).toStrictEqual([{ Id: 'i', Content: 'kept' }]);
    expect(r.ok && r.value.warnings).toEqual([{ path: 'Transcript[0].DisplayName', expected: 'a string', dropped: 'member' }]);
  });

  it('keeps SendMessage\'s processing status, and reads it leniently', () => {
    expect(output('SendMessage', { Id: 'i', MessageMetadata: { MessageProcessingStatus: 'PROCESSING' } })).toStrictEqual({
      Id: 'i',
      MessageMetadata: { MessageProcessingStatus: 'PROCESSING' },
    });
    const r = decodeResponse('SendMessage', ok({ Id: 'i', MessageMetadata: { MessageProcessingStatus: 3 } }));
    expect(r.ok && r.value.output).toStrictEqual({ Id: 'i', MessageMetadata: {} });
  });

  it('a transcript that is not an array is malformed, even though its items are read leniently', () => {
    expect(mismatch('GetTranscript', { Transcript: 'items' })).toBe('GetTranscriptResponse.Transcript should be an array');
    expect(mismatch('GetTranscript', { Transcript: { 0: { Id: 'i' } } })).toBe('GetTranscriptResponse.Transcript should be an array');
  });

  it('decodes every element of an array and names the one at fault', () => {
    expect(mismatch('DescribeView', { View: { Content: { Actions: ['a', 'b', 3] } } })).toBe('DescribeViewResponse.View.Content.Actions[2] should be a string');
    expect(output('DescribeView', { View: { Content: { Actions: [] } } })).toStrictEqual({ View: { Content: { Actions: [] } } });
  });
});
