import type { ResumeStore } from '@connect-participant/core';
import { PlatformUnsupportedError } from './platform-unsupported-error.js';

/** The part of the Web Storage API a {@link webStorageStore} uses: `sessionStorage` and `localStorage` fit as they are. */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Options of {@link webStorageStore}. */
export interface WebStorageStoreOptions {
  /** Put before every key, so the store's items do not collide with the page's own. Default `'connect-participant:'`. */
  readonly prefix?: string | undefined;
}

/**
 * A {@link ResumeStore} over Web Storage, for a page that should resume its chat after a reload:
 * `connectParticipant({ participantToken, region, resume: { store: webStorageStore() } })`.
 *
 * The default is the page's `sessionStorage`, looked up at first use (so the store can be made where there is none
 * yet, as in server-side rendering); where there is none, using the store throws a
 * {@link PlatformUnsupportedError} (`missing: 'sessionStorage'`). `sessionStorage` is per tab and gone when the tab
 * closes: a reload resumes the chat, a new tab does not. `localStorage` survives the browser closing and is shared
 * by the origin's tabs, and, like `sessionStorage`, any script on the origin can read it: the README weighs keeping
 * the token there.
 *
 * Each key is one item, its value as JSON text. An item that is not JSON reads as `undefined`. A write the storage
 * refuses (a `QuotaExceededError`) throws out, and the session reports it.
 */
export function webStorageStore(storage?: StorageLike, options: WebStorageStoreOptions = {}): ResumeStore {
  const prefix = options.prefix ?? 'connect-participant:';
  let resolved = storage;
  const target = (): StorageLike => (resolved ??= platformSessionStorage());
  return {
    get(key) {
      const text = target().getItem(prefix + key);
      if (text === null) return undefined;
      try {
        return JSON.parse(text) as unknown;
      } catch {
        // The syntax error quotes the text, which may hold a token: dropped, never passed on.
        return undefined;
      }
    },
    set(key, value) {
      const text = JSON.stringify(value) as string | undefined;
      // `undefined` has no JSON form: deleting the key is what keeping it in memory would amount to.
      if (text === undefined) target().removeItem(prefix + key);
      else target().setItem(prefix + key, text);
    },
    delete(key) {
      target().removeItem(prefix + key);
    },
  };
}

function platformSessionStorage(): StorageLike {
  // Reading the global may itself throw (a sandboxed frame, storage blocked by the user): that error is the platform's
  // own answer and goes out as it is.
  const storage = (globalThis as { sessionStorage?: StorageLike | undefined }).sessionStorage;
  if (!storage) throw new PlatformUnsupportedError('sessionStorage');
  return storage;
}
