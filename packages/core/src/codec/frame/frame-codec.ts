import { err, ok, type Result } from '../../model/result.js';
import { itemDecoder } from '../output-decoders.js';
import { isPlainObject, type DecodeWarning } from '../shape-decoder.js';
import { FrameDecodeError, Topic, type ClientFrame, type ServerFrame } from './frames.js';

/**
 * The largest frame decoded by default, in UTF-8 bytes. An item's `Content` is at most 16,384 characters and
 * travels JSON-encoded twice (up to 7 bytes a character for escaped control characters), so 256 KiB holds any
 * legitimate frame with room to spare while bounding what a hostile peer can make us parse.
 */
export const DEFAULT_MAX_FRAME_BYTES = 262_144;

/** Options of {@link decodeServerFrame}. */
export interface DecodeFrameOptions {
  /** Frames larger than this many UTF-8 bytes are refused unparsed (default {@link DEFAULT_MAX_FRAME_BYTES}). */
  readonly maxFrameBytes?: number;
}

const SUBSCRIBE_CHAT = JSON.stringify({ topic: Topic.SUBSCRIBE, content: { topics: [Topic.CHAT] } });
const HEARTBEAT = JSON.stringify({ topic: Topic.HEARTBEAT });
const PING = JSON.stringify({ topic: Topic.PING });

/** Encodes a client frame as the gateway expects it. */
export function encodeClientFrame(frame: ClientFrame): string {
  switch (frame.kind) {
    case 'subscribe':
      return frame.topics.length === 1 && frame.topics[0] === Topic.CHAT
        ? SUBSCRIBE_CHAT
        : JSON.stringify({ topic: Topic.SUBSCRIBE, content: { topics: frame.topics } });
    case 'heartbeat':
      return HEARTBEAT;
    case 'ping':
      return PING;
  }
}

/** Whether a UTF-16 unit is a low (trailing) surrogate; false for NaN, what charCodeAt gives past the end. */
const isLowSurrogate = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/**
 * UTF-8 length of a string, stopping early once past `limit`. A surrogate pair is 4 bytes; a lone surrogate is
 * the 3 bytes of the U+FFFD an encoder writes for it.
 */
function utf8LengthExceeds(text: string, limit: number): boolean {
  if (text.length > limit) return true; // every UTF-16 unit is at least one byte
  if (text.length * 3 <= limit) return false; // and at most three
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4;
      i++;
    } else bytes += 3;
    if (bytes > limit) return true;
  }
  return false;
}

const NOT_JSON: unique symbol = Symbol('not JSON');

/** JSON.parse without throwing (and without a result object: it runs twice per item). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return NOT_JSON;
  }
}

const optionalString = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

const scratch: DecodeWarning[] = [];

function decodeChat(frame: Record<string, unknown>): Result<ServerFrame, FrameDecodeError> {
  const content = frame['content'];
  if (typeof content !== 'string') {
    return err(new FrameDecodeError('invalid-field', 'aws/chat frame: content should be a JSON string', Topic.CHAT));
  }
  const parsed = parseJson(content);
  if (parsed === NOT_JSON) return err(new FrameDecodeError('content-not-json', 'aws/chat frame: content is not JSON', Topic.CHAT));
  // Items are read leniently: an odd member is left out and reported, never a reason to lose the item. The
  // warnings are gathered in one list for every frame, and copied out only when there are some.
  const item = itemDecoder(parsed, '', scratch);
  const warnings = scratch.length === 0 ? undefined : scratch.splice(0);
  // Only content that is not an object at all is no item.
  if (!item.ok) return err(new FrameDecodeError('invalid-item', `aws/chat frame: content should be ${item.expected}`, Topic.CHAT));
  return ok(warnings ? { kind: 'chat', item: item.value, warnings } : { kind: 'chat', item: item.value });
}

function decodeSubscribeAck(frame: Record<string, unknown>): Result<ServerFrame, FrameDecodeError> {
  const content = frame['content'];
  if (!isPlainObject(content)) {
    return err(new FrameDecodeError('invalid-field', 'aws/subscribe frame: content should be an object', Topic.SUBSCRIBE));
  }
  const status = content['status'];
  if (typeof status !== 'string') {
    return err(new FrameDecodeError('invalid-field', 'aws/subscribe frame: content.status should be a string', Topic.SUBSCRIBE));
  }
  const topics = content['topics'] ?? [];
  if (!Array.isArray(topics) || !topics.every((t): t is string => typeof t === 'string')) {
    return err(
      new FrameDecodeError('invalid-field', 'aws/subscribe frame: content.topics should be an array of strings', Topic.SUBSCRIBE),
    );
  }
  return ok({ kind: 'subscribe-ack', status, success: status === 'success', topics });
}

function decodePing(frame: Record<string, unknown>): Result<ServerFrame, FrameDecodeError> {
  const code = frame['statusCode'];
  if (code !== undefined && (typeof code !== 'number' || !Number.isFinite(code))) {
    return err(new FrameDecodeError('invalid-field', 'aws/ping frame: statusCode should be a number', Topic.PING));
  }
  return ok({ kind: 'ping', ok: code === 200, statusCode: code, statusContent: frame['statusContent'] });
}

/**
 * Decodes a frame from the chat websocket. Never throws: anything malformed (binary data, a frame over the size
 * limit, not JSON, fields of the wrong type, a chat `content` that is not JSON) is returned as a
 * {@link FrameDecodeError}. Messages describe the defect, never the frame's data.
 */
export function decodeServerFrame(data: unknown, options: DecodeFrameOptions = {}): Result<ServerFrame, FrameDecodeError> {
  if (typeof data !== 'string') return err(new FrameDecodeError('not-text', 'frame is not text: the gateway sends only JSON text frames'));
  const limit = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  if (utf8LengthExceeds(data, limit)) {
    return err(new FrameDecodeError('too-large', `frame is larger than the limit of ${limit} bytes`));
  }
  const frame = parseJson(data);
  // Blank frames (keep-alives of some proxies) are not JSON; checked only then, off the path of every item.
  if (frame === NOT_JSON) return data.trim() === '' ? ok({ kind: 'empty' }) : err(new FrameDecodeError('not-json', 'frame is not JSON'));
  if (!isPlainObject(frame)) return err(new FrameDecodeError('not-object', 'frame is not a JSON object'));
  const topic = frame['topic'];
  if (topic === undefined || topic === null) {
    const message = frame['message'];
    if (typeof message === 'string') {
      return ok({
        kind: 'gateway-error',
        message,
        connectionId: optionalString(frame['connectionId']),
        requestId: optionalString(frame['requestId']),
      });
    }
    return err(new FrameDecodeError('no-topic', 'frame has neither a topic nor a message'));
  }
  if (typeof topic !== 'string') return err(new FrameDecodeError('invalid-field', 'frame topic should be a string'));
  switch (topic) {
    case Topic.CHAT:
      return decodeChat(frame);
    case Topic.SUBSCRIBE:
      return decodeSubscribeAck(frame);
    case Topic.HEARTBEAT:
      return ok({ kind: 'heartbeat' });
    case Topic.PING:
      return decodePing(frame);
    default:
      return ok({ kind: 'unknown', topic, frame });
  }
}

/** A client frame as the gateway reads it; reserved topics decoded, any other topic kept. */
export type DecodedClientFrame = ClientFrame | { readonly kind: 'unknown'; readonly topic: string };

/**
 * Decodes a frame a client sent (for the emulator and test doubles). Never throws: malformed input is a
 * {@link FrameDecodeError}.
 */
export function decodeClientFrame(data: unknown, options: DecodeFrameOptions = {}): Result<DecodedClientFrame, FrameDecodeError> {
  if (typeof data !== 'string') return err(new FrameDecodeError('not-text', 'frame is not text'));
  const limit = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  if (utf8LengthExceeds(data, limit)) return err(new FrameDecodeError('too-large', `frame is larger than the limit of ${limit} bytes`));
  const parsed = parseJson(data);
  if (parsed === NOT_JSON) return err(new FrameDecodeError('not-json', 'frame is not JSON'));
  if (!isPlainObject(parsed)) return err(new FrameDecodeError('not-object', 'frame is not a JSON object'));
  const { topic, content } = parsed;
  if (typeof topic !== 'string') return err(new FrameDecodeError('no-topic', 'frame topic should be a string'));
  switch (topic) {
    case Topic.HEARTBEAT:
      return ok({ kind: 'heartbeat' });
    case Topic.PING:
      return ok({ kind: 'ping' });
    case Topic.SUBSCRIBE: {
      const topics = isPlainObject(content) ? content['topics'] : undefined;
      if (!Array.isArray(topics) || !topics.every((t): t is string => typeof t === 'string')) {
        return err(new FrameDecodeError('invalid-field', 'aws/subscribe frame: content.topics should be an array of strings', topic));
      }
      return ok({ kind: 'subscribe', topics });
    }
    default:
      return ok({ kind: 'unknown', topic });
  }
}

/** Encodes a server frame as the gateway sends it (for the emulator and test doubles). */
export function encodeServerFrame(frame: Exclude<ServerFrame, { kind: 'empty' | 'unknown' }>): string {
  switch (frame.kind) {
    case 'chat':
      return JSON.stringify({ topic: Topic.CHAT, content: JSON.stringify(frame.item) });
    case 'subscribe-ack':
      return JSON.stringify({ topic: Topic.SUBSCRIBE, content: { status: frame.status, topics: frame.topics } });
    case 'heartbeat':
      return HEARTBEAT;
    case 'ping':
      return JSON.stringify({ topic: Topic.PING, statusCode: frame.statusCode, statusContent: frame.statusContent });
    case 'gateway-error':
      return JSON.stringify({ message: frame.message, connectionId: frame.connectionId, requestId: frame.requestId });
  }
}
