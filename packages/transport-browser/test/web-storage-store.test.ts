import { afterEach, describe, expect, it, vi } from 'vitest';
import { PlatformUnsupportedError, webStorageStore, type StorageLike } from '@connect-participant/transport-browser';

/** Web Storage as the browser keeps it: strings under strings, and a quota that refuses what is over it. */
class FakeStorage implements StorageLike {
  readonly items = new Map<string, string>();
  constructor(private readonly quota = Infinity) {}
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    if (key.length + value.length > this.quota) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    this.items.set(key, String(value));
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}

const record = { ParticipantToken: 'secret-participant-token', cursor: { Id: 'm-1', AbsoluteTime: '2024-01-01T00:00:00.000Z' }, outbox: [] };

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('webStorageStore', () => {
  it('keeps each key as JSON text under a prefix, answers at once, and gives back a copy', () => {
    const storage = new FakeStorage();
    const store = webStorageStore(storage);
    expect(store.set('chat', record)).toBeUndefined();
    expect([...storage.items]).toEqual([['connect-participant:chat', JSON.stringify(record)]]);
    const read = store.get('chat') as typeof record;
    expect(read).toEqual(record);
    expect(read).not.toBe(record);
    read.cursor.Id = 'changed by the caller';
    expect(store.get('chat')).toEqual(record);
    expect(store.get('other')).toBeUndefined();
  });

  it('takes a prefix of its own, and touches no item without it', () => {
    const storage = new FakeStorage();
    storage.setItem('chat', '"the page\'s own"');
    const store = webStorageStore(storage, { prefix: 'my-app/' });
    store.set('chat', 1);
    expect(storage.items.get('my-app/chat')).toBe('1');
    store.delete('chat');
    expect([...storage.items]).toEqual([['chat', '"the page\'s own"']]);
    expect(webStorageStore(storage, { prefix: '' }).get('chat')).toBe("the page's own");
  });

  it('deletes the item', () => {
    const storage = new FakeStorage();
    const store = webStorageStore(storage);
    store.set('chat', record);
    store.set('other', true);
    store.delete('chat');
    expect(store.get('chat')).toBeUndefined();
    expect([...storage.items.keys()]).toEqual(['connect-participant:other']);
  });

  it('reads an item that is not JSON as undefined, and leaves it', () => {
    const storage = new FakeStorage();
    storage.setItem('connect-participant:chat', '{"ParticipantToken": "secret-participant-tok');
    expect(webStorageStore(storage).get('chat')).toBeUndefined();
    expect(storage.items.get('connect-participant:chat')).toBe('{"ParticipantToken": "secret-participant-tok');
  });

  it('throws out what the storage throws on a write (a full quota), and keeps what was there', () => {
    const storage = new FakeStorage(200);
    const store = webStorageStore(storage);
    store.set('chat', { n: 1 });
    expect(() => store.set('chat', { padding: 'x'.repeat(500) })).toThrow(expect.objectContaining({ name: 'QuotaExceededError' }));
    expect(store.get('chat')).toEqual({ n: 1 });
  });

  it('throws on a value with no JSON form', () => {
    expect(() => webStorageStore(new FakeStorage()).set('chat', { n: 1n })).toThrow(TypeError);
  });

  it("uses the page's sessionStorage by default, looked up at first use", () => {
    vi.stubGlobal('sessionStorage', undefined);
    const store = webStorageStore();
    const error = (() => {
      try {
        store.get('chat');
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(PlatformUnsupportedError);
    expect(error).toMatchObject({ missing: 'sessionStorage' });
    expect(() => store.set('chat', 1)).toThrow(PlatformUnsupportedError);

    const session = new FakeStorage();
    vi.stubGlobal('sessionStorage', session);
    store.set('chat', record);
    expect(session.items.get('connect-participant:chat')).toBe(JSON.stringify(record));
    // Looked up once: the store keeps the storage it found.
    vi.stubGlobal('sessionStorage', new FakeStorage());
    expect(store.get('chat')).toEqual(record);
  });
});
