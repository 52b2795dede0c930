import { describe, expect, it } from 'vitest';
import {
  FrameDecodeError,
  Topic,
  decodeClientFrame,
  decodeServerFrame,
  encodeClientFrame,
  encodeServerFrame,
  type FrameDecodeFailure,
} from '@connect-participant/core';

/** The error a decoder returned, checked to be the typed value (never thrown). */
function refusal(r: ReturnType<typeof decodeServerFrame> | ReturnType<typeof decodeClientFrame>): FrameDecodeError {
  if (r.ok) throw new Error(`expected a decode error, got ${JSON.stringify(r.value)}`);
  expect(r.error).toBeInstanceOf(FrameDecodeError);
  expect(r.error).toBeInstanceOf(Error);
  expect(r.error.name).toBe('FrameDecodeError');
  return r.error;
}

describe('the topics of the chat websocket', () => {
  it('are the gateway names', () => {
    expect(Topic).toEqual({
      SUBSCRIBE: 'aws/subscribe',
      UNSUBSCRIBE: 'aws/unsubscribe',
      HEARTBEAT: 'aws/heartbeat',
      PING: 'aws/ping',
      CHAT: 'aws/chat',
    });
  });
});

describe('encodeClientFrame', () => {
  it('subscribes to exactly the topics asked for, aws/chat alone or among others', () => {
    const subscribe = (topics: string[]) => JSON.parse(encodeClientFrame({ kind: 'subscribe', topics })) as unknown;
    expect(subscribe(['aws/chat'])).toEqual({ topic: 'aws/subscribe', content: { topics: ['aws/chat'] } });
    expect(subscribe(['aws/other'])).toEqual({ topic: 'aws/subscribe', content: { topics: ['aws/other'] } });
    expect(subscribe(['aws/chat', 'aws/other'])).toEqual({ topic: 'aws/subscribe', content: { topics: ['aws/chat', 'aws/other'] } });
    expect(subscribe(['aws/other', 'aws/chat'])).toEqual({ topic: 'aws/subscribe', content: { topics: ['aws/other', 'aws/chat'] } });
    expect(subscribe([])).toEqual({ topic: 'aws/subscribe', content: { topics: [] } });
  });
});

describe('decodeServerFrame, field by field', () => {
  it.each<[string, string, FrameDecodeFailure, string, string | undefined]>([
    ['binary data', '', 'not-text', 'frame is not text: the gateway sends only JSON text frames', undefined],
    ['not JSON', 'nope', 'not-json', 'frame is not JSON', undefined],
    ['an array', '[1]', 'not-object', 'frame is not a JSON object', undefined],
    ['neither topic nor message', '{"connectionId":"c"}', 'no-topic', 'frame has neither a topic nor a message', undefined],
    ['a null topic and a message that is not text', '{"topic":null,"message":5}', 'no-topic', 'frame has neither a topic nor a message', undefined],
    ['a topic that is not a string', '{"topic":["aws/chat"]}', 'invalid-field', 'frame topic should be a string', undefined],
    ['chat content as an object', '{"topic":"aws/chat","content":{"Id":"x"}}', 'invalid-field', 'aws/chat frame: content should be a JSON string', 'aws/chat'],
    ['chat content missing', '{"topic":"aws/chat"}', 'invalid-field', 'aws/chat frame: content should be a JSON string', 'aws/chat'],
    ['chat content not JSON', '{"topic":"aws/chat","content":"{"}', 'content-not-json', 'aws/chat frame: content is not JSON', 'aws/chat'],
    ['a chat item that is not an object', '{"topic":"aws/chat","content":"[]"}', 'invalid-item', 'aws/chat frame: content should be an object', 'aws/chat'],
    ['an ack without content', '{"topic":"aws/subscribe"}', 'invalid-field', 'aws/subscribe frame: content should be an object', 'aws/subscribe'],
    ['an ack with null content', '{"topic":"aws/subscribe","content":null}', 'invalid-field', 'aws/subscribe frame: content should be an object', 'aws/subscribe'],
    ['an ack with an array content', '{"topic":"aws/subscribe","content":["success"]}', 'invalid-field', 'aws/subscribe frame: content should be an object', 'aws/subscribe'],
    ['an ack without status', '{"topic":"aws/subscribe","content":{"topics":[]}}', 'invalid-field', 'aws/subscribe frame: content.status should be a string', 'aws/subscribe'],
    ['an ack with topics that are not strings', '{"topic":"aws/subscribe","content":{"status":"success","topics":["aws/chat",1]}}', 'invalid-field', 'aws/subscribe frame: content.topics should be an array of strings', 'aws/subscribe'],
    ['an ack with topics as an object', '{"topic":"aws/subscribe","content":{"status":"success","topics":{"0":"aws/chat"}}}', 'invalid-field', 'aws/subscribe frame: content.topics should be an array of strings', 'aws/subscribe'],
    ['a ping reply with a text status', '{"topic":"aws/ping","statusCode":"200"}', 'invalid-field', 'aws/ping frame: statusCode should be a number', 'aws/ping'],
    ['a ping reply with a null status', '{"topic":"aws/ping","statusCode":null}', 'invalid-field', 'aws/ping frame: statusCode should be a number', 'aws/ping'],
    ['a ping reply with an infinite status', '{"topic":"aws/ping","statusCode":1e999}', 'invalid-field', 'aws/ping frame: statusCode should be a number', 'aws/ping'],
  ])('refuses %s, naming the defect and the topic', (_, data, reason, message, topic) => {
    const e = refusal(decodeServerFrame(data === '' ? new Uint8Array([123, 125]) : data));
    expect(e.reason).toBe(reason);
    expect(e.message).toBe(message);
    expect(e.topic).toBe(topic);
  });

  it('delivers a chat item with a member of the wrong type without that member, and names it', () => {
    expect(decodeServerFrame('{"topic":"aws/chat","content":"{\\"Id\\":\\"i\\",\\"Content\\":1}"}')).toEqual({
      ok: true,
      value: { kind: 'chat', item: { Id: 'i' }, warnings: [{ path: 'Content', expected: 'a string', dropped: 'member' }] },
    });
  });

  it('reads a gateway error without a topic, or with a null one; ids only when they are text', () => {
    expect(decodeServerFrame('{"topic":null,"message":"Forbidden","connectionId":"c1","requestId":"r1"}')).toEqual({
      ok: true,
      value: { kind: 'gateway-error', message: 'Forbidden', connectionId: 'c1', requestId: 'r1' },
    });
    expect(decodeServerFrame('{"message":"","connectionId":7,"requestId":{"id":"r"}}')).toEqual({
      ok: true,
      value: { kind: 'gateway-error', message: '', connectionId: undefined, requestId: undefined },
    });
  });

  it('an empty topic is a topic, not a missing one', () => {
    expect(decodeServerFrame('{"topic":"","message":"x"}')).toEqual({ ok: true, value: { kind: 'unknown', topic: '', frame: { topic: '', message: 'x' } } });
  });

  it('reads a ping reply as ok only for status 200', () => {
    const ping = (statusCode: unknown) => decodeServerFrame(JSON.stringify({ topic: 'aws/ping', statusCode, statusContent: 'c' }));
    expect(ping(200)).toEqual({ ok: true, value: { kind: 'ping', ok: true, statusCode: 200, statusContent: 'c' } });
    expect(ping(204)).toEqual({ ok: true, value: { kind: 'ping', ok: false, statusCode: 204, statusContent: 'c' } });
    expect(ping(undefined)).toEqual({ ok: true, value: { kind: 'ping', ok: false, statusCode: undefined, statusContent: 'c' } });
  });

  it('reads a subscribe ack as subscribed only for status "success"', () => {
    const ack = (status: string) => decodeServerFrame(JSON.stringify({ topic: 'aws/subscribe', content: { status, topics: ['aws/chat'] } }));
    expect(ack('success')).toEqual({ ok: true, value: { kind: 'subscribe-ack', status: 'success', success: true, topics: ['aws/chat'] } });
    for (const status of ['failure', 'Success', 'success ', '']) {
      expect(ack(status)).toEqual({ ok: true, value: { kind: 'subscribe-ack', status, success: false, topics: ['aws/chat'] } });
    }
    expect(decodeServerFrame('{"topic":"aws/subscribe","content":{"status":"success","topics":null}}')).toEqual({
      ok: true,
      value: { kind: 'subscribe-ack', status: 'success', success: true, topics: [] },
    });
  });

  it('tells a blank frame from one that is not JSON', () => {
    expect(decodeServerFrame(' \t\r\n')).toEqual({ ok: true, value: { kind: 'empty' } });
    expect(refusal(decodeServerFrame(' x ')).reason).toBe('not-json');
  });
});

describe('decodeClientFrame, field by field (the emulator side)', () => {
  it.each<[string, unknown, FrameDecodeFailure, string, string | undefined]>([
    ['a number', 42, 'not-text', 'frame is not text', undefined],
    ['a blank frame', '   ', 'not-json', 'frame is not JSON', undefined],
    ['a JSON string', '"aws/ping"', 'not-object', 'frame is not a JSON object', undefined],
    ['null', 'null', 'not-object', 'frame is not a JSON object', undefined],
    ['an array', '[{"topic":"aws/ping"}]', 'not-object', 'frame is not a JSON object', undefined],
    ['no topic', '{"content":{}}', 'no-topic', 'frame topic should be a string', undefined],
    ['a null topic', '{"topic":null}', 'no-topic', 'frame topic should be a string', undefined],
    ['a subscribe without content', '{"topic":"aws/subscribe"}', 'invalid-field', 'aws/subscribe frame: content.topics should be an array of strings', 'aws/subscribe'],
    ['a subscribe with an array content', '{"topic":"aws/subscribe","content":["aws/chat"]}', 'invalid-field', 'aws/subscribe frame: content.topics should be an array of strings', 'aws/subscribe'],
    ['a subscribe with text topics', '{"topic":"aws/subscribe","content":{"topics":"aws/chat"}}', 'invalid-field', 'aws/subscribe frame: content.topics should be an array of strings', 'aws/subscribe'],
    ['a subscribe with a topic that is not text', '{"topic":"aws/subscribe","content":{"topics":["aws/chat",null]}}', 'invalid-field', 'aws/subscribe frame: content.topics should be an array of strings', 'aws/subscribe'],
  ])('refuses %s', (_, data, reason, message, topic) => {
    const e = refusal(decodeClientFrame(data));
    expect(e.reason).toBe(reason);
    expect(e.message).toBe(message);
    expect(e.topic).toBe(topic);
  });

  it('reads the reserved topics whatever else the frame holds, and keeps any other topic', () => {
    expect(decodeClientFrame('{"topic":"aws/heartbeat","content":{"x":1}}')).toEqual({ ok: true, value: { kind: 'heartbeat' } });
    expect(decodeClientFrame('{"topic":"aws/ping","statusCode":1}')).toEqual({ ok: true, value: { kind: 'ping' } });
    expect(decodeClientFrame('{"topic":"aws/subscribe","content":{"topics":[]}}')).toEqual({ ok: true, value: { kind: 'subscribe', topics: [] } });
    expect(decodeClientFrame('{"topic":"aws/chat","content":"{}"}')).toEqual({ ok: true, value: { kind: 'unknown', topic: 'aws/chat' } });
  });
});

describe('encodeServerFrame (the emulator side)', () => {
  it('writes each frame as the gateway does', () => {
    expect(encodeServerFrame({ kind: 'subscribe-ack', status: 'failure', success: false, topics: [] })).toBe(
      '{"topic":"aws/subscribe","content":{"status":"failure","topics":[]}}',
    );
    expect(encodeServerFrame({ kind: 'heartbeat' })).toBe('{"topic":"aws/heartbeat"}');
    expect(encodeServerFrame({ kind: 'ping', ok: false, statusCode: 500, statusContent: { error: 'x' } })).toBe(
      '{"topic":"aws/ping","statusCode":500,"statusContent":{"error":"x"}}',
    );
    expect(encodeServerFrame({ kind: 'gateway-error', message: 'Forbidden', connectionId: undefined, requestId: 'r' })).toBe(
      '{"message":"Forbidden","requestId":"r"}',
    );
    expect(encodeServerFrame({ kind: 'chat', item: { Id: 'i', Content: 'say "hi"' } })).toBe(
      '{"topic":"aws/chat","content":"{\\"Id\\":\\"i\\",\\"Content\\":\\"say \\\\\\"hi\\\\\\"\\"}"}',
    );
  });
});
