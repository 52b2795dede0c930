import type { OutboxEntry, OutboxSend } from '../session/outbox.js';
import type { ResumeStore } from './resume-store.js';

/** The key a session keeps its record under, unless `resume.key` says otherwise. */
export const DEFAULT_RESUME_KEY = 'connect-participant';

/** Where the app's view of the chat stopped: the last item delivered on `messages$`. */
export interface ChatCursor {
  readonly Id: string;
  readonly AbsoluteTime: string;
}

/**
 * What a session keeps in its store to resume: the ParticipantToken (unless the app keeps it), a fingerprint of it
 * (a record of another chat is not resumed), the cursor, and the outbox's sends.
 */
export interface SavedChat {
  readonly v: 1;
  readonly token?: string;
  readonly tag: string;
  readonly cursor?: ChatCursor;
  readonly outbox: readonly OutboxEntry[];
}

/**
 * A fingerprint of the ParticipantToken (FNV-1a, 32 bits, with the length): enough to tell two chats' records
 * apart, and no use to anyone who reads it.
 */
export function tokenTag(token: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < token.length; i++) h = Math.imul(h ^ token.charCodeAt(i), 0x01000193);
  return `${token.length}.${(h >>> 0).toString(36)}`;
}

/** The members a record's objects may have, each of any type until checked. */
type Bag = {
  readonly [K in 'v' | 'tag' | 'token' | 'cursor' | 'outbox' | 'Id' | 'AbsoluteTime' | 'operation' | 'input' | 'ClientToken' | 'ContentType' | 'Content' | 'queuedAt' | 'attempts' | 'status' | 'error' | 'name' | 'message']?: unknown;
};
const isObject = (v: unknown): v is Bag => typeof v === 'object' && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/** An error as a store keeps it, and back: its name and message (a stack or a cause is not worth keeping). */
const savedError = (e: Error | undefined) => (e === undefined ? undefined : { name: e.name, message: e.message });
function restoredError(v: unknown): Error {
  const error = new Error(isObject(v) && typeof v.message === 'string' ? v.message : 'the send failed before the page was reloaded');
  if (isObject(v) && typeof v.name === 'string') error.name = v.name;
  return error;
}

/** One kept send, or undefined when it is not one (a record from another version, an edited store). */
function decodeEntry(v: unknown): OutboxEntry | undefined {
  if (!isObject(v) || !isObject(v.input) || !isText(v.input.ClientToken)) return undefined;
  const { operation, input } = v;
  if (operation === 'SendMessage' ? !(isText(input.ContentType) && typeof input.Content === 'string') : operation !== 'SendEvent' || !isText(input.ContentType)) {
    return undefined;
  }
  const queuedAt = typeof v.queuedAt === 'number' && Number.isFinite(v.queuedAt) ? v.queuedAt : 0;
  const attempts = typeof v.attempts === 'number' && v.attempts >= 0 ? v.attempts : 0;
  const send = { operation, input } as OutboxSend;
  return v.status === 'failed'
    ? { ...send, queuedAt, attempts, status: 'failed', error: restoredError(v.error) }
    : { ...send, queuedAt, attempts, status: 'queued' };
}

/** A record read from a store, or undefined when there is none or it is not one. Odd sends in it are left out. */
export function decodeSavedChat(value: unknown): SavedChat | undefined {
  if (!isObject(value) || value.v !== 1 || !isText(value.tag)) return undefined;
  const c = value.cursor;
  const cursor = isObject(c) && isText(c.Id) && isText(c.AbsoluteTime) ? { Id: c.Id, AbsoluteTime: c.AbsoluteTime } : undefined;
  const outbox = (Array.isArray(value.outbox) ? value.outbox : []).map(decodeEntry).filter((e): e is OutboxEntry => e !== undefined);
  return {
    v: 1,
    tag: value.tag,
    ...(isText(value.token) ? { token: value.token } : {}),
    ...(cursor ? { cursor } : {}),
    outbox,
  };
}

/** The record as JSON: attachments (a Blob is not JSON) and the sends' errors' stacks left out. */
export function encodeSavedChat(token: string | undefined, tag: string, cursor: ChatCursor | undefined, outbox: readonly OutboxEntry[]): unknown {
  const sends = [];
  for (const e of outbox) {
    if (e.operation === 'attachment') continue;
    sends.push({
      operation: e.operation,
      input: e.input,
      queuedAt: e.queuedAt,
      attempts: e.attempts,
      status: e.status === 'failed' ? 'failed' : 'queued',
      ...(e.status === 'failed' ? { error: savedError(e.error) } : {}),
    });
  }
  return { v: 1, tag, ...(token === undefined ? {} : { token }), ...(cursor ? { cursor } : {}), outbox: sends };
}

/**
 * Whether `store` holds a chat to resume (a record with a ParticipantToken, or a cursor or sends for an app that
 * keeps the token itself): what a page asks on load to choose between resuming and starting a new chat.
 */
export async function hasSavedChat(store: ResumeStore, key: string = DEFAULT_RESUME_KEY): Promise<boolean> {
  const chat = decodeSavedChat(await store.get(key));
  return chat !== undefined && (chat.token !== undefined || chat.cursor !== undefined || chat.outbox.length > 0);
}
