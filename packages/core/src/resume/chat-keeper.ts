import { ValidationException } from '../model/errors.js';
import type { SchedulerLike } from 'rxjs';
import type { Item } from '../model/shapes.js';
import { isUnsettledVersion, versionOf } from '../session/item-version.js';
import { isPersistent } from '../session/transcript-order.js';
import type { ResumeOptions } from '../session/options.js';
import type { OutboxEntry } from '../session/outbox.js';
import { DEFAULT_RESUME_KEY, decodeSavedChat, encodeSavedChat, tokenTag, type ChatCursor, type SavedChat } from './saved-chat.js';
import { StoreWriter } from './store-writer.js';

/** Items still to settle that hold the cursor back, at most. */
const MAX_UNSETTLED = 100;

/** What a session resumes from: the token to connect with, the cursor, the sends still to make. */
export interface Resumed {
  readonly participantToken: string | undefined;
  readonly cursor: ChatCursor | undefined;
  readonly outbox: readonly OutboxEntry[];
}

/**
 * Keeps a session's record in its store: read once before the session starts, then written as the outbox changes
 * (at once) and as the cursor moves (once per scheduler tick, however many items were delivered in it), and
 * deleted when the chat ends. A store whose read failed is never written: what it holds is not replaced by less.
 */
export class ChatKeeper {
  #token: string | undefined;
  #cursor: ChatCursor | undefined;
  /** The last settled item delivered; the cursor once nothing is left to settle. */
  #latest: ChatCursor | undefined;
  /** Items delivered in a version still to be replaced (a streamed chunk, a status still under way), by Id. */
  readonly #unsettled = new Set<string>();
  #outbox: readonly OutboxEntry[] = [];
  #state: 'loading' | 'writing' | 'unreadable' | 'ended' = 'loading';
  /** A cursor write waiting for the end of the tick. */
  #pending: { unsubscribe(): void } | undefined;

  constructor(
    readonly writer: StoreWriter,
    /** The ParticipantToken the app passed, if it did. */
    readonly given: string | undefined,
    /** Whether the ParticipantToken is kept in the store. */
    readonly saveToken: boolean,
    readonly scheduler?: SchedulerLike,
  ) {}

  /**
   * Reads the record. A record of another chat (another ParticipantToken's) is not resumed, and is overwritten at
   * the first write. Sends made before the read answered are kept after the record's own.
   */
  load(done: (resumed: Resumed) => void): void {
    this.writer.read((value, ok) => {
      const saved: SavedChat | undefined = decodeSavedChat(value);
      const given = this.given;
      const ours = saved !== undefined && (given === undefined ? saved.token !== undefined : saved.tag === tokenTag(given));
      const token = given ?? (ours ? saved.token : undefined);
      this.#token = token;
      this.#state = ok ? 'writing' : 'unreadable';
      if (ours) {
        this.#cursor = saved.cursor;
        const kept = new Set(saved.outbox.map((e) => e.input.ClientToken));
        this.#outbox = [...saved.outbox, ...this.#outbox.filter((e) => !kept.has(e.input.ClientToken))];
      }
      // Kept at once: a reload before the first item or send still finds the chat (and its token) to resume.
      this.#save();
      done({ participantToken: token, cursor: this.#cursor, outbox: ours ? saved.outbox : [] });
    });
  }

  /**
   * An item delivered to the app: the cursor moves to it, if it is one a later session can find again in the
   * transcript (not a typing event or a receipt) and no item delivered before it is still to settle (a streamed
   * message not yet complete, a message still processing, an attachment still being scanned: the cursor stays
   * before it, so a resume reads its final version).
   */
  delivered(item: Item): void {
    const { Id, AbsoluteTime } = item;
    if (Id === undefined || AbsoluteTime === undefined || !isPersistent(item)) return;
    const unsettled = this.#unsettled;
    if (isUnsettledVersion(versionOf(item)) || item.Attachments?.some((a) => a.Status === 'IN_PROGRESS')) {
      // Bounded: past it, the oldest is let go (its final version may then be missed by a resume).
      if (!unsettled.has(Id) && unsettled.add(Id).size > MAX_UNSETTLED) unsettled.delete(unsettled.values().next().value as string);
      return;
    }
    unsettled.delete(Id);
    this.#latest = { Id, AbsoluteTime };
    // The cursor stays before the first item still to settle: a resume reads it again, final.
    if (unsettled.size > 0 || this.#cursor?.Id === Id) return;
    this.#cursor = this.#latest;
    if (this.#state !== 'writing' || this.#pending) return;
    if (!this.scheduler) return this.#save();
    this.#pending = this.scheduler.schedule(() => {
      this.#pending = undefined;
      this.#save();
    });
  }

  outboxChanged(entries: readonly OutboxEntry[]): void {
    this.#outbox = entries;
    this.#save();
  }

  /** The chat ended: nothing is left to resume, and nothing is written again. */
  ended(): void {
    this.#pending?.unsubscribe();
    this.#state = 'ended';
    this.writer.delete();
  }

  #save(): void {
    this.#pending?.unsubscribe();
    this.#pending = undefined;
    const token = this.#token;
    if (this.#state !== 'writing' || token === undefined) return;
    this.writer.write(encodeSavedChat(this.saveToken ? token : undefined, tokenTag(token), this.#cursor, this.#outbox));
  }
}

/** The keeper of a session with `resume`; `participantToken` is the option's (empty when the store is to hold it). */
export function keeperOf(resume: ResumeOptions, participantToken: string, failed: (error: Error) => void, timer?: StoreWriter['timer']): ChatKeeper {
  const writer = new StoreWriter(resume.store, resume.key ?? DEFAULT_RESUME_KEY, (error) => failed(error instanceof Error ? error : new Error(String(error))), timer);
  return new ChatKeeper(writer, participantToken || undefined, resume.saveToken !== false, timer?.scheduler);
}

/** A session with `resume` and no `participantToken` found no token in its store: there is no chat to resume. */
export const nothingToResume = (): ValidationException =>
  new ValidationException({ message: 'participantToken: is required (the resume store holds no chat to resume)', field: 'participantToken', constraint: 'required' });
