import {
  AccessDeniedException,
  EventContentType,
  MessageContentType,
  ResourceNotFoundException,
  ValidationException,
  validateRequest,
  type Item,
  type OperationInput,
  type OperationName,
  type OperationOutput,
} from '@connect-participant/core';
import type { EmulatorClock } from '../clock.js';
import type { ResolvedOptions } from '../options.js';
import { newId } from '../secrets.js';
import { AttachmentOperations } from './attachment-operations.js';
import { Contact, type ContactSettings, type Participant } from './contact.js';
import { runDisconnectFlow } from './disconnect-flow.js';
import { IdleWatch } from './idle-timers.js';
import { sendThroughProcessing } from './message-processing.js';
import { planStream, streamMessage, type StreamOptions } from './streamed-message.js';
import { DownloadKeys } from './download-keys.js';
import { authenticationUrl, cancelAuthentication, initiateAuthentication } from './authentication.js';
import { Credentials } from './credentials.js';
import { chainOf, chainTranscript, resolveSource, type PersistentChatInput } from './persistent-chat.js';
import { TranscriptPager } from './transcript-pager.js';
import { webrtcConnection } from './webrtc-connection.js';
import { sendParticipantEvent } from './participant-event.js';
import { websocketGrant, type WebsocketGrant } from './websocket-grant.js';

export type { SocketEnd, WebsocketGrant } from './websocket-grant.js';

/** Where the emulator can be reached, for the URLs it grants. */
export interface PublicUrls {
  readonly http: string;
  readonly ws: string;
}

const SENDABLE_MESSAGE_TYPES: readonly string[] = [
  MessageContentType.TEXT_PLAIN,
  MessageContentType.TEXT_MARKDOWN,
  MessageContentType.APPLICATION_JSON,
  MessageContentType.INTERACTIVE_RESPONSE,
];

const denied = (message = 'Access denied') => new AccessDeniedException({ message });
const invalid = (message: string) => new ValidationException({ message });

/**
 * The Participant Service's behaviour over the emulator's state: tokens, contacts, grants and every operation.
 * Calls throw the service's typed exceptions; the HTTP layer turns them into restJson1 errors.
 */
export class ParticipantService {
  readonly contacts = new Map<string, Contact>();
  readonly #credentials: Credentials;
  readonly grants = new Map<string, WebsocketGrant>();
  readonly #pager = new TranscriptPager();
  readonly #attachments: AttachmentOperations;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  readonly #sleepers = new Set<() => void>();
  #closed = false;

  constructor(
    private readonly options: ResolvedOptions,
    private readonly clock: EmulatorClock,
    private readonly urls: () => PublicUrls,
  ) {
    this.#credentials = new Credentials(options.throttle);
    this.#attachments = new AttachmentOperations(options, clock, urls, this.downloads, this);
  }

  // ---- control plane -------------------------------------------------------------------------------------

  /** StartChatContact: a new contact with a customer participant. */
  startChatContact(
    DisplayName = 'Customer',
    settings: Partial<ContactSettings> = {},
    persistentChat?: PersistentChatInput,
  ): { contact: Contact; customer: Participant } {
    const continued = persistentChat ? resolveSource(this.contacts, persistentChat) : undefined;
    const contact = new Contact(this.clock.now(), {
      connectionExpiry: settings.connectionExpiry ?? this.options.connectionExpiry,
      messageProcessing: settings.messageProcessing ?? this.options.messageProcessing,
      attachmentScan: settings.attachmentScan ?? this.options.attachmentScan,
      disconnectFlow: settings.disconnectFlow ?? this.options.disconnectFlow,
      idleTimers: settings.idleTimers ?? this.options.idleTimers,
    });
    if (continued) contact.continueFrom(continued.source, continued.initialContactId);
    this.contacts.set(contact.ContactId, contact);
    const customer = this.addParticipant(contact, DisplayName, 'CUSTOMER');
    if (contact.settings.idleTimers !== false) {
      const watch = new IdleWatch(this, customer, contact.settings.idleTimers);
      contact.customerActive = () => watch.touch();
    }
    if (this.options.firstConnectionDeadlineMs > 0) {
      this.later(this.options.firstConnectionDeadlineMs, () => {
        if (!customer.everConnected && !contact.ended) contact.end(this.clock.iso());
      });
    }
    return { contact, customer };
  }

  /** Adds a participant (an agent or a bot joining) and announces it. */
  addParticipant(contact: Contact, DisplayName: string, role: Participant['ParticipantRole']): Participant {
    if (contact.ended) throw denied('The chat has ended');
    const participant = contact.addParticipant(DisplayName, role);
    this.#credentials.admit(participant);
    contact.publish(contact.event(this.clock.iso(), participant, EventContentType.PARTICIPANT_JOINED), true);
    return participant;
  }

  /** A participant leaves: participant.left, and for the customer chat.ended. */
  leave(participant: Participant): void {
    if (participant.left) return;
    const contact = participant.contact;
    contact.publish(contact.event(this.clock.iso(), participant, EventContentType.PARTICIPANT_LEFT), true);
    participant.left = true;
    if (participant.ParticipantRole === 'CUSTOMER') contact.end(this.clock.iso());
  }

  /** Sends a message as a participant, bypassing the API (agents and bots driven by the control plane). */
  postMessage(participant: Participant, Content: string, ContentType: string = MessageContentType.TEXT_PLAIN): Item {
    this.#checkActive(participant);
    return participant.contact.publish(this.#message(participant, Content, ContentType), true);
  }

  /** Streams a SYSTEM bot reply as chunks of one Id (streamed-message.ts); resolves to the completed item. */
  streamMessage(contact: Contact, content: string | readonly string[], options: StreamOptions = {}): Promise<Item | undefined> {
    if (contact.ended) throw denied('The chat has ended');
    const plan = planStream(content, options);
    return streamMessage(this, contact, plan, options);
  }

  /** Sends an event as a participant, bypassing the API. */
  postEvent(participant: Participant, ContentType: string, Content?: string): Item {
    this.#checkActive(participant);
    return sendParticipantEvent(participant, ContentType, Content, this.clock.iso());
  }

  /** Begins an authentication session (the `authentication.initiated` event) for the customer. */
  initiateAuthentication(contact: Contact): string {
    return initiateAuthentication(contact, this.clock.now() + this.options.authenticationWindowMs, this.clock.iso());
  }

  /** The participant a websocket grant key leads to, if the URL may still be opened. */
  grantFor(key: string): WebsocketGrant | undefined {
    const grant = this.grants.get(key);
    if (!grant) return undefined;
    if (this.clock.now() > grant.openBy || grant.participant.left) return undefined;
    return grant;
  }

  /** The emulator clock's time as the service writes it. */
  now(): string {
    return this.clock.iso();
  }

  /** Whether the emulator has closed: background work (streams, scans) stops. */
  get closed(): boolean {
    return this.#closed;
  }

  close(): void {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    for (const wake of [...this.#sleepers]) wake();
  }

  /** Runs `run` after `ms` unless the emulator closes first; returns a cancel. */
  later(ms: number, run: () => void): () => void {
    if (this.#closed) return () => undefined;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      run();
    }, ms);
    timer.unref();
    this.#timers.add(timer);
    return () => {
      clearTimeout(timer);
      this.#timers.delete(timer);
    };
  }

  /** Waits `ms`, or less if the emulator closes meanwhile (check `closed` after). */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        this.#sleepers.delete(wake);
        resolve();
      };
      this.#sleepers.add(wake);
      this.later(ms, wake);
      if (this.#closed) wake();
    });
  }

  // ---- the participant API -------------------------------------------------------------------------------

  /**
   * Runs one operation. `input` is the decoded body with the bearer token and path label put back into their
   * members, so that core's validation of the model applies exactly as on the client.
   */
  invoke<Op extends OperationName>(operation: Op, input: Record<string, unknown>): OperationOutput<Op> {
    const invalidInput = validateRequest(operation, input);
    if (invalidInput) throw invalidInput;
    const request = input as unknown as OperationInput<Op>;
    if (operation === 'CreateParticipantConnection') {
      return this.#createParticipantConnection(request as OperationInput<'CreateParticipantConnection'>) as OperationOutput<Op>;
    }
    const participant = this.#byConnectionToken(
      (request as { ConnectionToken: string }).ConnectionToken,
      operation === 'GetTranscript',
    );
    if (participant.ParticipantRole === 'CUSTOMER' && (operation === 'SendMessage' || operation === 'SendEvent')) {
      participant.contact.customerActive();
    }
    const run = this.#handlers[operation as Exclude<OperationName, 'CreateParticipantConnection'>] as (
      p: Participant,
      r: unknown,
    ) => unknown;
    return run(participant, request) as OperationOutput<Op>;
  }

  #checkActive(participant: Participant): void {
    if (participant.left || participant.contact.ended) throw denied('The participant is no longer in the chat');
  }

  /** Whether a participant may still read its ended chat's transcript (`endedChatReadableMs` after the end). */
  #mayReadEnded(participant: Participant): boolean {
    const { contact } = participant;
    return contact.ended && contact.endedAt !== undefined && this.clock.now() - contact.endedAt < this.options.endedChatReadableMs;
  }

  #byConnectionToken(token: string, reading = false): Participant {
    const participant = this.#credentials.byConnectionToken(token, this.clock.now());
    if (!(reading && this.#mayReadEnded(participant))) this.#checkActive(participant);
    this.#credentials.throttle(token);
    return participant;
  }

  #createParticipantConnection(
    request: OperationInput<'CreateParticipantConnection'>,
  ): OperationOutput<'CreateParticipantConnection'> {
    const participant = this.#credentials.byParticipantToken(request.ParticipantToken);
    this.#checkActive(participant);
    this.#credentials.throttle(request.ParticipantToken);
    const types = request.Type ?? [];
    participant.everConnected = true;
    const now = this.clock.now();
    const output: OperationOutput<'CreateParticipantConnection'> = {};
    if (types.includes('WEBSOCKET')) {
      const grant = websocketGrant(participant, now, this.options);
      this.grants.set(grant.key, grant);
      // A grant nobody opened is forgotten after its window; an opened one lives on in its socket.
      this.later(this.options.connectWindowMs + 1000, () => this.grants.delete(grant.key));
      output.Websocket = { Url: `${this.urls().ws}/connect/${grant.key}`, ConnectionExpiry: this.clock.iso(grant.connectionExpiry) };
    }
    if (types.includes('CONNECTION_CREDENTIALS')) {
      const expiresAt = now + this.options.connectionTokenLifetimeMs;
      const token = this.#credentials.issue(participant, expiresAt);
      output.ConnectionCredentials = { ConnectionToken: token, Expiry: this.clock.iso(expiresAt) };
    }
    if (types.includes('WEBRTC_CONNECTION')) output.WebRTCConnection = webrtcConnection(participant);
    if (request.ConnectParticipant === true && !participant.connected) {
      participant.connected = true;
      const contact = participant.contact;
      contact.publish(contact.event(this.clock.iso(), participant, EventContentType.CONNECTION_ACKNOWLEDGED), false);
    }
    return output;
  }

  /** Returns the first response for a repeated ClientToken instead of acting twice. */
  #idempotent<T>(participant: Participant, operation: string, clientToken: string | undefined, act: () => T): T {
    if (clientToken === undefined || clientToken === '') return act();
    const key = `${operation}:${clientToken}`;
    if (participant.idempotent.has(key)) return participant.idempotent.get(key) as T;
    const result = act();
    participant.idempotent.set(key, result);
    return result;
  }

  #message(participant: Participant, Content: string, ContentType: string): Item {
    return {
      Id: newId(),
      AbsoluteTime: this.clock.iso(),
      Type: 'MESSAGE',
      ContentType,
      Content,
      ParticipantId: participant.ParticipantId,
      DisplayName: participant.DisplayName,
      ParticipantRole: participant.ParticipantRole,
    };
  }

  readonly #handlers: {
    [Op in Exclude<OperationName, 'CreateParticipantConnection'>]: (
      participant: Participant,
      request: OperationInput<Op>,
    ) => OperationOutput<Op>;
  } = {
    SendMessage: (participant, request) => {
      if (!SENDABLE_MESSAGE_TYPES.includes(request.ContentType)) {
        throw invalid(`ContentType ${request.ContentType} is not supported by SendMessage`);
      }
      const limit = this.options.maxMessageLengthByContentType[request.ContentType] ?? this.options.maxMessageLength;
      if ([...request.Content].length > limit) {
        throw invalid(`Content of type ${request.ContentType} must be at most ${limit} characters`);
      }
      return this.#idempotent(participant, 'SendMessage', request.ClientToken, () => {
        const item = this.#message(participant, request.Content, request.ContentType);
        sendThroughProcessing(this, participant, item);
        const processing = participant.contact.settings.messageProcessing !== false;
        // Both AWS SDKs model MessageMetadata.MessageProcessingStatus on the response; core's type may not yet.
        return {
          Id: item.Id,
          AbsoluteTime: item.AbsoluteTime,
          ...(processing ? { MessageMetadata: { MessageProcessingStatus: 'PROCESSING' } } : {}),
        } as OperationOutput<'SendMessage'>;
      });
    },

    SendEvent: (participant, request) =>
      this.#idempotent(participant, 'SendEvent', request.ClientToken, () => {
        const item = sendParticipantEvent(participant, request.ContentType, request.Content, this.clock.iso());
        return { Id: item.Id, AbsoluteTime: item.AbsoluteTime };
      }),

    GetTranscript: (participant, request) => {
      const contact = participant.contact;
      const chain = chainOf(contact);
      let items: readonly Item[];
      let scope = '*';
      if (request.ContactId === undefined || request.ContactId === contact.InitialContactId) {
        items = chainTranscript(contact);
      } else {
        const one = chain.find((c) => c.ContactId === request.ContactId);
        if (!one) throw denied("ContactId is not in this participant's contact chain");
        items = one.transcript;
        scope = one.ContactId;
      }
      const page = this.#pager.page(contact, items, scope, request);
      return {
        InitialContactId: contact.InitialContactId,
        Transcript: page.items,
        ...(page.nextToken === undefined ? {} : { NextToken: page.nextToken }),
      };
    },

    DisconnectParticipant: (participant, request) =>
      this.#idempotent(participant, 'DisconnectParticipant', request.ClientToken, () => {
        const flow = participant.contact.settings.disconnectFlow;
        if (participant.ParticipantRole !== 'CUSTOMER' || flow === false) this.leave(participant);
        else if (!participant.contact.disconnecting) void runDisconnectFlow(this, participant, flow);
        return {};
      }),

    StartAttachmentUpload: (participant, request) =>
      this.#idempotent(participant, 'StartAttachmentUpload', request.ClientToken, () => this.#attachments.start(participant, request)),

    CompleteAttachmentUpload: (participant, request) =>
      this.#idempotent(participant, 'CompleteAttachmentUpload', request.ClientToken, () => this.#attachments.complete(participant, request)),

    GetAttachment: (participant, request) => this.#attachments.get(participant, request),

    DescribeView: (participant, request) => {
      const view = participant.contact.views.get(request.ViewToken) ?? this.views.get(request.ViewToken);
      if (!view) {
        throw new ResourceNotFoundException({ message: 'View not found', ResourceId: request.ViewToken });
      }
      return { View: view };
    },

    GetAuthenticationUrl: (participant, request) => authenticationUrl(participant, request, this.clock.now(), this.urls().http),

    CancelParticipantAuthentication: (participant, request) => cancelAuthentication(participant, request, this.clock.iso()),
  };

  /** Views DescribeView can return, by ViewToken, for every contact. */
  readonly views = new Map<string, NonNullable<OperationOutput<'DescribeView'>['View']>>();

  /** Download keys of GetAttachment URLs. */
  readonly downloads = new DownloadKeys();
}
