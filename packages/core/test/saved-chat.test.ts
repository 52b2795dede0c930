import { describe, expect, it } from 'vitest';
import { ValidationException } from '../src/model/errors.js';
import { TYPING_EVENT } from '../src/model/event-types.js';
import { memoryStore, type ResumeStore } from '../src/resume/resume-store.js';
import { DEFAULT_RESUME_KEY, decodeSavedChat, encodeSavedChat, hasSavedChat, tokenTag } from '../src/resume/saved-chat.js';
import type { OutboxEntry } from '../src/session/outbox.js';
import { SendExpiredError } from '../src/session/session-errors.js';

const TOKEN = 'QVFJREFIaWZsZXhpYmxlLXBhcnRpY2lwYW50LXRva2VuLWZvci10ZXN0cw==';
const cursor = { Id: 'item-9', AbsoluteTime: '2026-12-02T10:00:09.000Z' };

const queued: OutboxEntry = { operation: 'SendMessage', input: { ContentType: 'text/plain', Content: 'hello', ClientToken: 'c1' }, queuedAt: 1_000, status: 'queued', attempts: 0 };
const inFlight: OutboxEntry = { operation: 'SendEvent', input: { ContentType: TYPING_EVENT, ClientToken: 'c2' }, queuedAt: 2_000, status: 'sending', attempts: 2 };
const refused = new ValidationException({ message: 'Content is too long' });
const failed: OutboxEntry = {
  operation: 'SendMessage',
  input: { ContentType: 'text/markdown', Content: '**x**', ClientToken: 'c3' },
  queuedAt: 3_000,
  status: 'failed',
  error: refused,
  attempts: 1,
};
const attachment: OutboxEntry = { operation: 'attachment', input: { ClientToken: 'c4', AttachmentName: 'a.png', ContentType: 'image/png' }, queuedAt: 4_000, status: 'queued', attempts: 0 };

/** What a store that keeps JSON text gives back. */
const throughJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;

describe('saved chat: encode and decode', () => {
  it('round-trips the token, tag, cursor and sends (in flight kept as queued, errors as name and message)', () => {
    const saved = decodeSavedChat(throughJson(encodeSavedChat(TOKEN, tokenTag(TOKEN), cursor, [queued, inFlight, failed])));
    expect(saved).toMatchObject({ v: 1, token: TOKEN, tag: tokenTag(TOKEN), cursor });
    expect(saved?.outbox.map((e) => [e.operation, e.input.ClientToken, e.status, e.queuedAt, e.attempts])).toEqual([
      ['SendMessage', 'c1', 'queued', 1_000, 0],
      ['SendEvent', 'c2', 'queued', 2_000, 2],
      ['SendMessage', 'c3', 'failed', 3_000, 1],
    ]);
    expect(saved?.outbox[0]?.input).toEqual(queued.input);
    expect(saved?.outbox[2]?.input).toEqual(failed.input);
    const error = saved?.outbox[2]?.error;
    expect(error).toBeInstanceOf(Error);
    expect(error?.name).toBe('ValidationException');
    expect(error?.message).toBe('Content is too long');
    expect(saved?.outbox[0]?.error).toBeUndefined();
  });

  it('keeps a SendExpiredError’s name', () => {
    const expired: OutboxEntry = { ...queued, status: 'failed', error: new SendExpiredError(60_000, 3) };
    const error = decodeSavedChat(throughJson(encodeSavedChat(undefined, 't', undefined, [expired])))?.outbox[0]?.error;
    expect(error?.name).toBe('SendExpiredError');
    expect(error?.message).toContain('60000 ms');
  });

  it('leaves out attachments (a Blob is not JSON), and an error’s stack', () => {
    const json = throughJson(encodeSavedChat(TOKEN, 'tag', undefined, [attachment, failed])) as { outbox: unknown[] };
    expect(json.outbox).toHaveLength(1);
    expect(JSON.stringify(json)).not.toContain('a.png');
    expect(JSON.stringify(json)).not.toContain('stack');
    expect(json.outbox[0]).toEqual({ operation: 'SendMessage', input: failed.input, queuedAt: 3_000, attempts: 1, status: 'failed', error: { name: 'ValidationException', message: 'Content is too long' } });
  });

  // The record's form is read by later versions of the library: a send not failed is kept `queued`.
  it('keeps a send not failed as queued, with no error', () => {
    const json = throughJson(encodeSavedChat(TOKEN, 'tag', cursor, [queued, inFlight])) as { outbox: unknown[] };
    expect(json.outbox).toEqual([
      { operation: 'SendMessage', input: queued.input, queuedAt: 1_000, attempts: 0, status: 'queued' },
      { operation: 'SendEvent', input: inFlight.input, queuedAt: 2_000, attempts: 2, status: 'queued' },
    ]);
  });

  it('writes no token, and no cursor, when there is none', () => {
    const json = encodeSavedChat(undefined, 'tag', undefined, []);
    expect(json).toEqual({ v: 1, tag: 'tag', outbox: [] });
    expect(decodeSavedChat(json)).toEqual({ v: 1, tag: 'tag', outbox: [] });
  });
});

describe('saved chat: decoding what a store holds', () => {
  it.each([
    ['nothing', undefined],
    ['null', null],
    ['a string', 'connect-participant'],
    ['a number', 1],
    ['an array', [{ v: 1, tag: 't', outbox: [] }]],
    ['another version', { v: 2, tag: 't', outbox: [] }],
    ['a version as text', { v: '1', tag: 't', outbox: [] }],
    ['no tag', { v: 1, token: TOKEN, outbox: [] }],
    ['an empty tag', { v: 1, tag: '', outbox: [] }],
    ['a tag not text', { v: 1, tag: 7, outbox: [] }],
  ])('reads %s as no record', (_name, value) => {
    expect(decodeSavedChat(value)).toBeUndefined();
  });

  it('keeps the good sends of a record with bad ones mixed in, in order', () => {
    const good = (ClientToken: string) => ({ operation: 'SendMessage', input: { ContentType: 'text/plain', Content: ClientToken, ClientToken }, queuedAt: 5, attempts: 1, status: 'queued' });
    const saved = decodeSavedChat({
      v: 1,
      tag: 't',
      outbox: [
        null,
        'send',
        [good('in-array')],
        good('g1'),
        { operation: 'SendMessage', input: { ContentType: 'text/plain', Content: 'no token' } },
        { operation: 'SendMessage', input: { ContentType: 'text/plain', Content: 'empty token', ClientToken: '' } },
        { operation: 'SendMessage', input: { ContentType: 'text/plain', ClientToken: 'no-content' } },
        { operation: 'SendMessage', input: { ContentType: 'text/plain', Content: 5, ClientToken: 'content-not-text' } },
        { operation: 'SendMessage', input: { Content: 'x', ClientToken: 'no-content-type' } },
        { operation: 'SendEvent', input: { ClientToken: 'event-without-type' } },
        { operation: 'attachment', input: { ContentType: 'image/png', ClientToken: 'attachment', AttachmentName: 'a.png' } },
        { operation: 'DisconnectParticipant', input: { ContentType: 'text/plain', Content: 'x', ClientToken: 'other-op' } },
        { operation: 'SendMessage', input: 'not an object' },
        good('g2'),
        { operation: 'SendEvent', input: { ContentType: TYPING_EVENT, ClientToken: 'g3' } },
        { operation: 'SendMessage', input: { ContentType: 'text/plain', Content: '', ClientToken: 'g4-empty-text' } },
      ],
    });
    expect(saved?.outbox.map((e) => e.input.ClientToken)).toEqual(['g1', 'g2', 'g3', 'g4-empty-text']);
  });

  it('takes odd members of a send as defaults: no time 0, no or a negative attempt count 0, any status but failed queued', () => {
    const input = { ContentType: 'text/plain', Content: 'x', ClientToken: 'c' };
    const saved = decodeSavedChat({
      v: 1,
      tag: 't',
      outbox: [
        { operation: 'SendMessage', input, queuedAt: 'yesterday', attempts: -1, status: 'sending' },
        { operation: 'SendMessage', input: { ...input, ClientToken: 'd' }, status: 'failed' },
        { operation: 'SendMessage', input: { ...input, ClientToken: 'e' }, status: 'failed', error: { name: 42, message: 'lost' } },
      ],
    });
    expect(saved?.outbox[0]).toMatchObject({ queuedAt: 0, attempts: 0, status: 'queued' });
    expect(saved?.outbox[1]?.status).toBe('failed');
    expect(saved?.outbox[1]?.error).toBeInstanceOf(Error);
    expect(saved?.outbox[1]?.error?.message).not.toBe('');
    expect(saved?.outbox[2]?.error).toMatchObject({ name: 'Error', message: 'lost' });
  });

  it('takes a time that is not a finite number as 0, a count that is not a number as 0, and an error without a message as the default', () => {
    const input = { ContentType: 'text/plain', Content: 'x', ClientToken: 'c' };
    // A store that keeps values as they are (not as JSON text) can hold what JSON cannot.
    const saved = decodeSavedChat({
      v: 1,
      tag: 't',
      outbox: [
        { operation: 'SendMessage', input, queuedAt: Number.NaN, attempts: '2', status: 'queued' },
        { operation: 'SendMessage', input: { ...input, ClientToken: 'd' }, queuedAt: Number.POSITIVE_INFINITY, attempts: null, status: 'queued' },
        { operation: 'SendMessage', input: { ...input, ClientToken: 'e' }, status: 'failed', error: { name: 'ValidationException', message: 7 } },
      ],
    });
    expect(saved?.outbox.map((e) => [e.queuedAt, e.attempts])).toEqual([
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
    const withoutError = decodeSavedChat({ v: 1, tag: 't', outbox: [{ operation: 'SendMessage', input, status: 'failed' }] })?.outbox[0]?.error;
    expect(saved?.outbox[2]?.error).toMatchObject({ name: 'ValidationException', message: withoutError?.message });
  });

  // The type allows a failed send without its error: it is kept failed, with the default message when read back.
  it('keeps a failed send that carries no error', () => {
    const bare = { ...queued, status: 'failed' } as OutboxEntry;
    const saved = decodeSavedChat(throughJson(encodeSavedChat(undefined, 't', undefined, [bare])));
    expect(saved?.outbox[0]?.status).toBe('failed');
    expect(saved?.outbox[0]?.error).toBeInstanceOf(Error);
  });

  it('drops a cursor missing a member, an empty token, and an outbox that is not a list', () => {
    expect(decodeSavedChat({ v: 1, tag: 't', token: '', cursor: { Id: 'x' }, outbox: {} })).toEqual({ v: 1, tag: 't', outbox: [] });
    expect(decodeSavedChat({ v: 1, tag: 't', cursor: { Id: 'x', AbsoluteTime: 5 } })).toEqual({ v: 1, tag: 't', outbox: [] });
    expect(decodeSavedChat({ v: 1, tag: 't', cursor: [cursor.Id, cursor.AbsoluteTime] })?.cursor).toBeUndefined();
    expect(decodeSavedChat({ v: 1, tag: 't', cursor: { ...cursor, extra: 1 } })?.cursor).toEqual(cursor);
  });
});

describe('tokenTag', () => {
  it('tells tokens apart without holding them', () => {
    const tokens = [TOKEN, `${TOKEN.slice(0, -3)}xx=`, `${TOKEN}A`, TOKEN.toLowerCase(), 'another-participant-token-0000000000'];
    const tags = tokens.map(tokenTag);
    expect(new Set(tags).size).toBe(tokens.length);
    for (const [i, tag] of tags.entries()) {
      const token = tokens[i] as string;
      expect(tag).not.toContain(token);
      // No run of the token long enough to be of use.
      expect(tag.length).toBeLessThan(16);
    }
  });

  // The tag and the key are read back by later versions of the library: a record kept before an upgrade must
  // still be found and recognised after it.
  it('is FNV-1a (32 bits) with the length, as the records already kept were tagged', () => {
    const fnv1a = (length: number, hash: number) => `${length}.${hash.toString(36)}`;
    expect(tokenTag('')).toBe(fnv1a(0, 0x811c9dc5));
    expect(tokenTag('a')).toBe(fnv1a(1, 0xe40c292c));
    expect(tokenTag('ab')).toBe(fnv1a(2, 0x4d2505ca));
    expect(tokenTag('foobar')).toBe(fnv1a(6, 0xbf9cf968));
    expect(DEFAULT_RESUME_KEY).toBe('connect-participant');
  });

  it('is the same for the same token', () => {
    expect(tokenTag(TOKEN)).toBe(tokenTag(`${TOKEN}`));
    expect(tokenTag('ab')).not.toBe(tokenTag('ba'));
  });
});

describe('hasSavedChat', () => {
  const record = (extra: object) => ({ v: 1, tag: 't', outbox: [], ...extra });

  it('answers from a memory store: a token, a cursor or a send to resume, and under the key given', async () => {
    const store = memoryStore();
    expect(await hasSavedChat(store)).toBe(false);
    store.set(DEFAULT_RESUME_KEY, record({}));
    expect(await hasSavedChat(store)).toBe(false);
    store.set(DEFAULT_RESUME_KEY, record({ token: TOKEN }));
    expect(await hasSavedChat(store)).toBe(true);
    store.set(DEFAULT_RESUME_KEY, record({ cursor }));
    expect(await hasSavedChat(store)).toBe(true);
    store.set(DEFAULT_RESUME_KEY, encodeSavedChat(undefined, 't', undefined, [queued]));
    expect(await hasSavedChat(store)).toBe(true);
    store.set(DEFAULT_RESUME_KEY, { v: 2, tag: 't', token: TOKEN });
    expect(await hasSavedChat(store)).toBe(false);
    expect(await hasSavedChat(store, 'chat-2')).toBe(false);
    store.set('chat-2', record({ token: TOKEN }));
    expect(await hasSavedChat(store, 'chat-2')).toBe(true);
  });

  it('answers from a store that answers with a promise', async () => {
    const values = new Map<string, unknown>([[DEFAULT_RESUME_KEY, record({ token: TOKEN })]]);
    const store: ResumeStore = { get: (key) => Promise.resolve(values.get(key)), set: () => Promise.resolve(), delete: () => Promise.resolve() };
    expect(await hasSavedChat(store)).toBe(true);
    values.clear();
    expect(await hasSavedChat(store)).toBe(false);
  });

  it('rejects when the store does', async () => {
    const error = new Error('SecurityError');
    const store: ResumeStore = { get: () => Promise.reject(error), set: () => undefined, delete: () => undefined };
    await expect(hasSavedChat(store)).rejects.toBe(error);
  });
});

describe('memoryStore', () => {
  it('gives back a copy of what was set, and nothing once deleted', () => {
    const store = memoryStore();
    const value = { v: 1, list: [1, 2] };
    store.set('k', value);
    value.list.push(3);
    const read = store.get('k');
    expect(read).toEqual({ v: 1, list: [1, 2] });
    expect(read).not.toBe(store.get('k'));
    store.delete('k');
    expect(store.get('k')).toBeUndefined();
  });
});
