import { Observable } from 'rxjs';
import type { Outcome } from '../client/invoke.js';
import type { SendMessageResponse } from '../model/operations.js';
import type { Item } from '../model/shapes.js';
import type { GapFound, TranscriptPageReader } from './gap-fill.js';
import { readGap } from './gap-fill.js';
import { ConversationView, type Conversation } from './conversation-view.js';
import type { OutboxChange } from './outbox.js';
import { Roster } from './roster.js';

/** Whether the conversation still needs the chat's history read for it. */
type History = { readonly kind: 'needed' } | { readonly kind: 'reading'; readonly cancel: () => void } | { readonly kind: 'done' };

/**
 * The session's views of the chat, made when an app first asks for one (`conversation$`, `transcript$`,
 * `participants$`): the conversation and the roster, fed every item delivered. When the items delivered do not
 * hold the chat from its beginning, it reads the history itself, once, after the first subscription (read before
 * it, an item sent at that very instant could be in neither the history nor the socket).
 */
export class ChatViews {
  readonly conversation = new ConversationView();
  readonly roster = new Roster();
  #history: History;
  /** Whether an item was recorded (an own send shown pending is not one). */
  #recorded = false;

  constructor(needsHistory: boolean) {
    this.#history = needsHistory ? { kind: 'needed' } : { kind: 'done' };
  }

  /** An item delivered, or (`fromHistory`) read from the transcript by the views themselves. */
  record(item: Item, fromHistory = false): void {
    this.#recorded = true;
    this.conversation.record(item, fromHistory);
    this.roster.record(item);
  }

  /**
   * What the outbox did, as the conversation shows it (messages only): a send pending from its call (or from a
   * reload that restored it), then sent, or failed until it is retried (pending again) or discarded.
   */
  follow(change: OutboxChange): void {
    const { entry } = change;
    if (entry.operation !== 'SendMessage') return;
    const token = entry.input.ClientToken;
    const conversation = this.conversation;
    if (change.kind === 'queued') {
      conversation.sending(token, entry.input.ContentType, entry.input.Content);
      if (entry.error) conversation.failed(token, entry.error);
    } else if (change.kind === 'sent') conversation.sent(token, change.output as SendMessageResponse);
    else if (change.kind === 'failed') conversation.failed(token, change.error);
    else if (change.kind === 'retried') conversation.retrying(token);
    else if (change.kind === 'discarded') conversation.discard(token);
  }

  /** A resumed session starts after a cursor: the views, made before it knew, read the history themselves. */
  needHistory(): void {
    if (this.#history.kind === 'done' && !this.#recorded) this.#history = { kind: 'needed' };
  }

  /** Reads the history if it is still needed (the socket is subscribed now). */
  readHistory(readPage: TranscriptPageReader, maxPages: number, failed: (error: unknown) => void): void {
    if (this.#history.kind !== 'needed') return;
    const outcome: Outcome<GapFound> = {
      value: (found) => {
        this.#history = { kind: 'done' };
        for (const item of found.items) this.record(item, true);
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
    this.conversation.complete();
    this.roster.complete();
  }
}

/**
 * `transcript$`: the conversation's items with an Id, in order, as a new array on each change. It copies the list
 * per update, which a long chat pays for; `conversation$` does not.
 */
export function transcriptOf(conversation$: Observable<Conversation>): Observable<readonly Item[]> {
  return new Observable<readonly Item[]>((subscriber) =>
    conversation$.subscribe({
      next: ({ entries }) => subscriber.next(entries.filter((e) => e.Id !== undefined).map((e) => e.item)),
      complete: () => subscriber.complete(),
    }),
  );
}
