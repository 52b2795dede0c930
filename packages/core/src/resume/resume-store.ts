/**
 * Where a session keeps what it needs to resume after a reload or a restart: a few small JSON values under string
 * keys. Each method may answer at once or with a promise, so `sessionStorage` and `localStorage` (synchronous),
 * React Native's AsyncStorage and a file on Node (asynchronous) all fit. Values are plain JSON (objects, arrays,
 * strings, finite numbers, booleans, null): a store may serialise them as it likes.
 *
 * A store may throw or reject (a full quota, a disk error): the session reports it (`store-failed` on
 * `connection$`) and carries on from memory.
 */
export interface ResumeStore {
  /** The value under `key`, or `undefined` when there is none. */
  get(key: string): unknown;
  set(key: string, value: unknown): void | Promise<void>;
  delete(key: string): void | Promise<void>;
}

/** A store in memory: for tests, and for an app that resumes a session within one page or process. */
export function memoryStore(): ResumeStore {
  const values = new Map<string, string>();
  return {
    // Kept as JSON text, as a real store keeps it: what comes back is a copy, never the object that was set.
    get: (key) => {
      const text = values.get(key);
      return text === undefined ? undefined : (JSON.parse(text) as unknown);
    },
    set: (key, value) => void values.set(key, JSON.stringify(value)),
    delete: (key) => void values.delete(key),
  };
}
