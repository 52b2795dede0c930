import type { Item } from '../model/shapes.js';

/**
 * Which item Ids a session has delivered, so that `messages$` delivers each Id once across rotations (two sockets
 * overlap for a moment) and reconnects (the gap is filled from the transcript, which stops at the newest Id
 * already delivered). Only recent Ids are kept: a duplicate can only be one of those, and a long chat must not
 * grow the session's memory without bound.
 *
 * The Ids live in two generations: when the current one holds `capacity` Ids it becomes the previous one and the
 * oldest generation is dropped whole. So the ledger remembers at least the `capacity` most recent Ids and at most
 * twice as many, at a constant cost per item (evicting one Id at a time from a Set costs a scan past the deleted
 * entries at its head, which grew with every item).
 */
export class ItemLedger {
  /** Made with the first Id: a session that has received nothing pays for no set. */
  #current: Set<string> | undefined;
  #previous: Set<string> | undefined;
  readonly #capacity: number;

  constructor(capacity = 1_000) {
    this.#capacity = capacity;
  }

  /** Records the item; true when it was not delivered before (items without an Id always pass). */
  accept(item: Item): boolean {
    const id = item.Id;
    if (id === undefined) return true;
    if (this.#previous?.has(id) === true) return false;
    const current = (this.#current ??= new Set());
    // Adding and looking at the size is one lookup where `has` then `add` would be two: this runs for every item.
    const size = current.size;
    current.add(id);
    if (current.size === size) return false;
    if (current.size >= this.#capacity) {
      this.#previous = current;
      this.#current = new Set();
    }
    return true;
  }

  has(id: string | undefined): boolean {
    return id !== undefined && (this.#current?.has(id) === true || this.#previous?.has(id) === true);
  }

  /** How many Ids are remembered. */
  get size(): number {
    return (this.#current?.size ?? 0) + (this.#previous?.size ?? 0);
  }
}
