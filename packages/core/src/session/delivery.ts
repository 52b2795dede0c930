import type { Outcome } from '../client/invoke.js';
import { timeOr } from '../codec/timestamp.js';
import type { Item } from '../model/shapes.js';
import type { PartClock } from './alarm.js';
import type { FailureVerdict } from './failure-policy.js';
import { readGap, type GapFound, type TranscriptPage } from './gap-fill.js';
import { ItemLedger } from './item-ledger.js';
import type { GapFillOptions, ReconnectOptions, StartFrom } from './options.js';
import { RetryingTask, type TaskWork } from './retrying-task.js';
import type { ConnectionEvent } from './session-state.js';

/** What delivery needs of its owner. */
export interface DeliveryOwner {
  /** An item for the app: each Id once, in order. */
  deliver(item: Item): void;
  /** A page of the transcript, with the current ConnectionToken. */
  readPage(nextToken: string | undefined, outcome: Outcome<TranscriptPage>): () => void;
  /** A transcript named the chat's InitialContactId. */
  learnedInitialContactId(id: string): void;
  emit(event: ConnectionEvent): void;
  /** A fill's read failed: reported and classified (`ended` is the owner's to act on). */
  fillFailed(error: unknown): FailureVerdict;
}

/**
 * Whether live items go straight to the app, or are held back while the items missed before them are read from
 * the transcript (`since`: the service time before which nothing is owed; `why`: the first read of the chat, or a
 * gap after a loss).
 */
type Flow =
  | { readonly kind: 'live' }
  | { readonly kind: 'filling'; readonly held: Item[]; readonly since: number; readonly why: 'history' | 'gap' };

const LIVE: Flow = { kind: 'live' };

/**
 * Delivery of the chat's items to the app: each Id once (the ledger), in order, with what the socket missed read
 * from the transcript first. The first subscription reads the history `start` asks for (the whole chat by default);
 * every loss owes a gap fill, run once a socket is subscribed again, with the live items held back meanwhile.
 * Every wait is bounded: a fill gives up after `gapFill.maxAttempts` failed reads, at `gapFill.maxPages` pages, or
 * when more than `gapFill.maxBufferedItems` live items are held back; it then delivers what it holds and reports
 * the gap (`gap-abandoned` on `connection$`), so delivery never freezes behind a transcript that cannot be read.
 */
export class Delivery implements TaskWork<GapFound> {
  readonly ledger = new ItemLedger();
  #flow: Flow;
  /** The service time the first socket subscribed, when it has. */
  #firstSubscribedAt: number | undefined;
  #connected = false;
  #stopped = false;
  /** Made when the first fill is needed: a session whose socket never drops pays for none of it. */
  #fill: RetryingTask<GapFound> | undefined;

  readonly #owner: DeliveryOwner;
  readonly #clock: PartClock;
  #start: StartFrom;
  readonly #options: GapFillOptions;
  readonly #backoff: ReconnectOptions;

  constructor(
    owner: DeliveryOwner,
    clock: PartClock,
    start: StartFrom,
    options: GapFillOptions,
    backoff: ReconnectOptions,
    private readonly random: () => number,
  ) {
    this.#owner = owner;
    this.#clock = clock;
    this.#start = start;
    this.#options = options;
    this.#backoff = backoff;
    // The history `start` asks for comes before anything live: what a socket passes on before delivery has heard of
    // its subscription (it hears on the next tick) is held back too. Delivered at once, such an item would be the
    // newest one known, and the history read, which stops at the first item already delivered, would stop there.
    this.#flow = start === 'now' ? LIVE : { kind: 'filling', held: [], since: Number.NEGATIVE_INFINITY, why: 'history' };
  }

  get due(): number | undefined {
    return this.#fill?.due;
  }

  /** Whether `messages$` starts at the chat's beginning. */
  get fromBeginning(): boolean {
    return this.#start === 'beginning';
  }

  /** Before the first subscription: start after this item instead (a resumed session's cursor). */
  startAfter(after: { readonly Id: string; readonly AbsoluteTime: string }): void {
    if (this.#firstSubscribedAt !== undefined) return;
    this.#start = { after };
    if (this.#flow.kind === 'live') this.#flow = { kind: 'filling', held: [], since: Number.NEGATIVE_INFINITY, why: 'history' };
  }

  /** Whether the history `start` asks for is still to come through delivery. */
  get readingHistory(): boolean {
    const flow = this.#flow;
    return this.#firstSubscribedAt === undefined ? this.#start !== 'now' : flow.kind === 'filling' && flow.why === 'history';
  }

  tick(now: number): void {
    this.#fill?.tick(now);
  }

  /** An item from a socket (the hot path). */
  item(item: Item): void {
    const flow = this.#flow;
    if (flow.kind === 'live') return this.#deliver(item);
    if (flow.held.push(item) > this.#options.maxBufferedItems) this.#abandon('buffer-full', undefined);
  }

  /** The primary socket is subscribed, `serviceNow` on the service's clock. */
  subscribed(serviceNow: number): void {
    this.#connected = true;
    if (this.#firstSubscribedAt === undefined) {
      this.#firstSubscribedAt = serviceNow;
      const start = this.#start;
      if (start === 'now') return;
      // The chat from its beginning, or from a cursor: read once, before anything live is let through.
      const since = start === 'beginning' ? Number.NEGATIVE_INFINITY : timeOr(start.after.AbsoluteTime, Number.NEGATIVE_INFINITY);
      if (start !== 'beginning' && start.after.Id !== undefined) this.ledger.accept({ Id: start.after.Id, AbsoluteTime: start.after.AbsoluteTime });
      const held = this.#flow.kind === 'filling' ? this.#flow.held : [];
      this.#flow = { kind: 'filling', held, since, why: 'history' };
    }
    if (this.#flow.kind === 'filling') this.#task().run();
  }

  /** The primary socket is gone: what it missed is owed once a socket is subscribed again. */
  lost(): void {
    this.#connected = false;
    this.#fill?.cancel();
    this.#owe();
  }

  /** A replaced socket went before handing over: what it held is owed now. */
  handoverLost(): void {
    this.#owe();
    if (this.#connected) this.#task().run();
  }

  stop(): void {
    this.#stopped = true;
    this.#fill?.cancel();
    this.#flow = LIVE;
  }

  #owe(): void {
    if (this.#flow.kind === 'filling') return;
    // Items older than the first subscription were never owed (unless the history was asked for, and then they
    // were read once already).
    this.#flow = { kind: 'filling', held: [], since: this.#firstSubscribedAt ?? Number.NEGATIVE_INFINITY, why: 'gap' };
  }

  #deliver(item: Item): void {
    if (!this.#stopped && this.ledger.accept(item)) this.#owner.deliver(item);
  }

  #task(): RetryingTask<GapFound> {
    return (this.#fill ??= new RetryingTask<GapFound>(this.#clock, this.#backoff, this.random, this));
  }

  // ---- the fill (TaskWork) --------------------------------------------------------------------------------

  /** @internal One read of the gap. */
  attempt(outcome: Outcome<GapFound>): () => void {
    const flow = this.#flow;
    const since = flow.kind === 'filling' ? flow.since : Number.NEGATIVE_INFINITY;
    return readGap((token, page) => this.#owner.readPage(token, page), (id) => this.ledger.has(id), since, this.#options.maxPages, outcome);
  }

  /** @internal */
  succeeded(found: GapFound): void {
    const flow = this.#flow;
    if (flow.kind !== 'filling') return;
    if (found.initialContactId !== undefined) this.#owner.learnedInitialContactId(found.initialContactId);
    for (const w of found.skipped) {
      this.#owner.emit(
        w.dropped === 'element'
          ? { type: 'item-skipped', path: w.path, expected: w.expected }
          : { type: 'item-member-dropped', itemId: undefined, path: w.path, expected: w.expected },
      );
    }
    this.#owner.emit({ type: flow.why === 'history' ? 'history-read' : 'gap-filled', count: found.items.length });
    if (!found.complete) this.#owner.emit({ type: 'gap-abandoned', reason: 'max-pages' });
    this.#flow = LIVE;
    // The task is made again for the next gap: a session at rest keeps none.
    this.#fill = undefined;
    for (const item of found.items) this.#deliver(item);
    this.#release(flow.held);
  }

  /** @internal */
  failed(error: unknown, attempt: number): boolean {
    const verdict = this.#owner.fillFailed(error);
    if (verdict === 'ended' || this.#flow.kind !== 'filling') return false;
    if (verdict === 'retry' && attempt < this.#options.maxAttempts) return true;
    this.#abandon('failed', error);
    return false;
  }

  /** The fill gives up: what was held back goes out, and the gap is reported. */
  #abandon(reason: 'failed' | 'buffer-full', error: unknown): void {
    const flow = this.#flow;
    if (flow.kind !== 'filling') return;
    this.#fill?.cancel();
    this.#fill = undefined;
    this.#flow = LIVE;
    this.#owner.emit(error === undefined ? { type: 'gap-abandoned', reason } : { type: 'gap-abandoned', reason, error: error as Error });
    this.#release(flow.held);
  }

  #release(held: readonly Item[]): void {
    for (let i = 0; i < held.length; i++) {
      // An item may end the session (chat ended), or a new gap may open while these go out: the rest waits then.
      if (this.#stopped) return;
      const flow = this.#flow;
      if (flow.kind === 'filling') return void flow.held.unshift(...held.slice(i));
      this.#deliver(held[i] as Item);
    }
  }
}
