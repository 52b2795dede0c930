import type { Item } from '../model/shapes.js';

/**
 * Which item Ids a session has delivered, so that `messages$` delivers each Id once across rotations (two sockets
 * overlap for a moment) and reconnects (the gap is filled from the transcript, which stops at the newest Id
 * already delivered). Only the most recent `capacity` Ids are kept: a duplicate can only be one of those, and a
 * long chat must not grow the session's memory without bound.
 */
export class ItemLedger {
  /** Made with the first Id: a session that has received nothing pays for no set. */
  #seen: Set<string> | undefined;

  constructor(private readonly capacity = 2_000) {}

  /** Records the item; true when it was not delivered before (items without an Id always pass). */
  accept(item: Item): boolean {
    if (item.Id === undefined) return true;
    const seen = (this.#seen ??= new Set());
    if (seen.has(item.Id)) return false;
    seen.add(item.Id);
    // A Set iterates in insertion order: the first key is the oldest.
    if (seen.size > this.capacity) seen.delete(seen.values().next().value as string);
    return true;
  }

  has(id: string | undefined): boolean {
    return id !== undefined && this.#seen !== undefined && this.#seen.has(id);
  }

  get size(): number {
    return this.#seen?.size ?? 0;
  }
}
