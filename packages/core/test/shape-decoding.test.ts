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
    const r = decodeServerFrame(JSON.stringify({ topic: 'aws/chat', content: JSON.stringify({ Id: 'i', MessageMetadata: { MessageCompleted: 'true' } }) }));
    expect(!r.ok && r.error.message).toBe('aws/chat frame: content.MessageMetadata.MessageCompleted should be a boolean');
    const s = decodeServerFrame(JSON.stringify({ topic: 'aws/chat', content: JSON.stringify({ Id: 'i', MessageMetadata: { MessageId: false } }) }));
    expect(!s.ok && s.error.message).toBe('aws/chat frame: content.MessageMetadata.MessageId should be a string');
    const n = decodeServerFrame(JSON.stringify({ topic: 'aws/chat', content: JSON.stringify({ Id: 'i', MessageMetadata: { ChunkNumber: '1' } }) }));
    expect(!n.ok && n.error.message).toBe('aws/chat frame: content.MessageMetadata.ChunkNumber should be a finite number');
  });
});

describe('output shapes: known members only', () => {
  it('passes an object holding only known, non-null members on as it came', () => {
    const body = { Id: 'i', AbsoluteTime: '2019-11-08T02:41:28.172Z' };
    expect(output('SendMessage', body)).toStrictEqual(body);
  });

  it('drops an unknown member, and a null one, of an otherwise exact object', () => {
    expect(output('SendMessage', { Id: 'i', Extra: 1 })).toStrictEqual({ Id: 'i' });
    expect(output('SendMessage', { Id: 'i', AbsoluteTime: null })).toStrictEqual({ Id: 'i' });
    expect(chatItem({ Id: 'i', Content: null })).toStrictEqual({ Id: 'i' });
  });

  it('drops an unknown member of a nested object when the outer one is exact', () => {
    expect(chatItem({ Id: 'i', MessageMetadata: { MessageId: 'm', Extra: 2 } })).toStrictEqual({ Id: 'i', MessageMetadata: { MessageId: 'm' } });
    expect(chatItem({ Id: 'i', Attachments: [{ AttachmentId: 'a', Extra: 3 }] })).toStrictEqual({ Id: 'i', Attachments: [{ AttachmentId: 'a' }] });
    expect(output('CreateParticipantConnection', { Websocket: { Url: 'u', Extra: 1 }, ConnectionCredentials: { ConnectionToken: 't' } })).toStrictEqual({
      Websocket: { Url: 'u' },
      ConnectionCredentials: { ConnectionToken: 't' },
    });
  });

  it('keeps the members’ order of the model in a rebuilt object, each member once', () => {
    const item = chatItem({ Content: 'c', Id: 'i', Unknown: 0 }) as Record<string, unknown>;
    expect(item).toStrictEqual({ Id: 'i', Content: 'c' });
    expect(Object.keys(item).sort()).toEqual(['Content', 'Id']);
  });

  it('never reads a member from a prototype, nor writes one there', () => {
    const item = chatItem(JSON.parse('{"Id":"i","__proto__":{"Content":"inherited"},"constructor":"c"}')) as Record<string, unknown>;
    expect(item).toStrictEqual({ Id: 'i' });
    expect(Object.getPrototypeOf(item)).toBe(Object.prototype);
    expect(item['Content']).toBeUndefined();
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
