import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  EventContentType,
  Topic,
  decodeClientFrame,
  encodeServerFrame,
  type Item,
} from '@connect-participant/core';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import type { EmulatorClock } from '../clock.js';
import { socketMatches, type Faults, type MalformedFrameKind, type SocketFaultSink, type SocketSelector } from '../faults.js';
import type { ResolvedOptions } from '../options.js';
import { newId } from '../secrets.js';
import type { ParticipantService, WebsocketGrant } from '../service/participant-service.js';

const CONNECT_PATH = /^\/connect\/([A-Za-z0-9_-]{43})$/;

/** One client socket of the gateway. */
class GatewaySocket {
  readonly connectionId = newId();
  subscribed = false;
  #unlisten: (() => void) | undefined;
  readonly #timers: ReturnType<typeof setTimeout>[] = [];
  #idle: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly socket: WebSocket,
    readonly grant: WebsocketGrant,
    private readonly gateway: WebsocketGateway,
  ) {}

  get contactId(): string {
    return this.grant.participant.contact.ContactId;
  }

  get participantId(): string {
    return this.grant.participant.ParticipantId;
  }

  start(): void {
    const { options, clock } = this.gateway;
    // The socket lives for its own lifetime from now, or until its grant's ConnectionExpiry on the emulator's
    // (possibly shifted) clock, by the contact's reading of ConnectionExpiry.
    const end = this.grant.socketEnd;
    const lifetime = end.kind === 'after-open' ? end.ms : Math.max(0, end.at - clock.now());
    this.#timers.push(setTimeout(() => this.close(options.expiryCloseCode, end.reason), lifetime));
    this.#touch();
    this.socket.on('message', (data, isBinary) => this.#onMessage(data, isBinary));
    this.socket.on('close', () => this.dispose());
    this.socket.on('error', () => this.dispose());
  }

  send(frame: string | Buffer): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(frame);
  }

  close(code: number, reason: string): void {
    if (code === 1006) this.socket.terminate();
    else if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING) this.socket.close(code, reason);
    this.dispose();
  }

  dispose(): void {
    this.#unlisten?.();
    this.#unlisten = undefined;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.length = 0;
    if (this.#idle) clearTimeout(this.#idle);
    this.gateway.forget(this);
  }

  #touch(): void {
    if (this.#idle) clearTimeout(this.#idle);
    const { idleTimeoutMs } = this.gateway.options;
    if (idleTimeoutMs > 0) this.#idle = setTimeout(() => this.close(1001, 'Idle timeout'), idleTimeoutMs);
  }

  #gatewayError(message: string): void {
    this.send(encodeServerFrame({ kind: 'gateway-error', message, connectionId: this.connectionId, requestId: newId() }));
  }

  #onMessage(data: RawData, isBinary: boolean): void {
    this.#touch();
    if (isBinary) return this.#gatewayError('Binary frames are not supported');
    const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
    const decoded = decodeClientFrame(text, { maxFrameBytes: this.gateway.options.maxFrameBytes });
    if (!decoded.ok) return this.#gatewayError('Invalid request body');
    const frame = decoded.value;
    const { faults } = this.gateway;
    switch (frame.kind) {
      case 'subscribe': {
        const unknown = frame.topics.filter((t) => t !== Topic.CHAT);
        const fault = faults.takeSubscribeFault(this.contactId, this.participantId);
        if (unknown.length > 0 || frame.topics.length === 0 || fault?.kind === 'failure') {
          this.send(encodeServerFrame({ kind: 'subscribe-ack', status: 'failure', success: false, topics: frame.topics }));
          return;
        }
        this.#subscribe();
        const ack = () => this.send(encodeServerFrame({ kind: 'subscribe-ack', status: 'success', success: true, topics: [Topic.CHAT] }));
        if (fault?.kind === 'withhold') return;
        if (fault?.kind === 'delay') {
          this.#timers.push(setTimeout(ack, fault.ms));
          return;
        }
        if (fault?.kind === 'chat-first') {
          const latest = this.grant.participant.contact.transcript.at(-1);
          if (latest) this.send(encodeServerFrame({ kind: 'chat', item: { ...latest, InitialContactId: this.grant.participant.contact.InitialContactId } }));
        }
        ack();
        return;
      }
      case 'heartbeat':
        if (!faults.withholdHeartbeat(this.contactId, this.participantId)) this.send(encodeServerFrame({ kind: 'heartbeat' }));
        return;
      case 'ping':
        if (!faults.withholdPing(this.contactId, this.participantId)) {
          this.send(encodeServerFrame({ kind: 'ping', ok: true, statusCode: 200, statusContent: 'OK' }));
        }
        return;
      case 'unknown':
        return this.#gatewayError('Forbidden');
    }
  }

  #subscribe(): void {
    if (this.subscribed) return;
    this.subscribed = true;
    const { contact, ParticipantRole } = this.grant.participant;
    this.#unlisten = contact.onItem((item, audience) => {
      if (audience === undefined || audience === this.participantId) this.#push(item);
    });
    contact.subscribed(this.grant.participant);
    // A persistent chat tells its customer, once, that the past has been loaded.
    if (contact.rehydrationPending && ParticipantRole === 'CUSTOMER') {
      contact.rehydrationPending = false;
      setImmediate(() => {
        if (!contact.ended) contact.publish(contact.event(this.gateway.clock.iso(), undefined, EventContentType.CHAT_REHYDRATED), false);
      });
    }
  }

  #push(item: Item): void {
    this.send(encodeServerFrame({ kind: 'chat', item }));
    const ended = item.ContentType === EventContentType.CHAT_ENDED;
    const iLeft = item.ContentType === EventContentType.PARTICIPANT_LEFT && item.ParticipantId === this.participantId;
    if (ended) this.close(1000, 'Chat ended');
    // On the next turn: a customer leaving ends the chat right after, and chat.ended must still reach this socket.
    else if (iLeft) setImmediate(() => this.close(1000, 'Participant left'));
  }
}

const MALFORMED: Record<Exclude<MalformedFrameKind, 'binary' | 'oversized'>, string> = {
  'not-json': '{"topic":"aws/chat","content":',
  'content-not-json': '{"topic":"aws/chat","content":"{not json"}',
  'wrong-types': '{"topic":"aws/chat","content":"{\\"Id\\":42,\\"Type\\":[]}"}',
  'no-topic': '{"nothing":"here"}',
};

/**
 * The websocket gateway: opens granted URLs within their connect window, answers subscribe, heartbeat and ping,
 * pushes the contact's items to subscribed sockets, and closes each socket at the end of its lifetime (from its
 * opening, or at its ConnectionExpiry, by the contact's `connectionExpiry` reading).
 */
export class WebsocketGateway implements SocketFaultSink {
  readonly #wss: WebSocketServer;
  readonly #sockets = new Set<GatewaySocket>();
  readonly #upgrading = new Map<string, number>();
  faults!: Faults;

  constructor(
    readonly options: ResolvedOptions,
    readonly clock: EmulatorClock,
    private readonly service: ParticipantService,
  ) {
    this.#wss = new WebSocketServer({ noServer: true, maxPayload: options.maxFrameBytes, perMessageDeflate: false });
  }

  /** Handles an HTTP upgrade; refuses unknown, expired or ended grants with 403 as the service's gateway does. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = (request.url ?? '').split('?')[0] ?? '';
    const key = CONNECT_PATH.exec(path)?.[1];
    const grant = key === undefined ? undefined : this.service.grantFor(key);
    if (!grant) {
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{"message":"Forbidden"}');
      this.options.log?.('ws upgrade refused: unknown, expired or ended grant');
      return;
    }
    const limit = this.options.maxSocketsPerParticipant;
    const participantId = grant.participant.ParticipantId;
    // Upgrades still in progress count too, so that two opened at once cannot both slip under the limit.
    const held = this.#select({ participantId }).length + (this.#upgrading.get(participantId) ?? 0);
    if (limit > 0 && held >= limit) {
      const body = JSON.stringify({ message: `Limit exceeded: at most ${limit} connections per participant` });
      socket.end(
        `HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
      this.options.log?.(`ws upgrade refused: participant=${grant.participant.ParticipantId} already holds ${limit} sockets`);
      return;
    }
    this.#upgrading.set(participantId, (this.#upgrading.get(participantId) ?? 0) + 1);
    const settle = () => {
      const n = (this.#upgrading.get(participantId) ?? 1) - 1;
      if (n > 0) this.#upgrading.set(participantId, n);
      else this.#upgrading.delete(participantId);
    };
    socket.once('close', settle);
    this.#wss.handleUpgrade(request, socket, head, (ws) => {
      socket.off('close', settle);
      settle();
      const client = new GatewaySocket(ws, grant, this);
      this.#sockets.add(client);
      client.start();
      this.options.log?.(`ws opened contact=${client.contactId} participant=${client.participantId}`);
    });
  }

  forget(client: GatewaySocket): void {
    this.#sockets.delete(client);
  }

  /** Open sockets, for tests and the control API. */
  sockets(selector: SocketSelector = {}): { contactId: string; participantId: string; subscribed: boolean }[] {
    return this.#select(selector).map((s) => ({ contactId: s.contactId, participantId: s.participantId, subscribed: s.subscribed }));
  }

  drop(selector: SocketSelector, code: number, reason: string): number {
    const chosen = this.#select(selector);
    for (const s of chosen) s.close(code, reason);
    return chosen.length;
  }

  sendMalformed(selector: SocketSelector, kind: MalformedFrameKind): number {
    const chosen = this.#select(selector).filter((s) => s.subscribed);
    for (const s of chosen) {
      if (kind === 'binary') s.send(Buffer.from([0xde, 0xad, 0xbe, 0xef]));
      else if (kind === 'oversized') s.send(JSON.stringify({ topic: Topic.CHAT, content: 'x'.repeat(1_048_576) }));
      else s.send(MALFORMED[kind]);
    }
    return chosen.length;
  }

  sendRawItem(selector: SocketSelector, item: Readonly<Record<string, unknown>>): number {
    const chosen = this.#select(selector).filter((s) => s.subscribed);
    const frame = JSON.stringify({ topic: Topic.CHAT, content: JSON.stringify(item) });
    for (const s of chosen) s.send(frame);
    return chosen.length;
  }

  close(): void {
    for (const s of [...this.#sockets]) s.close(1001, 'Emulator shutting down');
    this.#wss.close();
  }

  #select(selector: SocketSelector): GatewaySocket[] {
    return [...this.#sockets].filter((s) => socketMatches(selector, s.contactId, s.participantId));
  }
}
