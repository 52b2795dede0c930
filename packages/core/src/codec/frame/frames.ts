import type { Item } from '../../model/shapes.js';
import type { DecodeWarning } from '../shape-decoder.js';

/** Topics of the chat websocket. `aws/subscribe`, `aws/heartbeat` and `aws/ping` are reserved by the gateway. */
export const Topic = {
  SUBSCRIBE: 'aws/subscribe',
  UNSUBSCRIBE: 'aws/unsubscribe',
  HEARTBEAT: 'aws/heartbeat',
  PING: 'aws/ping',
  CHAT: 'aws/chat',
} as const;
export type Topic = (typeof Topic)[keyof typeof Topic];

/** A frame the client sends. */
export type ClientFrame =
  | { readonly kind: 'subscribe'; readonly topics: readonly string[] }
  | { readonly kind: 'heartbeat' }
  | { readonly kind: 'ping' };

/** A frame the server sends, decoded. */
export type ServerFrame =
  /** The answer to `aws/subscribe`; only `status: "success"` counts as subscribed. */
  | { readonly kind: 'subscribe-ack'; readonly status: string; readonly success: boolean; readonly topics: readonly string[] }
  /** The answer to `aws/heartbeat`. */
  | { readonly kind: 'heartbeat' }
  /** The answer to `aws/ping` (the deep heartbeat); `ok` when `statusCode` is 200. */
  | {
      readonly kind: 'ping';
      readonly ok: boolean;
      readonly statusCode: number | undefined;
      readonly statusContent: unknown;
    }
  /**
   * A chat item of `aws/chat`, its `content` string parsed; `warnings` name the members left out of it because
   * they were not of the type the service's model gives them.
   */
  | { readonly kind: 'chat'; readonly item: Item; readonly warnings?: readonly DecodeWarning[] }
  /** A gateway-level error frame (no topic, a `message`), e.g. "Forbidden". */
  | {
      readonly kind: 'gateway-error';
      readonly message: string;
      readonly connectionId: string | undefined;
      readonly requestId: string | undefined;
    }
  /** A frame of a topic this library does not know, kept as it came. */
  | { readonly kind: 'unknown'; readonly topic: string; readonly frame: Readonly<Record<string, unknown>> }
  /** An empty frame; the gateway's clients ignore these. */
  | { readonly kind: 'empty' };

/** Why a frame could not be decoded. */
export type FrameDecodeFailure =
  | 'not-text'
  | 'too-large'
  | 'not-json'
  | 'not-object'
  | 'invalid-field'
  | 'content-not-json'
  | 'invalid-item'
  | 'no-topic';

/** A frame that could not be decoded. Returned as a value by the decoder; never thrown into a stream. */
export class FrameDecodeError extends Error {
  override readonly name = 'FrameDecodeError';
  constructor(
    readonly reason: FrameDecodeFailure,
    message: string,
    /** The frame's topic, when it had a readable one. */
    readonly topic?: string,
  ) {
    super(message);
  }
}
