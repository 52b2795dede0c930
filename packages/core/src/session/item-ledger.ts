import type { Item } from '../model/shapes.js';
import { isUnsettledVersion, versionOf } from './item-version.js';

/** Between an Id and its version in a key: a character no Id the service makes holds. */
const SEP = '\u0001';

/**
 * Which items a session has delivered, so that `messages$` delivers each once across rotations (two sockets
 * overlap for a moment) and reconnects (the gap is filled from the transcript, which stops at the newest Id
 * already delivered). An item is its Id and its version (`versionOf`): an update under the same Id (a streamed
 * message's next chunk, a status, a receipt) is not a duplicate; the same Id and version again is. The keys are
 * kept in the order they came, at least the last `capacity` and at most 3 % more: a duplicate can only be a
 * recent one, and a long chat must not grow the session's memory.
 *
 * Items come in order, almost always, and a duplicate is the same item again, with the same AbsoluteTime. So an
 * item later than every one accepted is new without a lookup, and one at exactly the newest time need only be
 * looked for among the Ids accepted since that time became the newest. Only an item from before it, or without a
 * time, is looked for in the whole list (a rotation's old socket repeats a few). A set of the Ids, updated for
 * every item, took twice the time per item in a tight loop, and about 78 KB more of each long chat's heap.
 */
export class ItemLedger {
  /** Made with the first Id: a session that has received nothing pays for none of it. */
  #ids: string[] | undefined;
  /** The greatest AbsoluteTime accepted, as a string: the service writes one form, which compares in time order. */
  #latest = '';
  /** How many Ids were accepted since `#latest` became the newest time: every Id of that time is among them. */
  #since = 0;
  /**
   * How many more items are looked for in the whole list whatever their time: those after a gap fill. Its items
   * come from the transcript and their repeats from the socket (the items buffered while it ran), and nothing but
   * this ledger relies on the two writing one instant as one string.
   */
  #exact = 0;
  readonly #capacity: number;

  constructor(capacity = 2_000) {
    this.#capacity = capacity;
  }

  /** Records the item; true when it was not delivered before (items without an Id always pass). */
  accept(item: Item): boolean {
    let id = item.Id;
    if (id === undefined) return true;
    const version = versionOf(item);
    if (version !== '') id += SEP + version;
    const time = item.AbsoluteTime;
    const ids = (this.#ids ??= []);
    const newer = (time ?? '') > this.#latest;
    const exact = this.#exact > 0;
    if (exact) this.#exact--;
    // A negative start counts back from the end.
    if ((exact || !newer) && ids.indexOf(id, exact || time !== this.#latest ? 0 : -this.#since) >= 0) return false;
    // The oldest go a few dozen at a time, once the list holds 3 % more than the capacity: one move of the list per
    // sixty items, and a heap that stays flat however long the chat (a list let grow to twice the capacity was
    // still growing at the end of a ten-minute soak of long chats).
    if (ids.push(id) > this.#capacity * 1.03) ids.splice(0, ids.length - this.#capacity);
    if (newer) {
      this.#latest = time as string;
      this.#since = 1;
    } else this.#since++;
    return true;
  }

  /**
   * Whether the Id was delivered (and is still remembered) in a settled form: anything but a partial chunk of a
   * streamed message (whose whole text is still owed) or a message still being processed (whose outcome is). A gap
   * fill asks: the items after it are checked exactly.
   */
  has(id: string | undefined): boolean {
    this.#exact = this.#capacity;
    const ids = this.#ids;
    if (ids === undefined || id === undefined) return false;
    if (ids.includes(id)) return true;
    const prefix = id + SEP;
    return ids.some((key) => key.startsWith(prefix) && !isUnsettledVersion(key.slice(prefix.length)));
  }
}
