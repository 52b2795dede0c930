import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Item, View } from '@connect-participant/core';
import { createAgentHandle, type AgentHandle } from './agent.js';
import { EmulatorClock } from './clock.js';
import { Faults, type SocketSelector } from './faults.js';
import { WebsocketGateway } from './gateway/websocket-gateway.js';
import { serveAttachment } from './http/attachment-routes.js';
import { serveControl } from './http/control-routes.js';
import { matchOperation, serveOperation } from './http/participant-routes.js';
import { HttpError, Responder } from './http/responses.js';
import { CONNECTION_EXPIRY_MEANINGS, resolveOptions, type ConnectionExpiryMeaning, type EmulatorOptions, type ResolvedOptions } from './options.js';
import type { Contact } from './service/contact.js';
import { ParticipantService } from './service/participant-service.js';

/** What StartChatContact returns: the new contact and its customer's credentials. */
export interface ChatContact {
  readonly ContactId: string;
  readonly ParticipantId: string;
  readonly ParticipantToken: string;
}

/** StartChatContact's input: the customer's name, and this contact's own reading of `ConnectionExpiry`. */
export interface ChatContactInput {
  /** The customer's display name (default `Customer`). */
  readonly DisplayName?: string;
  /** Overrides the emulator's `connectionExpiry` option for this contact's websocket grants. */
  readonly connectionExpiry?: ConnectionExpiryMeaning;
}

/** A snapshot of a contact, for assertions in tests. */
export interface ContactSnapshot {
  readonly ContactId: string;
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
  /** Ends a chat as the system does (chat.ended; every token of the contact then gets 403). */
  endChat(contactId: string): Promise<void>;
  /** Begins customer authentication (the authentication.initiated event); resolves to the SessionId. */
  initiateAuthentication(contactId: string): Promise<string>;
  /** Makes a view available to DescribeView under `viewToken`. */
  defineView(viewToken: string, view: View): void;
  /** A snapshot of a contact. */
  contact(contactId: string): ContactSnapshot;
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
  const respond = new Responder(clock);

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
      const { contact, customer } = service.startChatContact(input.DisplayName, input.connectionExpiry);
      return { ContactId: contact.ContactId, ParticipantId: customer.ParticipantId, ParticipantToken: customer.participantToken };
    },
    agent: (contactId, agentOptions = {}) =>
      createAgentHandle(service, contactOf(contactId), agentOptions.role ?? 'AGENT', agentOptions.DisplayName ?? 'Agent'),
    endChat: async (contactId) => contactOf(contactId).end(clock.iso()),
    initiateAuthentication: async (contactId) => service.initiateAuthentication(contactOf(contactId)),
    defineView: (viewToken, view) => {
      service.views.set(viewToken, view);
    },
    contact: (contactId) => {
      const contact = contactOf(contactId);
      return {
        ContactId: contact.ContactId,
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
      };
    },
    sockets: (selector) => gateway.sockets(selector),
    close: async () => undefined,
    [Symbol.asyncDispose]: async () => undefined,
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const method = req.method ?? 'GET';
    try {
      if (method === 'OPTIONS') return respond.preflight(res);
      const operation = matchOperation(method, path);
      if (operation) return await serveOperation(req, res, operation, { service, faults, respond, options: resolved });
      if (path.startsWith('/emulator-attachments/') && (await serveAttachment(req, res, path, { service, clock, respond }))) return;
      if (path.startsWith('/emulator/')) return await serveControl(req, res, path, method, { emulator: emulator as Emulator, respond, options: resolved });
      if (path === '/emulator-auth/authorize') return respond.json(res, 200, { message: 'Emulated authorization page' });
      respond.error(res, new HttpError(404, 'UnknownOperationException', `No operation at ${method} ${path}`));
    } catch (error) {
      // The last line of defence: a bug answers 500 and the emulator keeps serving.
      resolved.log?.(`unhandled: ${error instanceof Error ? error.message : String(error)}`);
      respond.error(res, error);
    }
  };

  const server = createServer({ requestTimeout: 30_000, headersTimeout: 10_000 }, (req, res) => void handle(req, res));
  server.on('upgrade', (req, socket, head) => {
    // A client that resets mid-upgrade must not crash the emulator: upgrade sockets have no error listener otherwise.
    socket.on('error', () => socket.destroy());
    gateway.handleUpgrade(req, socket, head);
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
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
