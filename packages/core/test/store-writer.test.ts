import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import type { ResumeStore } from '../src/resume/resume-store.js';
import { StoreTimeoutError, StoreWriter } from '../src/resume/store-writer.js';
import { MAX_DELAY_MS } from '../src/session/alarm.js';
import { runVirtualTimeTo } from './session-harness.js';

// ---- helpers --------------------------------------------------------------------------------------------------

/** Lets promise callbacks already due run (no timer: only the microtask queue). */
const settle = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

interface Deferred {
  readonly promise: Promise<void>;
  resolve(): void;
  reject(error: unknown): void;
}
const deferred = (): Deferred => {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};

/** A store that answers at once, logging each call with its key. */
function syncStore() {
  const values = new Map<string, unknown>();
  const log: string[] = [];
  const store: ResumeStore = {
    get: (key) => values.get(key),
    set: (key, value) => {
      log.push(`set ${key} ${JSON.stringify(value)}`);
      values.set(key, value);
    },
    delete: (key) => {
      log.push(`delete ${key}`);
      values.delete(key);
    },
  };
  return { store, values, log };
}

/** A store whose writes finish when the test says (a file, AsyncStorage), logging each call as it starts. */
function asyncStore() {
  const values = new Map<string, unknown>();
  const log: string[] = [];
  const writes: Deferred[] = [];
  const started = (line: string, apply: () => void) => {
    log.push(line);
    const d = deferred();
    writes.push(d);
    return d.promise.then(apply);
  };
  const store: ResumeStore = {
    get: (key) => Promise.resolve(values.get(key)),
    set: (key, value) => started(`set ${key} ${JSON.stringify(value)}`, () => void values.set(key, value)),
    delete: (key) => started(`delete ${key}`, () => void values.delete(key)),
  };
  /** Finishes the write in flight (the oldest unfinished), then lets the writer go on. */
  const finish = async (error?: unknown) => {
    const d = writes.shift() as Deferred;
    if (error === undefined) d.resolve();
    else d.reject(error);
    await settle();
  };
  return { store, values, log, finish, inFlight: () => writes.length };
}

function writerOf(store: ResumeStore) {
  const failures: unknown[] = [];
  const writer = new StoreWriter(store, 'k', (error) => void failures.push(error));
  return { writer, failures };
}

// ---- tests ----------------------------------------------------------------------------------------------------

describe('StoreWriter: a store that answers at once', () => {
  it('writes and deletes at once, in order, under its key', () => {
    const { store, values, log } = syncStore();
    const { writer, failures } = writerOf(store);
    writer.write({ n: 1 });
    expect(values.get('k')).toEqual({ n: 1 });
    writer.write({ n: 2 });
    writer.delete();
    writer.write({ n: 3 });
    expect(log).toEqual(['set k {"n":1}', 'set k {"n":2}', 'delete k', 'set k {"n":3}']);
    expect(values.get('k')).toEqual({ n: 3 });
    expect(failures).toEqual([]);
  });

  it('reports a throwing write and still makes the next', () => {
    const { store, values, log } = syncStore();
    const error = new Error('QuotaExceededError');
    let throws = 1;
    const flaky: ResumeStore = {
      ...store,
      set: (key, value) => {
        if (throws-- > 0) throw error;
        return store.set(key, value);
      },
    };
    const { writer, failures } = writerOf(flaky);
    writer.write({ n: 1 });
    expect(failures).toEqual([error]);
    writer.write({ n: 2 });
    expect(values.get('k')).toEqual({ n: 2 });
    expect(log).toEqual(['set k {"n":2}']);
  });

  it('reports a throwing delete', () => {
    const { store } = syncStore();
    const error = new Error('denied');
    const { writer, failures } = writerOf({
      ...store,
      delete: () => {
        throw error;
      },
    });
    writer.delete();
    expect(failures).toEqual([error]);
  });
});

describe('StoreWriter: a store that answers later', () => {
  it('makes one write at a time; those asked for meanwhile collapse into the latest', async () => {
    const { store, values, log, finish } = asyncStore();
    const { writer, failures } = writerOf(store);
    writer.write({ n: 1 });
    writer.write({ n: 2 });
    writer.write({ n: 3 });
    expect(log).toEqual(['set k {"n":1}']);
    await finish();
    expect(values.get('k')).toEqual({ n: 1 });
    expect(log).toEqual(['set k {"n":1}', 'set k {"n":3}']);
    await finish();
    expect(values.get('k')).toEqual({ n: 3 });
    // Nothing left to write: the next write starts at once.
    writer.write({ n: 4 });
    expect(log.at(-1)).toBe('set k {"n":4}');
    await finish();
    expect(values.get('k')).toEqual({ n: 4 });
    expect(failures).toEqual([]);
  });

  it('never writes an older value after a newer one', async () => {
    const { store, values, log, finish, inFlight } = asyncStore();
    const { writer } = writerOf(store);
    for (let n = 1; n <= 20; n++) {
      writer.write({ n });
      expect(inFlight()).toBe(1);
      if (n % 3 === 0) await finish();
    }
    while (inFlight() > 0) await finish();
    const written = log.map((line) => (JSON.parse(line.slice('set k '.length)) as { n: number }).n);
    expect(written).toEqual([1, 3, 6, 9, 12, 15, 18, 20]);
    expect(written.at(-1)).toBe(20);
    expect(values.get('k')).toEqual({ n: 20 });
  });

  it('deletes after the write in flight, and a write asked for after the delete wins over it', async () => {
    const { store, values, log, finish } = asyncStore();
    const { writer } = writerOf(store);
    writer.write({ n: 1 });
    writer.delete();
    expect(log).toEqual(['set k {"n":1}']);
    await finish();
    expect(log).toEqual(['set k {"n":1}', 'delete k']);
    await finish();
    expect(values.has('k')).toBe(false);

    writer.write({ n: 2 });
    writer.delete();
    writer.write({ n: 3 });
    await finish();
    await finish();
    expect(log.slice(2)).toEqual(['set k {"n":2}', 'set k {"n":3}']);
    expect(values.get('k')).toEqual({ n: 3 });
  });

  it('reports a rejected write and goes on with the next', async () => {
    const { store, values, log, finish } = asyncStore();
    const { writer, failures } = writerOf(store);
    writer.write({ n: 1 });
    writer.write({ n: 2 });
    const error = new Error('ENOSPC');
    await finish(error);
    expect(failures).toEqual([error]);
    expect(log).toEqual(['set k {"n":1}', 'set k {"n":2}']);
    await finish();
    expect(values.get('k')).toEqual({ n: 2 });
    writer.write({ n: 3 });
    expect(log.at(-1)).toBe('set k {"n":3}');
  });
});

describe('StoreWriter: read', () => {
  it('reads a store that answers at once at once', () => {
    const { store, values } = syncStore();
    values.set('k', { v: 1 });
    const { writer } = writerOf(store);
    const read: unknown[] = [];
    writer.read((value) => read.push(value));
    expect(read).toEqual([{ v: 1 }]);
  });

  it('reads a store that answers with a promise once it answers', async () => {
    const { store, values } = asyncStore();
    values.set('k', { v: 2 });
    const { writer } = writerOf(store);
    const read: unknown[] = [];
    writer.read((value) => read.push(value));
    expect(read).toEqual([]);
    await settle();
    expect(read).toEqual([{ v: 2 }]);
  });

  it('reads nothing, reported, from a get that throws or rejects', async () => {
    const error = new Error('SecurityError');
    const throwing = writerOf({
      get: () => {
        throw error;
      },
      set: () => undefined,
      delete: () => undefined,
    });
    const read: unknown[] = [];
    throwing.writer.read((value) => read.push(value));
    expect(read).toEqual([undefined]);
    expect(throwing.failures).toEqual([error]);

    const rejecting = writerOf({ get: () => Promise.reject(error), set: () => undefined, delete: () => undefined });
    const later: unknown[] = [];
    rejecting.writer.read((value) => later.push(value));
    await settle();
    expect(later).toEqual([undefined]);
    expect(rejecting.failures).toEqual([error]);
  });

  it('says whether the read answered: ok for a value or nothing, not ok for a failure', async () => {
    const answers: [unknown, boolean][] = [];
    const record = (value: unknown, ok: boolean) => void answers.push([value, ok]);
    const none = () => undefined;
    writerOf({ get: () => ({ v: 1 }), set: none, delete: none }).writer.read(record);
    writerOf({ get: () => undefined, set: none, delete: none }).writer.read(record);
    const throwing = () => {
      throw new Error('SecurityError');
    };
    writerOf({ get: throwing, set: none, delete: none }).writer.read(record);
    writerOf({ get: () => Promise.resolve({ v: 2 }), set: none, delete: none }).writer.read(record);
    writerOf({ get: () => Promise.resolve(undefined), set: none, delete: none }).writer.read(record);
    writerOf({ get: () => Promise.reject(new Error('EIO')), set: none, delete: none }).writer.read(record);
    await settle();
    expect(answers).toEqual([
      [{ v: 1 }, true],
      [undefined, true],
      [undefined, false],
      [{ v: 2 }, true],
      [undefined, true],
      [undefined, false],
    ]);
  });

  it('reads under its key', () => {
    const keys: string[] = [];
    const { writer } = writerOf({ get: (key) => void keys.push(key), set: () => undefined, delete: () => undefined });
    writer.read(() => undefined);
    expect(keys).toEqual(['k']);
  });
});

describe('StoreWriter: a store that does not answer in the time allowed', () => {
  /** A writer timed out after `timeoutMs` on a TestScheduler, with its reads and failures recorded. */
  function timed(store: ResumeStore, timeoutMs = 1_000) {
    const scheduler = new TestScheduler(() => undefined);
    const failures: unknown[] = [];
    const writer = new StoreWriter(store, 'k', (error) => void failures.push(error), { scheduler, timeoutMs });
    const read: [unknown, boolean][] = [];
    return { scheduler, failures, writer, read, startRead: () => writer.read((value, ok) => void read.push([value, ok])), advanceTo: (ms: number) => runVirtualTimeTo(scheduler, ms) };
  }
  const never = (): Promise<never> => new Promise<never>(() => undefined);

  it('reads nothing, with ok false, from a read that has not answered in time, reporting a StoreTimeoutError that names it', () => {
    const t = timed({ get: never, set: () => undefined, delete: () => undefined }, 1_000);
    t.startRead();
    t.advanceTo(999);
    expect(t.read).toEqual([]);
    expect(t.failures).toEqual([]);
    t.advanceTo(1_000);
    expect(t.read).toEqual([[undefined, false]]);
    expect(t.failures).toHaveLength(1);
    const error = t.failures[0] as StoreTimeoutError;
    expect(error).toBeInstanceOf(StoreTimeoutError);
    expect(error).toMatchObject({ name: 'StoreTimeoutError', operation: 'read', timeoutMs: 1_000 });
    expect(error.message).toContain('read');
    expect(error.message).toContain('1000 ms');
  });

  it('hears nothing more of a read that answers after it was timed out, nor of one that rejects then', async () => {
    for (const late of [(d: Deferred) => d.resolve(), (d: Deferred) => d.reject(new Error('too late'))]) {
      const d = deferred();
      const t = timed({ get: () => d.promise, set: () => undefined, delete: () => undefined });
      t.startRead();
      t.advanceTo(1_000);
      late(d);
      await settle();
      expect(t.read).toEqual([[undefined, false]]);
      expect(t.failures).toHaveLength(1);
      expect(t.failures[0]).toBeInstanceOf(StoreTimeoutError);
    }
  });

  it('reads, ok, what answers in time, and reports no timeout after it', async () => {
    const values = new Map<string, unknown>([['k', { v: 3 }]]);
    const t = timed({ get: (key) => Promise.resolve(values.get(key)), set: () => undefined, delete: () => undefined });
    t.startRead();
    await settle();
    expect(t.read).toEqual([[{ v: 3 }, true]]);
    t.advanceTo(10_000);
    expect(t.read).toEqual([[{ v: 3 }, true]]);
    expect(t.failures).toEqual([]);
  });

  it('answers ok false for a read that rejects in time, reported once', async () => {
    const error = new Error('EIO');
    const t = timed({ get: () => Promise.reject(error), set: () => undefined, delete: () => undefined });
    t.startRead();
    await settle();
    t.advanceTo(10_000);
    expect(t.read).toEqual([[undefined, false]]);
    expect(t.failures).toEqual([error]);
  });

  it('reports a write that has not answered in time once, and still waits for it: the writes after it do not overtake it', async () => {
    const { store, values, log, finish } = asyncStore();
    const t = timed(store, 1_000);
    t.writer.write({ n: 1 });
    t.writer.write({ n: 2 });
    t.advanceTo(999);
    expect(t.failures).toEqual([]);
    t.advanceTo(1_000);
    expect(t.failures).toHaveLength(1);
    expect(t.failures[0]).toMatchObject({ name: 'StoreTimeoutError', operation: 'write', timeoutMs: 1_000 });
    expect((t.failures[0] as Error).message).toContain('write');
    t.advanceTo(60_000);
    expect(t.failures).toHaveLength(1);
    expect(log).toEqual(['set k {"n":1}']);
    await finish();
    expect(log).toEqual(['set k {"n":1}', 'set k {"n":2}']);
    // The second write answers in time: its watch is stopped, nothing more is reported.
    await finish();
    t.advanceTo(120_000);
    expect(t.failures).toHaveLength(1);
    expect(values.get('k')).toEqual({ n: 2 });
  });

  it('reports no timeout for a write or a delete that answered in time', async () => {
    const { store, finish } = asyncStore();
    const t = timed(store, 1_000);
    t.writer.write({ n: 1 });
    t.advanceTo(500);
    await finish();
    t.writer.delete();
    t.advanceTo(900);
    await finish();
    t.advanceTo(60_000);
    expect(t.failures).toEqual([]);
  });

  it.each([
    ['no time at all (0)', 0],
    ['a negative time', -5],
    ['a time longer than a platform timer takes', MAX_DELAY_MS + 1],
    ['an infinite time', Number.POSITIVE_INFINITY],
    ['NaN', Number.NaN],
  ])('waits for a store for ever when the time allowed is %s', (_name, timeoutMs) => {
    const t = timed({ get: never, set: never, delete: () => undefined }, timeoutMs);
    t.startRead();
    t.writer.write({ n: 1 });
    t.advanceTo(Number.POSITIVE_INFINITY);
    expect(t.read).toEqual([]);
    expect(t.failures).toEqual([]);
  });

  it('times out a store at the longest time a platform timer takes', () => {
    const t = timed({ get: never, set: () => undefined, delete: () => undefined }, MAX_DELAY_MS);
    t.startRead();
    t.advanceTo(MAX_DELAY_MS - 1);
    expect(t.read).toEqual([]);
    t.advanceTo(MAX_DELAY_MS);
    expect(t.read).toEqual([[undefined, false]]);
  });
});
