import type { Item } from '../model/shapes.js';

/**
 * Which item Ids a session has delivered: `messages$` delivers each Id once, across rotations (where two sockets
 * overlap) and reconnects (where the gap is filled from the transcript).
 */
export class ItemLedger {
  readonly #seen = new Set<string>();

  /** Records the item; true when it was not delivered before (items without an Id always pass). */
  accept(item: Item): boolean {
    if (item.Id === undefined) return true;
    if (this.#seen.has(item.Id)) return false;
    this.#seen.add(item.Id);
    return true;
  }

  has(id: string | undefined): boolean {
    return id !== undefined && this.#seen.has(id);
  }

  get size(): number {
    return this.#seen.size;
  }
}
