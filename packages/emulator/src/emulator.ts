import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Item, View } from '@connect-participant/core';
import { createAgentHandle, type AgentHandle } from './agent.js';
import { serveConsole } from './console/console-routes.js';
import { EmulatorClock } from './clock.js';
import { Faults, type SocketSelector } from './faults.js';
import { WebsocketGateway } from './gateway/websocket-gateway.js';
import { serveAttachment } from './http/attachment-routes.js';
import { answerClientError } from './http/client-errors.js';
import { checkControlToken, exposureWarning } from './http/control-access.js';
import { serveControl } from './http/control-routes.js';
import { matchOperation, serveOperation } from './http/participant-routes.js';
import { HttpError, Responder } from './http/responses.js';
import {
  CONNECTION_EXPIRY_MEANINGS,
  resolveAttachmentScan,
  resolveDisconnectFlow,
  resolveIdleTimers,
  resolveMessageProcessing,
  resolveOptions,
  type AttachmentScanOptions,
  type ConnectionExpiryMeaning,
  type DisconnectFlowOptions,
  type EmulatorOptions,
  type IdleTimerOptions,
  type MessageProcessingOptions,
  type ResolvedOptions,
} from './options.js';
import type { Contact } from './service/contact.js';
import { ParticipantService } from './service/participant-service.js';
import { attachScenario, type ScenarioHost } from './scenario/scenario-runner.js';
import type { PersistentChatInput } from './service/persistent-chat.js';
import { playServiceEvent, type ServiceEvent } from './service/service-events.js';
import type { StreamOptions } from './service/streamed-message.js';

/** What StartChatContact returns: the new contact and its customer's credentials. */
export interface ChatContact {
  readonly ContactId: string;
  readonly ParticipantId: string;
  readonly ParticipantToken: string;
  /** A persistent chat's source: the past contact it actually continues (as StartChatContact answers). */
  readonly ContinuedFromContactId?: string;
}

/** StartChatContact's input: the customer's name, and this contact's own reading of `ConnectionExpiry`. */
export interface ChatContactInput {
  /** The customer's display name (default `Customer`). */
  readonly DisplayName?: string;
  /** Overrides the emulator's `connectionExpiry` option for this contact's websocket grants. */
  readonly connectionExpiry?: ConnectionExpiryMeaning;
  /** Overrides the emulator's `messageProcessing` option for this contact (false turns it off). */
  readonly messageProcessing?: MessageProcessingOptions | false;
  /** Overrides the emulator's `attachmentScan` option for this contact (false turns it off). */
  readonly attachmentScan?: AttachmentScanOptions | false;
  /** Overrides the emulator's `disconnectFlow` option for this contact (false: the chat ends at once). */
  readonly disconnectFlow?: DisconnectFlowOptions | false;
  /** Overrides the emulator's `idleTimers` option for this contact (false: none). */
  readonly idleTimers?: IdleTimerOptions | false;
  /** Continue a past, ended chat (persistent chat); see {@link PersistentChatInput}. */
  readonly PersistentChat?: PersistentChatInput;
}

/** A snapshot of a contact, for assertions in tests. */
export interface ContactSnapshot {
  readonly ContactId: string;
  /** The first contact of its chat session (another one's, for a persistent chat that joined a past session). */
  readonly InitialContactId: string;
  /** The past contact it continues, for a persistent chat. */
  readonly RelatedContactId: string | undefined;
  readonly ended: boolean;
  /** What its websocket grants' `ConnectionExpiry` means. */
  readonly connectionExpiry: ConnectionExpiryMeaning;
  readonly participants: readonly {
    ParticipantId: string;
    DisplayName: string;
    ParticipantRole: string;
    connected: boolean;
    left: boolean;
  }[];
  /** The persisted items, oldest first, as GetTranscript would return them. */
  readonly transcript: readonly Item[];
  /** Participants who sent a typing event in the last 10 s (the official library's typing validity). */
  readonly typing: readonly string[];
  /** Its open sockets. */
  readonly sockets: readonly { participantId: string; subscribed: boolean }[];
}

/** One line of the contact list: enough to pick a contact and see its state. */
export interface ContactSummary {
  readonly ContactId: string;
  readonly ended: boolean;
  /** When it started, on the emulator's clock. */
  readonly startedAt: string;
  readonly customer: string;
  readonly participants: number;
  readonly sockets: number;
  readonly messages: number;
}

/** A running emulator. Close it with `close()` or `await using`. */
export interface Emulator extends AsyncDisposable {
  /** `http://HOST:PORT`: the endpoint to give a client (and the AWS SDK's `endpoint`). */
  readonly endpoint: string;
  readonly port: number;
  readonly options: Readonly<ResolvedOptions>;
  /** StartChatContact: a new chat with a customer participant. */
  startChatContact(input?: ChatContactInput): Promise<ChatContact>;
  /** The agent of a contact (joined on first use); `role` picks a bot or supervisor instead. */
  agent(contactId: string, options?: { DisplayName?: string; role?: 'AGENT' | 'CUSTOM_BOT' | 'SUPERVISOR' }): AgentHandle;
  /**
   * Streams a SYSTEM bot reply into a contact as the service streams AI replies: chunks sharing one Id with
   * `MessageMetadata.ChunkNumber` (1-based) and `MessageCompleted` (false on partials; true on chunk N, which carries
   * the whole text). `content` is the text (split into `options.chunks`, default 3) or the chunks themselves.
   * Resolves, once every chunk is sent, to the completed item (undefined if the chat ended first); the transcript
   * holds the whole text under that Id. See {@link StreamOptions} for order, pauses and timestamps.
   */
  streamMessage(contactId: string, content: string | readonly string[], options?: StreamOptions): Promise<Item | undefined>;
  /**
   * Plays one of the service's events on a contact (protocol.md §3.5): participant idle / returned /
   * autodisconnection / invited / displayname.updated, transfer succeeded / failed, chat rehydrated, and the
   * authentication outcomes. Resolves to the item pushed; see {@link ServiceEvent}.
   */
  emitEvent(contactId: string, event: ServiceEvent): Promise<Item>;
  /** Ends a chat as the system does (chat.ended; every token of the contact then gets 403). */
  endChat(contactId: string): Promise<void>;
  /** Begins customer authentication (the authentication.initiated event); resolves to the SessionId. */
  initiateAuthentication(contactId: string): Promise<string>;
  /** Makes a view available to DescribeView under `viewToken`. */
  defineView(viewToken: string, view: View): void;
  /** A snapshot of a contact. */
  contact(contactId: string): ContactSnapshot;
  /** Every contact, newest first. */
  contacts(): ContactSummary[];
  /** Open websocket connections. */
  sockets(selector?: SocketSelector): { contactId: string; participantId: string; subscribed: boolean }[];
  /** Fault injection. */
  readonly faults: Faults;
  /** Stops listening, closes every socket and timer. Idempotent. */
  close(): Promise<void>;
}

/** Starts an emulator of the Participant Service on 127.0.0.1 (by default on a free port). */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const resolved = resolveOptions(options);
  const clock = new EmulatorClock();
  let urls = { http: '', ws: '' };
  const service = new ParticipantService(resolved, clock, () => urls);
  const gateway = new WebsocketGateway(resolved, clock, service);
  const faults = new Faults(gateway, (ms) => clock.shift(ms));
  gateway.faults = faults;
  const respond = new Responder(clock, resolved.exposeDateHeader);

  const contactOf = (contactId: string): Contact => {
    const contact = service.contacts.get(contactId);
    if (!contact) throw new HttpError(404, 'ResourceNotFoundException', `No contact ${contactId}`);
    return contact;
  };

  const emulator: Omit<Emulator, 'endpoint' | 'port'> = {
    options: resolved,
    faults,
    startChatContact: async (input = {}) => {
      if (input.connectionExpiry !== undefined && !CONNECTION_EXPIRY_MEANINGS.includes(input.connectionExpiry)) {
        throw new RangeError(`connectionExpiry must be ${CONNECTION_EXPIRY_MEANINGS.join(' or ')}, got ${String(input.connectionExpiry)}`);
      }
      const { contact, customer } = service.startChatContact(input.DisplayName, {
        ...(input.connectionExpiry === undefined ? {} : { connectionExpiry: input.connectionExpiry }),
        ...(input.messageProcessing === undefined ? {} : { messageProcessing: resolveMessageProcessing(input.messageProcessing) }),
        ...(input.attachmentScan === undefined ? {} : { attachmentScan: resolveAttachmentScan(input.attachmentScan) }),
        ...(input.disconnectFlow === undefined ? {} : { disconnectFlow: resolveDisconnectFlow(input.disconnectFlow) }),
        ...(input.idleTimers === undefined ? {} : { idleTimers: resolveIdleTimers(input.idleTimers) }),
      }, input.PersistentChat);
      if (resolved.scenario) attachScenario(resolved.scenario, scenarioHost, contact);
      return {
        ContactId: contact.ContactId,
        ParticipantId: customer.ParticipantId,
        ParticipantToken: customer.participantToken,
        ...(contact.continuedFrom ? { ContinuedFromContactId: contact.continuedFrom.ContactId } : {}),
      };
    },
    agent: (contactId, agentOptions = {}) =>
      createAgentHandle(service, contactOf(contactId), agentOptions.role ?? 'AGENT', agentOptions.DisplayName ?? 'Agent'),
    streamMessage: async (contactId, content, streamOptions = {}) => service.streamMessage(contactOf(contactId), content, streamOptions),
    emitEvent: async (contactId, event) => playServiceEvent(service, contactOf(contactId), event),
    endChat: async (contactId) => contactOf(contactId).end(clock.iso()),
    initiateAuthentication: async (contactId) => service.initiateAuthentication(contactOf(contactId)),
    defineView: (viewToken, view) => {
      service.views.set(viewToken, view);
    },
    contact: (contactId) => {
      const contact = contactOf(contactId);
      return {
        ContactId: contact.ContactId,
        InitialContactId: contact.InitialContactId,
        RelatedContactId: contact.continuedFrom?.ContactId,
        ended: contact.ended,
        connectionExpiry: contact.connectionExpiry,
        participants: [...contact.participants.values()].map((p) => ({
          ParticipantId: p.ParticipantId,
          DisplayName: p.DisplayName,
          ParticipantRole: p.ParticipantRole,
          connected: p.connected,
          left: p.left,
        })),
        transcript: structuredClone(contact.transcript),
        typing: [...contact.typingAt].filter(([, at]) => clock.now() - at < 10_000).map(([id]) => id),
        sockets: gateway.sockets({ contactId: contact.ContactId }).map((s) => ({ participantId: s.participantId, subscribed: s.subscribed })),
      };
    },
    contacts: () =>
      [...service.contacts.values()].reverse().map((c) => ({
        ContactId: c.ContactId,
        ended: c.ended,
        startedAt: clock.iso(c.startedAt),
        customer: [...c.participants.values()].find((p) => p.ParticipantRole === 'CUSTOMER')?.DisplayName ?? '',
        participants: c.active().length,
        sockets: gateway.sockets({ contactId: c.ContactId }).length,
        messages: c.transcript.filter((i) => i.Type === 'MESSAGE' || i.Type === 'ATTACHMENT').length,
      })),
    sockets: (selector) => gateway.sockets(selector),
    close: async () => undefined,
    [Symbol.asyncDispose]: async () => undefined,
  };

  const scenarioHost: ScenarioHost = {
    agent: (contactId, agentOptions) => emulator.agent(contactId, agentOptions),
    streamMessage: (contactId, content, streamOptions) => emulator.streamMessage(contactId, content, streamOptions),
    emitEvent: (contactId, event) => emulator.emitEvent(contactId, event),
    endChat: (contactId) => emulator.endChat(contactId),
    sleep: (ms) => service.sleep(ms),
    later: (ms, run) => service.later(ms, run),
    get closed() {
      return service.closed;
    },
    log: resolved.log,
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const method = req.method ?? 'GET';
    try {
      if (method === 'OPTIONS') return respond.preflight(res);
      const operation = matchOperation(method, path);
      if (operation) return await serveOperation(req, res, operation, { service, faults, respond, options: resolved });
      if (path.startsWith('/emulator-attachments/') && (await serveAttachment(req, res, path, { service, clock, respond }))) return;
      if (path.startsWith('/emulator/console') && serveConsole(res, path, method)) return;
      if (path.startsWith('/emulator/')) {
        checkControlToken(req, resolved.controlToken);
        return await serveControl(req, res, path, method, { emulator: emulator as Emulator, respond, options: resolved });
      }
      if (path === '/emulator-auth/authorize') return respond.json(res, 200, { message: 'Emulated authorization page' });
      respond.error(res, new HttpError(404, 'UnknownOperationException', `No operation at ${method} ${path}`));
    } catch (error) {
      // The last line of defence: a bug answers 500 and the emulator keeps serving.
      resolved.log?.(`unhandled: ${error instanceof Error ? error.message : String(error)}`);
      respond.error(res, error);
    }
  };

  const server = createServer(
    {
      requestTimeout: resolved.requestTimeoutMs,
      headersTimeout: resolved.headersTimeoutMs,
      maxHeaderSize: resolved.maxHeaderBytes,
      // Node checks both timeouts on this interval: make it fine enough that the timeouts mean what they say.
      connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(Math.min(resolved.headersTimeoutMs, resolved.requestTimeoutMs) / 4))),
    },
    (req, res) => void handle(req, res),
  );
  server.on('upgrade', (req, socket, head) => {
    // A client that resets mid-upgrade must not crash the emulator: upgrade sockets have no error listener otherwise.
    socket.on('error', () => socket.destroy());
    gateway.handleUpgrade(req, socket, head);
  });
  server.on('clientError', (error, socket) => answerClientError(error, socket, resolved.log));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const warning = exposureWarning(resolved.host, resolved.controlToken !== undefined);
  if (warning) resolved.warn(warning);
  const host = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  urls = { http: `http://${host}:${port}`, ws: `ws://${host}:${port}` };

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      service.close();
      gateway.close();
      server.close(() => resolve());
      server.closeAllConnections();
    });
    return closing;
  };
  return Object.assign(emulator, { endpoint: urls.http, port, close, [Symbol.asyncDispose]: close }) as Emulator;
}
