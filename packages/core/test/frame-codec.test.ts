import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_FRAME_BYTES,
  FrameDecodeError,
  decodeClientFrame,
  decodeServerFrame,
  encodeClientFrame,
  encodeServerFrame,
  type ServerFrame,
} from '@connect-participant/core';

const decoded = (data: unknown, maxFrameBytes?: number): ServerFrame => {
  const r = decodeServerFrame(data, maxFrameBytes === undefined ? {} : { maxFrameBytes });
  if (!r.ok) throw r.error;
  return r.value;
};

const failure = (data: unknown, maxFrameBytes?: number): FrameDecodeError => {
  const r = decodeServerFrame(data, maxFrameBytes === undefined ? {} : { maxFrameBytes });
  if (r.ok) throw new Error(`expected a decode error, got ${JSON.stringify(r.value)}`);
  expect(r.error).toBeInstanceOf(FrameDecodeError);
  return r.error;
};

describe('client frames (protocol.md §3.2)', () => {
  it('encodes exactly the frames the gateway expects', () => {
    expect(encodeClientFrame({ kind: 'subscribe', topics: ['aws/chat'] })).toBe(
      '{"topic":"aws/subscribe","content":{"topics":["aws/chat"]}}',
    );
    expect(encodeClientFrame({ kind: 'heartbeat' })).toBe('{"topic":"aws/heartbeat"}');
    expect(encodeClientFrame({ kind: 'ping' })).toBe('{"topic":"aws/ping"}');
    expect(encodeClientFrame({ kind: 'subscribe', topics: ['a', 'b'] })).toBe('{"topic":"aws/subscribe","content":{"topics":["a","b"]}}');
  });

  it('decodes them back (the emulator side)', () => {
    for (const frame of [{ kind: 'subscribe', topics: ['aws/chat'] }, { kind: 'heartbeat' }, { kind: 'ping' }] as const) {
      expect(decodeClientFrame(encodeClientFrame(frame))).toEqual({ ok: true, value: frame });
    }
    expect(decodeClientFrame('{"topic":"aws/unsubscribe"}')).toEqual({ ok: true, value: { kind: 'unknown', topic: 'aws/unsubscribe' } });
    for (const bad of ['', 'nope', '[]', '{}', '{"topic":"aws/subscribe"}', '{"topic":"aws/subscribe","content":{"topics":[1]}}', 7]) {
      expect(decodeClientFrame(bad).ok).toBe(false);
    }
    expect(decodeClientFrame('{"topic":"aws/ping"}', { maxFrameBytes: 5 }).ok).toBe(false);
  });
});

describe('server frames (protocol.md §3.3)', () => {
  it('subscribe ack, success and failure', () => {
    expect(decoded('{"topic":"aws/subscribe","content":{"status":"success","topics":["aws/chat"]}}')).toEqual({
      kind: 'subscribe-ack',
      status: 'success',
      success: true,
      topics: ['aws/chat'],
    });
    expect(decoded('{"topic":"aws/subscribe","content":{"status":"failure"}}')).toEqual({
      kind: 'subscribe-ack',
      status: 'failure',
      success: false,
      topics: [],
    });
  });

  it('heartbeat and ping replies', () => {
    expect(decoded('{"topic":"aws/heartbeat"}')).toEqual({ kind: 'heartbeat' });
    expect(decoded('{"topic":"aws/heartbeat","content":{"anything":1}}')).toEqual({ kind: 'heartbeat' });
    expect(decoded('{"topic":"aws/ping","statusCode":200,"statusContent":"OK"}')).toEqual({
      kind: 'ping',
      ok: true,
      statusCode: 200,
      statusContent: 'OK',
    });
    expect(decoded('{"topic":"aws/ping","statusCode":500,"statusContent":{"error":"x"}}')).toMatchObject({ kind: 'ping', ok: false, statusCode: 500 });
  });

  it('a chat item with its content parsed (§3.4 example)', () => {
    const item = {
      AbsoluteTime: '2025-05-23T06:01:24.287Z',
      Content: 'hi',
      ContentType: 'text/plain',
      Id: 'e696',
      Type: 'MESSAGE',
      ParticipantId: '5b37',
      DisplayName: 'Customer',
      ParticipantRole: 'CUSTOMER',
      InitialContactId: '3358',
      ContactId: '7d00',
    };
    const frame = JSON.stringify({ topic: 'aws/chat', content: JSON.stringify(item) });
    expect(decoded(frame)).toEqual({ kind: 'chat', item });
    expect(encodeServerFrame({ kind: 'chat', item })).toBe(frame);
  });

  it('keeps unknown members as they came, drops nulls, and never lets a __proto__ key reach a prototype', () => {
    const content = '{"Id":"e696","Type":"MESSAGE","Content":null,"Future":1,"__proto__":{"polluted":true},"MessageMetadata":{"MessageId":"m","Extra":2}}';
    const frame = decoded(JSON.stringify({ topic: 'aws/chat', content }));
    const item = (frame as Extract<ServerFrame, { kind: 'chat' }>).item as Record<string, unknown>;
    expect(Object.getPrototypeOf(item)).toBe(Object.prototype);
    expect(Object.keys(item)).toEqual(['Id', 'Type', 'Future', '__proto__', 'MessageMetadata']);
    expect(item['Future']).toBe(1);
    expect(Object.getOwnPropertyDescriptor(item, '__proto__')?.value).toEqual({ polluted: true });
    expect(item['MessageMetadata']).toEqual({ MessageId: 'm', Extra: 2 });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect((frame as Extract<ServerFrame, { kind: 'chat' }>).warnings).toBeUndefined();
  });

  it('passes an item whose known members are all well typed on as it was parsed, unknown members and all', () => {
    const item = { Id: 'i', Type: 'MESSAGE', Brand: { New: ['x'] }, MessageMetadata: { ChunkNumber: 2, MessageCompleted: false, Extra: true } };
    expect(decoded(JSON.stringify({ topic: 'aws/chat', content: JSON.stringify(item) }))).toEqual({ kind: 'chat', item });
  });

  it('leaves out each member of the wrong type, at any depth, and names every one', () => {
    const content = JSON.stringify({
      Id: 'i',
      Content: 'kept',
      DisplayName: 7,
      Attachments: [{ AttachmentId: 'a', Status: false }, 'odd', { AttachmentId: 'b' }],
      MessageMetadata: { ChunkNumber: '2', MessageCompleted: true, Receipts: 'none' },
    });
    const frame = decoded(JSON.stringify({ topic: 'aws/chat', content })) as Extract<ServerFrame, { kind: 'chat' }>;
    expect(frame.item).toEqual({ Id: 'i', Content: 'kept', Attachments: [{ AttachmentId: 'a' }, { AttachmentId: 'b' }], MessageMetadata: { MessageCompleted: true } });
    expect(frame.warnings).toEqual([
      { path: 'DisplayName', expected: 'a string', dropped: 'member' },
      { path: 'Attachments[0].Status', expected: 'a string', dropped: 'member' },
      { path: 'Attachments[1]', expected: 'an object', dropped: 'element' },
      { path: 'MessageMetadata.ChunkNumber', expected: 'a finite number', dropped: 'member' },
      { path: 'MessageMetadata.Receipts', expected: 'an array', dropped: 'member' },
    ]);
    // The warnings of one frame are not carried into the next.
    expect(decoded(JSON.stringify({ topic: 'aws/chat', content: '{"Id":"j"}' }))).toEqual({ kind: 'chat', item: { Id: 'j' } });
  });

  it('receipts and streamed chunks', () => {
    const receipt = {
      Id: 'm2',
      Type: 'MESSAGEMETADATA',
      MessageMetadata: { MessageId: 'e696', Receipts: [{ DeliveredTimestamp: '2025-05-23T06:01:25.000Z', RecipientParticipantId: 'a1' }] },
    };
    expect(decoded(encodeServerFrame({ kind: 'chat', item: receipt }))).toEqual({ kind: 'chat', item: receipt });
    const chunk = { Id: 'b1', Type: 'MESSAGE', ParticipantRole: 'SYSTEM', Content: 'Hel', MessageMetadata: { MessageCompleted: false, ChunkNumber: 1 } };
    expect(decoded(encodeServerFrame({ kind: 'chat', item: chunk }))).toEqual({ kind: 'chat', item: chunk });
  });

  it('gateway errors, unknown topics and empty frames', () => {
    expect(decoded('{"message":"Forbidden","connectionId":"c1","requestId":"r1"}')).toEqual({
      kind: 'gateway-error',
      message: 'Forbidden',
      connectionId: 'c1',
      requestId: 'r1',
    });
    expect(decoded('{"message":"Endpoint request timed out"}')).toMatchObject({ kind: 'gateway-error', connectionId: undefined });
    expect(decoded('{"topic":"aws/future","content":{"x":1}}')).toEqual({
      kind: 'unknown',
      topic: 'aws/future',
      frame: { topic: 'aws/future', content: { x: 1 } },
    });
    expect(decoded('')).toEqual({ kind: 'empty' });
    expect(decoded('  \n')).toEqual({ kind: 'empty' });
  });

  it('server frames round-trip through encodeServerFrame', () => {
    const frames: Exclude<ServerFrame, { kind: 'empty' | 'unknown' }>[] = [
      { kind: 'subscribe-ack', status: 'success', success: true, topics: ['aws/chat'] },
      { kind: 'heartbeat' },
      { kind: 'ping', ok: true, statusCode: 200, statusContent: 'OK' },
      { kind: 'gateway-error', message: 'Forbidden', connectionId: 'c', requestId: 'r' },
    ];
    for (const frame of frames) expect(decoded(encodeServerFrame(frame))).toEqual(frame);
  });
});

describe('malformed frames are typed error values', () => {
  it.each([
    ['not-text', new Uint8Array([123, 125])],
    ['not-text', undefined],
    ['not-json', '{"topic":'],
    ['not-object', '["aws/chat"]'],
    ['not-object', 'null'],
    ['not-object', '42'],
    ['no-topic', '{}'],
    ['invalid-field', '{"topic":7}'],
    ['invalid-field', '{"topic":"aws/chat","content":{"Id":"x"}}'],
    ['content-not-json', '{"topic":"aws/chat","content":"{not json"}'],
    ['invalid-item', '{"topic":"aws/chat","content":"[1,2]"}'],
    ['invalid-item', '{"topic":"aws/chat","content":"5"}'],
    ['invalid-field', '{"topic":"aws/subscribe","content":"success"}'],
    ['invalid-field', '{"topic":"aws/subscribe","content":{"status":1}}'],
    ['invalid-field', '{"topic":"aws/subscribe","content":{"status":"success","topics":"aws/chat"}}'],
    ['invalid-field', '{"topic":"aws/ping","statusCode":"200"}'],
  ])('%s: %j', (reason, data) => {
    expect(failure(data).reason).toBe(reason);
  });

  it('names an odd item member without echoing data', () => {
    const r = decodeServerFrame(JSON.stringify({ topic: 'aws/chat', content: JSON.stringify({ Id: 'secret-ish', MessageMetadata: { Receipts: [{ ReadTimestamp: 1 }] } }) }));
    const frame = (r.ok ? r.value : undefined) as Extract<ServerFrame, { kind: 'chat' }>;
    expect(frame.warnings).toEqual([{ path: 'MessageMetadata.Receipts[0].ReadTimestamp', expected: 'a string', dropped: 'member' }]);
    expect(JSON.stringify(frame.warnings)).not.toContain('secret-ish');
  });

  it('refuses frames over the limit, counting UTF-8 bytes', () => {
    expect(failure('x'.repeat(DEFAULT_MAX_FRAME_BYTES + 1)).reason).toBe('too-large');
    const heartbeat = '{"topic":"aws/heartbeat"}';
    expect(decoded(heartbeat, heartbeat.length)).toEqual({ kind: 'heartbeat' });
    expect(failure(heartbeat, heartbeat.length - 1).reason).toBe('too-large');
    // 'é' is 2 bytes, '😀' 4: a frame whose UTF-16 length fits but whose UTF-8 size does not.
    const wide = JSON.stringify({ topic: 'aws/x', content: 'é😀'.repeat(100) });
    const bytes = new TextEncoder().encode(wide).length;
    expect(decoded(wide, bytes)).toMatchObject({ kind: 'unknown' });
    expect(failure(wide, bytes - 1).reason).toBe('too-large');
  });
});
