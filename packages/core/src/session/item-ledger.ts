import type { Item } from '../model/shapes.js';

/**
 * Which item Ids a session has delivered, so that `messages$` delivers each Id once across rotations (two sockets
 * overlap for a moment) and reconnects (the gap is filled from the transcript, which stops at the newest Id
 * already delivered). Only the most recent `capacity` Ids are kept: a duplicate can only be one of those, and a
 * long chat must not grow the session's memory without bound.
 *
 * The Ids are kept in a set and, in the order they came, in a ring: once the ring is full, each new Id takes the
 * slot of the oldest, which leaves the set. So the memory is constant once full, and each item costs the same
 * however long the chat runs (taking the oldest key of a set by iterating it instead costs a scan past the entries
 * deleted before it, which grew with every item).
 */
export class ItemLedger {
  /** Made with the first Id: a session that has received nothing pays for neither. */
  #seen: Set<string> | undefined;
  #order: string[] | undefined;
  /** The slot of the ring the next Id takes: once the ring is full, the slot of the oldest. */
  #next = 0;
  readonly #capacity: number;

  constructor(capacity = 2_000) {
    this.#capacity = capacity;
  }

  /** Records the item; true when it was not delivered before (items without an Id always pass). */
  accept(item: Item): boolean {
    const id = item.Id;
    if (id === undefined) return true;
    const seen = (this.#seen ??= new Set());
    // Adding and looking at the size is one lookup where `has` then `add` would be two: this runs for every item.
    const size = seen.size;
    seen.add(id);
    if (seen.size === size) return false;
    const order = (this.#order ??= []);
    if (seen.size > this.#capacity) seen.delete(order[this.#next] as string);
    order[this.#next] = id;
    this.#next = (this.#next + 1) % this.#capacity;
    return true;
  }

  has(id: string | undefined): boolean {
    return id !== undefined && this.#seen?.has(id) === true;
  }

  /** How many Ids are remembered. */
  get size(): number {
    return this.#seen?.size ?? 0;
  }
}
