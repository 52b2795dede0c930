import { ValidationException } from '../model/errors.js';
import type { Item } from '../model/shapes.js';
import type { ResumeOptions } from '../session/options.js';
import type { OutboxEntry } from '../session/outbox.js';
import { DEFAULT_RESUME_KEY, decodeSavedChat, encodeSavedChat, tokenTag, type ChatCursor, type SavedChat } from './saved-chat.js';
import { StoreWriter } from './store-writer.js';

/** What a session resumes from: the token to connect with, the cursor, the sends still to make. */
export interface Resumed {
  readonly participantToken: string | undefined;
  readonly cursor: ChatCursor | undefined;
  readonly outbox: readonly OutboxEntry[];
}

/**
 * Keeps a session's record in its store: read once before the session starts, then written as the cursor moves
 * and the outbox changes (a write per change, coalesced by the {@link StoreWriter} while one is in flight), and
 * deleted when the chat ends.
 */
export class ChatKeeper {
  #token: string | undefined;
  #tag = '';
  #cursor: ChatCursor | undefined;
  #outbox: readonly OutboxEntry[] = [];
  #loaded = false;

  constructor(
    readonly writer: StoreWriter,
    /** The ParticipantToken the app passed, if it did. */
    readonly given: string | undefined,
    /** Whether the ParticipantToken is kept in the store. */
    readonly saveToken: boolean,
  ) {}

  /**
   * Reads the record. A record of another chat (another ParticipantToken's) is not resumed, and is overwritten at
   * the first write.
   */
  load(done: (resumed: Resumed) => void): void {
    this.writer.read((value) => {
      const saved: SavedChat | undefined = decodeSavedChat(value);
      const given = this.given;
      const ours = saved !== undefined && (given === undefined ? saved.token !== undefined : saved.tag === tokenTag(given));
      const token = given ?? (ours ? saved.token : undefined);
      this.#token = token;
      this.#tag = token === undefined ? '' : tokenTag(token);
      this.#loaded = true;
      if (ours) {
        this.#cursor = saved.cursor;
        this.#outbox = saved.outbox;
      }
      // Kept at once: a reload before the first item or send still finds the chat (and its token) to resume.
      this.#save();
      done({ participantToken: token, cursor: this.#cursor, outbox: ours ? saved.outbox : [] });
    });
  }

  /** An item delivered to the app: the cursor moves to it. */
  delivered(item: Item): void {
    const { Id, AbsoluteTime } = item;
    if (Id === undefined || AbsoluteTime === undefined || this.#cursor?.Id === Id) return;
    this.#cursor = { Id, AbsoluteTime };
    this.#save();
  }

  outboxChanged(entries: readonly OutboxEntry[]): void {
    this.#outbox = entries;
    this.#save();
  }

  /** The chat ended: nothing is left to resume. */
  ended(): void {
    this.writer.delete();
  }

  #save(): void {
    if (!this.#loaded || this.#token === undefined) return;
    this.writer.write(encodeSavedChat(this.saveToken ? this.#token : undefined, this.#tag, this.#cursor, this.#outbox));
  }
}

/** The keeper of a session with `resume`; `participantToken` is the option's (empty when the store is to hold it). */
export function keeperOf(resume: ResumeOptions, participantToken: string, failed: (error: Error) => void, timer?: StoreWriter['timer']): ChatKeeper {
  const writer = new StoreWriter(resume.store, resume.key ?? DEFAULT_RESUME_KEY, (error) => failed(error instanceof Error ? error : new Error(String(error))), timer);
  return new ChatKeeper(writer, participantToken || undefined, resume.saveToken !== false);
}

/** A session with `resume` and no `participantToken` found no token in its store: there is no chat to resume. */
export const nothingToResume = (): ValidationException =>
  new ValidationException({ message: 'participantToken: is required (the resume store holds no chat to resume)', field: 'participantToken', constraint: 'required' });
