import { EventContentType, type Item } from '@connect-participant/core';
import type {
  AttachmentScanOptions,
  ConnectionExpiryMeaning,
  DisconnectFlowOptions,
  IdleTimerOptions,
  MessageProcessingOptions,
} from '../options.js';
import { newId, newSecret } from '../secrets.js';

/** A participant of a chat contact. */
export interface Participant {
  readonly ParticipantId: string;
  /** Its attendee in the contact's WebRTC meeting. */
  readonly AttendeeId: string;
  /** Changed by participant.displayname.updated. */
  DisplayName: string;
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
  /** The scan status once completed: IN_PROGRESS while scanning, then the verdict. */
  status: 'IN_PROGRESS' | 'APPROVED' | 'REJECTED' | undefined;
}

/** An authentication session begun by `authentication.initiated`. */
export interface AuthenticationSession {
  readonly SessionId: string;
  readonly participant: Participant;
  readonly expiresAt: number;
}

/**
 * Hears every item pushed to the contact. `audience` names the one participant an item is meant for (the sender's
 * own view of a message still being processed); undefined means everyone.
 */
export type ItemListener = (item: Item, audience: string | undefined) => void;

/** How one contact behaves where the emulator offers a choice: the emulator's options unless the contact overrode them. */
export interface ContactSettings {
  /** What its websocket grants' `ConnectionExpiry` means. */
  readonly connectionExpiry: ConnectionExpiryMeaning;
  /** Message processing of customer messages, or false for none. */
  readonly messageProcessing: Required<MessageProcessingOptions> | false;
  /** Attachment scanning, or false for none (attachments are APPROVED at once). */
  readonly attachmentScan: Required<AttachmentScanOptions> | false;
  /** The disconnect flow after the customer's DisconnectParticipant, or false to end at once. */
  readonly disconnectFlow: Required<DisconnectFlowOptions> | false;
  /** The customer's idle timers, or false for none. */
  readonly idleTimers: Required<IdleTimerOptions> | false;
}

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
  /** Set while the disconnect flow runs: the customer has asked to leave, the chat has not yet ended. */
  disconnecting = false;
  /** Tells the idle timers the customer did something (set when the contact has idle timers). */
  customerActive: () => void = () => undefined;
  /** When the chat ended, on the emulator's clock. */
  endedAt: number | undefined;
  readonly #listeners = new Set<ItemListener>();

  /** Who the service's own messages (streamed bot replies) come from: one SYSTEM identity per contact. */
  readonly systemParticipantId = newId();
  /** The contact's WebRTC meeting (WEBRTC_CONNECTION). */
  readonly MeetingId = newId();

  constructor(
    readonly startedAt: number,
    readonly settings: ContactSettings,
  ) {}

  /** What its websocket grants' `ConnectionExpiry` means (the emulator's option unless the contact overrode it). */
  get connectionExpiry(): ConnectionExpiryMeaning {
    return this.settings.connectionExpiry;
  }

  /** The past contact this one continues (persistent chat), if any. */
  continuedFrom: Contact | undefined;
  /** The first contact of its chat session: itself, unless it joined a past session (ENTIRE_PAST_SESSION). */
  #initialContactId: string | undefined;
  /** Set for a rehydrated chat until the customer first subscribes, when chat.rehydrated is pushed. */
  rehydrationPending = false;

  get InitialContactId(): string {
    return this.#initialContactId ?? this.ContactId;
  }

  /** Makes this contact continue a past one (persistent chat). */
  continueFrom(source: Contact, initialContactId: string | undefined): void {
    this.continuedFrom = source;
    this.#initialContactId = initialContactId;
    this.rehydrationPending = true;
  }

  addParticipant(DisplayName: string, ParticipantRole: Participant['ParticipantRole']): Participant {
    const participant: Participant = {
      ParticipantId: newId(),
      AttendeeId: newId(),
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

  readonly #firstSubscribeListeners = new Set<(participant: Participant) => void>();
  readonly #subscribedParticipants = new Set<string>();

  /** Hears the first websocket subscription of each participant. */
  onFirstSubscribe(listener: (participant: Participant) => void): void {
    this.#firstSubscribeListeners.add(listener);
  }

  /** Called by the gateway when a socket subscribes. */
  subscribed(participant: Participant): void {
    if (this.#subscribedParticipants.has(participant.ParticipantId)) return;
    this.#subscribedParticipants.add(participant.ParticipantId);
    for (const listener of [...this.#firstSubscribeListeners]) listener(participant);
  }

  onItem(listener: ItemListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Records an item (unless it is ephemeral: typing and receipts are not in transcripts) and pushes it to every
   * subscribed socket of the contact, the sender's own included, as the service does.
   */
  /** When each participant last sent a typing event (emulator clock, ms): the console shows who is typing. */
  readonly typingAt = new Map<string, number>();

  publish(item: Item, persist: boolean, audience?: string): Item {
    if (item.ContentType === EventContentType.TYPING && item.ParticipantId !== undefined && item.AbsoluteTime !== undefined) {
      this.typingAt.set(item.ParticipantId, Date.parse(item.AbsoluteTime));
    }
    const full: Item = {
      ...item,
      ContactId: this.ContactId,
      InitialContactId: this.InitialContactId,
      ...(this.continuedFrom ? { RelatedContactId: this.continuedFrom.ContactId } : {}),
    };
    if (persist) this.transcript.push(withoutWebsocketFields(full));
    for (const listener of [...this.#listeners]) listener(full, audience);
    return full;
  }

  /**
   * Records an item whose time is earlier than items recorded since (a streamed message, recorded when complete
   * but dated from its first chunk), keeping the transcript in AbsoluteTime order.
   */
  record(item: Item): void {
    const full = withoutWebsocketFields({ ...item, ContactId: this.ContactId });
    const at = item.AbsoluteTime ?? '';
    let index = this.transcript.length;
    while (index > 0 && (this.transcript[index - 1]?.AbsoluteTime ?? '') > at) index--;
    this.transcript.splice(index, 0, full);
  }

  /** Replaces the recorded item of the same Id (a later state of it: a scan verdict, a processed message). */
  rewrite(item: Item): void {
    const index = this.transcript.findIndex((i) => i.Id === item.Id);
    if (index >= 0) this.transcript[index] = withoutWebsocketFields({ ...item, ContactId: this.ContactId });
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
    this.endedAt = Date.parse(at);
    for (const p of this.participants.values()) p.left = true;
  }
}

/** GetTranscript items carry `ContactId` but not the websocket-only `InitialContactId`. */
function withoutWebsocketFields(item: Item): Item {
  const { InitialContactId: _initial, ...rest } = item;
  return rest;
}
