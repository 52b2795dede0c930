import { formatTimestamp, parseTimestamp } from '../codec/timestamp.js';
import type { SendMessageResponse } from '../model/operations.js';
import type { Item } from '../model/shapes.js';
import { ConversationList, type Conversation, type ConversationEntry, type Placed, type SendStatus } from './conversation-list.js';
import type { Hub } from './hub.js';
import { isPartial } from './item-version.js';
import { isPersistent } from './transcript-order.js';

export type { Conversation, ConversationEntry, SendStatus } from './conversation-list.js';

/** Receipts waiting for the message they are about, at most this many (the oldest go first). */
const MAX_EARLY_RECEIPTS = 500;

/** What the view keeps of one entry besides the entry itself. */
interface Slot extends Placed {
  /** A streamed message, until it is complete: its chunks by ChunkNumber − 1, and those joined so far. */
  chunks?: { readonly held: string[]; joined: string; count: number } | undefined;
  /** An own message: the ClientToken its answer is awaited under, and its text (to match an early echo). */
  send?: { token: string; readonly ContentType: string; readonly Content: string; echo?: Item | undefined; answered: boolean };
}

const RANK: Readonly<Record<SendStatus, number>> = { pending: 0, failed: 0, sent: 1, delivered: 2, read: 3 };

/** Sorts after every time: a pending message, an item without a readable time. */
const LAST = '\uffff';

/**
 * Where an item sorts in time, as text that compares in time order: the service's own form
 * (`2019-11-08T02:41:28.172Z`) as it is, which spares a parse per item; any other readable form rewritten to it.
 */
const timeOf = (text: string | undefined): string => {
  if (text === undefined) return LAST;
  if (text.length === 24 && text.charCodeAt(23) === 90 /* Z */ && text.charCodeAt(10) === 84 /* T */ && text.charCodeAt(19) === 46 /* . */) return text;
  const t = parseTimestamp(text);
  return t.ok ? formatTimestamp(t.value) : LAST;
};

/**
 * The conversation view: one entry per message Id, merged as updates arrive, kept in order without copying the
 * list per update. A session keeps one behind `conversation$`, fed the items it delivers (history and live) and
 * the participant's own sends as they are made; an app can also fold items it holds (a transcript it read) into
 * one of its own: `record` each item, read `hub.value` (or subscribe to `hub`).
 */
export class ConversationView {
  readonly #list = new ConversationList<Slot>();
  readonly hub: Hub<Conversation> = this.#list.hub;
  readonly #byId = new Map<string, Slot>();
  /** Own messages by the ClientToken their answer is awaited under. */
  readonly #byToken = new Map<string, Slot>();
  readonly #earlyReceipts = new Map<string, Item>();
  #ownParticipantId: string | undefined;
  #seq = 0;

  /**
   * An item delivered to the app, or read from the transcript (`fromHistory`: such an item is never taken for the
   * echo of a send still unanswered, which it came before; the send's answer, with its Id, joins them).
   */
  record(item: Item, fromHistory = false): void {
    if (item.Type === 'MESSAGEMETADATA') return this.#receipt(item);
    if (!isPersistent(item)) return;
    const id = item.Id;
    const slot = id === undefined ? undefined : (this.#byId.get(id) ?? (fromHistory ? undefined : this.#echo(item, id)));
    if (slot) return this.#merge(slot, item);
    const own = item.ParticipantId !== undefined && item.ParticipantId === this.#ownParticipantId;
    this.#add({ entry: { key: id ?? `#${this.#seq}`, Id: id, item, own }, time: timeOf(item.AbsoluteTime), seq: this.#seq++ }, item);
  }

  /** The participant sends a message (SendMessage called with this ClientToken). */
  sending(clientToken: string, ContentType: string, Content: string): void {
    const item: Item = { Type: 'MESSAGE', ContentType, Content };
    const entry: ConversationEntry = { key: clientToken, Id: undefined, item, own: true, status: 'pending' };
    const slot: Slot = { entry, time: LAST, seq: this.#seq++, send: { token: clientToken, ContentType, Content, answered: false } };
    this.#byToken.set(clientToken, slot);
    this.#add(slot, undefined);
  }

  /** SendMessage answered: the message has its Id. */
  sent(clientToken: string, response: SendMessageResponse): void {
    let slot = this.#byToken.get(clientToken);
    const id = response.Id;
    if (!slot?.send || id === undefined) return;
    const other = this.#byId.get(id);
    if (other?.send && other !== slot && !other.send.answered && slot.entry.Id === undefined) {
      // This message's echo was matched to another send of the same text, whose answer is still to come: they
      // look the same, so they trade the ClientTokens their answers are awaited under.
      const token = other.send.token;
      other.send.token = clientToken;
      slot.send.token = token;
      this.#byToken.set(clientToken, other);
      this.#byToken.set(token, slot);
      slot = other;
    }
    if (other && !other.send && other !== slot && slot.entry.Id === undefined) return this.#join(slot, other);
    const send = slot.send as NonNullable<Slot['send']>;
    this.#byToken.delete(send.token);
    send.answered = true;
    let item = slot.entry.item;
    if (slot.entry.Id !== undefined && slot.entry.Id !== id) {
      // The echo matched to it was someone else's message of the same text: it becomes an entry of its own.
      this.#byId.delete(slot.entry.Id);
      item = { Type: 'MESSAGE', ContentType: send.ContentType, Content: send.Content };
      const echo = send.echo;
      send.echo = undefined;
      this.#settle(slot, id, item, response);
      if (echo) this.record(echo);
      return;
    }
    if (item.ParticipantId !== undefined) this.#learnOwnId(item.ParticipantId);
    this.#settle(slot, id, item, response);
  }

  /**
   * SendMessage failed for good. The entry stays findable by its ClientToken: the app may retry it, and an echo of
   * it (it reached the service after all) still settles it.
   */
  failed(clientToken: string, error: Error): void {
    const slot = this.#byToken.get(clientToken);
    if (!slot || slot.entry.Id !== undefined) return;
    this.#replace(slot, { ...slot.entry, status: 'failed', error });
  }

  /** A failed message is sent again: pending once more. */
  retrying(clientToken: string): void {
    const slot = this.#byToken.get(clientToken);
    if (slot?.entry.status !== 'failed') return;
    const { error: _error, ...entry } = slot.entry;
    this.#replace(slot, { ...entry, status: 'pending' });
  }

  /** A failed message the app discarded leaves the conversation (the emission's `changed` is the entry removed). */
  discard(clientToken: string): void {
    const slot = this.#byToken.get(clientToken);
    if (slot?.entry.status !== 'failed') return;
    this.#byToken.delete(clientToken);
    this.#remove(slot);
  }

  complete(): void {
    this.hub.complete();
  }

  /** A send answered with the Id of an entry read from the transcript (its retry after a reload): the two are one. */
  #join(pending: Slot, shown: Slot): void {
    this.#byToken.delete((pending.send as NonNullable<Slot['send']>).token);
    this.#remove(pending);
    this.#replace(shown, { ...shown.entry, own: true, status: higher(shown.entry.status, 'sent') });
    if (shown.entry.item.ParticipantId !== undefined) this.#learnOwnId(shown.entry.item.ParticipantId);
    this.#receiptsFor(shown.entry.Id as string);
  }

  // ---- inside ---------------------------------------------------------------------------------------------

  #settle(slot: Slot, id: string, previous: Item, response: SendMessageResponse): void {
    const item: Item = { ...previous, Id: id, AbsoluteTime: previous.AbsoluteTime ?? response.AbsoluteTime };
    const meta = response.MessageMetadata;
    if (meta?.MessageProcessingStatus !== undefined) item.MessageMetadata = { ...previous.MessageMetadata, ...meta };
    this.#byId.set(id, slot);
    this.#place(slot, { ...slot.entry, Id: id, item, status: higher(slot.entry.status, 'sent') });
    this.#receiptsFor(id);
  }

  /**
   * The websocket's echo of an own message, when it comes before SendMessage's answer: matched by its text to the
   * oldest send still unanswered (and unmatched).
   */
  #echo(item: Item, id: string): Slot | undefined {
    if (this.#byToken.size === 0) return undefined;
    const mine = this.#ownParticipantId;
    if (mine !== undefined && item.ParticipantId !== mine) return undefined;
    // A send still pending first: a failed one of the same text takes an echo only when no pending one can (it
    // reached the service after all).
    let failed: Slot | undefined;
    for (const slot of this.#byToken.values()) {
      const send = slot.send;
      if (!send || slot.entry.Id !== undefined || send.Content !== item.Content || send.ContentType !== item.ContentType) continue;
      if (slot.entry.status === 'failed') failed ??= slot;
      else return this.#matchEcho(slot, item, id);
    }
    return failed && this.#matchEcho(failed, item, id);
  }

  #matchEcho(slot: Slot, item: Item, id: string): Slot {
    (slot.send as NonNullable<Slot['send']>).echo = item;
    this.#byId.set(id, slot);
    const { error: _error, ...entry } = slot.entry;
    slot.entry = { ...entry, Id: id, status: higher(slot.entry.status, 'sent') };
    return slot;
  }

  #merge(slot: Slot, item: Item): void {
    const previous = slot.entry;
    if (slot.send?.answered && item.ParticipantId !== undefined) this.#learnOwnId(item.ParticipantId);
    let stream = previous.stream;
    if (isPartial(item)) {
      // A chunk of a message already whole (or read whole from the transcript) adds nothing.
      if (!stream || stream.complete || !slot.chunks) return;
      // The hot path of a streamed reply: a chunk carries the message's members itself, so one copy of it, with the
      // text joined so far and the first chunk's time, is the merged item.
      const merged: Item = { ...item, AbsoluteTime: previous.item.AbsoluteTime ?? item.AbsoluteTime };
      stream = this.#chunk(slot.chunks, item, merged);
      return this.#replace(slot, { key: previous.key, Id: previous.Id, item: merged, own: previous.own, stream });
    }
    const meta = item.MessageMetadata;
    const merged: Item = { ...previous.item, ...item };
    const before = previous.item.MessageMetadata;
    if (meta !== undefined && before !== undefined) merged.MessageMetadata = { ...before, ...meta };
    // A processing status holds until a version without one: the message was processed (the transcript's copy, or
    // the service's update once it has delivered it).
    if (before?.MessageProcessingStatus !== undefined && meta?.MessageProcessingStatus === undefined && item.Type !== 'ATTACHMENT') {
      const { MessageProcessingStatus: _done, ...rest } = merged.MessageMetadata as NonNullable<Item['MessageMetadata']>;
      merged.MessageMetadata = rest;
    }
    // An entry keeps the time, and so the place, it first had (a streamed message: its first chunk's).
    if (previous.item.AbsoluteTime !== undefined) merged.AbsoluteTime = previous.item.AbsoluteTime;
    if (stream) {
      // The completed message (or the transcript's copy of it) carries the whole text.
      slot.chunks = undefined;
      stream = { complete: true, chunks: stream.chunks };
    }
    this.#place(slot, stream ? { ...previous, item: merged, stream } : { ...previous, item: merged });
    if (previous.Id !== undefined) this.#receiptsFor(previous.Id);
  }

  /**
   * Stores a chunk and extends the text joined from the first chunk as far as the chunks run without a hole: each
   * chunk is joined once, however many there are.
   */
  #chunk(chunks: NonNullable<Slot['chunks']>, item: Item, merged: Item): { complete: boolean; chunks: number } {
    const n = item.MessageMetadata?.ChunkNumber;
    const held = chunks.held;
    // A chunk without a usable number goes after those held; a number past any sane count is not an index to grow to.
    held[n !== undefined && Number.isInteger(n) && n >= 1 && n <= 100_000 ? n - 1 : held.length] = item.Content ?? '';
    while (chunks.count < held.length && held[chunks.count] !== undefined) chunks.joined += held[chunks.count++];
    merged.Content = chunks.joined;
    return { complete: false, chunks: chunks.count };
  }

  #receiptsFor(id: string): void {
    const early = this.#earlyReceipts.get(id);
    if (early) this.#receipt(early);
  }

  #receipt(item: Item): void {
    const meta = item.MessageMetadata;
    const target = meta?.MessageId;
    if (target === undefined || !meta?.Receipts) return;
    const slot = this.#byId.get(target);
    if (!slot) {
      // A receipt can overtake SendMessage's answer: it waits (bounded) for the message it is about.
      if (this.#earlyReceipts.size >= MAX_EARLY_RECEIPTS) this.#earlyReceipts.delete(this.#earlyReceipts.keys().next().value as string);
      this.#earlyReceipts.set(target, item);
      return;
    }
    this.#earlyReceipts.delete(target);
    // Receipts about others' messages are the ones this participant sent: nothing to show.
    if (!slot.entry.own) return;
    let status = slot.entry.status;
    for (const r of meta.Receipts) {
      if (r.RecipientParticipantId !== undefined && r.RecipientParticipantId === this.#ownParticipantId) continue;
      status = higher(status, r.ReadTimestamp !== undefined ? 'read' : r.DeliveredTimestamp !== undefined ? 'delivered' : 'sent');
    }
    if (status !== slot.entry.status) this.#replace(slot, { ...slot.entry, status: status as SendStatus });
  }

  #learnOwnId(id: string): void {
    if (this.#ownParticipantId !== undefined) return;
    this.#ownParticipantId = id;
    // Entries read before it was known (the history) are this participant's too: once, at the moment it is learned.
    for (const slot of this.#list.slots) if (!slot.entry.own && slot.entry.item.ParticipantId === id) this.#replace(slot, { ...slot.entry, own: true });
  }

  #add(slot: Slot, item: Item | undefined): void {
    if (slot.entry.Id !== undefined) this.#byId.set(slot.entry.Id, slot);
    if (item && isPartial(item)) {
      const merged = { ...item };
      slot.chunks = { held: [], joined: '', count: 0 };
      slot.entry = { ...slot.entry, item: merged, stream: this.#chunk(slot.chunks, item, merged) };
    }
    this.#list.insert(slot);
  }

  /** Replaces an entry whose place may change (a pending message now has its time). */
  #place(slot: Slot, entry: ConversationEntry): void {
    this.#list.move(slot, entry, timeOf(entry.item.AbsoluteTime));
  }

  #replace(slot: Slot, entry: ConversationEntry): void {
    this.#list.replace(slot, entry);
  }

  #remove(slot: Slot): void {
    this.#list.remove(slot);
  }
}

function higher(a: SendStatus | undefined, b: SendStatus): SendStatus {
  return a === undefined || RANK[b] > RANK[a] ? b : a;
}
