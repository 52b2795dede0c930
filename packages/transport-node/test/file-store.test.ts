import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileStore } from '@connect-participant/transport-node';

let dir: string;
let path: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cp-file-store-'));
  path = join(dir, 'chat-state.json');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const onDisk = async (): Promise<unknown> => JSON.parse(await readFile(path, 'utf8'));
const record = { ParticipantToken: 'secret-participant-token', cursor: { Id: 'm-1', AbsoluteTime: '2024-01-01T00:00:00.000Z' }, outbox: [] };

describe('fileStore', () => {
  it('keeps each key in one JSON object, and gives back a copy of what was set', async () => {
    const store = fileStore(path);
    await store.set('chat', record);
    await store.set('other', [1, 'two', null, true]);
    expect(await onDisk()).toEqual({ chat: record, other: [1, 'two', null, true] });
    const read = (await store.get('chat')) as typeof record;
    expect(read).toEqual(record);
    expect(read).not.toBe(record);
    read.cursor.Id = 'changed by the caller';
    expect(await store.get('chat')).toEqual(record);
  });

  it('writes the value as it was when set, not as the caller changed it after', async () => {
    const store = fileStore(path);
    const value = { n: 1 };
    const done = store.set('k', value);
    value.n = 2;
    await done;
    expect(await store.get('k')).toEqual({ n: 1 });
  });

  it('deletes one key and leaves the others', async () => {
    const store = fileStore(path);
    await store.set('a', 1);
    await store.set('b', 2);
    await store.delete('a');
    expect(await store.get('a')).toBeUndefined();
    expect(await store.get('b')).toBe(2);
    expect(await onDisk()).toEqual({ b: 2 });
  });

  it('reads a missing file as empty, and does not make one to delete from it', async () => {
    const store = fileStore(path);
    expect(await store.get('chat')).toBeUndefined();
    await store.delete('chat');
    await expect(stat(path)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('does not answer with what an object inherits', async () => {
    const store = fileStore(path);
    await store.set('a', 1);
    expect(await store.get('toString')).toBeUndefined();
    expect(await store.get('__proto__')).toBeUndefined();
    await store.set('__proto__', { polluted: true });
    expect(await store.get('__proto__')).toEqual({ polluted: true });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(await fileStore(path).get('__proto__')).toEqual({ polluted: true });
  });

  it.each([
    ['bad JSON', '{"chat": {"ParticipantToken": "secret-participant-tok'],
    ['an array', '[1, 2, 3]'],
    ['null', 'null'],
    ['a string', '"chat"'],
    ['nothing', ''],
  ])('reads a file holding %s as empty, and leaves it until a set replaces it', async (_, text) => {
    await writeFile(path, text);
    const store = fileStore(path);
    expect(await store.get('chat')).toBeUndefined();
    await store.delete('chat');
    expect(await readFile(path, 'utf8')).toBe(text);
    await store.set('chat', record);
    expect(await onDisk()).toEqual({ chat: record });
  });

  it('settles concurrent sets in the order they were made, and the file ends with the last value', async () => {
    const store = fileStore(path);
    const settled: number[] = [];
    // One set first, so the rest are made while its write is in flight.
    const first = store.set('chat', { n: 0 }).then(() => settled.push(0));
    await new Promise((resolve) => setImmediate(resolve));
    const rest = Array.from({ length: 30 }, (_, i) => store.set('chat', { n: i + 1 }).then(() => settled.push(i + 1)));
    // A reader sees the newest value before it is on disk.
    expect(await store.get('chat')).toEqual({ n: 30 });
    await Promise.all([first, ...rest]);
    expect(settled).toEqual(Array.from({ length: 31 }, (_, i) => i));
    expect(await onDisk()).toEqual({ chat: { n: 30 } });
    expect(await fileStore(path).get('chat')).toEqual({ n: 30 });
    // Every write went through a temporary file that was renamed: none is left behind.
    expect(await readdir(dir)).toEqual(['chat-state.json']);
  });

  it('keeps both keys when two stores on one path write at once', async () => {
    const a = fileStore(path);
    const b = fileStore(path);
    await Promise.all([a.set('one', 1), b.set('two', 2), a.set('three', 3), b.delete('one')]);
    expect(await onDisk()).toEqual({ two: 2, three: 3 });
  });

  it('makes the file readable by its owner only, and its directory when missing', async () => {
    const nested = join(dir, 'state', 'app', 'chat.json');
    await fileStore(nested).set('chat', record);
    expect((await stat(nested)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'state'))).mode & 0o777).toBe(0o700);
    // A file that was there with wider permissions is replaced by one of ours.
    await writeFile(path, '{}', { mode: 0o644 });
    await fileStore(path).set('chat', record);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('is read by a store made later on the same path, as by a restarted process', async () => {
    const first = fileStore(path);
    await first.set('chat', record);
    await first.set('other', 'x');
    const restarted = fileStore(path);
    expect(await restarted.get('chat')).toEqual(record);
    await restarted.delete('chat');
    expect(await first.get('chat')).toBeUndefined();
    expect(await first.get('other')).toBe('x');
  });

  it("rejects with the platform's error, which names no value, and carries on after it", async () => {
    const store = fileStore(path);
    await store.set('chat', record);
    // A directory where the file should be fails as it would for any user, root included (root ignores modes).
    const blocked = join(dir, 'blocked.json');
    await mkdir(join(blocked, 'inside'), { recursive: true });
    const failing = fileStore(blocked);
    const error = await failing.set('chat', record).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'EISDIR' });
    expect(`${(error as Error).message} ${(error as Error).stack}`).not.toContain('secret-participant-token');
    await expect(failing.get('chat')).rejects.toMatchObject({ code: 'EISDIR' });
    await rm(blocked, { recursive: true });
    await failing.set('chat', { after: true });
    expect(await failing.get('chat')).toEqual({ after: true });
    expect(await store.get('chat')).toEqual(record);
  });

  it('rejects a value with no JSON form, naming no value', async () => {
    const store = fileStore(path);
    await expect(store.set('chat', { n: 1n })).rejects.toThrow(TypeError);
    expect(await store.get('chat')).toBeUndefined();
  });
});
