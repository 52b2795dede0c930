import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { ResumeStore } from '@connect-participant/core';

/** Options of {@link fileStore}. */
export interface FileStoreOptions {
  /**
   * The file's permissions. Default `0o600`, read and written by its owner only: the file may hold a
   * ParticipantToken, which lets whoever reads it join the chat. The process's umask applies, as it does to any file.
   */
  readonly mode?: number | undefined;
}

/** A {@link ResumeStore} that always answers with a promise, as a file on disk does. */
export interface FileStore extends ResumeStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<void>;
}

/** A key's new JSON text, or `undefined` to delete it. */
type Changes = Map<string, string | undefined>;

/** Writes to one file: at most one in flight, and the changes made meanwhile, merged, written after it. */
interface FileWrites {
  /** Changes not yet being written; a later change to a key replaces an earlier one. */
  waiting: Changes;
  /** Settled once the write that carries `waiting` ends. */
  waiters: { resolve: () => void; reject: (error: unknown) => void }[];
  /** The changes being written now, if any. */
  writing: Changes | undefined;
  mode: number;
}

/**
 * One queue per file, shared by every store on that path in this process, so two sessions given a store each for
 * the same file cannot read and rewrite it at once and lose each other's record. Removed once its writes are done.
 */
const queues = new Map<string, FileWrites>();

/**
 * A {@link ResumeStore} in one JSON file on disk, for a Node app that should resume its chat after a restart:
 * `connectParticipant({ participantToken, endpoint, resume: { store: fileStore('.chat-state.json') } })`.
 *
 * The file holds one JSON object with a member per key. Every write replaces it whole and atomically (a temporary
 * file in the same directory, flushed to disk, then renamed over it), so a crash leaves the old file or the new one,
 * never half of one. Writes go one at a time; changes made while one is in flight are merged and written next, so
 * the last value set always wins and each promise settles once its value (or a later one) is on disk. The file is
 * made with mode `0o600` and its directory (`0o700`) when missing.
 *
 * A missing file reads as empty; so does one that is not a JSON object (truncated, edited by hand), and it is left
 * as it is until a `set` replaces it. Filesystem errors reject with Node's own error, which names the path and
 * never a value. Stores made for one path in one process share their writes; two processes writing one file at
 * once are not supported.
 */
export function fileStore(path: string, options: FileStoreOptions = {}): FileStore {
  const file = resolve(path);
  const mode = options.mode ?? 0o600;

  const change = (key: string, text: string | undefined): Promise<void> => {
    let queue = queues.get(file);
    if (!queue) {
      queue = { waiting: new Map(), waiters: [], writing: undefined, mode };
      queues.set(file, queue);
      // A microtask later, so the changes of one synchronous burst go out in one write.
      void Promise.resolve(queue).then((q) => drain(file, q));
    }
    queue.waiting.set(key, text);
    queue.mode = mode;
    return new Promise((resolve, reject) => queue.waiters.push({ resolve, reject }));
  };

  return {
    async get(key) {
      const queue = queues.get(file);
      // What was set but is not on disk yet is what a reader should see.
      for (const changes of [queue?.waiting, queue?.writing]) {
        if (changes?.has(key)) {
          const text = changes.get(key);
          return text === undefined ? undefined : (JSON.parse(text) as unknown);
        }
      }
      const values = await readValues(file);
      // A fresh parse on every read: the caller gets its own copy.
      return Object.hasOwn(values, key) ? values[key] : undefined;
    },
    async set(key, value) {
      // Serialised now, so a value changed by the caller after this call is not what is written; `undefined` (or
      // a function) has no JSON form and deletes the key, as it would in memory.
      await change(key, JSON.stringify(value) as string | undefined);
    },
    async delete(key) {
      await change(key, undefined);
    },
  };
}

async function drain(file: string, queue: FileWrites): Promise<void> {
  while (queue.waiting.size > 0) {
    const { waiting, waiters } = queue;
    queue.writing = waiting;
    queue.waiting = new Map();
    queue.waiters = [];
    try {
      await write(file, waiting, queue.mode);
      for (const waiter of waiters) waiter.resolve();
    } catch (error) {
      for (const waiter of waiters) waiter.reject(error);
    }
  }
  queue.writing = undefined;
  queues.delete(file);
}

/** The file's object, or an empty one when the file is missing or is not a JSON object. */
async function readValues(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // A syntax error quotes the text, which may hold a token: it is dropped, never passed on.
  }
  return {};
}

async function write(file: string, changes: Changes, mode: number): Promise<void> {
  // Read again before each write: another store's process, or a hand edit, may have changed the other keys.
  const texts = new Map(Object.entries(await readValues(file)).map(([key, value]) => [key, JSON.stringify(value)]));
  let changed = false;
  for (const [key, text] of changes) {
    if (text === undefined) changed = texts.delete(key) || changed;
    else if (texts.get(key) !== text) {
      texts.set(key, text);
      changed = true;
    }
  }
  // Nothing to change (a delete of what is not there, the same value again): the file is not touched, not even made.
  if (!changed) return;
  const body = `{${[...texts].map(([key, text]) => `${JSON.stringify(key)}:${text}`).join(',')}}\n`;
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${randomUUID()}.tmp`;
  try {
    // 'wx': a file of our own, made with our mode, never one that was there already.
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.writeFile(body, 'utf8');
      // On disk before the rename, or a power cut could leave the new name on an empty file.
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}
