import { EventContentType, type Item } from '@connect-participant/core';
import type { ConnectionExpiryMeaning } from '../options.js';
import { newId, newSecret } from '../secrets.js';

/** A participant of a chat contact. */
export interface Participant {
  readonly ParticipantId: string;
  readonly DisplayName: string;
  readonly ParticipantRole: 'CUSTOMER' | 'AGENT' | 'CUSTOM_BOT' | 'SUPERVISOR';
  /** The ParticipantToken; valid while the participant is in the contact. */
  readonly participantToken: string;
  readonly contact: Contact;
  /** Set by CreateParticipantConnection `ConnectParticipant: true` (or the deprecated acknowledged event). */
  connected: boolean;
  /** Set when the participant has left; every call with its tokens is then refused. */
  left: boolean;
  /** Whether CreateParticipantConnection was ever called. */
  everConnected: boolean;
  /** Idempotency: `Operation:ClientToken` → the first call's response. */
  readonly idempotent: Map<string, unknown>;
}

/** An attachment of a contact, through its upload and completion. */
export interface Attachment {
  readonly AttachmentId: string;
  readonly AttachmentName: string;
  readonly ContentType: string;
  readonly AttachmentSizeInBytes: number;
  readonly uploader: Participant;
  readonly uploadKey: string;
  readonly uploadExpiresAt: number;
  readonly headers: Record<string, string>;
  bytes: Uint8Array | undefined;
  completed: boolean;
}

/** An authentication session begun by `authentication.initiated`. */
export interface AuthenticationSession {
  readonly SessionId: string;
  readonly participant: Participant;
  readonly expiresAt: number;
}

export type ItemListener = (item: Item) => void;

/** A chat contact: its participants, its transcript and who is listening to it. */
export class Contact {
  readonly ContactId = newId();
  readonly participants = new Map<string, Participant>();
  /** Persisted items in the order the service recorded them (and so by AbsoluteTime). */
  readonly transcript: Item[] = [];
  readonly attachments = new Map<string, Attachment>();
  readonly authSessions = new Map<string, AuthenticationSession>();
  readonly views = new Map<string, unknown>();
  ended = false;
  readonly #listeners = new Set<ItemListener>();

  constructor(
    readonly startedAt: number,
    /** What its websocket grants' `ConnectionExpiry` means (the emulator's option unless the contact overrode it). */
    readonly connectionExpiry: ConnectionExpiryMeaning,
  ) {}

  get InitialContactId(): string {
    return this.ContactId;
  }

  addParticipant(DisplayName: string, ParticipantRole: Participant['ParticipantRole']): Participant {
    const participant: Participant = {
      ParticipantId: newId(),
      DisplayName,
      ParticipantRole,
      participantToken: newSecret(),
      contact: this,
      connected: false,
      left: false,
      everConnected: false,
      idempotent: new Map(),
    };
    this.participants.set(participant.ParticipantId, participant);
    return participant;
  }

  /** Participants still in the chat. */
  active(): Participant[] {
    return [...this.participants.values()].filter((p) => !p.left);
  }

  onItem(listener: ItemListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Records an item (unless it is ephemeral: typing and receipts are not in transcripts) and pushes it to every
   * subscribed socket of the contact, the sender's own included, as the service does.
   */
  publish(item: Item, persist: boolean): Item {
    const full: Item = { ...item, ContactId: this.ContactId, InitialContactId: this.InitialContactId };
    if (persist) this.transcript.push(withoutWebsocketFields(full));
    for (const listener of [...this.#listeners]) listener(full);
    return full;
  }

  /** An event item from a participant, e.g. joined, left, typing. */
  event(at: string, participant: Participant | undefined, ContentType: string, Content?: string): Item {
    return {
      Id: newId(),
      AbsoluteTime: at,
      Type: 'EVENT',
      ContentType,
      ...(Content === undefined ? {} : { Content }),
      ...(participant
        ? {
            ParticipantId: participant.ParticipantId,
            DisplayName: participant.DisplayName,
            ParticipantRole: participant.ParticipantRole,
          }
        : { ParticipantRole: 'SYSTEM' }),
    };
  }

  /** Ends the chat: chat.ended is pushed and recorded, and every token of the contact stops working. */
  end(at: string): void {
    if (this.ended) return;
    this.publish(this.event(at, undefined, EventContentType.CHAT_ENDED), true);
    this.ended = true;
    for (const p of this.participants.values()) p.left = true;
  }
}

/** GetTranscript items carry `ContactId` but not the websocket-only `InitialContactId`. */
function withoutWebsocketFields(item: Item): Item {
  const { InitialContactId: _initial, ...rest } = item;
  return rest;
}
