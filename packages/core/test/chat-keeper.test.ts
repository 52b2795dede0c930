import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { Item } from '../src/model/shapes.js';
import { ChatKeeper, keeperOf, nothingToResume, type Resumed } from '../src/resume/chat-keeper.js';
import { memoryStore, type ResumeStore } from '../src/resume/resume-store.js';
import { DEFAULT_RESUME_KEY, decodeSavedChat, encodeSavedChat, hasSavedChat, tokenTag } from '../src/resume/saved-chat.js';
import { StoreWriter } from '../src/resume/store-writer.js';
import type { OutboxEntry } from '../src/session/outbox.js';

// ---- helpers --------------------------------------------------------------------------------------------------

const TOKEN = 'participant-token-of-chat-one-0123456789abcdef';
const OTHER = 'participant-token-of-chat-two-0123456789abcdef';
const cursor = { Id: 'm7', AbsoluteTime: '2026-12-02T10:00:07.000Z' };
const send: OutboxEntry = { operation: 'SendMessage', input: { ContentType: 'text/plain', Content: 'hi', ClientToken: 'c1' }, queuedAt: 10, status: 'queued', attempts: 0 };

const item = (Id: string | undefined, AbsoluteTime: string | null = '2026-12-02T10:00:08.000Z'): Item => ({
  Type: 'MESSAGE',
  ContentType: 'text/plain',
  Content: 'x',
  ...(Id === undefined ? {} : { Id }),
  ...(AbsoluteTime === null ? {} : { AbsoluteTime }),
});

/** Lets promise callbacks already due run (no timer: only the microtask queue). */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

/** A memory store recording every value written (as the JSON a real store would hold) and every delete. */
function recordingStore(initial?: unknown) {
  const inner = memoryStore();
  if (initial !== undefined) inner.set(DEFAULT_RESUME_KEY, initial);
  const written: string[] = [];
  let deletes = 0;
  const store: ResumeStore = {
    get: (key) => inner.get(key),
    set: (key, value) => {
      written.push(JSON.stringify(value));
      return inner.set(key, value);
    },
    delete: (key) => {
      deletes++;
      return inner.delete(key);
    },
  };
  return { store, written, deletes: () => deletes, saved: () => decodeSavedChat(inner.get(DEFAULT_RESUME_KEY)), raw: () => inner.get(DEFAULT_RESUME_KEY) };
}

function keeper(store: ResumeStore, given: string | undefined, saveToken = true) {
  const failures: unknown[] = [];
  const k = new ChatKeeper(new StoreWriter(store, DEFAULT_RESUME_KEY, (e) => void failures.push(e)), given, saveToken);
  const loaded: Resumed[] = [];
  return { keeper: k, failures, loaded, load: () => k.load((r) => void loaded.push(r)) };
}

const recordOf = (token: string, saveToken = true) => encodeSavedChat(saveToken ? token : undefined, tokenTag(token), cursor, [send]);

// ---- tests ----------------------------------------------------------------------------------------------------

describe('ChatKeeper: load', () => {
  it('resumes the record of the chat whose token it was given: cursor and outbox', () => {
    const { store } = recordingStore(recordOf(TOKEN));
    const { load, loaded } = keeper(store, TOKEN);
    load();
    expect(loaded).toHaveLength(1);
    expect(loaded[0]).toMatchObject({ participantToken: TOKEN, cursor });
    expect(loaded[0]?.outbox.map((e) => e.input.ClientToken)).toEqual(['c1']);
  });

  it('resumes the record of a chat whose token the app keeps (the record holds only its tag)', () => {
    const { store } = recordingStore(recordOf(TOKEN, false));
    const { load, loaded } = keeper(store, TOKEN, false);
    load();
    expect(loaded[0]).toMatchObject({ participantToken: TOKEN, cursor });
    expect(loaded[0]?.outbox).toHaveLength(1);
  });

  it('resumes nothing of another chat’s record, and overwrites it at once', () => {
    const { store, saved } = recordingStore(recordOf(OTHER));
    const { keeper: k, load, loaded } = keeper(store, TOKEN);
    load();
    expect(loaded).toEqual([{ participantToken: TOKEN, cursor: undefined, outbox: [] }]);
    expect(saved()).toEqual({ v: 1, token: TOKEN, tag: tokenTag(TOKEN), outbox: [] });
    k.outboxChanged([send]);
    expect(saved()?.outbox.map((e) => e.input.ClientToken)).toEqual(['c1']);
  });

  it('writes the record at once, so that a reload before the first item or send still finds the chat', async () => {
    const { store, saved } = recordingStore();
    const { load } = keeper(store, TOKEN);
    load();
    expect(saved()).toEqual({ v: 1, token: TOKEN, tag: tokenTag(TOKEN), outbox: [] });
    expect(await hasSavedChat(store)).toBe(true);
  });

  // A regression: the write made at load once wrote the keeper's own outbox, still empty, over the sends the record
  // held (a session closed while an asynchronous store was being read left a record without its sends).
  it('keeps the record’s sends in the write made at load', () => {
    const { store, saved } = recordingStore(recordOf(TOKEN));
    const { keeper: k, load } = keeper(store, TOKEN);
    load();
    expect(saved()?.outbox.map((e) => e.input.ClientToken)).toEqual(['c1']);
    k.delivered(item('m8'));
    expect(saved()?.outbox.map((e) => e.input.ClientToken)).toEqual(['c1']);
  });

  it('without a token given, takes the store’s', () => {
    const { store } = recordingStore(recordOf(TOKEN));
    const { load, loaded } = keeper(store, undefined);
    load();
    expect(loaded[0]).toMatchObject({ participantToken: TOKEN, cursor });
    expect(loaded[0]?.outbox).toHaveLength(1);
  });

  it('without a token given or stored, resumes nothing and writes nothing', () => {
    for (const initial of [undefined, recordOf(TOKEN, false), { garbage: true }]) {
      const { store, written } = recordingStore(initial);
      const { keeper: k, load, loaded } = keeper(store, undefined);
      load();
      expect(loaded).toEqual([{ participantToken: undefined, cursor: undefined, outbox: [] }]);
      k.delivered(item('m8'));
      k.outboxChanged([send]);
      expect(written).toEqual([]);
    }
  });

  it('with a store that answers later: resumes once it has, and writes nothing before', async () => {
    const values = new Map<string, unknown>([[DEFAULT_RESUME_KEY, recordOf(TOKEN)]]);
    const sets: unknown[] = [];
    const store: ResumeStore = {
      get: (key) => Promise.resolve(values.get(key)),
      set: (_key, value) => {
        sets.push(value);
        return Promise.resolve();
      },
      delete: () => Promise.resolve(),
    };
    const { keeper: k, load, loaded } = keeper(store, TOKEN);
    load();
    k.delivered(item('early'));
    expect(loaded).toEqual([]);
    expect(sets).toEqual([]);
    await settle();
    expect(loaded[0]).toMatchObject({ participantToken: TOKEN, cursor });
    expect(sets).toHaveLength(1);
    expect(decodeSavedChat(sets[0])?.cursor).toEqual(cursor);
    k.delivered(item('m8'));
    await settle();
    expect(sets).toHaveLength(2);
    expect(decodeSavedChat(sets[1])?.cursor?.Id).toBe('m8');
  });

  it('a store that fails to read resumes nothing, reported', () => {
    const error = new Error('SecurityError');
    const failures: unknown[] = [];
    const store: ResumeStore = {
      get: () => {
        throw error;
      },
      set: () => undefined,
      delete: () => undefined,
    };
    const k = new ChatKeeper(new StoreWriter(store, 'k', (e) => void failures.push(e)), TOKEN, true);
    const loaded: Resumed[] = [];
    k.load((r) => void loaded.push(r));
    expect(loaded).toEqual([{ participantToken: TOKEN, cursor: undefined, outbox: [] }]);
    expect(failures).toEqual([error]);
  });
});

describe('ChatKeeper: writes', () => {
  it('with saveToken false, never writes the token', () => {
    const { store, written, raw } = recordingStore(recordOf(TOKEN, false));
    const { keeper: k, load } = keeper(store, TOKEN, false);
    load();
    k.delivered(item('m8'));
    k.outboxChanged([send, { ...send, status: 'failed', error: new Error('refused'), input: { ...send.input, ClientToken: 'c2' } }]);
    k.delivered(item('m9'));
    expect(written).toHaveLength(4);
    for (const json of written) expect(json).not.toContain(TOKEN);
    expect(JSON.stringify(raw())).not.toContain(TOKEN);
    expect(decodeSavedChat(raw())).toMatchObject({ tag: tokenTag(TOKEN), cursor: { Id: 'm9' } });
  });

  it('with saveToken, writes the token with the cursor and the outbox', () => {
    const { store, saved } = recordingStore();
    const { keeper: k, load } = keeper(store, TOKEN);
    load();
    k.outboxChanged([send]);
    k.delivered(item('m8', '2026-12-02T10:00:08.000Z'));
    expect(saved()).toMatchObject({ token: TOKEN, tag: tokenTag(TOKEN), cursor: { Id: 'm8', AbsoluteTime: '2026-12-02T10:00:08.000Z' } });
    expect(saved()?.outbox.map((e) => e.input.ClientToken)).toEqual(['c1']);
  });

  it('moves the cursor only to items with an Id and an AbsoluteTime, and only when the Id changes', () => {
    const { store, written, saved } = recordingStore(recordOf(TOKEN));
    const { keeper: k, load } = keeper(store, TOKEN);
    load();
    k.delivered(item(undefined));
    k.delivered(item('no-time', null));
    k.delivered(item(cursor.Id, cursor.AbsoluteTime));
    // The one write made at load.
    expect(written).toHaveLength(1);
    k.delivered(item('m8'));
    expect(written).toHaveLength(2);
    // A later version of the same item (a status update, a chunk) does not move it.
    k.delivered(item('m8', '2026-12-02T10:00:09.000Z'));
    expect(written).toHaveLength(2);
    k.delivered(item('m9'));
    expect(written).toHaveLength(3);
    expect(saved()?.cursor).toEqual({ Id: 'm9', AbsoluteTime: '2026-12-02T10:00:08.000Z' });
  });

  it('deletes the record when the chat ends', async () => {
    const { store, deletes, raw } = recordingStore(recordOf(TOKEN));
    const { keeper: k, load } = keeper(store, TOKEN);
    load();
    k.delivered(item('m8'));
    k.ended();
    expect(deletes()).toBe(1);
    expect(raw()).toBeUndefined();
    expect(await hasSavedChat(store)).toBe(false);
  });
});

describe('keeperOf', () => {
  it('keeps the record under the default key, with the token, and takes an empty token as none given', () => {
    const { store, saved } = recordingStore(recordOf(TOKEN));
    const k = keeperOf({ store }, '', () => undefined);
    const loaded: Resumed[] = [];
    k.load((r) => void loaded.push(r));
    expect(loaded[0]?.participantToken).toBe(TOKEN);
    k.delivered(item('m8'));
    expect(saved()?.token).toBe(TOKEN);
  });

  it('keeps it under the key given, without the token when told, and reports failures as Errors', () => {
    const values = new Map<string, unknown>();
    const failures: Error[] = [];
    let fail = true;
    const store: ResumeStore = {
      get: (key) => values.get(key),
      set: (key, value) => {
        if (fail) throw 'disk full';
        values.set(key, value);
      },
      delete: (key) => void values.delete(key),
    };
    const k = keeperOf({ store, key: 'chat-2', saveToken: false }, TOKEN, (e) => failures.push(e));
    k.load(() => undefined);
    expect(failures).toHaveLength(1);
    expect(failures[0]).toBeInstanceOf(Error);
    expect(failures[0]?.message).toBe('disk full');
    fail = false;
    k.delivered(item('m9'));
    expect([...values.keys()]).toEqual(['chat-2']);
    expect(JSON.stringify(values.get('chat-2'))).not.toContain(TOKEN);
  });

  it('nothingToResume names the missing option, not a token', () => {
    const error = nothingToResume();
    expect(error.name).toBe('ValidationException');
    expect(error.field).toBe('participantToken');
    expect(error.constraint).toBe('required');
    expect(error.message).toContain('participantToken');
  });
});

describe('ChatKeeper: what the review found', () => {
  it('moves the cursor only to items a later session finds again, and never past one still to settle', () => {
    const { store, saved } = recordingStore();
    const k = keeper(store, TOKEN);
    k.load();
    k.keeper.delivered({ ...item('typing-1'), Type: 'EVENT', ContentType: 'application/vnd.amazonaws.connect.event.typing' });
    k.keeper.delivered({ ...item('receipt-1'), Type: 'MESSAGEMETADATA' });
    expect(saved()?.cursor).toBeUndefined();
    k.keeper.delivered(item('first'));
    expect(saved()?.cursor?.Id).toBe('first');
    // A streamed reply, a message still processing and an attachment being scanned hold the cursor back…
    k.keeper.delivered({ ...item('chunk'), MessageMetadata: { ChunkNumber: 1 } } as Item);
    k.keeper.delivered({ ...item('processing'), MessageMetadata: { MessageProcessingStatus: 'PROCESSING' } } as Item);
    k.keeper.delivered({ ...item('file'), Type: 'ATTACHMENT', Attachments: [{ AttachmentId: 'f', Status: 'IN_PROGRESS' }] } as Item);
    k.keeper.delivered(item('after'));
    expect(saved()?.cursor?.Id).toBe('first');
    k.keeper.delivered({ ...item('chunk'), MessageMetadata: { ChunkNumber: 2, MessageCompleted: true } } as Item);
    k.keeper.delivered({ ...item('processing'), MessageMetadata: { MessageProcessingStatus: 'COMPLETED' } } as Item);
    expect(saved()?.cursor?.Id).toBe('first');
    // …until each has its final version: then it moves to the last item delivered.
    k.keeper.delivered({ ...item('file'), Type: 'ATTACHMENT', Attachments: [{ AttachmentId: 'f', Status: 'APPROVED' }] } as Item);
    expect(saved()?.cursor?.Id).toBe('file');
  });

  it('writes nothing once the chat ended (a late discard does not bring the record back)', () => {
    const { store, written, raw } = recordingStore();
    const k = keeper(store, TOKEN);
    k.load();
    const count = written.length;
    k.keeper.ended();
    k.keeper.outboxChanged([]);
    k.keeper.delivered(item('late'));
    expect(written).toHaveLength(count);
    expect(raw()).toBeUndefined();
  });

  it('never writes a store whose read failed: what it holds is not replaced by less', () => {
    const inner = recordingStore(recordOf(TOKEN));
    const store: ResumeStore = { ...inner.store, get: () => Promise.reject(new Error('disk busy')) };
    const k = keeper(store, TOKEN);
    k.load();
    return settle().then(() => {
      expect(k.loaded).toHaveLength(1);
      k.keeper.outboxChanged([]);
      k.keeper.delivered(item('new'));
      expect(inner.written).toEqual([]);
      expect(inner.saved()?.outbox).toHaveLength(1);
    });
  });

  // An app may send again, under its own ClientToken, a message it kept itself: the record's copy is the one kept.
  it('keeps a send made while the store was being read once, when the record holds it already', async () => {
    const inner = recordingStore(recordOf(TOKEN));
    const store: ResumeStore = { ...inner.store, get: (key) => Promise.resolve().then(() => inner.store.get(key)) };
    const k = keeper(store, TOKEN);
    k.load();
    const again: OutboxEntry = { ...send, queuedAt: 99 };
    const early: OutboxEntry = { ...send, input: { ...send.input, ClientToken: 'early' } };
    k.keeper.outboxChanged([again, early]);
    await settle();
    expect(inner.saved()?.outbox.map((e) => [e.input.ClientToken, e.queuedAt])).toEqual([
      ['c1', 10],
      ['early', 10],
    ]);
  });

  it('holds the cursor before an item with any attachment still being scanned', () => {
    const { store, saved } = recordingStore();
    const k = keeper(store, TOKEN);
    k.load();
    k.keeper.delivered(item('first'));
    k.keeper.delivered({ ...item('files'), Type: 'ATTACHMENT', Attachments: [{ AttachmentId: 'a', Status: 'APPROVED' }, { AttachmentId: 'b', Status: 'IN_PROGRESS' }] } as Item);
    k.keeper.delivered(item('after'));
    expect(saved()?.cursor?.Id).toBe('first');
  });

  it('keeps the sends made while the store was being read, after those it held', async () => {
    const inner = recordingStore(recordOf(TOKEN));
    const store: ResumeStore = { ...inner.store, get: (key) => Promise.resolve().then(() => inner.store.get(key)) };
    const k = keeper(store, TOKEN);
    k.load();
    const early: OutboxEntry = { ...send, input: { ...send.input, ClientToken: 'early', Content: 'typed before the read' } };
    k.keeper.outboxChanged([early]);
    await settle();
    expect(inner.saved()?.outbox.map((e) => e.input.ClientToken)).toEqual(['c1', 'early']);
  });
});


describe('ChatKeeper: on a scheduler', () => {
  function scheduled(initial?: unknown) {
    const recording = recordingStore(initial);
    const scheduler = new TestScheduler(() => undefined);
    const k = new ChatKeeper(new StoreWriter(recording.store, DEFAULT_RESUME_KEY, () => undefined), TOKEN, true, scheduler);
    k.load(() => undefined);
    return { ...recording, scheduler, keeper: k, cursors: () => recording.written.map((json) => decodeSavedChat(JSON.parse(json))?.cursor?.Id) };
  }

  it('writes the cursor once per tick, however many items were delivered in it, at the last of them', () => {
    const { keeper: k, scheduler, cursors } = scheduled();
    expect(cursors()).toEqual([undefined]);
    k.delivered(item('m1'));
    k.delivered(item('m2'));
    k.delivered(item('m3'));
    expect(cursors()).toEqual([undefined]);
    scheduler.flush();
    expect(cursors()).toEqual([undefined, 'm3']);
    k.delivered(item('m4'));
    scheduler.flush();
    expect(cursors()).toEqual([undefined, 'm3', 'm4']);
  });

  it('an outbox change in the tick writes at once, cursor included, and the tick writes nothing more', () => {
    const { keeper: k, scheduler, cursors, saved } = scheduled();
    k.delivered(item('m1'));
    k.outboxChanged([send]);
    expect(cursors()).toEqual([undefined, 'm1']);
    expect(saved()?.outbox.map((e) => e.input.ClientToken)).toEqual(['c1']);
    scheduler.flush();
    expect(cursors()).toEqual([undefined, 'm1']);
    // A later item is written at the end of its own tick again.
    k.delivered(item('m2'));
    scheduler.flush();
    expect(cursors()).toEqual([undefined, 'm1', 'm2']);
  });

  it('the chat ending drops the write waiting for the end of the tick: the record stays deleted', () => {
    const { keeper: k, scheduler, written, raw, deletes } = scheduled();
    k.delivered(item('m1'));
    k.ended();
    scheduler.flush();
    expect(written).toHaveLength(1);
    expect(deletes()).toBe(1);
    expect(raw()).toBeUndefined();
  });
});

describe('ChatKeeper: items still to settle, bounded', () => {
  const chunk = (Id: string, last = false) => ({ ...item(Id), MessageMetadata: last ? { ChunkNumber: 2, MessageCompleted: true } : { ChunkNumber: 1 } }) as Item;

  it('holds the cursor before the oldest of 100 items still to settle', () => {
    const { store, saved } = recordingStore();
    const k = keeper(store, TOKEN);
    k.load();
    k.keeper.delivered(item('first'));
    for (let i = 0; i < 100; i++) k.keeper.delivered(chunk(`u${i}`));
    for (let i = 1; i < 100; i++) k.keeper.delivered(chunk(`u${i}`, true));
    expect(saved()?.cursor?.Id).toBe('first');
    k.keeper.delivered(chunk('u0', true));
    expect(saved()?.cursor?.Id).toBe('u0');
  });

  it('past 100, lets the oldest go: the cursor moves once the others have settled', () => {
    const { store, saved } = recordingStore();
    const k = keeper(store, TOKEN);
    k.load();
    k.keeper.delivered(item('first'));
    for (let i = 0; i <= 100; i++) k.keeper.delivered(chunk(`u${i}`));
    // A later chunk of one already held takes no more room.
    k.keeper.delivered(chunk('u100'));
    for (let i = 1; i <= 100; i++) k.keeper.delivered(chunk(`u${i}`, true));
    expect(saved()?.cursor?.Id).toBe('u100');
  });
});
