import type { Outcome } from '../client/invoke.js';
import type { Item } from '../model/shapes.js';
import type { GapFound, TranscriptPageReader } from './gap-fill.js';
import { readGap } from './gap-fill.js';
import { Hub } from './hub.js';
import { insertOrdered, isPersistent } from './transcript-order.js';

/** Whether the conversation still needs the chat's history read for it. */
type History = { readonly kind: 'needed' } | { readonly kind: 'reading'; readonly cancel: () => void } | { readonly kind: 'done' };

/**
 * The conversation behind `transcript$`: the persistent items delivered (typing and receipts left out), ordered
 * by AbsoluteTime then Id, each Id once. It exists only once an app asks for it. When the items delivered do not
 * hold the chat from its beginning, it reads the history itself, once, after the first subscription (read before
 * it, an item sent at that very instant could be in neither the history nor the socket).
 */
export class Conversation {
  readonly hub = new Hub<readonly Item[]>(true, []);
  readonly #ids = new Set<string>();
  #history: History;

  constructor(needsHistory: boolean) {
    this.#history = needsHistory ? { kind: 'needed' } : { kind: 'done' };
  }

  record(item: Item): void {
    if (!isPersistent(item)) return;
    const id = item.Id;
    if (id !== undefined) {
      if (this.#ids.has(id)) return;
      this.#ids.add(id);
    }
    this.hub.next(insertOrdered(this.hub.value, item));
  }

  /** Reads the history if it is still needed (the socket is subscribed now). */
  readHistory(readPage: TranscriptPageReader, maxPages: number, failed: (error: unknown) => void): void {
    if (this.#history.kind !== 'needed') return;
    const outcome: Outcome<GapFound> = {
      value: (found) => {
        this.#history = { kind: 'done' };
        for (const item of found.items) this.record(item);
      },
      error: (error) => {
        this.#history = { kind: 'done' };
        failed(error);
      },
    };
    const cancel = readGap(readPage, () => false, Number.NEGATIVE_INFINITY, maxPages, outcome);
    if (this.#history.kind === 'needed') this.#history = { kind: 'reading', cancel };
  }

  stop(): void {
    if (this.#history.kind === 'reading') this.#history.cancel();
    this.#history = { kind: 'done' };
    this.hub.complete();
  }
}
