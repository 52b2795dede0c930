import { Hub } from './hub.js';
import type { Item } from '../model/shapes.js';

/** Where one of the participant's own messages stands: sent when the service answered with its Id. */
export type SendStatus = 'pending' | 'sent' | 'delivered' | 'read' | 'failed';

/** One message, attachment or event of the conversation, with every update of it merged. */
export interface ConversationEntry {
  /**
   * Stable for the entry's life (a list key): the item's Id, or for a message this session sent, the ClientToken
   * of its SendMessage, kept once the service has given it an Id.
   */
  readonly key: string;
  /** The service's Id; absent while the participant's own message is pending. */
  readonly Id: string | undefined;
  /**
   * The item as merged so far: a streamed message's chunks joined in order (its whole text once complete), the
   * latest processing or scan status, unknown members kept.
   */
  readonly item: Item;
  /** Sent by this participant: through this session, or with this participant's Id. */
  readonly own: boolean;
  /** For the participant's own messages: pending, sent, delivered, read (from receipts), or failed. */
  readonly status?: SendStatus;
  /** Why a send failed (status `failed`). */
  readonly error?: Error;
  /** For a streamed message: whether it is complete, and how many of its chunks are joined. */
  readonly stream?: { readonly complete: boolean; readonly chunks: number };
}

/**
 * What `conversation$` emits on every change: the entries in conversation order (by the time each first
 * appeared, then in order of arrival; own messages still pending last), and which entry changed.
 *
 * `entries` is the conversation's own list, updated in place: it always holds the latest entries (no copy is made
 * per update, which is what keeps a long chat cheap). An entry object is never changed: an update replaces it, so
 * comparing entries by identity tells what changed. Copy `entries` to keep a snapshot.
 */
export interface Conversation {
  readonly entries: readonly ConversationEntry[];
  /**
   * The entry this emission added or replaced (absent in the first, empty emission), or removed, no longer in
   * `entries`: a failed send the app discarded, or a pending send found to be an entry already shown (after a
   * reload, its retry was answered with the Id of a message read from the transcript; that entry becomes `own`).
   */
  readonly changed?: ConversationEntry;
  /** Counts the emissions: a new number for every change. */
  readonly version: number;
}

/** An entry and where it sorts: its first AbsoluteTime in the service's form (last while pending), then arrival. */
export interface Placed {
  entry: ConversationEntry;
  time: string;
  readonly seq: number;
}

const before = (a: Placed, b: Placed): boolean => a.time < b.time || (a.time === b.time && a.seq < b.seq);

/**
 * The conversation's entries in order, kept without copying the list per update, and the hub that emits each
 * change: `entries` is the one live list every emission carries.
 */
export class ConversationList<S extends Placed> {
  readonly #entries: ConversationEntry[] = [];
  readonly #slots: S[] = [];
  #version = 0;
  readonly hub = new Hub<Conversation>(true, { entries: this.#entries, version: 0 });

  get slots(): readonly S[] {
    return this.#slots;
  }

  insert(slot: S): void {
    const i = this.#insertionPoint(slot);
    if (i === this.#slots.length) {
      this.#slots.push(slot);
      this.#entries.push(slot.entry);
    } else {
      this.#slots.splice(i, 0, slot);
      this.#entries.splice(i, 0, slot.entry);
    }
    this.#emit(slot.entry);
  }

  /** Replaces an entry whose place may change to `time`'s. */
  move(slot: S, entry: ConversationEntry, time: string): void {
    if (time === slot.time) return this.replace(slot, entry);
    const from = this.#indexOf(slot);
    this.#slots.splice(from, 1);
    this.#entries.splice(from, 1);
    slot.time = time;
    slot.entry = entry;
    const to = this.#insertionPoint(slot);
    this.#slots.splice(to, 0, slot);
    this.#entries.splice(to, 0, entry);
    this.#emit(entry);
  }

  replace(slot: S, entry: ConversationEntry): void {
    const i = this.#indexOf(slot);
    slot.entry = entry;
    this.#entries[i] = entry;
    this.#emit(entry);
  }

  /** Takes an entry out (the emission's `changed` is the entry removed). */
  remove(slot: S): void {
    const i = this.#indexOf(slot);
    this.#slots.splice(i, 1);
    this.#entries.splice(i, 1);
    this.#emit(slot.entry);
  }

  #emit(changed: ConversationEntry): void {
    this.hub.next({ entries: this.#entries, changed, version: ++this.#version });
  }

  /** Where a slot goes: after every slot sorting before it. Items mostly come in order: the end is tried first. */
  #insertionPoint(slot: S): number {
    const slots = this.#slots;
    let lo = 0;
    let hi = slots.length;
    if (hi === 0 || before(slots[hi - 1] as S, slot)) return hi;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (before(slots[mid] as S, slot)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #indexOf(slot: S): number {
    const slots = this.#slots;
    const last = slots.length - 1;
    // Updates are mostly of the newest entries (a streamed reply, a status): the end is tried first.
    if (slots[last] === slot) return last;
    const i = this.#insertionPoint(slot);
    return slots[i] === slot ? i : slots.indexOf(slot);
  }
}
