import type { Outcome } from '../client/invoke.js';
import { isRetryable } from '../client/retry-policy.js';
import type { SendEventRequest, SendMessageRequest } from '../model/operations.js';
import { TYPING_EVENT } from '../model/event-types.js';
import type { PartClock } from './alarm.js';
import { exponentialBackoff } from './backoff.js';
import type { OutboxOptions } from './options.js';
import { OutboxFullError, SendExpiredError } from './session-errors.js';

/** A send the outbox holds: a message or an event (kept in a store), or an attachment (in memory only). */
export type OutboxSend =
  | { readonly operation: 'SendMessage'; readonly input: Omit<SendMessageRequest, 'ConnectionToken'> & { readonly ClientToken: string } }
  | { readonly operation: 'SendEvent'; readonly input: Omit<SendEventRequest, 'ConnectionToken'> & { readonly ClientToken: string } }
  | { readonly operation: 'attachment'; readonly input: { readonly ClientToken: string; readonly AttachmentName: string; readonly ContentType: string } };

/**
 * One send in the outbox, from the call until it is sent (then it leaves) or discarded. `queued`: waiting its turn
 * (or a connection, or a retry's backoff); `sending`: its request is in flight; `failed`: a fatal answer, or
 * older than `outbox.maxAgeMs`, kept until the app retries or discards it.
 */
export type OutboxEntry = OutboxSend & {
  /** When the call was made, on the session's clock (epoch milliseconds on a real platform). */
  readonly queuedAt: number;
  readonly status: 'queued' | 'sending' | 'failed';
  /** Why it failed (status `failed`). */
  readonly error?: Error;
  /** Attempts made so far (each attempt is one call with its own retries). */
  readonly attempts: number;
};

/** What happened to an entry, for the session to show and keep. */
export type OutboxChange =
  /** `queued`: a new send (or one restored); `waiting`: back in the queue after a retryable failure. */
  | { readonly kind: 'queued' | 'waiting' | 'sending' | 'retried' | 'discarded'; readonly entry: OutboxEntry }
  | { readonly kind: 'sent'; readonly entry: OutboxEntry; readonly output: unknown }
  | { readonly kind: 'failed'; readonly entry: OutboxEntry; readonly error: Error };

/** Runs one attempt of a send; returns what cancels it. */
export type SendRunner = (entry: OutboxEntry, outcome: Outcome<unknown>) => () => void;

/** What the outbox needs of the session. */
export interface OutboxOwner {
  changed(change: OutboxChange): void;
}

/** An entry and those waiting for its answer (none for one restored from a store). */
interface Slot {
  entry: OutboxEntry;
  readonly waiting: Outcome<unknown>[];
  /** The attempt in flight. */
  cancel?: (() => void) | undefined;
  /** Not before this time (a retry's backoff). */
  notBefore: number;
  /** Attachments bring their own runner; messages and events use the session's. */
  readonly run?: SendRunner | undefined;
}

const RETRY_BACKOFF = { baseDelayMs: 1_000, maxDelayMs: 30_000 };

/**
 * The outbox: every send the participant makes, sent one at a time in the order the calls were made, each with the
 * ClientToken fixed at its call (the service is idempotent on it, so a retry after a lost answer cannot send
 * twice). Sends wait while the session is not connected; a retryable failure keeps a send at the head, tried again
 * after a backoff or as soon as the session connects again; a fatal answer, or an age over `maxAgeMs`, fails it
 * (the next goes on), and it stays, failed, until the app retries or discards it. At most `maxLength` entries.
 */
export class Outbox {
  readonly #slots: Slot[] = [];
  /** Those waiting for no send to be queued or in flight (`disconnect()`). */
  readonly #idleWaiters: (() => void)[] = [];
  #ready = false;
  #stopped = false;
  /** The earliest time something is due (an age limit, a backoff's end). */
  due: number | undefined;

  constructor(
    readonly options: OutboxOptions,
    readonly clock: PartClock,
    readonly run: SendRunner,
    readonly random: () => number,
    readonly owner: OutboxOwner,
  ) {}

  get entries(): readonly OutboxEntry[] {
    return this.#slots.map((s) => s.entry);
  }

  /**
   * A new send. Rejected at once (`OutboxFullError`) when the outbox holds `maxLength` entries. A typing event
   * while one is still queued shares that one's answer: typing is a state, not a message.
   */
  add(send: OutboxSend, outcome: Outcome<unknown>, run?: SendRunner): void {
    if (this.#stopped) return outcome.error(new Error('the outbox is stopped'));
    if (send.operation === 'SendEvent' && send.input.ContentType === TYPING_EVENT) {
      const queued = this.#slots.find((s) => s.entry.status === 'queued' && s.entry.operation === 'SendEvent' && s.entry.input.ContentType === TYPING_EVENT);
      if (queued) return void queued.waiting.push(outcome);
    }
    if (this.#slots.length >= this.options.maxLength) return outcome.error(new OutboxFullError(this.options.maxLength));
    this.#insert({ ...send, queuedAt: this.clock.now(), status: 'queued', attempts: 0 }, [outcome], run);
  }

  /**
   * Entries a store kept (after a reload): queued again, failed as they were, ahead of any send made since (they
   * were made before it); none already here is added twice. All of them, past `maxLength` too: the limit refuses
   * new calls, it does not drop what was already accepted.
   */
  restore(entries: readonly OutboxEntry[]): void {
    const restored: Slot[] = [];
    for (const entry of entries) {
      if (this.#slot(entry.input.ClientToken) || restored.some((s) => s.entry.input.ClientToken === entry.input.ClientToken)) continue;
      restored.push({ entry: entry.status === 'sending' ? { ...entry, status: 'queued' } : entry, waiting: [], notBefore: 0 });
    }
    this.#slots.unshift(...restored);
    for (const slot of restored) {
      this.owner.changed({ kind: 'queued', entry: slot.entry });
      if (slot.entry.status === 'queued') this.clock.at(slot.entry.queuedAt + this.options.maxAgeMs);
    }
    this.#pump();
  }

  /**
   * Calls `notify` once no send is queued or in flight (at once if none is); failed ones do not count. Returns
   * what stops waiting.
   */
  whenIdle(notify: () => void): () => void {
    const waiter = () => notify();
    this.#idleWaiters.push(waiter);
    this.#idle();
    return () => {
      const i = this.#idleWaiters.indexOf(waiter);
      if (i >= 0) this.#idleWaiters.splice(i, 1);
    };
  }

  /** Whether the session is connected: sends go out only then. */
  ready(ready: boolean): void {
    this.#ready = ready;
    if (!ready) return;
    // A connection is news a backoff was waiting for: the head is tried now.
    for (const slot of this.#slots) slot.notBefore = 0;
    this.#pump();
  }

  /** A failed send goes back in the queue, at its place in call order. Returns whether there was one. */
  retry(clientToken: string, outcome?: Outcome<unknown>): boolean {
    const slot = this.#slot(clientToken);
    if (this.#stopped || slot?.entry.status !== 'failed') return false;
    const { error: _error, ...rest } = slot.entry;
    // Its age counts from now: the app asked for it again.
    slot.entry = { ...rest, status: 'queued', queuedAt: this.clock.now() };
    slot.notBefore = 0;
    this.clock.at(slot.entry.queuedAt + this.options.maxAgeMs);
    if (outcome) slot.waiting.push(outcome);
    this.owner.changed({ kind: 'retried', entry: slot.entry });
    this.#pump();
    return true;
  }

  /** A failed send leaves the outbox. Returns whether there was one. */
  discard(clientToken: string): boolean {
    return this.#slot(clientToken)?.entry.status === 'failed' && this.withdraw(clientToken);
  }

  /**
   * Takes a send out whatever its state (an upload whose caller unsubscribed): an attempt in flight is cancelled.
   * Returns whether there was one.
   */
  withdraw(clientToken: string): boolean {
    const slot = this.#slot(clientToken);
    if (!slot) return false;
    slot.cancel?.();
    slot.cancel = undefined;
    this.#slots.splice(this.#slots.indexOf(slot), 1);
    this.owner.changed({ kind: 'discarded', entry: slot.entry });
    this.#pump();
    this.#idle();
    return true;
  }

  tick(now: number): void {
    let due: number | undefined;
    for (const slot of [...this.#slots]) {
      const { entry } = slot;
      // An attempt in flight is left to finish: it may have reached the service, and only its answer can say.
      if (entry.status !== 'queued') continue;
      const expires = entry.queuedAt + this.options.maxAgeMs;
      if (now >= expires) this.#fail(slot, new SendExpiredError(this.options.maxAgeMs, entry.attempts));
      else due = due === undefined ? expires : Math.min(due, expires);
    }
    this.due = due;
    this.#pump();
    const head = this.#head();
    if (head && head.notBefore > now) this.due = Math.min(this.due ?? Number.POSITIVE_INFINITY, head.notBefore);
  }

  /**
   * The session is over: what waits is told `error`. The entries stay as they are (a store keeps them for the next
   * session), unless `fail`: the chat ended, and every send not made fails with `error`.
   */
  stop(error: Error, fail: boolean): void {
    this.#stopped = true;
    this.#ready = false;
    // Nobody waits for the outbox to empty any more: failing its sends below must not wake them (a disconnect).
    this.#idleWaiters.length = 0;
    // Over a copy: what an app does on hearing of a failure (a discard) must not make the walk skip a send.
    for (const slot of [...this.#slots]) {
      slot.cancel?.();
      slot.cancel = undefined;
      if (slot.entry.status === 'sending') slot.entry = { ...slot.entry, status: 'queued' };
      if (fail && slot.entry.status !== 'failed' && this.#slots.includes(slot)) this.#fail(slot, error);
      for (const o of slot.waiting.splice(0)) o.error(error);
    }
  }

  // ---- inside ---------------------------------------------------------------------------------------------

  #insert(entry: OutboxEntry, waiting: Outcome<unknown>[], run: SendRunner | undefined): void {
    const slot: Slot = { entry, waiting, notBefore: 0, run };
    this.#slots.push(slot);
    this.owner.changed({ kind: 'queued', entry });
    if (entry.status === 'queued') this.clock.at(entry.queuedAt + this.options.maxAgeMs);
    this.#pump();
  }

  #slot(clientToken: string): Slot | undefined {
    return this.#slots.find((s) => s.entry.input.ClientToken === clientToken);
  }

  /** The first send not failed: the one whose turn it is. */
  #head(): Slot | undefined {
    return this.#slots.find((s) => s.entry.status !== 'failed');
  }

  #pump(): void {
    if (!this.#ready || this.#stopped) return;
    // One attempt in flight at a time: a send retried while a later one is in flight waits for it.
    if (this.#slots.some((s) => s.entry.status === 'sending')) return;
    const slot = this.#head();
    if (!slot || slot.entry.status !== 'queued') return;
    if (slot.notBefore > this.clock.now()) return this.clock.at(slot.notBefore);
    slot.entry = { ...slot.entry, status: 'sending', attempts: slot.entry.attempts + 1 };
    this.owner.changed({ kind: 'sending', entry: slot.entry });
    let settled = false;
    const cancel = (slot.run ?? this.run)(slot.entry, {
      value: (output) => {
        settled = true;
        slot.cancel = undefined;
        this.#slots.splice(this.#slots.indexOf(slot), 1);
        this.owner.changed({ kind: 'sent', entry: slot.entry, output });
        for (const o of slot.waiting.splice(0)) o.value(output);
        this.#pump();
        this.#idle();
      },
      error: (error) => {
        settled = true;
        slot.cancel = undefined;
        if (this.#stopped) return;
        if (isRetryable(error) || (error as { $retryable?: unknown } | undefined)?.$retryable !== undefined) {
          slot.entry = { ...slot.entry, status: 'queued' };
          slot.notBefore = this.clock.now() + exponentialBackoff(slot.entry.attempts - 1, RETRY_BACKOFF, this.random);
          this.owner.changed({ kind: 'waiting', entry: slot.entry });
          this.clock.at(slot.notBefore);
          return;
        }
        this.#fail(slot, error instanceof Error ? error : new Error(String(error)));
        this.#pump();
      },
    });
    if (!settled) slot.cancel = cancel;
  }

  #fail(slot: Slot, error: Error): void {
    slot.entry = { ...slot.entry, status: 'failed', error };
    // Those waiting are told before anyone hears of it: a retry asked for in the telling gets an answer of its own.
    const waiting = slot.waiting.splice(0);
    for (const o of waiting) o.error(error);
    this.owner.changed({ kind: 'failed', entry: slot.entry, error });
    this.#idle();
  }

  /** Tells those waiting for the outbox to be idle, when it is. */
  #idle(): void {
    if (this.#idleWaiters.length === 0 || this.#slots.some((s) => s.entry.status !== 'failed')) return;
    for (const notify of this.#idleWaiters.splice(0)) notify();
  }
}
