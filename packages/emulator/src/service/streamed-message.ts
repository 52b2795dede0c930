import type { Item } from '@connect-participant/core';
import { newId } from '../secrets.js';
import type { Contact } from './contact.js';

/** How a streamed bot reply is sent: one message as chunks that share its Id (protocol.md §3.4). */
export interface StreamOptions {
  /** The message's Id (default a new UUID). */
  readonly Id?: string;
  /**
   * Into how many chunks a string content is split (default 3, at most one per character). Ignored when the
   * content is given as the chunks themselves.
   */
  readonly chunks?: number;
  /**
   * The order chunks are sent in, as their 1-based ChunkNumbers: a permutation of 1..N (default in order). The
   * chunk numbered N is the completed item, so `[1, 3, 2]` sends the completed item before chunk 2.
   */
  readonly order?: readonly number[];
  /** Pause between two chunks (default 0: each chunk on its own timer turn). */
  readonly intervalMs?: number;
  /** An extra pause after the chunk sent at this 1-based position (to act in the middle of the message). */
  readonly pauseAfter?: number;
  /** How long that extra pause lasts (default 0). */
  readonly pauseMs?: number;
  /** `text/plain` (default) or `text/markdown`. */
  readonly ContentType?: string;
  /** The bot's display name (default `BOT`). */
  readonly DisplayName?: string;
  /** Every chunk carries the first chunk's AbsoluteTime (default false: each chunk its own time of sending). */
  readonly sharedTimestamp?: boolean;
  /** Called after each chunk is pushed, awaited before the next: a test can drop sockets mid-message here. */
  readonly onChunk?: (item: Item, position: number) => void | Promise<void>;
}

/** What the stream needs from the service: its clock, its bounded sleeps, and whether it is still running. */
export interface StreamHost {
  now(): string;
  sleep(ms: number): Promise<void>;
  readonly closed: boolean;
}

/** Splits a text into `count` pieces of near-equal length, by code point (no chunk splits a surrogate pair). */
export function splitContent(content: string, count: number): string[] {
  const chars = [...content];
  const n = Math.max(1, Math.min(count, chars.length));
  const size = Math.ceil(chars.length / n);
  const pieces: string[] = [];
  for (let i = 0; i < chars.length; i += size) pieces.push(chars.slice(i, i + size).join(''));
  return pieces.length > 0 ? pieces : [''];
}

/** Checks stream options before anything is sent; throws RangeError naming the bad one. */
export function planStream(content: string | readonly string[], options: StreamOptions): { pieces: string[]; order: number[] } {
  const pieces = typeof content === 'string' ? splitContent(content, options.chunks ?? 3) : [...content];
  if (pieces.length === 0 || pieces.some((p) => typeof p !== 'string')) throw new RangeError('a streamed message needs at least one chunk of text');
  if (pieces.join('') === '') throw new RangeError('a streamed message needs some text');
  if (options.chunks !== undefined && !(Number.isInteger(options.chunks) && options.chunks >= 1)) {
    throw new RangeError('chunks must be a whole number of at least 1');
  }
  const n = pieces.length;
  const order = options.order ? [...options.order] : pieces.map((_, i) => i + 1);
  const sorted = [...order].sort((a, b) => a - b);
  if (sorted.length !== n || sorted.some((v, i) => v !== i + 1)) {
    throw new RangeError(`order must be a permutation of the chunk numbers 1..${n}`);
  }
  for (const key of ['intervalMs', 'pauseMs'] as const) {
    const v = options[key];
    if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v >= 0)) throw new RangeError(`${key} must be a non-negative number`);
  }
  if (options.pauseAfter !== undefined && !(Number.isInteger(options.pauseAfter) && options.pauseAfter >= 1 && options.pauseAfter <= n)) {
    throw new RangeError(`pauseAfter must be a chunk position from 1 to ${n}`);
  }
  return { pieces, order };
}

/**
 * Streams one message as the service streams AI and bot replies: chunks 1..N-1 are partial items
 * (`MessageMetadata: { MessageCompleted: false, ChunkNumber }`, `Content` = that chunk's text); chunk N is the
 * completed item (`MessageCompleted: true`, `ChunkNumber: N`) carrying the WHOLE text, which replaces the partials.
 * All share one Id, ParticipantRole SYSTEM and Type MESSAGE. Only the completed message is recorded in the
 * transcript, dated from its first chunk. Stops quietly if the chat ends or the emulator closes mid-message.
 *
 * Resolves to the completed item (undefined if the stream was cut short).
 */
export async function streamMessage(
  host: StreamHost,
  contact: Contact,
  plan: { pieces: string[]; order: number[] },
  options: StreamOptions,
): Promise<Item | undefined> {
  const Id = options.Id ?? newId();
  const { pieces, order } = plan;
  const n = pieces.length;
  const whole = pieces.join('');
  const base = {
    Id,
    Type: 'MESSAGE',
    ContentType: options.ContentType ?? 'text/plain',
    ParticipantId: contact.systemParticipantId,
    DisplayName: options.DisplayName ?? 'BOT',
    ParticipantRole: 'SYSTEM',
  } as const;
  let firstTime: string | undefined;
  let completed: Item | undefined;
  for (const [index, chunkNumber] of order.entries()) {
    if (index > 0) await host.sleep(options.intervalMs ?? 0);
    if (host.closed || contact.ended) return undefined;
    const now = host.now();
    firstTime ??= now;
    const done = chunkNumber === n;
    const item = contact.publish(
      {
        ...base,
        AbsoluteTime: options.sharedTimestamp ? firstTime : now,
        Content: done ? whole : (pieces[chunkNumber - 1] as string),
        MessageMetadata: { MessageCompleted: done, ChunkNumber: chunkNumber },
      },
      false,
    );
    if (done) {
      completed = item;
      contact.record({ ...item, AbsoluteTime: firstTime });
    }
    await options.onChunk?.(item, index + 1);
    if (options.pauseAfter === index + 1 && (options.pauseMs ?? 0) > 0) await host.sleep(options.pauseMs ?? 0);
  }
  return completed;
}
